"""The agenda's clock without tricks: the real ticker, switching activities, votes across steps."""
import uuid

from live_server import Screen, dashboard, phone


def test_the_ticker_moves_an_auto_step_on_by_itself(server, event):
    dash = dashboard(server, event)
    # 1-2-4-All with a 3-second "alone": the server's own ticker must move on, nobody calls it.
    ack = dash.call("agenda:add", {"format_id": "one-two-four-all",
                                   "overrides": {"durations": {"alone": 0.05}}})
    activity = ack["agenda"]["activities"][-1]
    assert dash.call("agenda:start", {"activity_id": activity["id"]})["state"]["fr"]["step_id"] == "alone"
    moved = dash.wait_for(lambda u: u["type"] == "agenda.state" and u["data"]["fr"]["step_id"] == "pairs",
                          timeout=8)
    # The next step starts when the previous one ended, not when the ticker noticed.
    assert moved["data"]["fr"]["started_at"] == moved["data"]["fr"]["ends_at"] - 120


def test_leaving_an_activity_stops_its_clock(server, event):
    dash = dashboard(server, event)
    jam = dash.call("agenda:add", {"format_id": "knowledge-jam"})["agenda"]["activities"][-1]
    qna = dash.call("agenda:add", {"format_id": "qna"})["agenda"]["activities"][-1]
    slots = dash.call("agenda:start", {"activity_id": jam["id"], "slot_index": 2})
    before = slots["state"]["fr"]
    assert before["part_id"] == "opening"
    assert dash.call("agenda:start", {"activity_id": qna["id"]})["ok"]
    dash.call("test:clock", {"advance": 20 * 60})  # twenty minutes of questions
    back = dash.call("agenda:start", {"activity_id": jam["id"]})["state"]["fr"]
    assert back["part_id"] == "opening" and back["status"] == "running"
    assert abs(back["remaining_s"] - before["remaining_s"]) < 3
    assert dash.call("agenda:close")["ok"]
    dash.call("test:clock", {"advance": 600})
    again = dash.call("agenda:start", {"activity_id": jam["id"]})["state"]["fr"]
    assert abs(again["remaining_s"] - before["remaining_s"]) < 3


def test_upvotes_follow_questions_from_the_talks_to_the_qna(server, event):
    dash = dashboard(server, event)
    talks = dash.call("agenda:add", {"format_id": "experience-talks", "topics": ["Tontine"]})
    activity = talks["agenda"]["activities"][-1]
    dash.call("agenda:start", {"activity_id": activity["id"]})
    asker, voter = phone(server, event["code"], name="A"), phone(server, event["code"], name="B")
    later = phone(server, event["code"], name="C")
    question = asker.post("Quel taux ?", "question")
    item = question["contribution"]["id"]
    assert voter.call("vote:cast", {"item_id": item, "value": 1})["tally"]["counts"] == {str(item): 1}
    qna = dash.call("agenda:control", {"action": "next"})["state"]["fr"]
    assert qna["step_id"] == "qna"
    assert later.call("vote:cast", {"item_id": item, "value": 1})["tally"]["counts"] == {str(item): 2}
    # The voter's upvote followed the question: upvoting it again in the Q&A changes nothing.
    assert voter.call("vote:cast", {"item_id": item, "value": 1})["tally"]["counts"] == {str(item): 2}


def test_private_notes_stay_with_the_facilitator(server, event):
    dash = dashboard(server, event)
    activity = dash.call("agenda:add", {"format_id": "one-two-four-all"})["agenda"]["activities"][-1]
    dash.call("agenda:start", {"activity_id": activity["id"]})
    ph = phone(server, event["code"])
    note = ph.post("ma pensée du moment", "note")
    assert note["ok"], note
    dash.wait_for(lambda u: u["type"] == "contribution.created")
    assert dash.call("contribution:moderate", {"id": note["contribution"]["id"], "starred": True})["ok"]
    projector = Screen(server, "projector", event["code"]).connect()
    assert all(c["text"] != "ma pensée du moment" for c in projector.snapshot["contributions"])
    projector.disconnect()
    projector.connect()  # a replay from a known seq
    assert "ma pensée du moment" not in str(projector.updates)


def test_a_resend_is_the_same_post_even_after_the_step_changed_anonymity(server, event):
    dash = dashboard(server, event)
    ph = phone(server, event["code"])
    client_id = str(uuid.uuid4())
    first = ph.post("Signé sur le mur ouvert", client_id=client_id)
    dialogue = dash.call("agenda:add", {"format_id": "dialogue"})["agenda"]["activities"][-1]
    dash.call("agenda:start", {"activity_id": dialogue["id"], "slot_index": 1})
    again = ph.post("Signé sur le mur ouvert", client_id=client_id)
    assert again["ok"] and again["contribution"]["id"] == first["contribution"]["id"]


def test_a_refused_start_changes_nothing(server, event):
    dash = dashboard(server, event)
    jam = dash.call("agenda:add", {"format_id": "knowledge-jam"})["agenda"]["activities"][-1]
    qna = dash.call("agenda:add", {"format_id": "qna"})["agenda"]["activities"][-1]
    running = dash.call("agenda:start", {"activity_id": jam["id"], "slot_index": 2})["state"]["fr"]
    refused = dash.call("agenda:start", {"activity_id": qna["id"], "slot_index": 99})
    assert refused["error"]["code"] == "bad_slot"
    still = dashboard(server, event).snapshot["state"]["fr"]
    assert still["status"] == "running" and still["part_id"] == running["part_id"]


def test_a_post_sent_late_goes_where_it_was_written(server, event):
    dash = dashboard(server, event)
    jam = dash.call("agenda:add", {"format_id": "knowledge-jam",
                                   "topics": ["Tontine", "Semences"]})["agenda"]["activities"][-1]
    first_round = dash.call("agenda:start", {"activity_id": jam["id"], "slot_index": 3})["state"]["fr"]
    assert first_round["topic"] == "Tontine"
    ph = phone(server, event["code"])

    def comment(text, slot=None):
        return ph.post(text, "comment", **({"slot": slot} if slot is not None else {}))

    # Written during the Tontine round, sent just after the facilitator moved to the next topic.
    assert dash.call("agenda:control", {"action": "next"})["state"]["fr"]["topic"] == "Semences"
    late = comment("Les taux varient selon les quartiers", {"activity": jam["id"], "index": 3})
    assert late["ok"], late
    assert (late["contribution"]["step_id"], late["contribution"]["topic"]) == ("discover", "Tontine")
    # A slot the room has not reached yet is no hiding place: the post goes where the room is.
    early = comment("Et les semences paysannes ?", {"activity": jam["id"], "index": 6})
    assert early["contribution"]["topic"] == "Semences"
    # In Broker only brokers write; a comment written back in the round still lands there.
    dash.call("agenda:start", {"activity_id": jam["id"], "slot_index": 7})
    assert comment("Trop tard, sans étape")["error"]["code"] == "role_not_allowed"
    kept = comment("Écrit hors ligne pendant la ronde", {"activity": jam["id"], "index": 4})
    assert kept["ok"] and kept["contribution"]["topic"] == "Semences"
    # Only for a short while: later, an old slot is no way round a step that is closed to you.
    dash.call("test:clock", {"advance": 180})
    stale = comment("Bien plus tard", {"activity": jam["id"], "index": 4})
    assert stale["error"]["code"] == "role_not_allowed"
    assert comment("x", {"activity": 2**70, "index": 3})["error"]["code"] == "bad_payload"
    assert comment("x", {"activity": "jam", "index": 3})["error"]["code"] == "bad_payload"
    # The dashboard files them the same way.
    stored = {c["text"]: c["topic"] for c in dashboard(server, event).snapshot["contributions"]}
    assert stored["Les taux varient selon les quartiers"] == "Tontine"
    assert stored["Écrit hors ligne pendant la ronde"] == "Semences"
