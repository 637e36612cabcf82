"""A whole five-step Knowledge Jam on a live server, with the server clock moved forward."""

from live_server import Screen, dashboard, phone


def state(screen_or_ack, lang="fr"):
    return screen_or_ack["state"][lang]


def latest_state(screen):
    return screen.wait_for(lambda u: u["type"] == "agenda.state")["data"]


def control(dash, action, value=None):
    payload = {"action": action} if value is None else {"action": action, "value": value}
    ack = dash.call("agenda:control", payload)
    assert ack["ok"], ack
    return ack["state"]


def advance(dash, seconds):
    ack = dash.call("test:clock", {"advance": seconds})
    assert ack["ok"], ack


def test_a_whole_knowledge_jam(server, event):
    dash = dashboard(server, event)
    projector = Screen(server, "projector", event["code"]).connect()
    sponsor = phone(server, event["code"], name="Jean-Paul Ekwalla", organisation="CDL")
    brokers = [phone(server, event["code"], name=n, organisation="ASV") for n in ("Awa", "Grace")]
    originator = phone(server, event["code"], name="Samuel Ngando", organisation="MICRO")
    note_taker = phone(server, event["code"], name="Esther Mbarga", organisation="SANTE+")
    someone = phone(server, event["code"], name="Paul Tchoumi", organisation="RJD")

    ack = dash.call("agenda:add", {"format_id": "knowledge-jam",
                                   "title": "Mobiliser des ressources locales"})
    assert ack["ok"], ack
    jam = ack["agenda"]["activities"][-1]
    people = {p["name"]: p["id"] for p in dashboard(server, event).snapshot["people"]}
    for name, role in [("Jean-Paul Ekwalla", "sponsor"), ("Awa", "broker"), ("Grace", "broker"),
                       ("Samuel Ngando", "originator"), ("Esther Mbarga", "note_taker")]:
        assert dash.call("roles:assign", {"activity_id": jam["id"], "participant_id": people[name],
                                          "role": role})["ok"]
    assert dash.call("roles:assign", {"activity_id": jam["id"], "participant_id": people["Awa"],
                                      "role": "king"})["error"]["code"] == "bad_role"

    # 1. Select: the sponsor writes the topic brief; others are told why they cannot.
    started = dash.call("agenda:start", {"activity_id": jam["id"]})
    assert started["ok"] and started["state"]["fr"]["step_id"] == "select"
    assert started["state"]["en"]["step_label"] != started["state"]["fr"]["step_label"]
    assert sponsor.post("Mobiliser des ressources locales pour les micro-projets", "note")["ok"]
    refused = someone.post("moi aussi", "note")
    assert refused["error"]["code"] == "role_not_allowed" and refused["error"]["message"]
    assert sponsor.post("une idée", "idea")["error"]["code"] == "kind_not_allowed"

    # 2. Plan: brokers send questions; they become the sub-topics of the live phase.
    assert control(dash, "next")["fr"]["step_id"] == "plan"
    questions = [brokers[0].post("Comment convaincre les commerçants de cotiser ?", "question"),
                 brokers[1].post("Quelle transparence sur l'usage des fonds ?", "question"),
                 brokers[0].post("Comment impliquer la commune ?", "question"),
                 brokers[1].post("Comment garder les bénévoles ?", "question")]
    assert all(q["ok"] for q in questions)
    # Plan is a shared step: other phones see the questions.
    someone.wait_for(lambda u: u["type"] == "contribution.created"
                     and u["data"]["text"] == "Comment impliquer la commune ?")
    for q in questions[:3]:
        ack = dash.call("agenda:promote", {"activity_id": jam["id"],
                                           "contribution_id": q["contribution"]["id"]})
        assert ack["ok"], ack
    # The ack carries the agenda as written (the dashboard's update may still be on its way).
    listed = ack["agenda"]["activities"][-1]
    rounds = [s for s in listed["slots"] if s["part_id"] == "round"]
    assert [r["duration_s"] for r in rounds] == [1200, 1200, 1200]
    discover = [s for s in listed["slots"] if s["step_id"] == "discover"]
    assert sum(s["duration_s"] for s in discover) == 90 * 60
    # A fourth sub-topic re-balances the rounds; the live phase stays 90 minutes.
    ack = dash.call("agenda:promote", {"activity_id": jam["id"],
                                       "contribution_id": questions[3]["contribution"]["id"]})
    listed = ack["agenda"]["activities"][-1]
    assert [s["duration_s"] for s in listed["slots"] if s["part_id"] == "round"] == [900] * 4
    assert sum(s["duration_s"] for s in listed["slots"] if s["step_id"] == "discover") == 5400

    # 3. Discover & capture: opening, one round per sub-topic, read-back, next steps.
    opening = control(dash, "next")["fr"]
    assert (opening["step_id"], opening["part_id"], opening["duration_s"]) == ("discover", "opening", 600)
    assert opening["remaining_s"] > 590
    advance(dash, 9 * 60)
    phone_view = Screen(server, "participant", event["code"], token=someone.token).connect()
    assert 55 <= phone_view.snapshot["state"]["fr"]["remaining_s"] <= 60
    assert phone_view.snapshot["state"]["fr"]["phase"] == "warning"
    advance(dash, 120)  # the facilitator decides when to move on: overtime, not a jump
    again = Screen(server, "participant", event["code"], token=someone.token).connect()
    assert again.snapshot["state"]["fr"]["phase"] == "overtime"
    assert again.snapshot["state"]["fr"]["part_id"] == "opening"

    first_round = control(dash, "next")["fr"]
    assert first_round["part_id"] == "round"
    assert first_round["topic"] == "Comment convaincre les commerçants de cotiser ?"
    assert first_round["duration_s"] == 900
    # The note-taker's notes go live to the projector and to every phone.
    note = note_taker.post("Les commerçants cotisent quand ils voient les dépenses.", "note")
    assert note["ok"], note
    assert note["contribution"]["topic"] == first_round["topic"]
    projector.wait_for(lambda u: u["type"] == "contribution.created" and u["data"]["kind"] == "note")
    someone.wait_for(lambda u: u["type"] == "contribution.created" and u["data"]["kind"] == "note")
    assert originator.post("Une tontine de quartier", "note")["error"]["code"] == "role_not_allowed"
    assert originator.post("Chez nous, un tableau au marché.", "comment")["ok"]

    # Pause, extend and the server clock.
    before = control(dash, "pause")
    advance(dash, 300)
    assert control(dash, "resume")["fr"]["remaining_s"] == before["fr"]["remaining_s"]
    extended = control(dash, "extend", 60)["fr"]
    assert abs(extended["remaining_s"] - (before["fr"]["remaining_s"] + 60)) < 2

    # Jump to the read-back; the room validates the notes.
    slots = listed["slots"]
    readback = next(s["index"] for s in slots if s["part_id"] == "readback")
    assert control(dash, "goto", readback)["fr"]["part_id"] == "readback"
    validated = dash.call("contribution:moderate", {"id": note["contribution"]["id"], "validated": True})
    assert validated["ok"] and validated["contribution"]["validated"]
    someone.wait_for(lambda u: u["type"] == "contribution.updated" and u["data"].get("validated"))
    assert control(dash, "next")["fr"]["part_id"] == "next_steps"

    # 4. Broker: brokers turn insights into action rows (what / who / when).
    assert control(dash, "next")["fr"]["step_id"] == "broker"
    action = brokers[0].post("Afficher les dépenses au marché chaque trimestre", "action",
                  meta={"who": "ASV", "when": "fin du mois"})
    assert action["ok"], action
    assert action["contribution"]["meta"] == {"who": "ASV", "when": "fin du mois", "status": "todo",
                                              "partners": "", "resources": "", "indicator": ""}
    assert someone.post("Je veux aussi une action", "action")["error"]["code"] == "role_not_allowed"

    # 5. Reuse: the action plan is followed up.
    assert control(dash, "next")["fr"]["step_id"] == "reuse"
    done = dash.call("contribution:moderate", {"id": action["contribution"]["id"], "status": "doing"})
    assert done["contribution"]["meta"]["status"] == "doing"
    finished = control(dash, "next")["fr"]
    assert finished["status"] == "finished"
    # Finished: the room is back to an open wall.
    assert someone.post("Merci pour cette journée", "idea")["ok"]
    for screen in (dash, projector, sponsor, *brokers, originator, note_taker, someone):
        screen.disconnect()


def test_auto_advance_and_restart_keep_the_clock(server, event):
    """1-2-4-All moves on by itself; after a kill and restart the countdown is still right."""
    dash = dashboard(server, event)
    ack = dash.call("agenda:add", {"format_id": "one-two-four-all"})
    activity = ack["agenda"]["activities"][-1]
    assert dash.call("agenda:start", {"activity_id": activity["id"]})["state"]["fr"]["step_id"] == "alone"
    advance(dash, 60 + 120 + 5)  # alone (1 min) and pairs (2 min) move on by themselves
    fresh = dashboard(server, event)
    now_state = fresh.snapshot["state"]["fr"]
    assert now_state["step_id"] == "fours"
    assert 230 <= now_state["remaining_s"] <= 236
    dash.disconnect()
    fresh.disconnect()

    ph = phone(server, event["code"])
    before = ph.snapshot["state"]["fr"]
    server.kill()
    server.start()
    # The test clock offset died with the process: the stored end is in the future of
    # the real clock, by as much as the offset; so compare ends_at, which the store keeps.
    after = Screen(server, "participant", event["code"], token=ph.token).connect()
    assert after.snapshot["state"]["fr"]["step_id"] == before["step_id"]
    assert after.snapshot["state"]["fr"]["ends_at"] == before["ends_at"]


def test_phones_cannot_drive_the_agenda(server, event):
    dash = dashboard(server, event)
    ph = phone(server, event["code"])
    for name, payload in [("agenda:add", {"format_id": "qna"}),
                          ("agenda:control", {"action": "next"}),
                          ("test:clock", {"advance": 60})]:
        assert ph.call(name, payload)["error"]["code"] == "forbidden"
    assert dash.call("agenda:add", {"format_id": "nope"})["error"]["code"] == "unknown_format"
    assert dash.call("agenda:control", {"action": "next"})["error"]["code"] == "no_activity"
    ack = dash.call("agenda:add", {"format_id": "knowledge-jam",
                                   "overrides": {"durations": {"discover": 20}}})
    assert ack["error"]["code"] == "budget_too_small"


def test_a_note_corrected_at_read_back_reaches_a_screen_that_was_away(server, event):
    """The log keeps the correction: a projector that was off during the read-back replays the
    note's creation, then its correction, and ends on the corrected text; a withdrawn item is
    not replayed at all."""
    dash = dashboard(server, event)
    note_taker = phone(server, event["code"], name="Esther Mbarga", organisation="SANTE+")
    awa = phone(server, event["code"], name="Awa", organisation="ASV")
    ack = dash.call("agenda:add", {"format_id": "knowledge-jam", "title": "Ressources locales",
                                   "overrides": {"skip": ["select", "plan"]}})
    jam = ack["agenda"]["activities"][-1]
    people = {p["name"]: p["id"] for p in dashboard(server, event).snapshot["people"]}
    assert dash.call("roles:assign", {"activity_id": jam["id"], "participant_id": people["Esther Mbarga"],
                                      "role": "note_taker"})["ok"]
    assert state(dash.call("agenda:start", {"activity_id": jam["id"]}))["part_id"] == "opening"
    control(dash, "next")  # the (only) round
    note = note_taker.post("Les commercants cotisent si ils voient les dépenses.", "note")["contribution"]
    projector = Screen(server, "projector", event["code"]).connect()
    seen = projector.last_seq
    projector.disconnect()

    slip = awa.post("Un tableau au marché (doublon)", "comment")["contribution"]
    assert awa.call("contribution:withdraw", {"id": slip["id"]})["ok"]
    assert control(dash, "next")["fr"]["part_id"] == "readback"
    fixed = note_taker.call("contribution:edit", {"id": note["id"],
                                                  "text": "Les commerçants cotisent s'ils voient les dépenses."})
    assert fixed["ok"], fixed
    assert dash.call("contribution:moderate", {"id": note["id"], "validated": True})["ok"]

    projector.connect()  # replays what it missed
    missed = [u for u in projector.updates if u["seq"] > seen and u["type"] == "contribution.updated"]
    last = [u["data"] for u in missed if u["data"]["id"] == note["id"]][-1]
    assert last["text"] == "Les commerçants cotisent s'ils voient les dépenses." and last["validated"]
    assert all(u["data"].get("text") != "Un tableau au marché (doublon)" for u in projector.updates)
    # A fresh screen's snapshot has the corrected note and not the withdrawn item.
    fresh = Screen(server, "projector", event["code"]).connect()
    texts = {c["id"]: c["text"] for c in fresh.snapshot["contributions"]}
    assert texts[note["id"]] == "Les commerçants cotisent s'ils voient les dépenses."
    assert slip["id"] not in texts
    for screen in (dash, note_taker, awa, projector, fresh):
        screen.disconnect()
