"""Breakout groups: thin handlers over facilitator/groups.py, the sockets' group rooms, and the
snapshot part ``groups`` (docs/protocol.md §10).

A phone's sockets are in the Socket.IO room of every group it is a member of
(``event:<id>:group:<gid>``); ``rejoin`` moves them after a change of membership and before
that change's entries are broadcast, so a moved phone hears its new group and not its old one.
"""
from __future__ import annotations

from ..extensions import socketio
from ..presence import Connection
from . import broadcast, handler, room_name

FACILITATOR = ("facilitator",)
PHONE = ("participant",)


def group_audiences(p, conn: Connection) -> tuple[str, ...]:
    """The group audiences this screen receives and replays (on top of its role's)."""
    store = p.store
    if conn.role == "facilitator":
        ids = store.group_ids(conn.event_id)
    elif conn.role == "projector":
        ids = set(store.group_ids(conn.event_id, shared_only=True)) | set(
            store.projected_groups(conn.event_id))
    elif conn.participant is None:  # an idea-fair kiosk's presenter view: no group of its own
        return ()
    else:
        ids = set(store.groups_of_participant(conn.participant["id"])) | set(
            store.group_ids(conn.event_id, shared_only=True))
    return tuple(f"group:{gid}" for gid in sorted(ids))


def rejoin(p, event_id: int) -> None:
    """Put every phone socket of the event in the rooms of exactly its groups."""
    prefix = room_name(event_id, "group:")
    shared = {room_name(event_id, f"group:{g}") for g in p.store.group_ids(event_id, shared_only=True)}
    memberships = p.store.memberships(event_id)  # one read for every phone
    for sid, conn in list(p.presence.by_sid.items()):
        if conn.event_id != event_id or conn.participant is None:
            continue
        wanted = {room_name(event_id, f"group:{g}")
                  for g in memberships.get(conn.participant["id"], ())} | shared
        try:
            current = {r for r in socketio.server.rooms(sid, namespace="/") if r.startswith(prefix)}
        except (KeyError, ValueError):  # the socket went away meanwhile
            continue
        for room in current - wanted:
            socketio.server.leave_room(sid, room, namespace="/")
        for room in wanted - current:
            socketio.server.enter_room(sid, room, namespace="/")


def snapshot(p, conn: Connection, event: dict) -> dict:
    snap = {}
    if conn.role == "facilitator":
        snap["organisations"] = p.store.organisations(event["id"])
    activity, _slots, _run = p.activities.current(event["id"])
    if activity is None or p.store.group_set(activity["id"]) is None:
        snap["groups"] = None
        return snap
    ctx = p.groups.context(activity, phone=conn.participant["id"] if conn.role == "participant"
                           else None)
    if conn.role == "facilitator":
        snap["groups"] = p.groups.staff_part(ctx)
    elif conn.role == "projector":
        snap["groups"] = p.groups.projector_part(ctx)
    else:
        snap["groups"] = p.groups.phone_part(ctx, conn.participant, conn.lang)
    return snap


def _send(p, event_id: int, entries: list[dict], moved: bool = False) -> None:
    if moved:
        rejoin(p, event_id)
    broadcast(entries)


# --- the facilitator ------------------------------------------------------------------------------

@handler("organisations:set", roles=FACILITATOR)
def set_organisations(p, conn, payload):
    from .. import groups as service
    service.check_keys(payload, ("organisations",))
    entries = p.groups.set_organisations(conn.event_id, payload.get("organisations"), p.clock.now())
    broadcast(entries)
    return entries[0]["data"]


@handler("groups:form", roles=FACILITATOR)
def form(p, conn, payload):
    entries = p.groups.form(conn.event_id, payload, p.clock.now())
    _send(p, conn.event_id, entries, moved=True)
    return {"formation": entries[0]["data"]}


@handler("groups:move", roles=FACILITATOR)
def move(p, conn, payload):
    view, entries = p.groups.move(conn.event_id, payload, p.clock.now())
    _send(p, conn.event_id, entries, moved=True)
    return view


@handler("groups:role", roles=FACILITATOR)
def set_role(p, conn, payload):
    view, entries = p.groups.set_role(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return view


@handler("groups:call_answered", roles=FACILITATOR)
def call_answered(p, conn, payload):
    view, entries = p.groups.call(conn.event_id, None, payload, p.clock.now(), answered=True)
    broadcast(entries)
    return {"group": view}


@handler("groups:message", roles=FACILITATOR)
def message(p, conn, payload):
    data, entries = p.groups.message(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"message": data}


@handler("groups:time", roles=FACILITATOR)
def add_time(p, conn, payload):
    data, entries = p.groups.add_time(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"groups": data["groups"]}


@handler("groups:share", roles=FACILITATOR)
def share(p, conn, payload):
    data, entries = p.groups.share(conn.event_id, payload, p.clock.now())
    _send(p, conn.event_id, entries, moved=True)  # a shared group's room takes every phone
    return {"group": data["group"]}


@handler("groups:project", roles=FACILITATOR)
def project(p, conn, payload):
    data, entries = p.groups.project(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"projected": data}


@handler("sheet:reopen", roles=FACILITATOR)
def reopen(p, conn, payload):
    answer, entries = p.groups.reopen_sheet(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"rev": answer["rev"], "status": answer["status"]}


@handler("report:order", roles=FACILITATOR)
def report_order(p, conn, payload):
    view, entries = p.groups.report_order(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"report": view}


@handler("report:go", roles=FACILITATOR)
def report_go(p, conn, payload):
    view, entries = p.groups.report_go(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"report": view}


@handler("report:reaction", roles=FACILITATOR)
def reaction(p, conn, payload):
    data, entries = p.groups.reaction(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"reactions": data["reactions"]}


@handler("report:synthesis", roles=FACILITATOR)
def synthesis(p, conn, payload):
    data, entries = p.groups.synthesis(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"synthesis": data["text"]}


# --- phones (and the facilitator for the sheet) ----------------------------------------------

@handler("groups:choose", roles=PHONE)
def choose(p, conn, payload):
    view, entries = p.groups.choose(conn.event_id, conn.participant["id"], payload, p.clock.now())
    _send(p, conn.event_id, entries, moved=True)
    return view


@handler("groups:take_role", roles=PHONE)
def take_role(p, conn, payload):
    view, entries = p.groups.take_role(conn.event_id, conn.participant["id"], payload, p.clock.now())
    broadcast(entries)
    return view


@handler("groups:release_role", roles=PHONE)
def release_role(p, conn, payload):
    view, entries = p.groups.release_role(conn.event_id, conn.participant["id"], payload,
                                          p.clock.now())
    broadcast(entries)
    return view


@handler("groups:call", roles=PHONE)
def call(p, conn, payload):
    view, entries = p.groups.call(conn.event_id, conn.participant["id"], payload, p.clock.now())
    broadcast(entries)
    return {"group": view}


@handler("sheet:edit", roles=("participant", "facilitator"))
def edit_sheet(p, conn, payload):
    by = conn.participant["id"] if conn.participant else None
    answer, entries = p.groups.edit_sheet(conn.event_id, by, payload, p.clock.now())
    broadcast(entries)
    return answer
