"""The agenda and its clock, with an injected clock: no test reads the real time."""
from __future__ import annotations

import pytest

from facilitator.room import agenda
from facilitator.room.agenda import (
    AgendaError, Run, catch_up, current_slot, effective_anonymous, extend, goto, may_contribute,
    next_slot, pause, plan_slots, previous_slot, public_state, rebase, remaining, resume, start,
    timer_phase,
)
from facilitator.room.formats import Format, Part, Question, Step, Text, Voting

T0 = 1_700_000_000.0  # any fixed epoch; the agenda never reads the clock itself


# --- building formats by hand (the TOML loader is not needed here) --------------------------

def text(word: str) -> Text:
    return Text(fr=f"{word} (fr)", en=f"{word} (en)")


def part(pid, minutes=0.0, *, per="", warning=0.0, advance="facilitator", prompt=None) -> Part:
    return Part(id=pid, label=text(pid), prompt=prompt or text(f"{pid} prompt"),
                duration=minutes, warning=warning, advance=advance, per=per)


def step(sid, minutes=0.0, parts=None, *, warning=0.0, advance="facilitator",
         contributors="everyone", roles=(), kinds=("idea", "question", "comment"),
         visibility="choice", voting=Voting(), questions=()) -> Step:
    if parts is None:  # what the loader does: one implicit part carrying the step's own timing
        parts = [Part(id=sid, label=text(sid), prompt=text(f"{sid} prompt"),
                      duration=minutes, warning=warning, advance=advance)]
    return Step(id=sid, label=text(sid), prompt=text(f"{sid} prompt"), duration=minutes,
                warning=warning, advance=advance, contributors=contributors, roles=tuple(roles),
                kinds=tuple(kinds), visibility=visibility, produces="", shared=True,
                topics_from="", voting=voting, questions=tuple(questions), parts=tuple(parts))


def fmt(*steps) -> Format:
    return Format(id="test", label=text("test"), description=text("d"), roles=(), steps=steps)


def knowledge_jam() -> Format:
    discover = step("discover", 90, [
        part("opening", 10),
        part("round", per="topic", warning=2),
        part("readback", 10),
        part("next_steps", 10),
    ], contributors="roles", roles=("note_taker", "facilitator"), kinds=("note",))
    return fmt(step("select"), step("plan"), discover, step("broker"), step("reuse"))


def discover_slots(slots):
    return [s for s in slots if s.step_id == "discover"]


def rounds(slots):
    return [s for s in slots if s.part_id == "round"]


def timed(*specs) -> list:
    """Slots from (minutes, advance, warning_minutes) specs, one step each."""
    steps = [step(f"s{i}", m, advance=a, warning=w) for i, (m, a, w) in enumerate(specs)]
    return plan_slots(fmt(*steps), None, [])


# --- plan_slots ----------------------------------------------------------------------------

def test_jam_with_three_topics_gives_three_rounds_of_twenty_minutes():
    slots = plan_slots(knowledge_jam(), None, ["Pumps", "Seeds", "Credit"])
    discover = discover_slots(slots)
    assert [s.part_id for s in discover] == ["opening", "round", "round", "round", "readback", "next_steps"]
    assert [s.duration_s for s in rounds(slots)] == [1200, 1200, 1200]
    assert sum(s.duration_s for s in discover) == 90 * 60


def test_jam_with_four_topics_rebalances_to_fifteen_minutes():
    three = plan_slots(knowledge_jam(), None, ["A", "B", "C"])
    four = plan_slots(knowledge_jam(), None, ["A", "B", "C", "D"])
    assert [s.duration_s for s in rounds(three)] == [1200] * 3
    assert [s.duration_s for s in rounds(four)] == [900] * 4
    assert sum(s.duration_s for s in discover_slots(four)) == 90 * 60


def test_rounding_remainder_goes_to_the_last_round():
    slots = plan_slots(knowledge_jam(), None, list("ABCDEFG"))  # 3600 s / 7 = 514 rest 2
    assert [s.duration_s for s in rounds(slots)] == [514] * 6 + [516]
    assert sum(s.duration_s for s in discover_slots(slots)) == 5400


def test_round_slots_keep_part_label_and_carry_their_topic():
    slots = plan_slots(knowledge_jam(), None, ["Pumps", "Seeds"])
    first, second = rounds(slots)
    assert first.label == second.label == text("round")
    assert (first.topic, first.topic_index, first.topic_count) == ("Pumps", 0, 2)
    assert (second.topic, second.topic_index) == ("Seeds", 1)
    opening = discover_slots(slots)[0]
    assert (opening.topic, opening.topic_index, opening.topic_count) == ("", -1, 0)
    assert first.step_label == text("discover")


def test_without_topics_the_round_appears_once_with_the_whole_rest():
    slots = plan_slots(knowledge_jam(), None, [])
    (only,) = rounds(slots)
    assert (only.topic, only.topic_index, only.duration_s) == ("", -1, 3600)


def test_slots_are_numbered_in_running_order_with_step_positions():
    slots = plan_slots(knowledge_jam(), None, ["A", "B"])
    assert [s.index for s in slots] == list(range(len(slots)))
    assert [s.step_id for s in slots] == ["select", "plan"] + ["discover"] * 5 + ["broker", "reuse"]
    assert {s.step_count for s in slots} == {5}
    assert [s.step_index for s in slots][:3] == [0, 1, 2]
    assert slots[0].duration_s == 0  # untimed forms around the live phase


def test_slots_copy_the_step_rules():
    slots = plan_slots(knowledge_jam(), None, ["A"])
    round_slot = rounds(slots)[0]
    assert round_slot.contributors == "roles"
    assert round_slot.roles == ("note_taker", "facilitator")
    assert round_slot.kinds == ("note",)
    assert round_slot.warning_s == 120


def test_step_duration_override_changes_the_budget_of_a_step_with_parts():
    slots = plan_slots(knowledge_jam(), {"durations": {"discover": 120}}, ["A", "B", "C"])
    assert [s.duration_s for s in rounds(slots)] == [1800] * 3
    assert sum(s.duration_s for s in discover_slots(slots)) == 120 * 60


def test_part_duration_override_takes_its_time_from_the_rounds():
    slots = plan_slots(knowledge_jam(), {"durations": {"discover.opening": 20}}, ["A", "B", "C"])
    assert discover_slots(slots)[0].duration_s == 1200
    assert [s.duration_s for s in rounds(slots)] == [1000] * 3
    assert sum(s.duration_s for s in discover_slots(slots)) == 90 * 60


def test_override_on_the_per_topic_part_fixes_each_round():
    slots = plan_slots(knowledge_jam(), {"durations": {"discover.round": 12}}, ["A", "B"])
    assert [s.duration_s for s in rounds(slots)] == [720, 720]


def test_step_duration_override_sets_a_single_part_step():
    f = fmt(step("welcome", 10), step("evaluation"))
    slots = plan_slots(f, {"durations": {"welcome": 15, "evaluation": 5.5}}, [])
    assert [s.duration_s for s in slots] == [900, 330]  # the untimed step became timed


def test_step_override_scales_a_step_of_fixed_parts():
    one_two_four = step("124", 12, [part("alone", 1), part("pairs", 2), part("fours", 4), part("all", 5)])
    slots = plan_slots(fmt(one_two_four), {"durations": {"124": 24}}, [])
    assert [s.duration_s for s in slots] == [120, 240, 480, 600]


def test_per_topic_rounds_of_a_step_without_budget_keep_their_own_duration():
    lean_coffee = step("discuss", 0, [part("topic", 8, per="topic", advance="facilitator")])
    slots = plan_slots(fmt(lean_coffee), None, ["x", "y", "z"])
    assert [s.duration_s for s in slots] == [480, 480, 480]


def test_budget_smaller_than_fixed_parts_is_refused():
    with pytest.raises(AgendaError) as caught:
        plan_slots(knowledge_jam(), {"durations": {"discover": 25}}, ["A"])
    assert caught.value.code == "budget_too_small"
    assert isinstance(caught.value, ValueError)


@pytest.mark.parametrize("bad", [-5, "ten", None, float("nan")])
def test_bad_override_durations_are_refused(bad):
    with pytest.raises(AgendaError) as caught:
        plan_slots(knowledge_jam(), {"durations": {"discover.opening": bad}}, ["A"])
    assert caught.value.code == "bad_duration"


def test_prompt_override_of_a_step_replaces_every_slot_prompt():
    new = {"fr": "Parlez", "en": "Talk"}
    slots = plan_slots(knowledge_jam(), {"prompts": {"discover": new, "select": new}}, ["A"])
    assert {s.prompt for s in discover_slots(slots)} == {Text("Parlez", "Talk")}
    assert slots[0].prompt == Text("Parlez", "Talk")
    assert slots[1].prompt == text("plan prompt")  # other steps untouched


def test_prompt_override_of_a_part_wins_and_missing_language_keeps_the_format_text():
    overrides = {"prompts": {"discover": {"fr": "Parlez", "en": "Talk"},
                             "discover.readback": {"fr": "Relisez"}}}
    slots = plan_slots(knowledge_jam(), overrides, ["A"])
    readback = [s for s in slots if s.part_id == "readback"][0]
    assert readback.prompt == Text("Relisez", "Talk")


def test_anonymous_override_forces_every_slot_anonymous():
    f = fmt(step("a", visibility="named"), step("b", visibility="choice"))
    assert {s.visibility for s in plan_slots(f, None, [])} == {"named", "choice"}
    assert {s.visibility for s in plan_slots(f, {"anonymous": True}, [])} == {"anonymous"}


def test_unknown_override_keys_are_ignored():
    slots = plan_slots(knowledge_jam(), {"durations": {"gone": 3, "discover.gone": 4}}, ["A"])
    assert [s.duration_s for s in rounds(slots)] == [3600]


# --- the timer -----------------------------------------------------------------------------

def test_start_counts_down_from_the_slot_duration():
    slots = timed((10, "facilitator", 2))
    run = start(slots, T0)
    assert run == Run(slot_index=0, started_at=T0, ends_at=T0 + 600, paused_at=None, status="running")
    assert remaining(run, T0) == 600
    assert remaining(run, T0 + 100) == 500


def test_an_untimed_slot_has_no_remaining_time():
    slots = timed((0, "facilitator", 0))
    run = start(slots, T0)
    assert run.ends_at is None
    assert remaining(run, T0 + 100) is None
    assert timer_phase(run, slots[0], T0 + 100) == "untimed"


def test_pause_freezes_remaining_and_resume_shifts_the_end():
    slots = timed((10, "facilitator", 2))
    run = pause(start(slots, T0), T0 + 100)
    assert run.status == "paused"
    assert remaining(run, T0 + 100) == 500
    assert remaining(run, T0 + 130) == 500
    assert timer_phase(run, slots[0], T0 + 130) == "paused"
    run = resume(run, T0 + 130)
    assert run.status == "running" and run.paused_at is None
    assert run.ends_at == T0 + 630
    assert run.started_at == T0
    assert remaining(run, T0 + 130) == 500


def test_pause_and_resume_twice_are_harmless():
    slots = timed((10, "facilitator", 2))
    paused = pause(start(slots, T0), T0 + 10)
    assert pause(paused, T0 + 50) == paused
    running = resume(paused, T0 + 20)
    assert resume(running, T0 + 90) == running


@pytest.mark.parametrize("seconds", [60, 300])
def test_extend_adds_to_the_end(seconds):
    run = extend(start(timed((10, "facilitator", 2)), T0), T0 + 100, seconds)
    assert run.ends_at == T0 + 600 + seconds
    assert remaining(run, T0 + 100) == 500 + seconds


def test_extend_in_overtime_counts_from_now():
    run = start(timed((10, "facilitator", 2)), T0)
    now = T0 + 900  # five minutes into overtime
    assert remaining(run, now) == -300
    run = extend(run, now, 60)
    assert run.ends_at == now + 60
    assert remaining(run, now) == 60


def test_extend_while_paused_adds_to_the_frozen_time():
    run = pause(start(timed((10, "facilitator", 2)), T0), T0 + 100)
    run = extend(run, T0 + 200, 60)
    assert remaining(run, T0 + 200) == 560
    run = resume(run, T0 + 300)
    assert remaining(run, T0 + 300) == 560


def test_extend_while_paused_in_overtime_gives_the_time_from_the_pause():
    run = pause(start(timed((10, "facilitator", 2)), T0), T0 + 700)
    run = extend(run, T0 + 800, 60)
    assert remaining(run, T0 + 800) == 60
    assert remaining(resume(run, T0 + 900), T0 + 900) == 60


def test_extend_an_untimed_slot_starts_a_countdown():
    run = extend(start(timed((0, "facilitator", 0)), T0), T0 + 50, 120)
    assert run.ends_at == T0 + 170


def test_negative_extend_shortens_but_never_past_now():
    run = start(timed((10, "facilitator", 2)), T0)
    assert extend(run, T0, -60).ends_at == T0 + 540
    assert extend(run, T0 + 580, -60).ends_at == T0 + 580  # time is up now, not a minute ago
    late = extend(run, T0 + 700, -60)
    assert late == run  # overtime is left alone


def test_goto_enters_the_slot_running_and_refuses_bad_indexes():
    slots = timed((10, "facilitator", 2), (5, "facilitator", 1), (0, "facilitator", 0))
    run = pause(start(slots, T0), T0 + 10)
    run = goto(run, slots, 1, T0 + 20)
    assert run == Run(1, T0 + 20, T0 + 320, None, "running")
    for bad in (-1, 3, "1", True):
        with pytest.raises(ValueError):
            goto(run, slots, bad, T0)


def test_next_and_previous_walk_the_agenda_and_finish():
    slots = timed((10, "facilitator", 2), (5, "facilitator", 1))
    run = start(slots, T0)
    assert previous_slot(run, slots, T0 + 5) == run  # a stray tap does not reset the timer
    run = next_slot(run, slots, T0 + 600)
    assert (run.slot_index, run.started_at, run.ends_at) == (1, T0 + 600, T0 + 900)
    run = previous_slot(run, slots, T0 + 700)
    assert (run.slot_index, run.ends_at) == (0, T0 + 1300)
    run = next_slot(next_slot(run, slots, T0 + 710), slots, T0 + 720)
    assert run.status == "finished"
    assert remaining(run, T0 + 800) is None
    assert timer_phase(run, slots[-1], T0 + 800) == "finished"
    assert current_slot(run, slots) is None
    assert next_slot(run, slots, T0 + 900) == run
    reopened = previous_slot(run, slots, T0 + 1000)
    assert (reopened.slot_index, reopened.status, reopened.ends_at) == (1, "running", T0 + 1300)


def test_timer_phase_warning_boundary():
    slots = timed((10, "facilitator", 2))
    run = start(slots, T0)
    phase = lambda t: timer_phase(run, slots[0], T0 + t)
    assert phase(0) == "running"
    assert phase(479) == "running"   # 121 s left
    assert phase(480) == "warning"   # 120 s left: the warning starts
    assert phase(599) == "warning"
    assert phase(600) == "overtime"  # time is up
    assert phase(700) == "overtime"


# --- catch_up ------------------------------------------------------------------------------

def three_auto_then_facilitator():
    return timed((5, "auto", 1), (5, "auto", 1), (5, "auto", 1), (10, "facilitator", 2))


def test_catch_up_after_a_long_gap_lands_where_the_room_would_be():
    slots = three_auto_then_facilitator()
    run = start(slots, T0)
    run, entered = catch_up(run, slots, T0 + 1000)  # server was down for 16 min 40 s
    assert entered == [1, 2, 3]
    assert run.slot_index == 3
    assert run.started_at == T0 + 900  # the end of the third auto slot, not "now"
    assert remaining(run, T0 + 1000) == 500


def test_catch_up_in_the_middle_of_auto_slots():
    slots = three_auto_then_facilitator()
    run, entered = catch_up(start(slots, T0), slots, T0 + 750)
    assert entered == [1, 2]
    assert (run.slot_index, run.started_at) == (2, T0 + 600)
    assert remaining(run, T0 + 750) == 150


def test_catch_up_before_the_end_changes_nothing():
    slots = three_auto_then_facilitator()
    run = start(slots, T0)
    assert catch_up(run, slots, T0 + 299) == (run, [])


def test_catch_up_uses_the_extended_end():
    slots = three_auto_then_facilitator()
    run = extend(start(slots, T0), T0 + 10, 120)
    run, entered = catch_up(run, slots, T0 + 400)
    assert (run.slot_index, entered) == (0, [])
    run, entered = catch_up(run, slots, T0 + 420)
    assert (run.slot_index, run.started_at, entered) == (1, T0 + 420, [1])


def test_a_facilitator_slot_stays_in_overtime():
    slots = three_auto_then_facilitator()
    run = goto(None, slots, 3, T0)
    caught, entered = catch_up(run, slots, T0 + 5000)
    assert (caught, entered) == (run, [])
    assert timer_phase(caught, slots[3], T0 + 5000) == "overtime"
    assert remaining(caught, T0 + 5000) == -4400


def test_a_paused_auto_slot_does_not_advance():
    slots = three_auto_then_facilitator()
    run = pause(start(slots, T0), T0 + 10)
    assert catch_up(run, slots, T0 + 5000) == (run, [])


def test_catch_up_stops_at_an_untimed_auto_slot():
    slots = timed((5, "auto", 0), (0, "auto", 0), (5, "auto", 0))
    run, entered = catch_up(start(slots, T0), slots, T0 + 5000)
    assert (run.slot_index, entered, run.ends_at) == (1, [1], None)


def test_catch_up_past_the_last_auto_slot_finishes():
    slots = timed((5, "auto", 0), (5, "auto", 0))
    run, entered = catch_up(start(slots, T0), slots, T0 + 5000)
    assert entered == [1]
    assert run.status == "finished"
    assert run.started_at == T0 + 600  # when the agenda really finished


# --- re-planning while running ---------------------------------------------------------------

def test_rebase_keeps_the_run_on_the_same_topic_round_after_a_topic_is_added():
    old = plan_slots(knowledge_jam(), None, ["A", "B", "C"])
    new = plan_slots(knowledge_jam(), None, ["Z", "A", "B", "C"])
    on_b = [s.index for s in old if s.topic == "B"][0]
    run = goto(None, old, on_b, T0)
    moved = rebase(run, old, new)
    assert new[moved.slot_index].topic == "B"
    assert moved.ends_at == run.ends_at  # the running countdown is left alone


def test_rebase_falls_back_to_the_first_round_when_the_topic_is_gone():
    old = plan_slots(knowledge_jam(), None, ["A", "B"])
    new = plan_slots(knowledge_jam(), None, ["A"])
    run = goto(None, old, [s.index for s in old if s.topic == "B"][0], T0)
    moved = rebase(run, old, new)
    assert (new[moved.slot_index].part_id, new[moved.slot_index].topic) == ("round", "A")


# --- public_state --------------------------------------------------------------------------

def test_public_state_gives_screens_what_they_render():
    slots = plan_slots(knowledge_jam(), None, ["Pumps", "Seeds"])
    first_round = rounds(slots)[0]
    run = goto(None, slots, first_round.index, T0)
    state = public_state(run, slots, T0 + 60, "en")
    assert state["server_time"] == T0 + 60
    assert (state["slot_index"], state["slot_count"]) == (first_round.index, len(slots))
    assert (state["step_index"], state["step_count"], state["step_id"]) == (2, 5, "discover")
    assert (state["part_id"], state["topic"], state["topic_index"]) == ("round", "Pumps", 0)
    assert state["label"] == "round (en)"
    assert state["prompt"] == "round prompt (en)"
    assert (state["duration_s"], state["warning_s"]) == (1800, 120)
    assert (state["started_at"], state["ends_at"]) == (T0, T0 + 1800)
    assert (state["remaining_s"], state["phase"], state["paused"]) == (1740, "running", False)
    assert state["kinds"] == ["note"] and state["contributors"] == "roles"
    assert state["voting"]["mode"] == "none"
    assert public_state(run, slots, T0 + 60, "fr")["label"] == "round (fr)"


def test_public_state_while_paused_and_before_the_start():
    slots = timed((10, "facilitator", 2))
    paused = pause(start(slots, T0), T0 + 100)
    state = public_state(paused, slots, T0 + 200, "fr")
    assert (state["paused"], state["phase"], state["remaining_s"]) == (True, "paused", 500)
    idle = public_state(None, slots, T0, "fr")
    assert idle.keys() == state.keys()
    assert (idle["phase"], idle["slot_index"], idle["remaining_s"]) == ("not_started", None, None)


def test_public_state_is_json_ready():
    import json
    q = Question(id="q1", type="choice", label=text("q"), options=(text("yes"), text("no")))
    slots = plan_slots(fmt(step("eval", 5, questions=[q], voting=Voting("dots", 3))), None, [])
    state = public_state(start(slots, T0), slots, T0, "en")
    assert json.loads(json.dumps(state))["questions"][0]["options"] == ["yes (en)", "no (en)"]
    assert state["voting"]["dots"] == 3


# --- who may contribute --------------------------------------------------------------------

def one_slot(**rules):
    return plan_slots(fmt(step("s", 10, **rules)), None, [])[0]


def test_may_contribute_allows_an_open_step():
    assert may_contribute(one_slot(), "idea", "participant", anonymous=False) is None
    assert may_contribute(one_slot(), "idea", "participant", anonymous=True) is None


@pytest.mark.parametrize("rules, kind, role, anonymous, reason", [
    ({"contributors": "nobody"}, "idea", "participant", False, "step_closed"),
    ({"kinds": ("note",)}, "idea", "participant", False, "kind_not_allowed"),
    ({}, "bogus", "participant", False, "kind_not_allowed"),
    ({"contributors": "roles", "roles": ("note_taker",)}, "idea", "participant", False, "role_not_allowed"),
    ({}, "idea", "projector", False, "role_not_allowed"),
    ({"visibility": "named"}, "idea", "participant", True, "anonymous_not_allowed"),
])
def test_may_contribute_refusals(rules, kind, role, anonymous, reason):
    assert may_contribute(one_slot(**rules), kind, role, anonymous=anonymous) == reason


def test_may_contribute_with_nothing_running():
    assert may_contribute(None, "idea", "participant", anonymous=False) == "no_step"
    slots = timed((1, "facilitator", 0))
    finished = next_slot(start(slots, T0), slots, T0)
    assert may_contribute(current_slot(finished, slots), "idea", "participant", anonymous=False) == "no_step"


def test_listed_role_may_contribute_and_everyone_lets_any_room_role_in():
    notes = one_slot(contributors="roles", roles=("note_taker",), kinds=("note",))
    assert may_contribute(notes, "note", "note_taker", anonymous=False) is None
    assert may_contribute(one_slot(), "idea", "rapporteur", anonymous=False) is None


def test_named_post_on_an_anonymous_step_is_accepted_and_stored_anonymous():
    slot = one_slot(visibility="anonymous")
    assert may_contribute(slot, "idea", "participant", anonymous=False) is None
    assert effective_anonymous(slot, False) is True


def test_effective_anonymous_follows_the_step_visibility():
    assert effective_anonymous(one_slot(visibility="choice"), True) is True
    assert effective_anonymous(one_slot(visibility="choice"), False) is False
    assert effective_anonymous(one_slot(visibility="named"), False) is False
    assert effective_anonymous(one_slot(visibility="anonymous"), True) is True


def test_module_is_pure():
    source = open(agenda.__file__, encoding="utf-8").read()
    for forbidden in ("import time", "from time", "datetime", "flask", "sqlite", "open("):
        assert forbidden not in source


# --- written_slot: where a late post is filed ---------------------------------------------------

def test_a_late_post_keeps_its_slot_for_a_short_while_after_the_room_moved_on():
    slots = plan_slots(knowledge_jam(), None, ["Tontine", "Semences"])
    first, second = rounds(slots)
    run = start(slots, T0, second.index)  # the room moved to the second round at T0
    assert agenda.written_slot(run, slots, second.index, T0 + 3600) == second  # where the room is
    assert agenda.written_slot(run, slots, first.index, T0 + 30) == first
    assert agenda.written_slot(run, slots, first.index, T0 + agenda.LATE_GRACE) == first
    # Later, an old slot is no way round what the room has closed: the post goes where it is now.
    assert agenda.written_slot(run, slots, first.index, T0 + agenda.LATE_GRACE + 1) is None
    assert agenda.written_slot(run, slots, second.index + 1, T0) is None  # never a later slot
    assert agenda.written_slot(run, slots, len(slots), T0) is None
    assert agenda.written_slot(run, slots, -1, T0) is None
    assert agenda.written_slot(None, slots, 0, T0) is None  # never started


def test_just_after_the_end_the_last_slots_are_still_open_to_late_posts():
    slots = plan_slots(knowledge_jam(), None, ["Tontine"])
    run = start(slots, T0, 0)
    while run.status != agenda.FINISHED:
        run = next_slot(run, slots, T0 + 10)
    assert agenda.written_slot(run, slots, len(slots) - 1, T0 + 20) == slots[-1]
    assert agenda.written_slot(run, slots, len(slots) - 1, T0 + 10 + agenda.LATE_GRACE + 1) is None
