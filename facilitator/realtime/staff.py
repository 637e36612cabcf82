"""What the facilitator writes to the room, and the staff links (store/staff.py, sessions.py).

- ``announcement:set`` / ``brief:set``: the facilitator's text, logged for every screen.
- ``staff:links`` / ``staff:link_create`` / ``staff:link_revoke``: the named sign-in links and who
  is signed in through each. Only a session of the facilitator link itself may make or revoke
  links: a co-facilitator cannot mint a link that outlives theirs, nor cut the facilitator off.
  Every dashboard hears a change as the unsequenced ``staff`` event (links are server-wide, not
  one event's, so they are not in an event's log).
"""
from __future__ import annotations

from ..extensions import socketio
from ..presence import Connection
from ..room.contributions import clean_name, clean_text
from ..room.errors import RoomError
from ..room.payload import is_id
from ..store.database import NotFound
from ..store.sessions import LINK_NAME_MAX
from ..store.staff import ANNOUNCEMENT_MAX, BRIEF_MAX
from . import broadcast, handler, room_name


def snapshot(p, conn: Connection, event: dict) -> dict:
    """``staff``: the announcement and the briefs; left out when there is neither, so a phone
    loads its script (phone_staff.js) only for a room that has something to show."""
    part = {}
    announcement = p.store.announcement(event["id"])
    briefs = p.store.briefs(event["id"])
    if announcement:
        part["announcement"] = announcement
    if briefs:
        part["briefs"] = {str(k): v for k, v in briefs.items()}
    if conn.role == "facilitator":
        part["links"] = links_view(p)
        part["me"] = p.store.staff_session_link(conn.session_id, p.clock.now())
    return {"staff": part} if part else {}


def _text(payload, key: str, limit: int) -> str:
    raw = payload.get(key)
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise RoomError("bad_payload")
    text = clean_text(raw)
    if len(text) > limit:
        raise RoomError("text_too_long", max=limit)
    return text


@handler("announcement:set", roles=("facilitator",))
def set_announcement(p, conn: Connection, payload):
    """A short text every phone shows until dismissed or replaced; "" or null clears it."""
    text = _text(payload, "text", ANNOUNCEMENT_MAX)
    entries = p.store.set_announcement(conn.event_id, text or None, p.clock.now())
    broadcast(entries)
    return {"announcement": entries[0]["data"]["announcement"]}


@handler("brief:set", roles=("facilitator",))
def set_brief(p, conn: Connection, payload):
    """An activity's brief (the Jam's topic brief), shown to the room while it runs."""
    activity_id = payload.get("activity_id")
    if not is_id(activity_id):
        raise RoomError("bad_payload")
    text = _text(payload, "text", BRIEF_MAX)
    try:
        entries = p.store.set_brief(conn.event_id, activity_id, text, p.clock.now())
    except NotFound:
        raise RoomError("not_found") from None
    broadcast(entries)
    return {"activity_id": activity_id, "text": text}


# --- staff links ------------------------------------------------------------------------------

def links_view(p) -> list[dict]:
    return p.store.staff_links(p.clock.now())


def tell_dashboards(p) -> None:
    """Every open dashboard hears the new list (a sign-in, a new or revoked link)."""
    links = {"links": links_view(p)}
    for event in p.store.list_events():
        socketio.emit("staff", links, to=room_name(event["id"], "staff"))


def _facilitator_link_only(p, conn: Connection) -> None:
    if p.store.staff_session_link(conn.session_id, p.clock.now()) is not None:
        raise RoomError("facilitator_link_only")


@handler("staff:links", roles=("facilitator",))
def list_links(p, conn: Connection, payload):
    return {"links": links_view(p)}


@handler("staff:link_create", roles=("facilitator",))
def create_link(p, conn: Connection, payload):
    """A new named link; its address is in this answer only (the store keeps a hash)."""
    _facilitator_link_only(p, conn)
    name = clean_name(payload.get("name"), limit=LINK_NAME_MAX)
    if not name:
        raise RoomError("bad_link_name", max=LINK_NAME_MAX)
    link, token = p.store.create_staff_link(name, p.clock.now())
    tell_dashboards(p)
    return {"link": link, "url": f"{p.room_url}/f/{token}"}


@handler("staff:link_revoke", roles=("facilitator",))
def revoke_link(p, conn: Connection, payload):
    """The link stops working; its sessions end now, and their open sockets are closed (a
    socket that slipped through would be refused by its next event: realtime.handler)."""
    _facilitator_link_only(p, conn)
    link_id = payload.get("id")
    if not is_id(link_id):
        raise RoomError("bad_payload")
    if not p.store.revoke_staff_link(link_id, p.clock.now()):
        raise RoomError("not_found")
    close_dead_sockets(p)
    tell_dashboards(p)
    return {"id": link_id}


def close_dead_sockets(p) -> None:
    now = p.clock.now()
    for conn in list(p.presence.by_sid.values()):
        if conn.role == "facilitator" and not p.store.staff_session_alive(conn.session_id, now):
            socketio.server.disconnect(conn.sid, namespace="/")
