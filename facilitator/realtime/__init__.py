"""Socket.IO, the shared part: rooms, broadcast, and ``handler``, which every feature's events use.

Handlers are thin on purpose: authenticate, validate, ask the rules and the store, emit. Each
feature's handlers live in its own module here (connection.py, events.py, contributions.py,
agenda.py…); ``register`` binds the modules that facilitator/features.py lists.
"""
from __future__ import annotations

import functools
import logging
from types import FunctionType, ModuleType

from flask import current_app, request

from ..extensions import socketio
from ..i18n import error_payload
from ..presence import Connection
from ..room.errors import RoomError
from ..room.text import clean_payload
from ..store import AUDIENCES_BY_ROLE, owner_audiences
from .fanout import wire  # noqa: F401 - the one wire shape, also used by sync's replay

log = logging.getLogger(__name__)
ROLES = tuple(AUDIENCES_BY_ROLE)


def palabre():
    return current_app.extensions["palabre"]


def room_name(event_id: int, audience: str) -> str:
    return f"event:{event_id}:{audience}"


def phone_audiences(conn: Connection) -> tuple[str, ...]:
    """A phone's own audiences: its language's (``agenda.state`` in its words) and its own
    items' (what the facilitator does to its posts reaches every socket of that phone, live and
    on replay: ``contribution.mine``, docs/protocol.md §1.2, §3.5)."""
    if not conn.participant:
        return ()
    return (f"phones:{conn.lang}", *owner_audiences(conn.participant, conn.token))


def broadcast(entries: list[dict], p=None) -> None:
    """Hand committed log entries to the fan-out (realtime/fanout.py), for the screens of their
    audience: the caller's ack does not wait for them to be sent.

    A group's entries (audience ``group:<id>``, docs/protocol.md §10.2) and a kiosk's
    (``kiosk:<id>``, §11.1) also go to the dashboard, which sees every group and kiosk; a group's
    go to the projector too while the group is shared or projected (shared groups' rooms also
    hold every phone: realtime/groups.rejoin). ``p``: the app's Palabre, for callers outside
    a request (the ticker)."""
    p = p or palabre()
    watched: dict[int, set] = {}  # event id -> the groups the wall sees, read once per call
    items = []
    for entry in entries:
        audience = entry["audience"]
        to = [room_name(entry["event_id"], audience)]
        if audience.startswith(("group:", "kiosk:")):
            to.append(room_name(entry["event_id"], "staff"))
        if audience.startswith("group:"):
            if entry["event_id"] not in watched:
                watched[entry["event_id"]] = _watched(p.store, entry["event_id"])
            if int(audience.split(":", 1)[1]) in watched[entry["event_id"]]:
                to.append(room_name(entry["event_id"], "wall"))
        items.append((entry, tuple(to)))
    p.fanout.put(items)


def _watched(store, event_id: int) -> set:
    """The groups the projector sees: shared or projected ones."""
    return set(store.group_ids(event_id, shared_only=True)) | set(store.projected_groups(event_id))


# --- handlers -----------------------------------------------------------------------------------

HANDLERS: dict[str, tuple] = {}  # name -> (function, roles), as registered; docs/protocol.md lists them all


def handler(name: str, roles: tuple[str, ...]):
    """Mark a client→server event answered by an ack ``{ok, ...}`` or ``{ok: false, error}``.

    Marking does not register: ``register`` does, for the modules features.py lists, so what a
    server answers is decided in one place and not by which modules happen to be imported."""
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
                if conn.role == "facilitator" and not p.store.staff_session_alive(
                        conn.session_id, p.clock.now()):
                    raise RoomError("not_signed_in")  # signed out, or the link was rotated
                if conn.role not in roles:
                    raise RoomError("forbidden")
                p.spend_message(conn)
                if len(args) > 1 or not isinstance(payload, dict):
                    raise RoomError("bad_payload")
                result = fn(p, conn, clean_payload(payload))
                return {"ok": True, **(result or {})}
            except RoomError as err:
                return {"ok": False, "error": error_payload(err.code, lang, **err.params)}
            except Exception:  # a bug must not take the room down, nor go unnoticed
                log.exception("handler %s failed", name)
                return {"ok": False, "error": error_payload("server_error", lang)}
        run.event_name, run.roles = name, roles
        return run
    return decorate


def handlers_of(module: ModuleType) -> list:
    return [fn for fn in vars(module).values()
            if isinstance(fn, FunctionType) and hasattr(fn, "event_name")]


def register(features) -> None:
    """Bind the connection's lifecycle and every feature's handlers to the Socket.IO server."""
    from . import connection, deadlines
    socketio.on_event("connect", connection.on_connect)
    socketio.on_event("disconnect", connection.on_disconnect)
    socketio.on_event("*", connection.on_unknown)
    modules = [connection, deadlines] + [f.handlers for f in features if f.handlers is not None]
    for module in modules:
        for fn in handlers_of(module):
            if HANDLERS.get(fn.event_name, (fn,))[0] is not fn:
                raise RuntimeError(f"two handlers for {fn.event_name}")
            HANDLERS[fn.event_name] = (fn, fn.roles)
            socketio.on_event(fn.event_name, fn)
