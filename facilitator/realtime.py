"""Socket.IO handlers. Thin on purpose: authenticate, validate, ask the rules and the store, emit.

The reconnect rule (docs/protocol.md): a screen connects, then asks ``sync`` with the last
sequence number it applied. The server joins it to its rooms *before* reading the log, so an
update committed meanwhile is either in the answer or arrives live; the client buffers live
updates until the answer is applied and drops any sequence number it has already seen.
"""
from __future__ import annotations

import functools
import json
import logging

from flask import current_app, request, session
from flask_socketio import ConnectionRefusedError, join_room

from .extensions import socketio
from .i18n import error_payload, pick_lang
from .presence import Connection
from .room.codes import normalise_code
from .room.agenda import effective_anonymous
from .room.contributions import ACTION_STATUSES, clean_action_meta, parse_new_contribution
from .room.permissions import check_post, post_audience
from .room.errors import RoomError
from .room.payload import is_id, require_id
from .store import (AUDIENCES_BY_ROLE, DuplicateId, NotFound, answers_key, own_contribution,
                    owner_key,
                    public_contribution, public_participant, staff_contribution)

log = logging.getLogger(__name__)
ROLES = tuple(AUDIENCES_BY_ROLE)
# The dashboard gets a whole day's contributions back after a reload (a projector, the newest).
STAFF_SNAPSHOT_LIMIT = 20_000


def palabre():
    return current_app.extensions["palabre"]


def room_name(event_id: int, audience: str) -> str:
    return f"event:{event_id}:{audience}"


def owner_rooms(conn: Connection) -> list[str]:
    """Every socket of one phone: where it hears about its own items, named or anonymous."""
    return [f"author:{conn.participant['id']}", f"owner:{owner_key(conn.token)}"]


def tell_owner(row: dict) -> None:
    """Not sequenced: a phone rebuilds its own items from the snapshot when it syncs."""
    room = f"author:{row['author_id']}" if row["author_id"] else f"owner:{row['owner_key']}"
    socketio.emit("mine", own_contribution(row), to=room)


def wire(entry: dict) -> dict:
    return {"seq": entry["seq"], "type": entry["type"], "data": entry["data"], "at": entry["at"]}


def broadcast(entries: list[dict]) -> None:
    """Send committed log entries to the screens of their audience."""
    for entry in entries:
        socketio.emit("update", wire(entry), to=room_name(entry["event_id"], entry["audience"]))


# --- connection ---------------------------------------------------------------------------------

def _authenticate(auth) -> Connection:
    p = palabre()
    if not isinstance(auth, dict):
        raise RoomError("bad_payload")
    role = auth.get("role")
    if role not in ROLES:
        raise RoomError("bad_role")
    code = normalise_code(str(auth.get("event", "")))
    staff = role == "facilitator" and p.is_facilitator(session)
    if not staff and p.join_throttled(request.remote_addr):
        raise RoomError("throttled")
    event = p.store.event_by_code(code) if code else None
    if event is None:
        p.note_bad_code(request.remote_addr)
        raise RoomError("unknown_code")
    lang = pick_lang(auth.get("lang"), event["lang"])
    conn = Connection(sid=request.sid, event_id=event["id"], role=role, lang=lang)
    if role == "facilitator" and not p.is_facilitator(session):
        raise RoomError("not_signed_in")
    if role == "participant":
        token = auth.get("token")
        participant = p.store.participant_by_token(event["id"], token) if isinstance(token, str) else None
        if participant is None:
            raise RoomError("unknown_participant")
        conn.participant, conn.token = participant, token
    return conn


def on_connect(auth=None):
    p = palabre()
    p.quiet_gc.heard()
    try:
        conn = _authenticate(auth)
    except RoomError as err:
        lang = pick_lang(auth.get("lang") if isinstance(auth, dict) else None,
                         request.accept_languages.best_match(["fr", "en"]))
        refusal = error_payload(err.code, lang, **err.params)
        # Socket.IO clients read the first argument as err.message and the second as err.data.
        raise ConnectionRefusedError(refusal["message"], refusal)
    p.presence.add(conn)
    if conn.participant:
        p.presence_changed(conn.event_id)


def on_disconnect(*_args):
    p = palabre()
    conn = p.presence.remove(request.sid)
    if conn and conn.participant:
        p.presence_changed(conn.event_id)


# --- handlers -----------------------------------------------------------------------------------

HANDLERS: dict[str, tuple] = {}  # name -> (function, roles); docs/protocol.md lists them all


def handler(name: str, roles: tuple[str, ...]):
    """Register a client→server event answered by an ack ``{ok, ...}`` or ``{ok: false, error}``."""
    def decorate(fn):
        @functools.wraps(fn)
        def run(*args):
            p = palabre()
            p.quiet_gc.heard()
            conn = p.presence.get(request.sid)
            lang = conn.lang if conn else "fr"
            payload = args[0] if args else {}
            try:
                if conn is None:
                    raise RoomError("unknown_participant")
                if conn.role not in roles:
                    raise RoomError("forbidden")
                p.spend_message(conn)
                if len(args) > 1 or not isinstance(payload, dict):
                    raise RoomError("bad_payload")
                result = fn(p, conn, payload)
                return {"ok": True, **(result or {})}
            except RoomError as err:
                return {"ok": False, "error": error_payload(err.code, lang, **err.params)}
            except Exception:  # a bug must not take the room down, nor go unnoticed
                log.exception("handler %s failed", name)
                return {"ok": False, "error": error_payload("server_error", lang)}
        HANDLERS[name] = (run, roles)
        socketio.on_event(name, run)
        return run
    return decorate


def on_unknown(event_name, *args):
    p = palabre()
    conn = p.presence.get(request.sid)
    lang = conn.lang if conn else "fr"
    try:
        if conn:
            p.spend_message(conn)
    except RoomError as err:
        return {"ok": False, "error": error_payload(err.code, lang, **err.params)}
    return {"ok": False, "error": error_payload("unknown_event", lang, name=str(event_name)[:40])}


def _snapshot(p, conn: Connection, event: dict) -> dict:
    snap = {"event": p.event_view(event), "projector_mode": event["projector_mode"]}
    if conn.role == "participant":
        snap["participant"] = public_participant(conn.participant)
        snap["mine"] = [own_contribution(c) for c in
                        p.store.contributions_of(event["id"], conn.participant, conn.token)]
    elif conn.role == "projector":
        snap["contributions"] = [public_contribution(c) for c in
                                 p.store.contributions(event["id"], include_hidden=False, limit=200,
                                                       audiences=AUDIENCES_BY_ROLE["projector"])]
    else:
        snap["contributions"] = [staff_contribution(c) for c in
                                 p.store.contributions(event["id"], include_hidden=True,
                                                       limit=STAFF_SNAPSHOT_LIMIT)]
        snap["phones"] = p.presence.phones(event["id"])
    if conn.role != "participant" and event["pinned_id"]:
        pinned = p.store.contribution(event["id"], event["pinned_id"])
        snap["pinned"] = public_contribution(pinned)
    snap.update(_agenda_snapshot(p, conn, event))
    return snap


def _agenda_snapshot(p, conn: Connection, event: dict) -> dict:
    """Where the room is: the agenda, the running step, and what this screen needs of it."""
    now = p.clock.now()
    snap = {"agenda": p.activities.list_data(event["id"]),
            "state": p.activities.state_data(event["id"], now)}
    people = p.store.list_participants(event["id"])  # once, for every roles list below
    if conn.role == "facilitator":
        snap["formats"] = [p.activities.format_view(f) for f in p.formats.values()]
        snap["people"] = [public_participant(x) for x in people]
        snap["participants"] = len(people)
        snap["roles_by_activity"] = {str(a["id"]): p.activities.roles_data(a, people)
                                     for a in p.store.activities(event["id"])}
    activity, _slots, _run = p.activities.current(event["id"])
    if activity is None:
        return snap
    snap["roles"] = p.activities.roles_data(activity, people)
    staff = conn.role == "facilitator"
    voter = conn.participant["id"] if conn.participant else None
    state = snap["state"]["fr"]
    snap["tallies"] = p.activities.tallies_data(activity, staff=staff, voter=voter)
    if state["step_id"]:
        snap["tally"] = p.activities.tally_data(activity, state["step_id"], staff=staff, voter=voter)
        if staff:
            snap["answers"] = p.activities.answers_data(activity, state["step_id"])
        elif conn.participant and state["questions"]:
            snap["my_answers"] = p.store.answers_of(activity["id"],
                                                    answers_key(conn.token, activity["id"]))
    if conn.role == "participant":
        # Shared steps show the room's items of this activity on the phone (Q&A, Lean Coffee).
        snap["shared"] = [public_contribution(c) for c in p.store.contributions(
            event["id"], include_hidden=False, activity_id=activity["id"], limit=300,
            audiences=("all",))]
    return snap


@handler("sync", roles=ROLES)
def sync(p, conn: Connection, payload):
    """Join the screen's rooms, then tell it what it missed (or everything, as a snapshot)."""
    since = payload.get("since", 0)
    if not is_id(since) or since < 0:
        raise RoomError("bad_payload")
    audiences = AUDIENCES_BY_ROLE[conn.role]
    for audience in audiences:
        join_room(room_name(conn.event_id, audience))
    if conn.participant:
        for room in owner_rooms(conn):
            join_room(room)
    event = p.store.event_by_id(conn.event_id)
    answer = {"server_time": p.clock.now(), "seq": event["last_seq"], "role": conn.role,
              "lang": conn.lang}
    entries = None
    if since > 0 and since <= event["last_seq"]:
        entries = p.store.log_since(conn.event_id, since, audiences, p.settings.replay_limit)
    if entries is None:
        answer["snapshot"] = _snapshot(p, conn, event)
    else:
        answer["entries"] = [wire(e) for e in entries]
    return answer


@handler("lang:set", roles=ROLES)
def set_lang(p, conn: Connection, payload):
    lang = payload.get("lang")
    if lang not in ("fr", "en"):
        raise RoomError("bad_lang")
    conn.lang = lang
    return {"lang": lang}


@handler("contribution:create", roles=("participant",))
def create_contribution(p, conn: Connection, payload):
    new = parse_new_contribution(payload, p.settings.max_text)
    meta = clean_action_meta(payload.get("meta")) if new.kind == "action" else None
    now = p.clock.now()
    known = p.store.has_client_id(conn.event_id, new.client_id)
    activity, fmt, slot = p.activities.slot_for_post(conn.event_id, new.written_in, now)
    if not known:
        # A resend of a stored id is answered as before, even if the step has moved on since.
        role = p.activities.role_of(activity, conn.participant["id"])
        # Someone who joined without a name may post in a "named" step: they have no name to
        # hide; the step only refuses a named person asking to hide theirs.
        reason = check_post(fmt, slot, role, new.kind, new.anonymous)
        if reason:
            raise RoomError(reason)
        p.spend(p.post_limiter, conn.participant["id"])
    try:
        row, entries, _created = p.store.add_contribution(
            conn.event_id, conn.participant, conn.token, new.client_id, new.kind, new.text,
            effective_anonymous(slot, new.anonymous), now,
            audience=post_audience(slot, new.kind),
            activity_id=activity["id"] if activity else None,
            step_id=slot.step_id if slot else None, topic=slot.topic if slot else None, meta=meta)
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
    broadcast(entries)
    tell_owner(row)
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


@handler("projector:mode", roles=("facilitator",))
def projector_mode(p, conn: Connection, payload):
    mode = payload.get("mode")
    if mode not in ("join", "wall"):
        raise RoomError("bad_mode")
    _event, entries = p.store.update_event(conn.event_id, p.clock.now(), projector_mode=mode)
    broadcast(entries)
    return {"mode": mode}


@handler("event:update", roles=("facilitator",))
def update_event(p, conn: Connection, payload):
    fields = p.clean_event_fields(payload)
    event, entries = p.store.update_event(conn.event_id, p.clock.now(), **fields)
    broadcast(entries)
    return {"event": p.event_view(event)}


def register() -> None:
    socketio.on_event("connect", on_connect)
    socketio.on_event("disconnect", on_disconnect)
    socketio.on_event("*", on_unknown)
