"""An evaluation's own questions, given from the dashboard (``overrides.questions``): phones are
asked them, answers are checked against them, the summary and the restitution count them; the
facilitator's added questions get their ids from the server, and a bad one is refused by its
field."""
from room_client import ask, updates
from test_restitution_handlers import signed_in

OWN = [{"id": "venue", "type": "rating", "scale": 4, "label": {"fr": "La salle ?", "en": "The room?"}}]
NEXT = {"type": "open", "label": {"fr": "Quel sujet voulez-vous approfondir lors du prochain atelier ?",
                                  "en": "Which topic would you like to explore at the next workshop?"}}
FORMAT = {"type": "choice", "label": {"fr": "Quel format ?", "en": "Which format?"},
          "options": [{"fr": "En salle", "en": "In person"}, {"fr": "En ligne", "en": "Online"}]}


def test_an_evaluation_asks_its_own_questions_and_refuses_bad_ones_by_name(room):
    staff, awa = room.facilitator(), room.phone("Awa")
    evaluation = ask(staff, "agenda:add", {"format_id": "evaluation"})["agenda"]["activities"][-1]
    bad = ask(staff, "agenda:edit", {"activity_id": evaluation["id"], "overrides": {
        "questions": {"survey": [{"id": "venue", "type": "stars", "label": {"fr": "a", "en": "b"}}]}}})
    assert bad["error"] == {"code": "question_type", "field": "overrides.questions.survey[0].type",
                            "n": 1, "message": "Question 1 : choisissez son type, une note, un choix "
                            "ou une réponse libre (overrides.questions.survey[0].type)."}
    assert ask(staff, "agenda:edit", {"activity_id": evaluation["id"],
                                      "overrides": {"questions": {"survey": OWN}}})["ok"]
    started = ask(staff, "agenda:start", {"activity_id": evaluation["id"]})
    assert [q["id"] for q in started["state"]["fr"]["questions"]] == ["venue"]
    assert ask(awa, "answer:submit", {"answers": {"venue": 3}})["ok"]
    assert ask(awa, "answer:submit", {"answers": {"venue": 5}})["ok"] is False  # its scale is 4
    summary = ask(staff, "sync", {"since": 0})["snapshot"]["answers"]["summary"]
    assert [(q["id"], q["count"]) for q in summary] == [("venue", 1)]


def _format_questions(staff):
    formats = ask(staff, "sync", {"since": 0})["snapshot"]["formats"]
    evaluation = next(f for f in formats if f["id"] == "evaluation")
    return evaluation["steps"][0]["questions"]


def test_added_questions_are_asked_answered_counted_and_exported(room):
    staff, awa, ben = room.facilitator(), room.phone("Awa"), room.phone("Ben", lang="en")
    base = _format_questions(staff)
    activity = ask(staff, "agenda:add", {"format_id": "evaluation", "overrides": {
        "questions": {"survey": [*base, NEXT]}}})["agenda"]["activities"][-1]
    asked = activity["overrides"]["questions"]["survey"]
    assert asked[-1] == {"id": "q1", **NEXT}  # the ack gives the dashboard the server's id

    # A second added question, and refusals naming their field in the facilitator's language.
    edit = {"activity_id": activity["id"]}
    refused = ask(staff, "agenda:edit", {**edit, "overrides": {"questions": {"survey": [
        *asked, {**FORMAT, "options": FORMAT["options"][:1]}]}}})["error"]
    assert (refused["code"], refused["field"]) == ("question_options", "overrides.questions.survey[6].options")
    assert refused["message"].startswith("Question 7 : une question à choix a de 2 à 10 options")
    refused = ask(staff, "agenda:edit", {**edit, "overrides": {"questions": {"survey": [
        *asked, {**FORMAT, "label": {"fr": "Quel format ?", "en": ""}}]}}})["error"]
    assert (refused["code"], refused["field"]) == ("question_label", "overrides.questions.survey[6].label.en")
    ack = ask(staff, "agenda:edit", {**edit, "overrides": {"questions": {"survey": [*asked, FORMAT]}}})
    asked = ack["agenda"]["activities"][-1]["overrides"]["questions"]["survey"]
    assert [q["id"] for q in asked][-2:] == ["q1", "q2"]

    started = ask(staff, "agenda:start", {"activity_id": activity["id"]})["state"]
    assert started["fr"]["questions"][-1] == {"id": "q2", "type": "choice", "label": "Quel format ?",
                                              "scale": 5, "options": ["En salle", "En ligne"]}
    phone_state = ask(ben, "sync", {"since": 0})["snapshot"]["state"]["en"]
    assert "fr" not in ask(ben, "sync", {"since": 0})["snapshot"]["state"]  # its language only
    assert [q["label"] for q in phone_state["questions"]][-2:] == [NEXT["label"]["en"], "Which format?"]

    updates(staff)
    assert ask(awa, "answer:submit", {"answers": {"useful": 4, "q1": "La mobilisation des ressources",
                                                  "q2": 1}})["ok"]
    assert ask(ben, "answer:submit", {"answers": {"q2": 2}})["error"]["code"] == "bad_answer"
    (live,) = updates(staff, "answers.updated")
    assert {c["id"]: c for c in live["data"]["changed"]}["q2"]["counts"] == [0, 1]
    assert {c["id"]: c for c in live["data"]["changed"]}["q1"]["text"] == "La mobilisation des ressources"

    # Reworded while the step runs: the answers stay with the question, the dashboard gets the
    # whole summary in the new words; changing what the answers mean is refused by its field.
    reworded = [*asked[:-1], {**asked[-1], "label": {"fr": "Quel format l'an prochain ?",
                                                     "en": "Which format next year?"}}]
    assert ask(staff, "agenda:edit", {**edit, "overrides": {"questions": {"survey": reworded}}})["ok"]
    (whole,) = updates(staff, "answers.updated")
    item = whole["data"]["summary"][-1]
    assert (item["label"], item["counts"]) == ("Quel format l'an prochain ?", [0, 1])
    assert whole["data"]["summary_en"][-1]["label"] == "Which format next year?"
    meaning = {k: v for k, v in asked[-1].items() if k != "options"}
    changed = ask(staff, "agenda:edit", {**edit, "overrides": {"questions": {"survey": [
        *asked[:-1], {**meaning, "type": "open"}]}}})["error"]
    assert (changed["code"], changed["field"]) == ("answered_question", "overrides.questions.survey[6].type")

    http = signed_in(room)
    url = f"/facilitator/events/{room.code}/restitution"
    md = http.get(f"{url}.md").get_data(as_text=True).replace("\xa0", " ")
    assert "Quel sujet voulez-vous approfondir lors du prochain atelier ?" in md
    assert "La mobilisation des ressources" in md and "Quel format l'an prochain ?" in md
    data = http.get(f"{url}.json").get_json()
    summary = {q["id"]: q for q in data["evaluation"][0]["summary"]}
    assert summary["q1"]["texts"] == ["La mobilisation des ressources"]
    assert summary["q2"]["options"] == ["En salle", "En ligne"] and summary["q2"]["counts"] == [0, 1]
