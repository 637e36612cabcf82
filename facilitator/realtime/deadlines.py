"""A deadline for connections that never become a screen (docs/security.md, issue 7 item 5).

Engine.IO keeps a connection for as long as it answers pings: one that never sends the
Socket.IO CONNECT, or connects but never asks ``sync``, would hold its socket, its greenthread
and its per-connection state all day. Each new Engine.IO connection gets one timer; when it
fires, a connection that has still not become a synced screen is closed at the Engine.IO level
(a real phone that was only slow reconnects by itself: socket.io clients retry after a
transport close, not after a Socket.IO disconnect).
"""
from __future__ import annotations

import logging

from ..room.errors import RoomError
from . import handler

log = logging.getLogger(__name__)
NAMESPACE = "/"


def guard(socketio, presence, timeout: float) -> None:
    """Wrap the Socket.IO server's Engine.IO connect handler with the deadline."""
    server = socketio.server
    connected = server._handle_eio_connect  # what python-socketio bound to Engine.IO's connect

    def on_eio_connect(eio_sid, environ):
        result = connected(eio_sid, environ)
        if result is not False:
            server.start_background_task(_check, server, presence, eio_sid, timeout)
        return result

    server.eio.on("connect", on_eio_connect)


def _check(server, presence, eio_sid: str, timeout: float) -> None:
    server.sleep(timeout)
    if eio_sid not in server.eio.sockets:
        return  # gone already
    sid = server.manager.sid_from_eio_sid(eio_sid, NAMESPACE)
    conn = presence.get(sid) if sid else None
    if conn is not None and conn.synced:
        return
    log.info("closing %s: %s after %.0f s", eio_sid,
             "no Socket.IO connect" if sid is None else "no sync", timeout)
    try:
        server.eio.disconnect(eio_sid)
    except Exception:  # noqa: BLE001 - a socket closing meanwhile is fine
        log.debug("closing %s failed", eio_sid, exc_info=True)


@handler("test:connections", roles=("facilitator",))
def connection_counts(p, conn, payload):
    """What the server holds per connection, for the tests that check nothing is left behind
    once sockets close (tests/faults); refused unless the server runs with --testing."""
    if not p.settings.testing:
        raise RoomError("forbidden")
    server = p.socketio.server
    rooms = server.manager.rooms.get(NAMESPACE, {})
    return {"presence": len(p.presence.by_sid), "engineio": len(server.eio.sockets),
            "environ": len(server.environ), "rooms": len(rooms),
            "room_members": sum(len(members) for members in rooms.values()),
            "message_buckets": len(p.messages._buckets)}
