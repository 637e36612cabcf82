"""The event itself: its title and language, the projector's mode, and who is connected."""
from __future__ import annotations

from ..presence import Connection
from ..room.errors import RoomError
from ..store import public_participant
from . import broadcast, handler


def snapshot(p, conn: Connection, event: dict) -> dict:
    snap = {"event": p.event_view(event), "projector_mode": event["projector_mode"]}
    if conn.role == "participant":
        snap["participant"] = public_participant(conn.participant)
    elif conn.role == "facilitator":
        snap["phones"] = p.presence.phones(event["id"])
    return snap


@handler("projector:mode", roles=("facilitator", "projector"))
def projector_mode(p, conn: Connection, payload):
    """From the dashboard, or from the J / W keys of a projector opened in the facilitator's
    browser; a projector anyone opened stays read-only."""
    if conn.role == "projector" and not (
            conn.session_id and p.store.staff_session_alive(conn.session_id, p.clock.now())):
        raise RoomError("not_signed_in")
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
