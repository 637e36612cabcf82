"""An evaluation's own questions, given from the dashboard (``overrides.questions``): phones are
asked them, answers are checked against them, the summary counts them."""
from room_client import ask

OWN = [{"id": "venue", "type": "rating", "scale": 4, "label": {"fr": "La salle ?", "en": "The room?"}}]


def test_an_evaluation_asks_its_own_questions_and_refuses_bad_ones_by_name(room):
    staff, awa = room.facilitator(), room.phone("Awa")
    evaluation = ask(staff, "agenda:add", {"format_id": "evaluation"})["agenda"]["activities"][-1]
    bad = ask(staff, "agenda:edit", {"activity_id": evaluation["id"], "overrides": {
        "questions": {"survey": [{"id": "venue", "type": "stars", "label": {"fr": "a", "en": "b"}}]}}})
    assert bad["error"] == {"code": "bad_field", "field": "overrides.questions.survey",
                            "message": "Valeur invalide pour le champ overrides.questions.survey."}
    assert ask(staff, "agenda:edit", {"activity_id": evaluation["id"],
                                      "overrides": {"questions": {"survey": OWN}}})["ok"]
    started = ask(staff, "agenda:start", {"activity_id": evaluation["id"]})
    assert [q["id"] for q in started["state"]["fr"]["questions"]] == ["venue"]
    assert ask(awa, "answer:submit", {"answers": {"venue": 3}})["ok"]
    assert ask(awa, "answer:submit", {"answers": {"venue": 5}})["ok"] is False  # its scale is 4
    summary = ask(staff, "sync", {"since": 0})["snapshot"]["answers"]["summary"]
    assert [(q["id"], q["count"]) for q in summary] == [("venue", 1)]
