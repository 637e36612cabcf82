"""The idea fair: the facilitator sets up kiosks, groups and the clock; visitors give feedback,
dots and jury scores; a kiosk's presenters mark questions answered (docs/protocol.md §11).

Thin: check the caller, call Fair (facilitator/fair.py), broadcast what it wrote. A person who
becomes or stops being a kiosk's presenter joins or leaves that kiosk's room at once.
"""
from __future__ import annotations

from flask_socketio import join_room, leave_room

from ..fair_views import kiosk_audience
from ..presence import Connection
from ..room.errors import RoomError
from . import broadcast, handler, room_name

FACILITATOR = ("facilitator",)
PARTICIPANT = ("participant",)


def snapshot(p, conn: Connection, event: dict) -> dict:
    now = p.clock.now()
    if conn.role == "kiosk":
        kiosk = p.store.kiosk(event["id"], conn.kiosk_id)
        activity = p.store.activity(event["id"], kiosk["activity_id"]) if kiosk else None
        return {"fair": p.fair.fair_view(activity, now, role="kiosk", kiosk_id=kiosk["id"])
                if activity else None}
    current = p.fair.current_fair(event["id"])
    if current is None and conn.participant:
        current = p.fair.presented_fair(event["id"], conn.participant["id"])
    snap = {"fair": p.fair.fair_view(current, now, role=conn.role, participant=conn.participant)
            if current else None}
    if conn.role == "facilitator":
        snap["fairs"] = {str(a["id"]): p.fair.fair_view(a, now, role="facilitator")
                         for a in p.fair.fair_activities(event["id"])}
    return snap


def audiences(p, conn: Connection) -> tuple[str, ...]:
    return p.fair.audiences_of(conn)


def _move_rooms(p, event_id: int, moved: dict) -> None:
    """Every open socket of a person whose kiosks changed joins or leaves those kiosks' rooms."""
    for conn in list(p.presence.by_sid.values()):
        if conn.event_id != event_id or not conn.participant or conn.participant["id"] not in moved:
            continue
        joined, left = moved[conn.participant["id"]]
        for kiosk_id in joined:
            join_room(room_name(event_id, kiosk_audience(kiosk_id)), sid=conn.sid, namespace="/")
        for kiosk_id in left:
            leave_room(room_name(event_id, kiosk_audience(kiosk_id)), sid=conn.sid, namespace="/")


# --- facilitator ---------------------------------------------------------------------------------

@handler("fair:kiosk_save", roles=FACILITATOR)
def kiosk_save(p, conn, payload):
    kiosk, token, entries, moved = p.fair.kiosk_save(conn.event_id, payload, p.clock.now())
    _move_rooms(p, conn.event_id, moved)
    broadcast(entries)
    answer = {"kiosk": kiosk}
    if token:
        answer["presenter_url"] = p.fair.presenter_url(token)
    return answer


@handler("fair:kiosk_remove", roles=FACILITATOR)
def kiosk_remove(p, conn, payload):
    entries, moved = p.fair.kiosk_remove(conn.event_id, payload.get("kiosk_id"), p.clock.now())
    _move_rooms(p, conn.event_id, moved)
    broadcast(entries)
    return {}


@handler("fair:kiosk_link", roles=FACILITATOR)
def kiosk_link(p, conn, payload):
    return {"presenter_url": p.fair.kiosk_link(conn.event_id, payload.get("kiosk_id"))}


@handler("fair:groups", roles=FACILITATOR)
def groups(p, conn, payload):
    entries = p.fair.form_groups(conn.event_id, payload.get("activity_id"), payload.get("count"),
                                 p.clock.now())
    broadcast(entries)
    return {"groups": entries[-1]["data"]["groups"]}


@handler("fair:move", roles=FACILITATOR)
def move(p, conn, payload):
    entries = p.fair.move(conn.event_id, payload.get("activity_id"), payload.get("participant_id"),
                          payload.get("group"), p.clock.now())
    broadcast(entries)
    return {"groups": entries[-1]["data"]["groups"]}


@handler("fair:start", roles=FACILITATOR)
def start(p, conn, payload):
    entries = p.fair.start(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"schedule": entries[0]["data"], "slot": entries[1]["data"]}


@handler("fair:control", roles=FACILITATOR)
def control(p, conn, payload):
    entries = p.fair.control(conn.event_id, payload.get("activity_id"), payload.get("action"),
                             p.clock.now())
    broadcast(entries)
    return {"slot": entries[-1]["data"]}


@handler("fair:dots_budget", roles=FACILITATOR)
def dots_budget(p, conn, payload):
    entries = p.fair.dots_budget(conn.event_id, payload.get("activity_id"), payload.get("budget"),
                                 p.clock.now())
    broadcast(entries)
    return {"dots": entries[-1]["data"]}


@handler("fair:reveal_dots", roles=FACILITATOR)
def reveal_dots(p, conn, payload):
    entries = p.fair.reveal_dots(conn.event_id, payload.get("activity_id"), p.clock.now())
    broadcast(entries)
    return {"dots": entries[-1]["data"]}


@handler("fair:criteria", roles=FACILITATOR)
def criteria(p, conn, payload):
    entries = p.fair.criteria(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"rules": entries[0]["data"]}


@handler("fair:jurors", roles=FACILITATOR)
def jurors(p, conn, payload):
    entries = p.fair.jurors(conn.event_id, payload, p.clock.now())
    broadcast(entries)
    return {"rules": entries[0]["data"]}


@handler("fair:reveal_jury", roles=FACILITATOR)
def reveal_jury(p, conn, payload):
    entries = p.fair.reveal_jury(conn.event_id, payload.get("activity_id"), p.clock.now())
    broadcast(entries)
    return {"jury": entries[-1]["data"]}


@handler("fair:project", roles=FACILITATOR)
def project(p, conn, payload):
    entries = p.fair.project(conn.event_id, payload.get("activity_id"), payload.get("view"),
                             p.clock.now())
    broadcast(entries)
    return {"view": entries[-1]["data"]["view"]}


# --- visitors --------------------------------------------------------------------------------------

@handler("fair:visit", roles=PARTICIPANT)
def visit(p, conn, payload):
    kiosk, mine, entries = p.fair.visit(conn.event_id, conn.participant, payload, p.clock.now())
    broadcast(entries)
    return {"kiosk": kiosk, "feedback": mine}


@handler("fair:feedback", roles=PARTICIPANT)
def feedback(p, conn, payload):
    new = p.fair.parse_feedback(payload, p.settings.max_text)
    kiosk = p.fair.find_kiosk(conn.event_id, payload)
    if not p.store.has_feedback_client_id(conn.event_id, new["client_id"]):
        p.spend(p.post_limiter, conn.participant["id"])  # a resend is answered, not counted
    mine, duplicate, entries = p.fair.feedback(conn.event_id, conn.participant, kiosk, new,
                                               p.clock.now())
    broadcast(entries)
    return {"feedback": mine, "duplicate": duplicate}


@handler("fair:dot", roles=PARTICIPANT)
def dot(p, conn, payload):
    mine, entries = p.fair.dot(conn.event_id, conn.participant["id"], payload, p.clock.now())
    broadcast(entries)
    return {"dots": mine}


@handler("fair:score", roles=PARTICIPANT)
def score(p, conn, payload):
    mine, entries = p.fair.score(conn.event_id, conn.participant["id"], payload, p.clock.now())
    broadcast(entries)
    return {"scores": mine}


# --- presenters ----------------------------------------------------------------------------------

@handler("fair:answered", roles=("participant", "kiosk", "facilitator"))
def answered(p, conn, payload):
    if set(payload) - {"feedback_id", "answered"}:
        raise RoomError("unknown_field", field=str(next(iter(set(payload) - {"feedback_id", "answered"})))[:40])
    row, entries = p.fair.answered(conn.event_id, lambda kiosk: p.fair.may_present(conn, kiosk),
                                   payload.get("feedback_id"), payload.get("answered"),
                                   p.clock.now())
    broadcast(entries)
    return {"feedback": row}
