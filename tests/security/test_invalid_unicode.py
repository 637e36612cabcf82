"""Text that is not valid Unicode (issue 7, item 1): a lone surrogate in any field a person
sends is replaced by U+FFFD (room/text.py), at every entry point, socket and HTTP alike."""
import uuid

import pytest

from facilitator.features import FEATURES
from facilitator.realtime import connection, handlers_of
from facilitator.room.contributions import clean_action_meta, clean_name, clean_text
from facilitator.room.text import MAX_DEPTH, clean_payload, valid_text
from facilitator.room.errors import RoomError
from room_client import ask, post

HALF = "\ud83d"  # the first half of 😀 alone
RAW_HALF = '"\\ud83d"'  # as a JSON string on the wire


def test_one_rule_replaces_a_lone_surrogate_and_keeps_the_rest():
    assert valid_text(f"a{HALF}b") == "a\ufffdb"
    assert valid_text("ok 😀") == "ok 😀"
    assert clean_text(f"  idée {HALF} ") == "idée \ufffd"
    assert clean_name(f"Awa{HALF}") == "Awa\ufffd"
    assert clean_action_meta({"who": HALF, "when": "lundi"})["who"] == "\ufffd"
    assert clean_payload({HALF: [HALF, {"k": HALF}], "n": 3}) == {
        "\ufffd": ["\ufffd", {"k": "\ufffd"}], "n": 3}


def test_a_payload_nested_deeper_than_any_the_protocol_uses_is_refused():
    deep = {}
    for _ in range(MAX_DEPTH + 1):
        deep = {"a": deep}
    with pytest.raises(RoomError) as err:
        clean_payload(deep)
    assert err.value.code == "bad_payload"


def test_a_post_with_half_an_emoji_is_stored_with_the_replacement_character(room):
    staff, phone = room.facilitator(), room.phone()
    ask(staff, "sync", {"since": 0})
    ask(phone, "sync", {"since": 0})
    ack = post(phone, f"Les semences {HALF} locales")
    assert ack["ok"], ack
    assert ack["contribution"]["text"] == "Les semences \ufffd locales"
    snap = ask(staff, "sync", {"since": 0})["snapshot"]
    assert any(c["text"] == "Les semences \ufffd locales" for c in snap["contributions"])


def test_event_and_activity_titles_topics_and_prompts_are_cleaned(room):
    staff = room.facilitator()
    ask(staff, "sync", {"since": 0})
    ack = ask(staff, "event:update", {"title": f"Atelier {HALF}"})
    assert ack["ok"] and ack["event"]["title"] == "Atelier \ufffd"
    ack = ask(staff, "agenda:add", {"format_id": "brainstorm", "title": f"Idées{HALF}",
                                    "topics": [f"Eau{HALF}"],
                                    "overrides": {"prompts": {"ideas": {"fr": f"Dites{HALF}"}}}})
    assert ack["ok"], ack
    activity = ack["agenda"]["activities"][-1]
    assert activity["title"] == "Idées\ufffd" and activity["topics"] == ["Eau\ufffd"]
    edited = ask(staff, "agenda:edit", {"activity_id": activity["id"], "title": HALF * 3})
    assert edited["ok"] and edited["agenda"]["activities"][-1]["title"] == "\ufffd" * 3


def test_questionnaire_answers_are_cleaned(room):
    staff, phone = room.facilitator(), room.phone()
    ask(staff, "sync", {"since": 0})
    ask(phone, "sync", {"since": 0})
    activity = ask(staff, "agenda:add", {"format_id": "evaluation"})["agenda"]["activities"][-1]
    assert ask(staff, "agenda:start", {"activity_id": activity["id"]})["ok"]
    ack = ask(phone, "answer:submit", {"answers": {"useful": 4, "improve": f"Pauses {HALF}"}})
    assert ack["ok"], ack
    assert ack["answers"]["improve"] == "Pauses \ufffd"


H = HALF
PAYLOADS = {  # a payload each event would take, half an emoji in its text fields
    "contribution:create": {"client_id": str(uuid.uuid4()), "kind": "idea", "text": f"x{H}"},
    "event:update": {"title": f"T{H}", "lang": "fr"},
    "agenda:add": {"format_id": "brainstorm", "title": f"T{H}", "topics": [f"a{H}"],
                   "overrides": {"prompts": {f"s{H}": {"fr": f"p{H}"}}, "durations": {f"s{H}": 1}}},
    "agenda:edit": {"activity_id": 1, "title": f"T{H}", "topics": [f"b{H}"]},
    "answer:submit": {"answers": {f"useful{H}": 3, "improve": f"x{H}"}},
    "roles:assign": {"activity_id": 1, "participant_id": 1, "role": f"broker{H}"},
    "agenda:control": {"action": f"next{H}"},
    "projector:mode": {"mode": f"wall{H}"},
    "lang:set": {"lang": f"fr{H}"},
}


EVENTS = sorted(fn.event_name for module in [connection] + [f.handlers for f in FEATURES if f.handlers]
                for fn in handlers_of(module))


@pytest.mark.parametrize("name", EVENTS)
def test_no_event_gives_a_server_error_for_a_lone_surrogate(room, name):
    """The class, not a case: every registered event, every field, from the roles it accepts."""
    staff, phone = room.facilitator(), room.phone()
    for client in (staff, phone):
        ask(client, "sync", {"since": 0})
    payload = PAYLOADS.get(name, {f"field{H}": f"x{H}", "text": f"t{H}", "since": 0})
    for client in (staff, phone):
        ack = ask(client, name, payload)
        assert ack.get("error", {}).get("code") != "server_error", (name, ack)
    unknown = ask(phone, f"no{HALF}such", {})
    assert unknown["error"]["code"] == "unknown_event"


def test_the_join_route_replaces_lone_surrogates_in_name_and_organisation(room):
    http = room.app.test_client()
    body = '{"name": "Awa%s", "organisation": "ASV%s", "lang": "en"}' % (RAW_HALF[1:-1], RAW_HALF[1:-1])
    answer = http.post(f"/api/events/{room.code}/join", data=body,
                       content_type="application/json")
    assert answer.status_code == 201, answer.data
    assert answer.get_json()["participant"]["name"] == "Awa\ufffd"
    assert answer.get_json()["participant"]["organisation"] == "ASV\ufffd"


def test_a_connect_with_half_an_emoji_in_its_auth_is_answered(room):
    from facilitator.extensions import socketio
    client = socketio.test_client(room.app, auth={"role": "participant", "event": room.code,
                                                  "token": f"tok{HALF}", "lang": HALF})
    assert not client.is_connected()  # refused with unknown_participant, not a crash


def test_the_facilitator_form_cleans_the_event_title(room):
    http = room.app.test_client()
    http.get(f"/f/{room.store.facilitator_token()}")
    csrf = _csrf(http)
    # Werkzeug never decodes a form into a lone surrogate; the title still goes through clean_text.
    # Half an emoji as a browser could send it: the surrogate's bytes, which are not UTF-8.
    answer = http.post("/facilitator/events", data=f"title=Forum%20%ED%A0%BD&lang=fr&csrf={csrf}",
                       content_type="application/x-www-form-urlencoded")
    assert answer.status_code == 302, answer.data
    assert any(e["title"].startswith("Forum") for e in room.store.list_events())


def _csrf(http) -> str:
    import re
    page = http.get("/facilitator").get_data(as_text=True)
    found = re.search(r'name="csrf" value="([^"]+)"', page)
    return found.group(1) if found else ""


def test_palabre_event_create_cleans_a_title_with_undecodable_bytes(tmp_path):
    import subprocess
    import sys
    from pathlib import Path
    root = Path(__file__).resolve().parents[2]
    result = subprocess.run([sys.executable, "-m", "facilitator", "event", "create",
                             b"Atelier \xff".decode("utf-8", "surrogateescape"), "--db",
                             str(tmp_path / "p.db"), "--json"], cwd=root, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "Atelier \ufffd" in result.stdout
