"""Background activities (docs/background.md): the facilitator puts an activity in the background
or up on the projector; every screen's snapshot carries the background activities and, for a
phone or the projector, their items. Posting to one is ``contribution:create`` with
``activity_id`` (realtime/contributions.py asks ``post_target`` below).

Thin: check the payload's shape, call Background (facilitator/background.py), broadcast.
"""
from __future__ import annotations

from ..presence import Connection
from ..room.errors import RoomError
from ..store import AUDIENCES_BY_ROLE, public_contribution
from . import broadcast, handler

FACILITATOR = ("facilitator",)
#: A phone's list of a shared background step shows the newest items, as the current step's does.
ITEMS_LIMIT = 300


def snapshot(p, conn: Connection, event: dict) -> dict:
    """Nothing while no activity runs in the background (a phone then never loads its script),
    except for the dashboard: it also learns which formats may run in the background."""
    data = p.background.data(event["id"])
    # The boxes' upvotes: the counts for every screen, and on a phone its own (pressed) ones. A
    # box nobody upvoted yet is left out: every screen draws it as zeros (its view says "upvote").
    tallies = [t for t in p.background.tallies(
        event["id"], staff=conn.role == "facilitator",
        voter=conn.participant["id"] if conn.participant else None) if t["voters"]]
    if tallies:
        data["tallies"] = tallies
    if conn.role == "facilitator":
        data["formats"] = sorted(f.id for f in p.formats.values() if f.background)
        return {"background": data}
    if not data["activities"]:
        return {}
    if conn.role in ("participant", "projector"):
        # A phone sees the room's items of a shared box; the projector those of every box (the
        # dashboard already has every contribution).
        audiences = AUDIENCES_BY_ROLE[conn.role]
        data["items"] = [public_contribution(c) for a in data["activities"]
                         if a["shared"] or conn.role == "projector"
                         for c in p.store.contributions(event["id"], include_hidden=False,
                                                        activity_id=a["id"], limit=ITEMS_LIMIT,
                                                        audiences=audiences)]
    return {"background": data}


def post_target(p, conn: Connection, payload):
    """(activity, format, slot) of the background activity a post names with ``activity_id``,
    or None when it names none (the post goes where the room is)."""
    if payload.get("activity_id") is None:
        return None
    return p.background.slot_for_post(conn.event_id, payload["activity_id"])


@handler("agenda:background", roles=FACILITATOR)
def switch(p, conn, payload):
    entries = p.background.switch(conn.event_id, payload.get("activity_id"), payload.get("on"),
                                  p.clock.now())
    broadcast(entries)
    return {"background": entries[-1]["data"]}


@handler("agenda:background_project", roles=FACILITATOR)
def project(p, conn, payload):
    if "activity_id" not in payload:
        raise RoomError("bad_field", field="activity_id")
    entries = p.background.project(conn.event_id, payload["activity_id"], p.clock.now())
    broadcast(entries)
    return {"background": entries[-1]["data"]}
