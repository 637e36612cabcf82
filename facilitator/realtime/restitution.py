"""The restitution: the facilitator's synthesis, the themes before export, publishing.

Thin: the work is in restitution/service.py; grouping ideas and rendering the published files
run off the hub there (offload.py), so the room keeps its acks meanwhile.
"""
from __future__ import annotations

import base64

from ..presence import Connection
from ..restitution import service
from ..restitution.build import Scope
from ..room.errors import RoomError
from ..room.payload import require_id
from . import broadcast, handler

FACILITATOR = ("facilitator",)
# What a rapporteur takes away from the phone: the documents, not the data files.
GROUP_FORMATS = ("pdf", "docx", "md", "html")


def published_view(p, event: dict) -> dict | None:
    info = p.store.published(event["id"])
    if info is None:
        return None
    return {**info, "url": f"/r/{event['code']}"}


def snapshot(p, conn: Connection, event: dict) -> dict:
    snap = {"restitution": {"published": published_view(p, event)}}
    if conn.role == "facilitator":
        snap["restitution"]["synthesis"] = p.store.synthesis(event["id"])
        snap["restitution"]["themes"] = p.store.all_themes(event["id"])
    return snap


@handler("restitution:synthesis", roles=FACILITATOR)
def synthesis(p, conn, payload):
    entries = service.set_synthesis(p.store, conn.event_id, payload.get("text"), p.clock.now())
    broadcast(entries)
    return {"text": entries[0]["data"]["text"]}


@handler("restitution:publish", roles=FACILITATOR)
def publish(p, conn, payload):
    event = p.store.event_by_id(conn.event_id)
    info, entries = service.publish(p.store, p.activities, event, p.clock.now())
    broadcast(entries)
    return {"published": published_view(p, event)}


def _themes(entries) -> dict:
    data = entries[0]["data"]
    return {"scope": data["scope"], "themes": data["themes"]}


@handler("themes:compute", roles=FACILITATOR)
def compute(p, conn, payload):
    entries = service.compute_themes(p.store, conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return _themes(entries)


@handler("themes:rename", roles=FACILITATOR)
def rename(p, conn, payload):
    return _edit(p, conn, "rename", payload)


@handler("themes:merge", roles=FACILITATOR)
def merge(p, conn, payload):
    return _edit(p, conn, "merge", payload)


@handler("themes:split", roles=FACILITATOR)
def split(p, conn, payload):
    return _edit(p, conn, "split", payload)


@handler("themes:move", roles=FACILITATOR)
def move(p, conn, payload):
    return _edit(p, conn, "move", payload)


def _edit(p, conn, op, payload):
    entries = service.edit_themes(p.store, conn.event_id, op, payload, p.clock.now())
    broadcast(entries)
    return _themes(entries)


@handler("restitution:group_export", roles=("participant",))
def group_export(p, conn, payload):
    """A rapporteur downloads their group's restitution on the phone (the sheet, the plenary's
    reactions, the group's actions): the file comes back in the ack, base64, built off the hub."""
    unknown = set(payload) - {"group_id", "format"}
    if unknown:
        raise RoomError("unknown_field", field=sorted(unknown)[0][:40])
    ext = payload.get("format")
    if ext not in GROUP_FORMATS:
        raise RoomError("unknown_export", format=str(ext)[:20], formats=", ".join(GROUP_FORMATS))
    group = p.store.group(conn.event_id, require_id(payload.get("group_id")))
    if group is None:
        raise RoomError("unknown_group", group=str(payload.get("group_id"))[:20])
    me = next((m for m in p.store.members_of(group["activity_id"])
               if m["group_id"] == group["id"] and m["participant_id"] == conn.participant["id"]), None)
    if me is None:
        raise RoomError("not_member")
    if me["role"] != "rapporteur":
        raise RoomError("not_rapporteur")
    event = p.store.event_by_id(conn.event_id)
    body, mimetype, name = service.export(p.store, p.activities, event,
                                          Scope(group_id=group["id"]), ext, p.clock.now())
    return {"name": name, "mimetype": mimetype, "data": base64.b64encode(body).decode("ascii")}
