"""Contributions: a phone's post (idempotent, ack after commit), moderation and the pin."""
from __future__ import annotations

import json

from ..offload import off_hub
from ..presence import Connection
from ..room.agenda import effective_anonymous
from ..room.contributions import (ACTION_STATUSES, clean_action_meta, parse_new_contribution,
                                  parse_revision)
from ..room.errors import RoomError
from ..room.payload import require_id
from ..room.permissions import check_post, check_revision, check_withdrawal, post_audience
from ..store import (AUDIENCES_BY_ROLE, DuplicateId, NotFound, own_contribution, owner_key,
                     public_contribution, staff_contribution)
from . import background, broadcast, handler

# The dashboard gets a whole day's contributions back after a reload (a projector, the newest):
# the newest STAFF_PAGE in its snapshot, then older ones in pages it asks for
# (``contributions:page``), so no single answer stalls the hub (0.66 s at 20 000 in one).
STAFF_PAGE = 1000
# An event's action plan on a phone: a day's rows, not a wall.
ACTION_PLAN_LIMIT = 300


def snapshot(p, conn: Connection, event: dict) -> dict:
    snap = {}
    if conn.role == "participant":
        snap["mine"] = [own_contribution(c) for c in
                        p.store.contributions_of(event["id"], conn.participant, conn.token)]
        # The event's action plan, on every phone (phone_actions.js loads when there is one).
        actions = [public_contribution(c) for c in p.store.contributions(
            event["id"], include_hidden=False, kinds=("action",), audiences=("all",),
            limit=ACTION_PLAN_LIMIT)]
        if actions:
            snap["actions"] = actions
    elif conn.role == "projector":
        snap["contributions"] = [public_contribution(c) for c in
                                 p.store.contributions(event["id"], include_hidden=False, limit=200,
                                                       audiences=AUDIENCES_BY_ROLE["projector"])]
    elif conn.role == "facilitator":  # a kiosk's presenter view gets no wall at all
        # The newest page, read and shaped off the hub; the older ones are asked for in pages.
        snap["contributions"] = off_hub(_staff_items, p.store, event["id"], None, STAFF_PAGE)
        snap["contributions_more"] = len(snap["contributions"]) == STAFF_PAGE
    if conn.role != "participant" and event["pinned_id"]:
        pinned = p.store.contribution(event["id"], event["pinned_id"])
        snap["pinned"] = public_contribution(pinned)
    return snap


def _staff_items(store, event_id: int, before_id: int | None, limit: int) -> list[dict]:
    with store.snapshot_reader():  # its own connection: no green pool in a real thread
        return [staff_contribution(c) for c in
                store.contributions(event_id, include_hidden=True, limit=limit, before_id=before_id)]


@handler("contributions:page", roles=("facilitator",))
def page(p, conn: Connection, payload):
    """The dashboard's older items after its snapshot's newest page: those before ``before_id``,
    newest first, STAFF_PAGE at a time."""
    before = require_id(payload.get("before_id"))
    items = off_hub(_staff_items, p.store, conn.event_id, before, STAFF_PAGE)
    return {"contributions": items, "more": len(items) == STAFF_PAGE}


@handler("contribution:create", roles=("participant",))
def create_contribution(p, conn: Connection, payload):
    new = parse_new_contribution(payload, p.settings.max_text)
    meta = clean_action_meta(payload.get("meta")) if new.kind == "action" else None
    now = p.clock.now()
    # One transaction from the checks to the insert: 1-2-4-All's "one voice per four" must
    # hold when two members of a four send at the same moment (the second is refused).
    with p.store.write():
        known = p.store.has_client_id(conn.event_id, new.client_id)
        # A post naming a background activity goes to its open step (realtime/background.py).
        activity, fmt, slot = ((not known and background.post_target(p, conn, payload))
                               or p.activities.slot_for_post(conn.event_id, new.written_in, now))
        group_id, group_audience = None, None
        if not known:
            # A resend of a stored id is answered as before, even if the step has moved on since.
            roles = p.activities.roles_of(activity, conn.participant["id"])
            # Someone who joined without a name may post in a "named" step: they have no name to
            # hide; the step only refuses a named person asking to hide theirs.
            reason = check_post(fmt, slot, roles, new.kind, new.anonymous)
            if reason:
                raise RoomError(reason)
            # In a group step the post is its group's (docs/protocol.md §10.4).
            group_id, group_audience = p.groups.post_target(activity, fmt, slot, conn.participant["id"])
            p.spend(p.post_limiter, conn.participant["id"])
        try:
            row, entries, _created = p.store.add_contribution(
                conn.event_id, conn.participant, conn.token, new.client_id, new.kind, new.text,
                effective_anonymous(slot, new.anonymous), now,
                audience=group_audience or post_audience(slot, new.kind),
                activity_id=activity["id"] if activity else None,
                step_id=slot.step_id if slot else None, topic=slot.topic if slot else None, meta=meta,
                group_id=group_id)
        except DuplicateId:
            raise RoomError("duplicate_id") from None
    broadcast(entries)
    return {"contribution": own_contribution(row)}


@handler("contribution:moderate", roles=("facilitator",))
def moderate(p, conn: Connection, payload):
    """hidden / starred, answered (Q&A), validated (read-back notes), status (action items)."""
    cid = require_id(payload.get("id"))
    fields = {}
    for key in ("hidden", "starred", "answered", "validated"):
        if key in payload:
            if not isinstance(payload[key], bool):
                raise RoomError("bad_payload")
            fields[key] = payload[key]
    item = p.store.contribution(conn.event_id, cid)
    if item is None:
        raise RoomError("not_found")
    if "status" in payload:
        if payload["status"] not in ACTION_STATUSES or item["kind"] != "action":
            raise RoomError("bad_payload")
        fields["meta"] = {**json.loads(item["meta"] or "{}"), "status": payload["status"]}
    if not fields:
        raise RoomError("bad_payload")
    row, entries = p.store.moderate(conn.event_id, cid, p.clock.now(),
                                    audience=item["audience"], **fields)
    broadcast(entries)  # its owner's phone too (contribution.mine)
    return {"contribution": staff_contribution(row)}


@handler("contribution:pin", roles=("facilitator",))
def pin(p, conn: Connection, payload):
    cid = None if payload.get("id") is None else require_id(payload.get("id"))
    try:
        _row, entries = p.store.pin(conn.event_id, cid, p.clock.now())
    except NotFound:
        raise RoomError("not_found") from None
    broadcast(entries)
    return {"id": cid}


# --- correcting and withdrawing (the Jam's read-back; a phone's own items) ---------------------

def _is_author(conn: Connection, item: dict) -> bool:
    """The phone that wrote it: by participant when signed, by the owner key when anonymous."""
    if conn.role != "participant":
        return False
    return (item["author_id"] == conn.participant["id"]
            or (item["owner_key"] is not None and item["owner_key"] == owner_key(conn.token)))


def _ack_view(conn: Connection, row: dict) -> dict:
    return staff_contribution(row) if conn.role == "facilitator" else own_contribution(row)


@handler("contribution:edit", roles=("participant", "facilitator"))
def edit(p, conn: Connection, payload):
    """{id, text?, meta?}: the author while the step is open (an action row: any time), the
    note-taker at the read-back (notes), the facilitator always (room/permissions.py)."""
    revision = parse_revision(payload, p.settings.max_text)
    now = p.clock.now()
    with p.store.write():
        item = p.store.contribution(conn.event_id, revision.id)
        if item is None:
            raise RoomError("not_found")
        if revision.meta is not None and item["kind"] != "action":
            raise RoomError("unknown_field", field="meta")  # only an action row has cells
        activity, _fmt, slot = p.activities.current_slot(conn.event_id)
        roles = (p.activities.roles_of(activity, conn.participant["id"])
                 if conn.role == "participant" else ())
        reason = check_revision(item, staff=conn.role == "facilitator",
                                author=_is_author(conn, item), roles=roles, slot=slot,
                                activity_id=activity["id"] if activity else None)
        if reason:
            raise RoomError(reason)
        meta = None
        if revision.meta is not None:
            meta = clean_action_meta(revision.meta, base=json.loads(item["meta"] or "{}"))
        if conn.role == "participant":
            p.spend(p.post_limiter, conn.participant["id"])
        row, entries = p.store.revise(conn.event_id, item["id"], now, item["audience"],
                                      text=revision.text, meta=meta)
    broadcast(entries)
    return {"contribution": _ack_view(conn, row)}


@handler("contribution:withdraw", roles=("participant",))
def withdraw(p, conn: Connection, payload):
    """{id}: the author takes their item back while its step is open; screens drop it, the
    restitution leaves it out. The facilitator hides instead (contribution:moderate)."""
    if not isinstance(payload, dict):
        raise RoomError("bad_payload")
    cid = require_id(payload.get("id"))
    with p.store.write():
        item = p.store.contribution(conn.event_id, cid)
        if item is None:
            raise RoomError("not_found")
        activity, _fmt, slot = p.activities.current_slot(conn.event_id)
        reason = check_withdrawal(item, author=_is_author(conn, item), slot=slot,
                                  activity_id=activity["id"] if activity else None)
        if reason:
            raise RoomError(reason)
        row, entries = p.store.revise(conn.event_id, cid, p.clock.now(), item["audience"],
                                      withdrawn=True)
    broadcast(entries)
    return {"contribution": own_contribution(row)}
