"""The plenary formats of methods.md §4 on a live server: Q&A, dialogue, dot voting,
Lean Coffee, 1-2-4-All (see test_knowledge_jam for auto-advance) and the evaluation."""
import json
import sqlite3

import requests

from live_server import Screen, dashboard, next_step, phone, start_activity


def test_experience_talks_questions_upvoted_and_picked(server, event):
    dash = dashboard(server, event)
    projector = Screen(server, "projector", event["code"]).connect()
    talks, state = start_activity(dash, "experience-talks",
                         topics=["Tontine solidaire (MICRO)", "Points d'eau (EAU-VIE)"])
    assert state["topic"] == "Tontine solidaire (MICRO)" and state["duration_s"] == 30 * 60
    asker = phone(server, event["code"], name="Grace", lang="en")
    voters = [phone(server, event["code"], name=f"V{i}") for i in range(3)]
    q1 = asker.post("How do you keep volunteers motivated?", "question", anonymous=True)
    q2 = voters[0].post("Quel taux d'intérêt ?", "question")
    assert q1["ok"] and q2["ok"]
    assert asker.post("an idea", "idea")["error"]["code"] == "kind_not_allowed"
    for v in voters:
        ack = v.call("vote:cast", {"item_id": q1["contribution"]["id"], "value": 1})
        assert ack["ok"], ack
    # Nobody upvotes their own question; another person can.
    own = voters[0].call("vote:cast", {"item_id": q2["contribution"]["id"], "value": 1})
    assert own["error"]["code"] == "own_item"
    assert voters[1].call("vote:cast", {"item_id": q2["contribution"]["id"], "value": 1})["ok"]
    # Upvotes are live: every screen sees the counts.
    tally = asker.wait_for(lambda u: u["type"] == "votes.updated"
                           and u["data"]["counts"].get(str(q2["contribution"]["id"])) == 1)
    assert tally["data"]["counts"][str(q1["contribution"]["id"])] == 3
    # The moderator picks the next question: pin it to the projector, mark it answered.
    assert dash.call("contribution:pin", {"id": q1["contribution"]["id"]})["ok"]
    pinned = projector.wait_for(lambda u: u["type"] == "wall.pinned")["data"]["contribution"]
    assert pinned["text"] == "How do you keep volunteers motivated?" and pinned["author"] is None
    assert dash.call("contribution:moderate", {"id": q1["contribution"]["id"], "answered": True})["ok"]
    assert asker.wait_for(lambda u: u["type"] == "contribution.updated")["data"]["answered"]
    assert next_step(dash)["topic"] == "Points d'eau (EAU-VIE)"


def test_dialogue_never_reveals_who_said_what(server, event):
    """Chatham House: no page, socket message, API answer or file ties a post to a person."""
    dash = dashboard(server, event)
    projector = Screen(server, "projector", event["code"]).connect()
    dialogue, state = start_activity(dash, "dialogue")
    assert state["step_id"] == "ground_rules"
    state = next_step(dash)
    assert state["visibility"] == "anonymous"
    speaker = phone(server, event["code"], name="Honorable Mbella", organisation="PARL")
    listener = phone(server, event["code"], name="Esther", organisation="SANTE+")
    # Before the dialogue the same person signed an idea on the open wall.
    dash.call("agenda:close")
    signed = speaker.post("Idée signée avant le dialogue", "idea")["contribution"]["id"]
    dash.call("agenda:start", {"activity_id": dialogue["id"]})
    # Asked to be named, the post is anonymous anyway in a non-attributed dialogue.
    said = speaker.post("La loi sur l'associatif bloque les financements locaux.", "comment")
    assert said["ok"] and said["contribution"]["anonymous"] and said["contribution"]["author"] is None
    listener.wait_for(lambda u: u["type"] == "contribution.created")
    dash.wait_for(lambda u: u["type"] == "contribution.created")
    projector.wait_for(lambda u: u["type"] == "contribution.created")
    assert dash.call("contribution:pin", {"id": said["contribution"]["id"]})["ok"]
    # Reconnecting screens, snapshots included.
    late_dash = dashboard(server, event)
    late_projector = Screen(server, "projector", event["code"]).connect()
    late_phone = Screen(server, "participant", event["code"], token=listener.token).connect()

    secrets = ("Mbella", "PARL", speaker.token)
    speaker_id = next(p["id"] for p in late_dash.snapshot["people"] if p["name"] == "Honorable Mbella")
    messages = []
    for screen in (dash, projector, listener, late_dash, late_projector, late_phone):
        for update in screen.updates:
            # Who joined is not who said what, and the signed idea is signed.
            if update["type"] != "participant.joined" and update["data"].get("id") != signed:
                messages.append(update)
        snapshot = dict(screen.snapshot)
        snapshot.pop("people", None)  # the dashboard's list of who is in the room
        snapshot.pop("roles", None)
        snapshot.pop("roles_by_activity", None)
        for key in ("contributions", "mine"):
            if key in snapshot:
                snapshot[key] = [c for c in snapshot[key] if c["id"] != signed]
        messages.append(snapshot)
    for message in messages:
        text = json.dumps(message, ensure_ascii=False)
        for secret in secrets:
            assert secret not in text, (secret, text[:300])
        assert f'"author_id": {speaker_id}' not in text
    for path in (f"/projector/{event['code']}", f"/api/events/{event['code']}",
                 f"/j/{event['code']}"):
        page = requests.get(server.base + path, timeout=5).text
        assert not any(s in page for s in secrets)
    session = server.facilitator_session(event)
    page = session.get(f"{server.base}/facilitator/events/{event['code']}", timeout=5).text
    assert "Mbella" not in page
    # The file: nothing in the contribution or the log links it to the speaker's row.
    with sqlite3.connect(server.db) as db:
        db.row_factory = sqlite3.Row
        row = dict(db.execute("SELECT * FROM contributions WHERE id = ?",
                              (said["contribution"]["id"],)).fetchone())
        person = dict(db.execute("SELECT * FROM participants WHERE id = ?", (speaker_id,)).fetchone())
        logged = [r[0] for r in db.execute("SELECT data FROM event_log WHERE type LIKE 'contribution.%'")]
    assert row["author_id"] is None
    identifying = {person["token_hash"], person["name"], person["organisation"]}
    assert identifying.isdisjoint(row.values())
    # No join through any column ties the anonymous item to the author's signed one.
    with sqlite3.connect(server.db) as db:
        linked = db.execute(
            "SELECT named.text FROM contributions anon JOIN contributions named"
            " ON named.author_id IS NOT NULL AND (named.owner_key = anon.owner_key"
            " OR named.client_id = anon.client_id) WHERE anon.id = ?",
            (said["contribution"]["id"],)).fetchall()
    assert linked == []
    # Every logged contribution but the idea he signed: the anonymous one and anything else.
    unsigned = [e for e in logged if json.loads(e)["id"] != signed]
    assert any(json.loads(e)["id"] == said["contribution"]["id"] for e in unsigned)
    assert not any("Mbella" in e or "PARL" in e for e in unsigned)


def test_dot_voting_silent_then_revealed_together(server, event):
    dash = dashboard(server, event)
    vote_round, state = start_activity(dash, "dot-voting")
    assert state["step_id"] == "propose"
    people = [phone(server, event["code"], name=f"P{i}") for i in range(3)]
    ideas = [people[i].post(text, "idea")["contribution"]["id"] for i, text in
             enumerate(["Tableau des dépenses", "Groupe WhatsApp", "Formation rapports"])]
    state = next_step(dash)
    assert state["step_id"] == "vote" and state["voting"]["dots"] == 3
    first = people[0].call("vote:cast", {"item_id": ideas[0], "value": 2})
    assert first["ok"] and first["tally"]["dots_left"] == 1 and first["tally"]["counts"] is None
    assert people[0].call("vote:cast", {"item_id": ideas[1], "value": 2})["error"]["code"] == "budget_spent"
    assert people[0].call("vote:cast", {"item_id": ideas[1], "value": 1})["tally"]["dots_left"] == 0
    assert people[1].call("vote:cast", {"item_id": ideas[0], "value": 3})["ok"]
    assert people[2].call("vote:cast", {"item_id": ideas[2], "value": 1})["ok"]
    assert people[2].call("vote:cast", {"item_id": 99999, "value": 1})["error"]["code"] == "not_found"
    # Cast silently: phones and the projector saw no counts; the facilitator did.
    assert not [u for u in people[2].updates if u["type"] == "votes.updated"]
    staff = dash.wait_for(lambda u: u["type"] == "votes.updated" and not u["data"]["hidden"]
                          and u["data"]["counts"].get(str(ideas[2])) == 1)
    assert staff["data"]["counts"][str(ideas[0])] == 5
    revealed = dash.call("votes:reveal", {"activity_id": vote_round["id"], "step_id": "vote"})
    assert revealed["ok"]
    seen = people[2].wait_for(lambda u: u["type"] == "votes.updated")["data"]
    assert seen["counts"] == {str(ideas[0]): 5, str(ideas[1]): 1, str(ideas[2]): 1}
    assert next_step(dash)["step_id"] == "results"
    assert people[0].post("trop tard", "idea")["error"]["code"] == "step_closed"
    # No tie at the top: the run-off has nothing to decide and takes no vote.
    runoff = next_step(dash)
    assert runoff["step_id"] == "runoff" and runoff["voting"]["among"] == "vote"
    assert people[1].call("vote:cast", {"item_id": ideas[0], "value": 1})["error"]["code"] == "not_a_candidate"


def test_dot_voting_breaks_a_tie_with_a_run_off(server, event):
    dash = dashboard(server, event)
    vote_round, state = start_activity(dash, "dot-voting")
    people = [phone(server, event["code"], name=f"P{i}", lang="en") for i in range(3)]
    a, b, c = (people[i].post(text, "idea")["contribution"]["id"] for i, text in
               enumerate(["Radio", "Affiches", "Porte-à-porte"]))
    next_step(dash)
    for person, item, dots in [(people[0], a, 3), (people[1], b, 3), (people[2], c, 2)]:
        assert person.call("vote:cast", {"item_id": item, "value": dots})["ok"]
    next_step(dash)
    runoff = next_step(dash)
    assert runoff["step_id"] == "runoff" and runoff["voting"]["dots"] == 1
    # Only the two options tied first (3 dots each) are in the run-off.
    behind = people[2].call("vote:cast", {"item_id": c, "value": 1})
    assert behind["error"]["code"] == "not_a_candidate"
    assert behind["error"]["message"] == "This run-off is only between the options tied first."
    first = people[2].call("vote:cast", {"item_id": a, "value": 1})
    assert first["tally"]["candidates"] == [a, b] and first["tally"]["counts"] is None
    assert people[2].call("vote:cast", {"item_id": b, "value": 1})["error"]["code"] == "budget_spent"
    assert people[1].call("vote:cast", {"item_id": a, "value": 1})["ok"]
    assert people[0].call("vote:cast", {"item_id": b, "value": 1})["ok"]
    dash.call("votes:reveal", {"activity_id": vote_round["id"], "step_id": "runoff"})
    seen = people[0].wait_for(lambda u: u["type"] == "votes.updated" and u["data"]["step_id"] == "runoff"
                              and u["data"]["counts"] is not None)["data"]
    assert seen["counts"] == {str(a): 2, str(b): 1} and seen["candidates"] == [a, b]
    # The first round's counts are unchanged by the run-off.
    first_round = [t for t in dashboard(server, event).snapshot["tallies"] if t and t["step_id"] == "vote"][0]
    assert first_round["counts"] == {str(a): 3, str(b): 3, str(c): 2}


def test_lean_coffee_topics_in_vote_order_and_thumbs(server, event):
    dash = dashboard(server, event)
    coffee, state = start_activity(dash, "lean-coffee")
    people = [phone(server, event["code"], name=f"P{i}") for i in range(3)]
    topics = {text: people[i].post(text, "idea")["contribution"]["id"]
              for i, text in enumerate(["Redevabilité", "Bénévolat", "Genre"])}
    assert next_step(dash)["step_id"] == "vote"
    for person, text in [(people[0], "Genre"), (people[1], "Genre"), (people[2], "Bénévolat")]:
        assert person.call("vote:cast", {"item_id": topics[text], "value": 1})["ok"]
    assert dash.call("agenda:topics_from_votes", {"activity_id": coffee["id"], "step_id": "vote"})["ok"]
    discuss = next_step(dash)
    assert (discuss["step_id"], discuss["topic"]) == ("discuss", "Genre")
    assert discuss["voting"]["mode"] == "thumbs"
    for person, thumb in zip(people, ("up", "up", "down")):
        assert person.call("vote:cast", {"item_id": 0, "value": thumb})["ok"]
    tally = dash.wait_for(lambda u: u["type"] == "votes.updated" and u["data"]["step_id"] == "discuss"
                          and sum(next(iter(u["data"]["counts"].values()), {}).values()) == 3)
    assert list(tally["data"]["counts"].values()) == [{"up": 2, "side": 0, "down": 1}]
    assert next_step(dash)["topic"] == "Bénévolat"


def test_evaluation_questionnaire_results_on_the_dashboard(server, event):
    dash = dashboard(server, event)
    evaluation, state = start_activity(dash, "evaluation")
    questions = {q["id"]: q for q in state["questions"]}
    assert questions["useful"]["type"] == "rating"
    people = [phone(server, event["code"], name=f"P{i}") for i in range(3)]
    for person, rating in zip(people, (5, 4, 4)):
        ack = person.call("answer:submit", {"answers": {"useful": rating, "improve": "Plus de pauses"}})
        assert ack["ok"], ack
    # Answering again replaces the answer; it does not count twice.
    assert people[0].call("answer:submit", {"answers": {"useful": 3}})["ok"]
    assert people[0].call("answer:submit", {"answers": {"useful": 9}})["error"]["code"] == "bad_answer"
    assert people[0].call("answer:submit", {"answers": {"nope": 1}})["error"]["code"] == "bad_answer"
    # Live, each answer carries what it changed (§5.8): the rating's figures whole.
    results = dash.wait_for(lambda u: u["type"] == "answers.updated" and any(
        c["id"] == "useful" and c["average"] == 3.67 for c in u["data"]["changed"]))
    useful = next(c for c in results["data"]["changed"] if c["id"] == "useful")
    assert useful["count"] == 3 and useful["histogram"][2:] == [1, 2, 0]
    assert "P0" not in json.dumps([u for u in dash.updates if u["type"] == "answers.updated"])
    # The dashboard's snapshot has the whole summary.
    again_dash = dashboard(server, event)
    summary = again_dash.snapshot["answers"]["summary"]
    assert next(s for s in summary if s["id"] == "useful")["average"] == 3.67
    assert next(s for s in summary if s["id"] == "improve")["texts"] == ["Plus de pauses"] * 3
    # A phone reloading finds its own answers.
    again = Screen(server, "participant", event["code"], token=people[0].token).connect()
    assert again.snapshot["my_answers"]["useful"] == "3"


def test_a_silent_vote_does_not_leak_its_leaders_through_the_run_off(server, event):
    dash = dashboard(server, event)
    vote_round, _state = start_activity(dash, "dot-voting")
    people = [phone(server, event["code"], name=f"P{i}") for i in range(2)]
    a, b = (people[i].post(text, "idea")["contribution"]["id"] for i, text in enumerate(["A", "B"]))
    next_step(dash)
    for person, item in zip(people, (a, b)):
        assert person.call("vote:cast", {"item_id": item, "value": 2})["ok"]
    watcher = phone(server, event["code"], name="Curieux")
    assert "tallies" not in watcher.snapshot  # a phone gets its current step's tally alone
    wall = Screen(server, "projector", event["code"]).connect()  # the public view of every step
    runoff = [t for t in wall.snapshot["tallies"] if t and t["step_id"] == "runoff"][0]
    assert "candidates" not in runoff and runoff["counts"] is None
    staff = [t for t in dashboard(server, event).snapshot["tallies"] if t and t["step_id"] == "runoff"][0]
    assert staff["candidates"] == [a, b]
    # Once the room is in the run-off, the tied options are public.
    next_step(dash)
    assert next_step(dash)["step_id"] == "runoff"
    late_comer = phone(server, event["code"], name="Retardataire")
    assert late_comer.snapshot["tally"]["candidates"] == [a, b]
