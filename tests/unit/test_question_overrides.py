"""The facilitator's own questions added to a questionnaire step (``overrides.questions``): each
field checked and refused by name, new questions given an id no earlier answer carries, and a
question that has answers keeping what they mean (room/question_overrides.py)."""
import pytest

from facilitator.i18n import error_message
from facilitator.room import agenda
from facilitator.room.errors import RoomError
from facilitator.room.format_questions import question_table
from facilitator.room.formats import BUILTIN_DIR, load_formats
from facilitator.room.overrides import clean_overrides
from facilitator.room.questionnaire import clean_answers, summarise

EVAL = load_formats([BUILTIN_DIR])["evaluation"]
FORMAT_QUESTIONS = [question_table(q) for q in EVAL.steps[0].questions]
NEXT_TOPIC = {"type": "open", "label": {"fr": "Quel sujet voulez-vous approfondir lors du prochain atelier ?",
                                        "en": "Which topic would you like to explore at the next workshop?"}}
FORMAT_CHOICE = {"type": "choice", "label": {"fr": "Quel format ?", "en": "Which format?"},
                 "options": [{"fr": "En salle", "en": "In person"}, {"fr": "En ligne", "en": "Online"},
                             {"fr": "Les deux", "en": "Both"}]}


def survey(*added, base=FORMAT_QUESTIONS, **kw):
    return clean_overrides(EVAL, {"questions": {"survey": [*base, *added]}}, **kw)["questions"]["survey"]


def refused(questions, **kw) -> RoomError:
    with pytest.raises(RoomError) as caught:
        clean_overrides(EVAL, {"questions": {"survey": questions}}, **kw)
    return caught.value


def test_added_questions_come_after_the_formats_with_ids_the_server_gives():
    asked = survey(NEXT_TOPIC, FORMAT_CHOICE, {"type": "rating", "scale": 4,
                                              "label": {"fr": "Note globale ?", "en": "Overall?"}})
    assert [q["id"] for q in asked] == ["useful", "organisation", "facilitation", "apply", "improve",
                                        "q1", "q2", "q3"]
    assert asked[5] == {"id": "q1", **NEXT_TOPIC}
    assert asked[7]["scale"] == 4
    (slot,) = agenda.plan_slots(EVAL, {"questions": {"survey": asked}})
    assert [(q.id, q.type) for q in slot.questions][-3:] == [("q1", "open"), ("q2", "choice"),
                                                             ("q3", "rating")]
    assert slot.questions[6].options[2].en == "Both"


def test_an_added_question_may_stand_anywhere_in_the_list():
    asked = survey(base=[NEXT_TOPIC, *FORMAT_QUESTIONS[:2]])
    assert [q["id"] for q in asked] == ["q1", "useful", "organisation"]


def test_a_new_id_is_one_no_earlier_answer_carries():
    """q1 was added, answered, then dropped: the next new question is not given its answers."""
    asked = survey(NEXT_TOPIC, base=FORMAT_QUESTIONS[:1], answered=frozenset({"useful", "q1"}),
                   before={"questions": {"survey": FORMAT_QUESTIONS[:1]}})
    assert [q["id"] for q in asked] == ["useful", "q2"]
    # Nor the id of a question the activity asks now, nor one of the format's it dropped.
    before = {"questions": {"survey": [FORMAT_QUESTIONS[0], {"id": "q1", **NEXT_TOPIC}]}}
    asked = survey({"id": "q1", **NEXT_TOPIC}, FORMAT_CHOICE, base=[], before=before)
    assert [q["id"] for q in asked] == ["q1", "q2"]
    asked = survey(NEXT_TOPIC, base=FORMAT_QUESTIONS[1:2])
    assert [q["id"] for q in asked] == ["organisation", "q1"]  # "useful" stays the format's


def test_wording_is_cleaned_and_keys_come_in_the_files_order():
    asked = survey({"label": {"en": "  Which topic?  ", "fr": "Quel sujet ?\u0007"}, "type": "open"},
                   base=[])
    assert asked == [{"id": "q1", "type": "open", "label": {"fr": "Quel sujet ?", "en": "Which topic?"}}]
    assert list(asked[0]) == ["id", "type", "label"]


@pytest.mark.parametrize("question, code, field", [
    ({"type": "stars", "label": NEXT_TOPIC["label"]}, "question_type", "[5].type"),
    ({"label": NEXT_TOPIC["label"]}, "question_type", "[5].type"),
    ({"type": "open"}, "question_label", "[5].label"),
    ({"type": "open", "label": "Quel sujet ?"}, "question_label", "[5].label"),
    ({"type": "open", "label": {"fr": "Quel sujet ?"}}, "question_label", "[5].label.en"),
    ({"type": "open", "label": {"fr": "   ", "en": "Which?"}}, "question_label", "[5].label.fr"),
    ({"type": "open", "label": {"fr": "Quel ?", "en": "Which?", "de": "Welche?"}}, "unknown_field",
     "[5].label.de"),
    ({"type": "open", "label": {"fr": "x" * 301, "en": "Which?"}}, "question_too_long", "[5].label.fr"),
    ({**NEXT_TOPIC, "hint": "?"}, "unknown_field", "[5].hint"),
    ({**NEXT_TOPIC, "id": "Sujet"}, "bad_field", "[5].id"),
    ({**NEXT_TOPIC, "id": "useful"}, "duplicate_question", "[5].id"),
    ({**NEXT_TOPIC, "scale": 5}, "question_scale", "[5].scale"),
    ({**NEXT_TOPIC, "type": "rating", "scale": 6}, "question_scale", "[5].scale"),  # 5 fit a phone
    ({**NEXT_TOPIC, "type": "rating", "scale": 4.0}, "question_scale", "[5].scale"),
    ({**NEXT_TOPIC, "type": "rating", "scale": 1}, "question_scale", "[5].scale"),
    ({**NEXT_TOPIC, "type": "rating", "scale": True}, "question_scale", "[5].scale"),
    ({**NEXT_TOPIC, "options": FORMAT_CHOICE["options"]}, "question_options", "[5].options"),
    ({**FORMAT_CHOICE, "options": FORMAT_CHOICE["options"][:1]}, "question_options", "[5].options"),
    ({**FORMAT_CHOICE, "options": "Oui, Non"}, "question_options", "[5].options"),
    ({**FORMAT_CHOICE, "options": FORMAT_CHOICE["options"] * 4}, "question_options", "[5].options"),
    ({**FORMAT_CHOICE, "options": [{"fr": "Oui", "en": "Yes"}, {"fr": "Non"}]}, "question_option",
     "[5].options[1].en"),
    ({**FORMAT_CHOICE, "options": [{"fr": "Oui", "en": "Yes"}, {"fr": "N" * 101, "en": "No"}]},
     "question_too_long", "[5].options[1].fr"),
    ("Quel sujet ?", "bad_field", "[5]"),
])
def test_a_bad_added_question_is_refused_naming_its_field(question, code, field):
    error = refused([*FORMAT_QUESTIONS, question])
    assert (error.code, error.params["field"]) == (code, "overrides.questions.survey" + field)
    # The message says which question, in the dashboard's numbering, in both languages.
    if "n" in error.params:
        assert error.params["n"] == 6
        assert error_message(code, "fr", **error.params).startswith("Question 6 : ")
        assert error_message(code, "en", **error.params).startswith("Question 6: ")


def test_thirty_questions_at_most():
    assert survey(*[NEXT_TOPIC] * 25)[-1]["id"] == "q25"  # 5 of the format's + 25
    error = refused([*FORMAT_QUESTIONS, *[NEXT_TOPIC] * 26])
    assert (error.code, error.params) == ("too_many_questions",
                                          {"field": "overrides.questions.survey", "max": 30})


def test_a_format_questions_longer_scale_may_be_reworded():
    """The phone's bound is for new questions: a file's 1–11 scale keeps working when reworded."""
    fmt = load_formats([BUILTIN_DIR])["evaluation"]
    from dataclasses import replace
    wide = replace(fmt.steps[0].questions[0], scale=11)
    fmt = replace(fmt, steps=(replace(fmt.steps[0], questions=(wide,)),))
    table = dict(question_table(wide), label={"fr": "Utile ?", "en": "Useful?"})
    assert clean_overrides(fmt, {"questions": {"survey": [table]}})["questions"]["survey"][0]["scale"] == 11


# --- after answers came in: the rule of rewording, for every question alike --------------------

ADDED = {"id": "q1", **FORMAT_CHOICE}
BEFORE = {"questions": {"survey": [*FORMAT_QUESTIONS, ADDED]}}


def test_an_answered_added_question_may_be_reworded_and_keeps_its_answers():
    reworded = {**ADDED, "label": {"fr": "Quel format l'an prochain ?", "en": "Which format next year?"},
                "options": [{"fr": "Sur place", "en": "On site"}, *ADDED["options"][1:]]}
    asked = survey(reworded, before=BEFORE, answered=frozenset({"q1"}))
    questions = agenda.questions_of(EVAL.steps[0], {"questions": {"survey": asked}})
    stored = [("q1", "0"), ("q1", "0"), ("q1", "2"), ("useful", "4")]
    item = summarise(questions, stored, "fr")[-1]
    assert (item["label"], item["options"][0], item["counts"]) == ("Quel format l'an prochain ?",
                                                                   "Sur place", [2, 0, 1])


@pytest.mark.parametrize("change, field", [
    ({"type": "open", "options": None}, "type"),
    ({"options": ADDED["options"][:2]}, "options"),
])
def test_an_answered_question_keeps_what_its_answers_mean(change, field):
    question = {k: v for k, v in {**ADDED, **change}.items() if v is not None}
    error = refused([*FORMAT_QUESTIONS, question], before=BEFORE, answered=frozenset({"q1"}))
    assert (error.code, error.params["field"]) == ("answered_question",
                                                   f"overrides.questions.survey[5].{field}")
    # Without answers the same change is only an edit.
    assert survey(question, before=BEFORE)[-1]["type"] == question["type"]


def test_a_formats_answered_rating_keeps_its_scale_even_once_dropped():
    useful = dict(FORMAT_QUESTIONS[0], scale=4)
    error = refused([useful], before={"questions": {"survey": FORMAT_QUESTIONS[1:]}},
                    answered=frozenset({"useful"}))
    assert (error.code, error.params["field"]) == ("answered_question",
                                                   "overrides.questions.survey[0].scale")
    # Brought back as it was, it finds its answers again.
    assert survey(base=FORMAT_QUESTIONS, before={"questions": {"survey": FORMAT_QUESTIONS[1:]}},
                  answered=frozenset({"useful"}))[0]["id"] == "useful"


def test_the_id_of_a_dropped_answered_question_is_not_given_to_another():
    """Its answers belong to a question no longer known: reusing the id would hand them over."""
    error = refused([*FORMAT_QUESTIONS, {"id": "q1", **NEXT_TOPIC}],
                    before={"questions": {"survey": FORMAT_QUESTIONS}}, answered=frozenset({"q1"}))
    assert (error.code, error.params["field"]) == ("answered_question",
                                                   "overrides.questions.survey[5].id")


def test_answers_to_an_added_question_are_checked_like_the_formats():
    questions = agenda.questions_of(EVAL.steps[0], {"questions": {"survey": survey(FORMAT_CHOICE, NEXT_TOPIC)}})
    assert clean_answers(questions, {"q1": 2, "q2": "La mobilisation des ressources"}, 500) == {
        "q1": "2", "q2": "La mobilisation des ressources"}
    for bad in ({"q1": 3}, {"q1": "En ligne"}, {"q2": 4}):
        with pytest.raises(RoomError) as caught:
            clean_answers(questions, bad, 500)
        assert caught.value.code == "bad_answer"
