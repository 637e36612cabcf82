"""JSON routes: joining an event and reading what a screen needs before its socket opens."""
from __future__ import annotations

from flask import Blueprint, g, jsonify, request

from ..i18n import pick_lang
from ..room.contributions import clean_name
from ..room.errors import RoomError
from ..store import public_participant
from .common import choose_lang, error_json, json_body, palabre
from .participant_pages import find_event_or_page, remember_token

bp = Blueprint("api", __name__, url_prefix="/api")
JOIN_FIELDS = ("name", "organisation", "anonymous", "lang", "attribute")


@bp.get("/events/<code>")
def event_info(code: str):
    event, page = find_event_or_page(code)
    if page:
        return error_json("throttled" if page[1] == 429 else "unknown_code", page[1])
    p = palabre()
    return jsonify({"ok": True, "event": p.event_view(event),
                    "join_url": f"{p.room_url}/j/{event['code']}"})


@bp.post("/events/<code>/join")
def join(code: str):
    """A phone joins: it receives a token it keeps, and rejoins with it as the same person."""
    event, page = find_event_or_page(code)
    if page:
        return error_json("throttled" if page[1] == 429 else "unknown_code", page[1])
    choose_lang(event)
    try:
        body = json_body()
    except RoomError as err:
        return error_json(err.code, 400)
    g.lang = pick_lang(body.get("lang"), g.lang)  # the phone's chosen language, errors included
    try:
        participant, token = admit(event, body)
    except RoomError as err:
        return error_json(err.code, 429 if err.code == "rate_limited" else 400, **err.params)
    response = jsonify({"ok": True, "participant": public_participant(participant), "token": token})
    return remember_token(response, event, token), 201


def admit(event: dict, body: dict) -> tuple[dict, str]:
    """The person a join's fields describe, added to the event: (participant, token). Refused
    with a RoomError: a field unknown or wrong, or the address's join budget spent."""
    for key in body:  # a field this server does not know is refused by name, never dropped
        if key not in JOIN_FIELDS:
            raise RoomError("unknown_field", field=str(key)[:40])
    anonymous = body.get("anonymous", False)
    if not isinstance(anonymous, bool):
        raise RoomError("bad_payload")
    name = "" if anonymous else clean_name(body.get("name"))
    # Joining anonymously keeps nothing that names the person, their organisation included.
    organisation = "" if anonymous else clean_name(body.get("organisation"), limit=80)
    # The second attribute groups may be balanced by (gender, region…: docs/protocol.md §10.5).
    attribute = "" if anonymous else clean_name(body.get("attribute"), limit=40)
    if not anonymous and not name:
        raise RoomError("text_empty")
    p = palabre()
    p.spend(p.joins, request.remote_addr)  # a script must not fill the room with people
    participant, token, entries = p.store.add_participant(
        event["id"], name, organisation, anonymous, g.lang, p.clock.now(), attribute=attribute)
    # A late arrival joins the current activity's groups by its rule (before any socket opens,
    # so the phone's first sync already finds its group).
    entries += p.groups.place_late(event["id"], participant, p.clock.now())
    from ..realtime import broadcast
    broadcast(entries)
    # A late arrival at an idea fair joins a visiting group at once (facilitator/fair.py).
    broadcast(p.fair.place_late(event["id"], participant, p.clock.now()))
    return participant, token
