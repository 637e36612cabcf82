"""Snapshots and sync (docs/protocol.md §3.3, §3.4, §3.7, §3.8): what each screen receives, replay
since the last number (own items included), and that no snapshot query reads every item."""
import re

from room_client import ask, post, updates


def _start(room, fac, format_id="brainstorm"):
    added = ask(fac, "agenda:add", {"format_id": format_id})
    assert added["ok"], added
    aid = added["agenda"]["activities"][-1]["id"]
    assert ask(fac, "agenda:start", {"activity_id": aid})["ok"]
    return aid


def test_a_phone_gets_no_agenda_list_and_the_wall_keeps_what_it_shows(room):
    fac, phone, wall = room.facilitator(), room.phone(), room.projector()
    for c in (fac, phone, wall):
        ask(c, "sync", {"since": 0})
        c.get_received()
    _start(room, fac, "dot-voting")
    assert [u["type"] for u in updates(phone)] == ["agenda.state"]
    assert [u["type"] for u in updates(wall)] == ["agenda.state"]
    assert {u["type"] for u in updates(fac)} >= {"agenda.changed", "agenda.state"}
    snap = ask(phone, "sync", {"since": 0})["snapshot"]
    assert "agenda" not in snap and "tallies" not in snap and "formats" not in snap
    assert "agenda" in ask(fac, "sync", {"since": 0})["snapshot"]
    assert "tallies" in ask(wall, "sync", {"since": 0})["snapshot"]


def test_a_step_change_carries_the_steps_tally_and_what_the_room_holds(room):
    fac, phone = room.facilitator(), room.phone()
    ask(phone, "sync", {"since": 0})
    aid = _start(room, fac, "dot-voting")
    state = updates(phone, "agenda.state")[-1]["data"]
    assert state["holds"] == {"votes": False, "answers": False, "roles": False, "shared": False,
                              "snapshot": False}
    while state["fr"]["voting"] is None or state["fr"]["voting"]["mode"] == "none":
        assert post(phone, "Une idée")["ok"] or True
        ask(fac, "agenda:control", {"action": "next"})
        state = updates(phone, "agenda.state")[-1]["data"]
    tally = state["tally"]
    assert tally["activity_id"] == aid and tally["step_id"] == state["fr"]["step_id"]
    assert tally["mine"] == {} and tally["dots_left"] == state["fr"]["voting"]["dots"]
    # What a phone that lacks a part asks for: its own tally, answers and the shared items.
    part = ask(phone, "agenda:step")
    assert part["ok"] and part["activity_id"] == aid and part["step_id"] == tally["step_id"]
    assert part["tally"]["mine"] == {} and isinstance(part["shared"], list)


def test_roles_given_before_the_start_reach_a_phone_through_agenda_step(room):
    """The Jam's roles are given before it runs: its start says so (holds.roles), and the phone
    gets them from agenda:step, without a snapshot."""
    fac, phone = room.facilitator(), room.phone()
    ask(phone, "sync", {"since": 0})
    added = ask(fac, "agenda:add", {"format_id": "knowledge-jam"})
    aid = added["agenda"]["activities"][-1]["id"]
    assert ask(fac, "roles:assign", {"activity_id": aid, "participant_id": phone.participant["id"],
                                     "roles": ["sponsor", "broker"]})["ok"]
    assert ask(fac, "agenda:start", {"activity_id": aid})["ok"]
    assert updates(phone, "agenda.state")[-1]["data"]["holds"]["roles"] is True
    part = ask(phone, "agenda:step")
    held = {r["role"] for r in part["roles"]["roles"] if r["participant_id"] == phone.participant["id"]}
    assert part["roles"]["activity_id"] == aid and held == {"sponsor", "broker"}


def test_agenda_step_is_a_phones_and_says_when_no_activity_runs(room):
    fac, phone = room.facilitator(), room.phone()
    assert ask(phone, "agenda:step") == {"ok": True, "activity_id": None}
    refused = ask(fac, "agenda:step")
    assert not refused["ok"] and refused["error"]["code"] == "forbidden"


def test_moderation_of_my_post_is_replayed_after_a_reconnect(room):
    fac, phone = room.facilitator(), room.phone()
    anon = room.phone(name="", organisation="", anonymous=True)
    last = ask(phone, "sync", {"since": 0})["seq"]
    last_anon = ask(anon, "sync", {"since": 0})["seq"]
    mine = post(phone, "Mon idée")["contribution"]
    theirs = post(anon, "Une idée anonyme")["contribution"]
    phone.disconnect()
    anon.disconnect()
    for item in (mine, theirs):
        assert ask(fac, "contribution:moderate", {"id": item["id"], "hidden": True})["ok"]
    back = room._client({"role": "participant", "event": room.code, "token": phone.token})
    answer = ask(back, "sync", {"since": last})
    assert "snapshot" not in answer
    own = [e for e in answer["entries"] if e["type"] == "contribution.mine"]
    assert len(own) == 1 and own[0]["data"]["client_id"] == mine["client_id"]
    assert own[0]["data"]["hidden"] and own[0]["data"]["text"] == "Mon idée"
    # Another phone's item never reaches me; the anonymous phone gets its own through its key.
    assert all(e["data"].get("client_id") != theirs["client_id"] for e in answer["entries"])
    back_anon = room._client({"role": "participant", "event": room.code, "token": anon.token})
    entries = ask(back_anon, "sync", {"since": last_anon})["entries"]
    own = [e for e in entries if e["type"] == "contribution.mine"]
    assert [e["data"]["client_id"] for e in own] == [theirs["client_id"]]
    assert "author" not in own[0]["data"] or own[0]["data"]["author"] is None


def test_the_dashboard_and_the_wall_never_replay_a_phones_own_entries(room):
    fac, phone, wall = room.facilitator(), room.phone(), room.projector()
    since = ask(wall, "sync", {"since": 0})["seq"]
    item = post(phone, "Une idée")["contribution"]
    ask(fac, "contribution:moderate", {"id": item["id"], "starred": True})
    for screen in (fac, wall):
        entries = ask(screen, "sync", {"since": since})["entries"]
        assert "contribution.mine" not in [e["type"] for e in entries]


def _plans(store, run):
    """Every statement ``run`` makes on the store's connections, with its query plan."""
    seen, conns = [], [store._writer, *list(store._readers.queue)]
    for conn in conns:
        conn.set_trace_callback(seen.append)
    try:
        run()
    finally:
        for conn in conns:
            conn.set_trace_callback(None)
    plans = {}
    for sql in seen:
        if sql.lstrip().upper().startswith("SELECT"):
            with store.read() as conn:
                plans[sql] = [r[3] for r in conn.execute("EXPLAIN QUERY PLAN " + sql)]
    return plans


def test_no_query_of_a_phones_sync_scans_every_item_or_entry(room):
    fac, phone, anon = room.facilitator(), room.phone(), room.phone(name="", organisation="",
                                                                     anonymous=True)
    _start(room, fac, "qna")
    for i in range(8):
        post(phone if i % 2 else anon, f"Question {i}", kind="question")
    since = ask(phone, "sync", {"since": 0})["seq"]
    hidden = post(anon, "Encore une", kind="question")["contribution"]
    assert ask(fac, "contribution:moderate", {"id": hidden["id"], "hidden": True})["ok"]
    plans = _plans(room.store, lambda: (ask(phone, "sync", {"since": 0}),
                                        ask(phone, "sync", {"since": since}),
                                        ask(anon, "sync", {"since": 0}),
                                        ask(phone, "agenda:step")))
    # A full scan, or a search on the event alone (every item of the event; the partial indexes
    # of hidden and of withdrawn items are the exception: they hold only those).
    every = re.compile(r"SCAN (c|contributions|event_log)\b|^SEARCH (c|contributions|event_log)"
                       r" USING (COVERING )?INDEX (?!contributions_hidden|contributions_withdrawn)\w+ \(event_id=\?\)$")
    scans = {sql: plan for sql, plan in plans.items() if any(every.search(s) for s in plan)}
    assert any("event_log" in sql for sql in plans) and any("owner_key" in sql for sql in plans)
    assert any("hidden = 1" in sql for sql in plans)  # the replay's redaction read
    assert not scans, scans


def test_projectors_share_one_snapshot_per_sequence_number(room, monkeypatch):
    from facilitator.realtime import connection
    built = []
    real = connection._build
    monkeypatch.setattr(connection, "_build", lambda p, conn, event: built.append(conn.role)
                        or real(p, conn, event))
    walls = [room.projector() for _ in range(5)]
    answers = [ask(w, "sync", {"since": 0}) for w in walls]
    assert built == ["projector"] and all(a["snapshot"] == answers[0]["snapshot"] for a in answers)
    phone = room.phone()
    post(phone, "Une idée")  # a new number: the next projector snapshot is built again
    ask(walls[0], "sync", {"since": 0})
    assert built.count("projector") == 2


def test_one_address_may_open_only_so_many_projectors(room):
    from facilitator.extensions import socketio
    budget = room.palabre.settings.screen_burst
    opened = [room.projector() for _ in range(budget)]
    assert all(c.is_connected() for c in opened)
    refused = socketio.test_client(room.app, auth={"role": "projector", "event": room.code})
    assert not refused.is_connected()
    phone = room.phone()  # phones are not counted against it
    assert ask(phone, "sync", {"since": 0})["ok"]


def test_a_phone_receives_the_state_in_its_own_language_only(room):
    fac, fr, en, wall = room.facilitator(), room.phone(), room.phone(name="Grace", lang="en"), \
        room.projector()
    snaps = {c: ask(c, "sync", {"since": 0})["snapshot"] for c in (fr, en, wall)}
    assert "fr" in snaps[fr]["state"] and "en" not in snaps[fr]["state"]
    assert "en" in snaps[en]["state"] and "fr" not in snaps[en]["state"]
    _start(room, fac)
    [mine_fr] = updates(fr, "agenda.state")
    [mine_en] = updates(en, "agenda.state")
    [both] = updates(wall, "agenda.state")
    assert set(mine_fr["data"]) == {"activity", "fr", "tally", "holds"}
    assert set(mine_en["data"]) == {"activity", "en", "tally", "holds"}
    assert both["data"]["fr"] == mine_fr["data"]["fr"] and both["data"]["en"] == mine_en["data"]["en"]
    assert "en" not in ask(fr, "sync", {"since": 0})["snapshot"]["state"]
    # After lang:set the phone's entries come in its new language, live and on replay.
    since = ask(fr, "sync", {"since": 0})["seq"]
    assert ask(fr, "lang:set", {"lang": "en"})["ok"]
    ask(fac, "agenda:control", {"action": "next"})
    [live] = updates(fr, "agenda.state")
    assert "en" in live["data"] and "fr" not in live["data"]
    replayed = [e for e in ask(fr, "sync", {"since": since})["entries"] if e["type"] == "agenda.state"]
    assert [sorted(e["data"]) for e in replayed] == [["activity", "en", "holds", "tally"]]


def test_the_dashboard_gets_its_items_in_pages(room, monkeypatch):
    from facilitator.realtime import contributions
    monkeypatch.setattr(contributions, "STAFF_PAGE", 3)
    fac, phone = room.facilitator(), room.phone()
    ids = [post(phone, f"Idée {i}")["contribution"]["id"] for i in range(7)]
    snap = ask(fac, "sync", {"since": 0})["snapshot"]
    assert [c["id"] for c in snap["contributions"]] == ids[::-1][:3] and snap["contributions_more"]
    got = ask(fac, "contributions:page", {"before_id": snap["contributions"][-1]["id"]})
    assert [c["id"] for c in got["contributions"]] == ids[::-1][3:6] and got["more"]
    last = ask(fac, "contributions:page", {"before_id": got["contributions"][-1]["id"]})
    assert [c["id"] for c in last["contributions"]] == ids[:1] and not last["more"]
    assert ask(fac, "contributions:page", {"before_id": "x"})["error"]["code"] == "bad_payload"
    assert ask(phone, "contributions:page", {"before_id": 5})["error"]["code"] == "forbidden"
