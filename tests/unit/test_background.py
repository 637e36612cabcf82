"""Background activities' rules (room/background.py), the format flag that allows them, the
store's table and the demo day's all-day question box (docs/background.md)."""
import tomllib

import pytest

from facilitator.activities import Activities
from facilitator.background import Background
from facilitator.demo import create_demo_event
from facilitator.room import background as rules
from facilitator.room.agenda import plan_slots
from facilitator.room.formats import BUILTIN_DIR, FormatError, load_formats, parse_format
from facilitator.votes import Votes

NOW = 1_800_000_000.0
FORMATS = load_formats([BUILTIN_DIR])

BOX = '''
id = "box"
background = true
[label]
fr = "Boîte"
en = "Box"
[description]
fr = "Une boîte"
en = "A box"
[[steps]]
id = "ideas"
[steps.label]
fr = "Vos idées"
en = "Your ideas"
[steps.prompt]
fr = "Écrivez"
en = "Write"
'''


def parse(extra_top: str = "", extra_step: str = ""):
    text = BOX.replace("background = true\n", "background = true\n" + extra_top)
    return parse_format(tomllib.loads(text + extra_step), "box.toml")


def errors(**kw) -> list[str]:
    with pytest.raises(FormatError) as caught:
        parse(**kw)
    return caught.value.errors


def test_the_flag_is_read_and_defaults_to_false():
    assert parse().background is True
    assert FORMATS["qna"].background and FORMATS["brainstorm"].background
    assert not FORMATS["experience-talks"].background and not FORMATS["knowledge-jam"].background


def test_the_flag_must_be_a_boolean():
    text = BOX.replace("background = true", 'background = "yes"')
    with pytest.raises(FormatError) as caught:
        parse_format(tomllib.loads(text), "box.toml")
    assert caught.value.errors == ['box.toml: field "background": must be true or false']


@pytest.mark.parametrize("step, field", [
    ("duration = 10\n", "duration"),
    ('contributors = "roles"\nroles = ["facilitator"]\n', "contributors"),
    ('groups = "breakout"\n', "groups"),
])
def test_a_background_step_is_one_untimed_step_open_to_everyone(step, field):
    text = BOX.replace('id = "ideas"\n', 'id = "ideas"\n' + step)
    with pytest.raises(FormatError) as caught:
        parse_format(tomllib.loads(text), "box.toml")
    assert any(f'step "ideas", field "{field}"' in e for e in caught.value.errors), caught.value.errors


def test_a_background_format_has_one_step():
    second = '''
[[steps]]
id = "more"
[steps.label]
fr = "Encore"
en = "More"
[steps.prompt]
fr = "Écrivez"
en = "Write"
'''
    assert errors(extra_step=second) == [
        'box.toml: field "background": a background format has exactly one step (this one has 2)']
    # The same two steps without the flag are a good format.
    assert parse_format(tomllib.loads(BOX.replace("background = true\n", "") + second), "x").steps


def test_open_slot_and_may_run():
    qna = plan_slots(FORMATS["qna"])
    assert rules.open_slot(qna).step_id == "questions"
    assert rules.may_run(True, qna) is None
    assert rules.may_run(False, qna) == "background_not_allowed"
    talks = plan_slots(FORMATS["experience-talks"], topics=["Tontine"])
    assert rules.open_slot(talks) is None
    assert rules.may_run(True, talks) == "background_not_allowed"


def test_the_store_keeps_the_background_and_the_projected_box(store):
    event = store.create_event("Atelier", "fr", NOW)
    box = store.add_activity(event["id"], "qna", "Questions", {}, [], NOW)
    idea = store.add_activity(event["id"], "brainstorm", "Idées", {}, [], NOW)
    store.set_background(event["id"], idea["id"], True, NOW)
    store.set_background(event["id"], box["id"], True, NOW)
    store.set_background(event["id"], box["id"], True, NOW)  # twice is once
    assert store.background_ids(event["id"]) == [box["id"], idea["id"]]  # agenda order
    store.project_background(event["id"], idea["id"])
    assert store.projected_background(event["id"]) == idea["id"]
    store.project_background(event["id"], None)
    assert store.projected_background(event["id"]) is None
    store.set_background(event["id"], idea["id"], False, NOW)
    store.remove_activity(event["id"], box["id"])
    assert store.background_ids(event["id"]) == []


def test_the_demo_day_keeps_its_question_box_open_all_day(store):
    event = create_demo_event(store, NOW)
    data = _service(store, Activities(store, FORMATS)).data(event["id"])
    # The demo's titles start with their time of day ("08:30 — …").
    assert [a["title"].split(" — ", 1)[-1] for a in data["activities"]] == [
        "Questions ouvertes toute la journée"]
    assert data["activities"][0]["visibility"] == "choice"


def test_a_box_open_all_day_takes_upvotes_only():
    assert rules.takes_votes(plan_slots(FORMATS["qna"])[0].voting.mode)
    assert not rules.takes_votes(plan_slots(FORMATS["brainstorm"])[0].voting.mode)  # "none"
    # A ballot of the moment waits for the activity to be the current one.
    assert not rules.takes_votes("dots") and not rules.takes_votes("thumbs")


def test_an_item_is_voted_on_in_its_own_box_only_while_the_room_sees_it():
    item = {"id": 7, "activity_id": 3, "hidden": 0, "withdrawn": 0}
    assert rules.item_refusal(item, 3) is None
    assert rules.item_refusal(item, 4) == "not_in_activity"
    assert rules.item_refusal({**item, "activity_id": None}, 3) == "not_in_activity"  # the open wall's
    assert rules.item_refusal({**item, "hidden": 1}, 3) == "not_found"
    assert rules.item_refusal({**item, "withdrawn": 1}, 4) == "not_found"  # gone, wherever it was
    assert rules.item_refusal(None, 3) == "not_found"


def test_the_box_says_whether_phones_may_upvote_and_its_votes_are_the_activitys(store):
    from facilitator.activities import vote_scope
    event = store.create_event("Atelier", "fr", NOW)
    box = store.add_activity(event["id"], "qna", "Questions", {}, [], NOW)
    ideas = store.add_activity(event["id"], "brainstorm", "Idées", {}, [], NOW)
    for a in (box, ideas):
        store.set_background(event["id"], a["id"], True, NOW)
    activities = Activities(store, FORMATS)
    service = _service(store, activities)
    assert [a["voting"] for a in service.data(event["id"])["activities"]] == ["upvote", "none"]
    # The same scope as when the box is the current activity: nothing lost nor doubled.
    assert vote_scope(activities.step_of(box, "questions")) == "upvotes"
    store.set_vote(box["id"], "upvotes", 5, 9, 1, NOW)
    tallies = service.tallies(event["id"], staff=False, voter=5)
    assert [(t["activity_id"], t["counts"], t["mine"]) for t in tallies] == [(box["id"], {"9": 1}, {"9": 1})]


def _service(store, activities):
    return Background(store, activities, Votes(store, activities))
