"""The agenda: the facilitator drives activities, phones vote and answer questionnaires.

Thin: check the payload's shape, call Activities (facilitator/activities.py), broadcast what it wrote.
"""
from __future__ import annotations

from ..presence import Connection
from ..room.contributions import clean_text
from ..room.agenda import phone_state, public_state
from ..room.errors import RoomError
from ..room.payload import require_id
from ..store import answers_key, public_contribution, public_participant
from . import broadcast, handler

FACILITATOR = ("facilitator",)
OPTIONS_MAX = 60  # options copied at once: more than a dot vote can weigh


def snapshot(p, conn: Connection, event: dict) -> dict:
    """Where the room is, and what this screen needs of it (docs/protocol.md §3.7, §3.8): the agenda
    list and every activity's roles for the dashboard alone, every voting step's results for the
    wall, the current step's own part (its tally, my answers, its shared items) for a phone."""
    now = p.clock.now()
    snap = {"state": p.activities.state_data(event["id"], now)}
    if conn.role == "participant" and snap["state"]["activity"] is None:
        snap["state"] = phone_state(snap["state"], conn.lang)
    people = None  # a screen other than the dashboard needs only the current roles' names
    if conn.role in ("facilitator", "projector"):
        snap["counter_on_wall"] = counter_on_wall(p, event["id"])
    if conn.role == "projector":
        snap["phones"] = p.presence.phones(event["id"])  # y of the wall's "x of y have voted"
    if conn.role == "facilitator":
        snap["agenda"] = p.activities.list_data(event["id"])
        people = p.store.list_participants(event["id"])  # once, for every roles list below
        snap["formats"] = [p.activities.format_view(f) for f in p.formats.values()]
        snap["people"] = [public_participant(x) for x in people]
        snap["participants"] = len(people)
        snap["roles_by_activity"] = {str(a["id"]): p.activities.roles_data(a, people)
                                     for a in p.store.activities(event["id"])}
    activity, _slots, _run = p.activities.current(event["id"])
    if activity is None:
        return snap
    snap["roles"] = p.activities.roles_data(activity, people)
    if conn.role != "participant":  # a results step on the wall shows any earlier vote's
        snap["tallies"] = p.activities.tallies_data(activity, staff=conn.role == "facilitator")
    snap.update(_step_part(p, conn, activity, snap["state"]["fr"]))
    if conn.role == "participant":  # its own language's words, as its agenda.state entries
        snap["state"] = phone_state(snap["state"], conn.lang)
    return snap


def _step_part(p, conn: Connection, activity: dict, state: dict) -> dict:
    """The current step as this screen holds it: its tally (with my votes), the questionnaire's
    results (dashboard) or my answers (phone), and on a phone the activity's shared items."""
    part = {}
    staff = conn.role == "facilitator"
    voter = conn.participant["id"] if conn.participant else None
    if state["step_id"]:
        part["tally"] = p.activities.tally_data(activity, state["step_id"], staff=staff, voter=voter)
        if staff:
            part["answers"] = p.activities.answers_data(activity, state["step_id"])
        elif conn.participant and state["questions"]:
            part["my_answers"] = p.store.answers_of(activity["id"],
                                                    answers_key(conn.token, activity["id"]))
        if conn.role == "participant" and part["tally"] is None:
            # A results step: the activity's votes the room may see, ranked on the phone (phone.js).
            shown = [t for t in p.activities.tallies_data(activity, staff=False)
                     if t and t.get("counts")]  # those the room may see
            if shown:
                part["tallies"] = shown
    if conn.role == "participant":
        # Shared steps show the room's items of this activity on the phone (Q&A, Lean Coffee).
        part["shared"] = [public_contribution(c) for c in p.store.contributions(
            event_id=activity["event_id"], include_hidden=False, activity_id=activity["id"],
            limit=300, audiences=("all",))]
    return part


@handler("agenda:step", roles=("participant",))
def step_part(p, conn: Connection, payload):
    """A phone that entered a step the room already holds something of (``holds`` in
    agenda.state) asks for its own part of it, instead of a whole snapshot."""
    activity, slots, run = p.activities.current(conn.event_id)
    if activity is None:
        return {"activity_id": None}
    state = public_state(run, slots, p.clock.now(), "fr")
    return {"activity_id": activity["id"], "step_id": state["step_id"],
            "roles": p.activities.roles_data(activity), **_step_part(p, conn, activity, state)}


def counter_on_wall(p, event_id: int) -> bool:
    """Whether the facilitator shows "x of y have voted" on the projector: the last
    ``projector.counter`` entry says (a setting that lives only in the log)."""
    entries = p.store.log_of_types(event_id, ("projector.counter",))
    return bool(entries and entries[-1]["data"]["on"])


def _str_or_none(payload, key, limit=120):
    value = payload.get(key)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip() or len(value) > limit:
        raise RoomError("bad_payload")
    text = clean_text(value)  # the one way text enters the store (room/text.py)
    if not text:
        raise RoomError("bad_payload")
    return text


@handler("agenda:add", roles=FACILITATOR)
def add(p, conn, payload):
    entries = p.activities.add(conn.event_id, payload.get("format_id"),
                               _str_or_none(payload, "title"), payload.get("overrides"),
                               payload.get("topics"), p.clock.now())
    broadcast(entries)
    return {"agenda": entries[-1]["data"]}


@handler("agenda:edit", roles=FACILITATOR)
def edit(p, conn, payload):
    entries = p.activities.edit(conn.event_id, payload.get("activity_id"), p.clock.now(),
                                title=_str_or_none(payload, "title"),
                                overrides=payload.get("overrides"), topics=payload.get("topics"))
    broadcast(entries)
    return {"agenda": entries[0]["data"]}


@handler("agenda:remove", roles=FACILITATOR)
def remove(p, conn, payload):
    entries = p.activities.remove(conn.event_id, payload.get("activity_id"), p.clock.now())
    broadcast(entries)
    return {}


@handler("agenda:reorder", roles=FACILITATOR)
def reorder(p, conn, payload):
    entries = p.activities.reorder(conn.event_id, payload.get("order"), p.clock.now())
    broadcast(entries)
    return {"agenda": entries[0]["data"]}


@handler("agenda:start", roles=FACILITATOR)
def start(p, conn, payload):
    index = payload.get("slot_index")
    if index is not None:
        require_id(index)
    entries = p.activities.start(conn.event_id, payload.get("activity_id"), p.clock.now(), index)
    broadcast(entries)
    # The full state (both languages) is the last agenda.state entry (activities.state_entries).
    return {"state": [e["data"] for e in entries if e["type"] == "agenda.state"][-1]}


@handler("agenda:close", roles=FACILITATOR)
def close(p, conn, payload):
    entries = p.activities.close(conn.event_id, p.clock.now())
    broadcast(entries)
    return {}


@handler("agenda:control", roles=FACILITATOR)
def control(p, conn, payload):
    entries = p.activities.control(conn.event_id, payload.get("action"), p.clock.now(),
                                   payload.get("value"))
    broadcast(entries)
    return {"state": entries[-1]["data"]}


@handler("agenda:promote", roles=FACILITATOR)
def promote(p, conn, payload):
    activity_id = require_id(payload.get("activity_id"))
    item = p.store.contribution(conn.event_id, require_id(payload.get("contribution_id")))
    if item is None or item["hidden"] or item["withdrawn"]:  # its text must not become a topic
        raise RoomError("not_found")
    entries = p.activities.add_topic_from(conn.event_id, activity_id, item, p.clock.now())
    broadcast(entries)
    return {"agenda": entries[0]["data"]}


@handler("agenda:options_from", roles=FACILITATOR)
def options_from(p, conn, payload):
    """Contributions the room already wrote (chosen ones, or every starred one) become a voting
    activity's options, so nobody retypes them on a phone."""
    ids, starred = payload.get("contribution_ids"), payload.get("starred")
    if (ids is None) == (starred is None) or starred not in (None, True):
        raise RoomError("bad_payload")  # exactly one of the two ways to choose
    if ids is not None and (not isinstance(ids, list) or not ids or len(ids) > OPTIONS_MAX):
        raise RoomError("bad_payload")
    added, entries = p.activities.options_from(conn.event_id, payload.get("activity_id"),
                                               [require_id(i) for i in ids] if ids else None,
                                               p.clock.now())
    broadcast(entries)
    return {"added": added}


@handler("agenda:topics_from_votes", roles=FACILITATOR)
def topics_from_votes(p, conn, payload):
    entries = p.activities.topics_from_votes(conn.event_id, payload.get("activity_id"),
                                             payload.get("step_id"), p.clock.now())
    broadcast(entries)
    return {}


@handler("projector:counter", roles=FACILITATOR)
def projector_counter(p, conn, payload):
    on = payload.get("on")
    if not isinstance(on, bool):
        raise RoomError("bad_payload")
    entry = p.store.log(conn.event_id, "projector.counter", "wall", {"on": on}, p.clock.now())
    broadcast([entry])
    return {"on": on}


@handler("roles:assign", roles=FACILITATOR)
def assign_role(p, conn, payload):
    entries = p.activities.assign_role(conn.event_id, payload.get("activity_id"),
                                       payload.get("participant_id"), payload.get("role"),
                                       p.clock.now(), roles=payload.get("roles"))
    broadcast(entries)
    return {"roles": entries[0]["data"]}


@handler("votes:reveal", roles=FACILITATOR)
def reveal(p, conn, payload):
    entries = p.votes.reveal(conn.event_id, payload.get("activity_id"), payload.get("step_id"),
                             p.clock.now())
    broadcast(entries)
    return {"tally": entries[0]["data"]}


@handler("vote:cast", roles=("participant",))
def cast(p, conn, payload):
    if payload.get("activity_id") is None:  # the room's current step
        mine, entries = p.votes.vote(conn.event_id, conn.participant["id"],
                                     payload.get("item_id"), payload.get("value"),
                                     p.clock.now(), token=conn.token)
    else:  # a box open all day, whatever the room is doing (facilitator/background.py)
        mine, entries = p.background.vote(conn.event_id, conn.participant["id"],
                                          payload["activity_id"], payload.get("item_id"),
                                          payload.get("value"), p.clock.now(), token=conn.token)
    broadcast(entries)
    return {"tally": mine}


@handler("answer:submit", roles=("participant",))
def answer(p, conn, payload):
    mine, entries = p.activities.answer(conn.event_id, conn.token, payload.get("answers"),
                                        p.settings.max_text, p.clock.now())
    broadcast(entries)
    return mine


@handler("test:clock", roles=FACILITATOR)
def advance_clock(p, conn, payload):
    """Accelerated time for end-to-end tests; refused unless the server runs with --testing."""
    seconds = payload.get("advance")
    if not p.settings.testing:
        raise RoomError("forbidden")
    if not isinstance(seconds, (int, float)) or isinstance(seconds, bool) or seconds < 0:
        raise RoomError("bad_payload")
    p.clock.advance(seconds)
    now = p.clock.now()
    # Always announce the state: open screens re-learn the (moved) server time from it.
    broadcast(p.activities.tick(conn.event_id, now) or p.activities.state_entries(conn.event_id, now))
    broadcast(p.fair.tick(conn.event_id, now))  # the idea fair's slots move with the same clock
    return {"server_time": p.clock.now()}
