"""The demo workshop, the QR codes, and the small helpers around the room (presence, clock, URLs)."""
from __future__ import annotations

import json
import re
import time

import pytest

from facilitator.clock import Clock
from facilitator.demo import DEMO_FILE, create_demo_event, load_demo
from facilitator.network import base_url, lan_addresses
from facilitator.presence import Connection, Presence
from facilitator.qr import qr_svg, qr_text
from facilitator.room.codes import looks_like_code
from facilitator.room.contributions import KINDS
from facilitator.store import public_contribution

NOW = 1_700_000_000.0


# --- the demo ---------------------------------------------------------------------------------

def _posts(demo):
    return [(activity, post) for activity in demo["activities"]
            for post in activity.get("contributions", [])]


def test_demo_file_is_well_formed():
    """The Douala day of ../shared/demo-day.md: twelve organisations, 30+ people, the agenda
    at its times of day, speakers named, roles in the Jam, contributions inside activities."""
    from facilitator.room.formats import BUILTIN_DIR, load_formats
    formats = load_formats([BUILTIN_DIR])
    demo = load_demo()
    assert DEMO_FILE.name == "demo_event.toml"
    assert demo["title"].strip() and demo["lang"] in ("fr", "en")
    orgs = {code for code, _name, _kind in demo["organisations"]}
    assert len(orgs) == 12
    names = [name for name, _org, _lang in demo["people"]]
    assert len(names) >= 30 and len(set(names)) == len(names)
    for name, org, lang in demo["people"]:
        assert name.strip() and org in orgs and lang in ("fr", "en")
    assert {org for _n, org, _l in demo["people"]} == orgs  # every organisation is in the room
    assert {"en", "fr"} == {lang for _n, _o, lang in demo["people"]}
    times = [a["time"] for a in demo["activities"]]
    assert times == sorted(times) and times[0] == "08:30" and "15:15" in times
    for activity in demo["activities"]:
        fmt = formats[activity["format"]]
        for name, role in activity.get("roles", {}).items():  # one role, or several
            roles = role if isinstance(role, list) else [role]
            assert name in names and roles and set(roles) <= set(fmt.roles), (name, role)
    talks = next(a for a in demo["activities"] if a["format"] == "experience-talks")
    speakers = [n for n, r in talks["roles"].items() if r == "speaker"]
    assert len(speakers) == 4 and all(any(n in t for t in talks["topics"]) for n in speakers)
    jam = next(a for a in demo["activities"] if a["format"] == "knowledge-jam")
    held = lambda r: tuple(r) if isinstance(r, list) else (r,)  # noqa: E731
    assert {x for r in jam["roles"].values() for x in held(r)} == {
        "sponsor", "originator", "broker", "note_taker"}
    assert any(len(held(r)) > 1 for r in jam["roles"].values())  # the sponsor is also a broker
    assert jam["brief"].strip()
    posts = _posts(demo)
    assert len(posts) >= 20 and any(not post["by"] for _a, post in posts)
    for activity, post in posts:
        fmt = formats[activity["format"]]
        assert post["kind"] in KINDS and post["text"].strip()
        assert post["step"] in [step.id for step in fmt.steps], post
        assert post["by"] == "" or post["by"] in names
        assert activity["time"] <= post["at"] <= "18:00"
        assert "topic" not in post or 0 <= post["topic"] < len(activity["topics"])


def test_create_demo_event_builds_the_workshop_from_the_toml(store):
    from datetime import datetime
    demo = load_demo()
    event = create_demo_event(store, NOW)
    assert event["title"] == demo["title"]
    assert [o["code"] for o in store.organisations(event["id"])] == [
        code for code, _name, _kind in demo["organisations"]]
    assert event["lang"] == demo["lang"]
    assert looks_like_code(event["code"])
    assert store.count_events() == 1

    people = store.list_participants(event["id"])
    named = [p for p in people if not p["anonymous"]]
    assert [(p["name"], p["organisation"], p["lang"]) for p in named] == [
        tuple(person) for person in demo["people"]]
    assert len(people) == len(demo["people"]) + 1  # and one anonymous phone
    by_id = {p["id"]: p for p in people}

    # The agenda at its times of day, the speakers and the Jam's roles, the Jam's brief.
    acts = store.activities(event["id"])
    assert [a["title"] for a in acts] == [f"{a['time']} — {a['title']}" for a in demo["activities"]]
    jam = next(a for a in acts if a["format_id"] == "knowledge-jam")
    roles = {by_id[pid]["name"]: role for pid, role in store.roles(jam["id"]).items()}
    planned = next(a for a in demo["activities"] if a["format"] == "knowledge-jam")["roles"]
    assert roles == {n: tuple(r) if isinstance(r, list) else (r,) for n, r in planned.items()}
    assert store.briefs(event["id"])[jam["id"]].startswith("Pourquoi ce sujet")

    # Each contribution inside its activity, step and topic, at its time of the day, in order.
    stored = list(reversed(store.contributions(event["id"], include_hidden=True)))
    posts = sorted(_posts(demo), key=lambda x: x[1]["at"])
    assert [c["text"] for c in stored] == [post["text"] for _a, post in posts]
    titles = {a["id"]: a["title"] for a in acts}
    for c, (activity, post) in zip(stored, posts):
        assert titles[c["activity_id"]].endswith(activity["title"]) and c["step_id"] == post["step"]
        assert datetime.fromtimestamp(c["created_at"]).strftime("%H:%M") == post["at"]
        assert c["created_at"] <= NOW
        if "topic" in post:
            assert c["topic"] == activity["topics"][post["topic"]]
        if post["by"]:
            assert by_id[c["author_id"]]["name"] == post["by"] and c["anonymous"] == 0
        if c["kind"] == "action":
            meta = json.loads(c["meta"])  # as stored
            assert meta["who"] == post["who"] and meta["when"] == post["when"]
    assert len({c["seq"] for c in stored}) == len(stored)
    # The idea fair's eight stands, each with its organisation and its presenter (MICRO's
    # stand: Samuel Ngando).
    fair = next(a for a in acts if a["format_id"] == "idea-fair")
    kiosks = store.kiosks(fair["id"])
    assert [k["organisation"] for k in kiosks] == [org for _t, org, _d in
                                                    next(a for a in demo["activities"] if a.get("kiosks"))["kiosks"]]
    micro = next(k for k in kiosks if k["organisation"] == "MICRO")
    assert [by_id[pid]["name"] for pid in micro["presenters"]] == ["Samuel Ngando"]


def test_the_demo_day_is_the_day_before_when_it_would_be_in_the_future():
    from datetime import datetime
    from facilitator.demo import day_times
    demo = load_demo()
    morning = datetime(2026, 3, 10, 7, 0).timestamp()
    evening = datetime(2026, 3, 10, 19, 0).timestamp()
    assert datetime.fromtimestamp(day_times(demo, morning)("09:12")).day == 9
    assert datetime.fromtimestamp(day_times(demo, evening)("09:12")).day == 10


def test_the_anonymous_demo_sample_has_no_author(store):
    demo = load_demo()
    event = create_demo_event(store, NOW)
    anonymous_texts = {post["text"] for _a, post in _posts(demo) if not post["by"]}
    assert anonymous_texts
    stored = store.contributions(event["id"], include_hidden=True)
    anonymous = [c for c in stored if c["text"] in anonymous_texts]
    assert len(anonymous) == len(anonymous_texts)
    for c in anonymous:
        assert c["anonymous"] == 1
        assert c["author_id"] is None
        assert c["author_name"] is None
        assert public_contribution(c)["author"] is None
    assert all(c["author_id"] is not None for c in stored if c["text"] not in anonymous_texts)


def test_two_demo_events_get_different_codes(store):
    first, second = create_demo_event(store, NOW), create_demo_event(store, NOW)
    assert first["code"] != second["code"]
    assert store.count_events() == 2


# --- QR codes ---------------------------------------------------------------------------------

def test_qr_svg_is_an_svg_document():
    svg = qr_svg("http://192.168.1.20:5000/j/ACDEFG")
    assert isinstance(svg, bytes)
    assert svg.lstrip().startswith((b"<?xml", b"<svg"))
    assert b"<svg" in svg and svg.rstrip().endswith(b"</svg>")
    assert b"<path" in svg
    assert b"<script" not in svg  # served by Palabre itself; nothing active inside


def test_qr_svg_grows_with_the_data():
    short, long_ = qr_svg("http://a/j/ACDEFG"), qr_svg("http://a/j/" + "A" * 300)
    assert short != long_
    assert len(long_) > len(short)


def test_qr_text_is_a_square_of_blocks():
    text = qr_text("http://192.168.1.20:5000/j/ACDEFG")
    assert isinstance(text, str)
    lines = [line for line in text.splitlines() if line]
    assert len(lines) >= 10
    assert len({len(line) for line in lines}) == 1  # every row the same width
    assert set(text) - {"\n", " "}  # not blank


# --- presence ---------------------------------------------------------------------------------

def phone(sid, event_id=1, pid=7):
    return Connection(sid=sid, event_id=event_id, role="participant", lang="fr",
                      participant={"id": pid}, token="t")


def test_a_person_with_two_sockets_counts_once():
    presence = Presence()
    presence.add(phone("a", pid=7))
    presence.add(phone("b", pid=7))
    assert presence.phones(1) == 1
    presence.add(phone("c", pid=8))
    assert presence.phones(1) == 2
    assert presence.remove("a").sid == "a"
    assert presence.phones(1) == 2  # 7 still has a tab open
    presence.remove("b")
    assert presence.phones(1) == 1
    presence.remove("c")
    assert presence.phones(1) == 0


def test_screens_without_a_person_do_not_count_and_events_are_apart():
    presence = Presence()
    presence.add(Connection(sid="proj", event_id=1, role="projector", lang="fr"))
    presence.add(Connection(sid="dash", event_id=1, role="facilitator", lang="en"))
    presence.add(phone("p", event_id=2, pid=7))
    assert presence.phones(1) == 0
    assert presence.phones(2) == 1
    assert presence.phones(3) == 0
    assert presence.get("dash").role == "facilitator"
    assert presence.remove("proj").role == "projector"
    assert presence.get("proj") is None


def test_removing_an_unknown_or_already_removed_socket_is_harmless():
    presence = Presence()
    presence.add(phone("a"))
    assert presence.remove("zzz") is None
    presence.remove("a")
    assert presence.remove("a") is None
    assert presence.phones(1) == 0


# --- clock ------------------------------------------------------------------------------------

def test_clock_follows_real_time_and_advances_on_demand():
    clock = Clock()
    assert abs(clock.now() - time.time()) < 1
    clock.advance(90 * 60)
    assert clock.now() - time.time() == pytest.approx(90 * 60, abs=1)
    assert Clock(offset=-10).now() < time.time() - 9


# --- addresses --------------------------------------------------------------------------------

def test_base_url_prefers_the_public_url_then_an_explicit_host():
    assert base_url("0.0.0.0", 5000, "https://palabre.example.org/") == (
        "https://palabre.example.org")
    assert base_url("192.168.1.20", 8000) == "http://192.168.1.20:8000"


def test_base_url_on_all_interfaces_uses_a_lan_address_or_loopback():
    url = base_url("0.0.0.0", 5000)
    match = re.fullmatch(r"http://(\d+\.\d+\.\d+\.\d+):5000", url)
    assert match
    addresses = lan_addresses()
    assert match.group(1) == (addresses[0] if addresses else "127.0.0.1")
    assert not any(a.startswith("127.") for a in addresses)


def test_scripts_and_styles_lose_comments_and_spacing_but_not_code():
    from facilitator.web.common import minified
    source = (b"/* Header: dropped. */\n"
              b"(function () {\n"
              b"  // why this is done: dropped\n"
              b"  var url = 'http://x // not a comment', re = /\\/\\//g; // trailing: dropped\n"
              b"    return url.replace(re, '  two  spaces  ');\n"
              b"})();\n")
    assert minified(source, "application/javascript") == (
        b"(function(){var url='http://x // not a comment',re=/\\/\\//g;"
        b"return url.replace(re,'  two  spaces  ');})();")
    css = b"/* phone */\n.a  {\n  color : red;\n}\n.b::after { content: '  /* kept */ '; }\n"
    assert minified(css, "text/css") == b".a{color:red}.b::after{content:'  /* kept */ '}"
    assert minified(b"{\"a\":  1}", "application/json") == b"{\"a\":  1}"


def test_the_restitution_topic_brief_is_the_facilitators_text(store):
    """The demo's Jam brief, written as the dashboard writes it (brief:set), is the
    restitution's "Topic brief", in the document and in the JSON."""
    from facilitator.activities import Activities
    from facilitator.restitution.build import Scope, build
    from facilitator.room.formats import BUILTIN_DIR, load_formats
    event = create_demo_event(store, NOW)
    doc, data = build(store, Activities(store, load_formats([BUILTIN_DIR])), event, Scope(), NOW)
    [jam] = data["jam"]
    assert jam["brief_text"].startswith("Pourquoi ce sujet")
    brief = next(s for section in doc.sections for s in section.sections if s.id.endswith("-brief"))
    texts = [getattr(b, "text", "") for b in brief.blocks]
    assert texts[0].startswith("Pourquoi ce sujet") and len(texts) == 3  # one paragraph a line
