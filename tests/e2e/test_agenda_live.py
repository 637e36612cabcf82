"""The agenda's clock without tricks: the real ticker, switching activities, votes across steps."""
import uuid

from live_server import dashboard, phone


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
    question = asker.call("contribution:create", {"client_id": str(uuid.uuid4()), "kind": "question",
                                                  "text": "Quel taux ?", "anonymous": False})
    item = question["contribution"]["id"]
    assert voter.call("vote:cast", {"item_id": item, "value": 1})["tally"]["counts"] == {str(item): 1}
    qna = dash.call("agenda:control", {"action": "next"})["state"]["fr"]
    assert qna["step_id"] == "qna"
    assert asker.call("vote:cast", {"item_id": item, "value": 1})["tally"]["counts"] == {str(item): 2}
