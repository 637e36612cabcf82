"""An activity's overrides are applied or refused with the field named, never dropped."""
import pytest

from facilitator.room import agenda
from facilitator.room.errors import RoomError
from facilitator.room.formats import BUILTIN_DIR, load_formats
from facilitator.room.overrides import clean_overrides

FORMATS = load_formats([BUILTIN_DIR])
DOTS = FORMATS["dot-voting"]


def refused(fmt, overrides) -> RoomError:
    with pytest.raises(RoomError) as caught:
        clean_overrides(fmt, overrides)
    return caught.value


def test_a_dots_override_reaches_the_vote():
    cleaned = clean_overrides(DOTS, {"voting": {"vote": {"dots": 5, "max_per_item": 2}}})
    assert cleaned == {"voting": {"vote": {"dots": 5, "max_per_item": 2}}}
    vote = next(s for s in agenda.plan_slots(DOTS, cleaned) if s.step_id == "vote")
    assert (vote.voting.dots, vote.voting.max_per_item, vote.voting.mode) == (5, 2, "dots")
    default = next(s for s in agenda.plan_slots(DOTS, {}) if s.step_id == "vote")
    assert default.voting.dots == 3


@pytest.mark.parametrize("overrides, field", [
    ({"dots": 5}, "overrides.dots"),                                    # the old silent drop
    ({"voting": {"vote": {"dot": 5}}}, "overrides.voting.vote.dot"),
    ({"voting": {"propose": {"dots": 5}}}, "overrides.voting.propose"),  # a step without a vote
    ({"voting": {"nope": {"dots": 5}}}, "overrides.voting.nope"),
    ({"voting": {"vote": {"extend": 3}}}, "overrides.voting.vote.extend"),  # thumbs only
    ({"durations": {"vot": 5}}, "overrides.durations.vot"),
    ({"prompts": {"vote": {"de": "Hallo"}}}, "overrides.prompts.vote.de"),
])
def test_what_the_format_does_not_take_is_refused_by_name(overrides, field):
    err = refused(DOTS, overrides)
    assert (err.code, err.params) == ("unknown_field", {"field": field})


@pytest.mark.parametrize("overrides, field", [
    ({"voting": {"vote": {"dots": 0}}}, "overrides.voting.vote.dots"),
    ({"voting": {"vote": {"dots": 2.5}}}, "overrides.voting.vote.dots"),
    ({"voting": {"vote": {"dots": True}}}, "overrides.voting.vote.dots"),
    ({"voting": {"vote": {"dots": 99}}}, "overrides.voting.vote.dots"),
    ({"voting": {"vote": 5}}, "overrides.voting.vote"),
    ({"anonymous": "yes"}, "overrides.anonymous"),
    ([1], "overrides"),
])
def test_wrong_values_are_refused_by_name(overrides, field):
    err = refused(DOTS, overrides)
    assert (err.code, err.params) == ("bad_field", {"field": field})


def test_lean_coffee_minutes_per_topic_and_thumbs_extension():
    lean = FORMATS["lean-coffee"]
    discuss = next(s for s in lean.steps if s.voting.mode == "thumbs")
    per_topic = next(p for p in discuss.parts if p.per == "topic")
    cleaned = clean_overrides(lean, {"durations": {f"{discuss.id}.{per_topic.id}": 6},
                                     "voting": {discuss.id: {"extend": 4}}})
    slots = [s for s in agenda.plan_slots(lean, cleaned, ["A", "B"]) if s.part_id == per_topic.id]
    assert [s.duration_s for s in slots] == [360, 360]
    assert all(s.voting.extend == 4 for s in slots)


def test_an_id_the_format_lost_is_ignored_when_read_back():
    """Overrides outlive format edits: a stale key must not stop the room."""
    slots = agenda.plan_slots(DOTS, {"voting": {"gone": {"dots": 9}}, "durations": {"gone": 3}})
    assert next(s for s in slots if s.step_id == "vote").voting.dots == 3


# --- the evaluation's questions (branch overrides) ---------------------------------------------

EVAL = FORMATS["evaluation"]
OWN = [{"id": "venue", "type": "rating", "scale": 4, "label": {"fr": "La salle ?", "en": "The room?"}},
       {"id": "next", "type": "choice", "label": {"fr": "On refait ?", "en": "Again?"},
        "options": [{"fr": "Oui", "en": "Yes"}, {"fr": "Non", "en": "No"}]}]


def test_an_evaluations_own_questions_replace_the_formats():
    cleaned = clean_overrides(EVAL, {"questions": {"survey": OWN}})
    assert cleaned == {"questions": {"survey": OWN}}
    (slot,) = agenda.plan_slots(EVAL, cleaned)
    assert [(q.id, q.type, q.scale) for q in slot.questions] == [("venue", "rating", 4),
                                                                  ("next", "choice", 5)]
    assert slot.questions[1].options[1].en == "No"
    assert agenda.plan_slots(EVAL)[0].questions[0].id == "useful"  # other activities keep theirs


@pytest.mark.parametrize("questions, code, field", [
    ({"propose": OWN}, "unknown_field", "overrides.questions.propose"),    # no such step
    ({"survey": []}, "bad_field", "overrides.questions.survey"),           # nothing left to ask
    ({"survey": "Qui ?"}, "bad_field", "overrides.questions.survey"),
    ({"survey": [{"id": "x", "type": "stars", "label": {"fr": "a", "en": "b"}}]},
     "question_type", "overrides.questions.survey[0].type"),              # the file's own rules
    ({"survey": [{"id": "x", "type": "choice", "label": {"fr": "a", "en": "b"},
                  "options": [{"fr": "Oui", "en": "Yes"}]}]}, "question_options",
     "overrides.questions.survey[0].options"),
    ({"survey": [OWN[0], OWN[0]]}, "duplicate_question", "overrides.questions.survey[1].id"),
    ({"survey": [dict(OWN[0], id=f"q{i}") for i in range(31)]}, "too_many_questions",
     "overrides.questions.survey"),
    ({"survey": [dict(OWN[0], label={"fr": "x" * 20_000, "en": "y"})]}, "questions_too_long",
     "overrides.questions.survey"),                                        # too long to store
])
def test_questions_the_format_file_would_refuse_are_refused_by_name(questions, code, field):
    error = refused(EVAL, {"questions": questions})
    assert (error.code, error.params["field"]) == (code, field)


def test_questions_on_a_step_that_asks_none_are_refused():
    assert refused(DOTS, {"questions": {"vote": OWN}}).params["field"] == "overrides.questions.vote"
