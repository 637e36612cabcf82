"""The idea fair's rotation: schedule properties over many random fairs, the slot clock and
late arrivals."""
from __future__ import annotations

import random

import pytest

from facilitator.room.errors import RoomError
from facilitator.room.fair import (
    MAX_GROUPS, SLOT_SECONDS, WARNING_SECONDS, Rotation, Stop, late_group, next_stop, next_visit,
    normal_org, plan_rotation, rotation_seconds, route, slot_at, visitors,
)


def code_of(call, *args, **kwargs) -> str:
    with pytest.raises(RoomError) as caught:
        call(*args, **kwargs)
    return caught.value.code


def random_fair(rng: random.Random, k: int, g: int):
    pool = [f"Org {i}" for i in range(rng.randint(1, k))]
    kiosks = [rng.choice(pool + [None]) for _ in range(k)]
    groups = [set(rng.sample(pool, rng.randint(0, min(3, len(pool))))) for _ in range(g)]
    return kiosks, groups


def own_kiosks(kiosks, groups) -> list[set[int]]:
    return [{k for k, org in enumerate(kiosks) if org is not None and org in orgs} for orgs in groups]


def check_schedule(rotation: Rotation, should_visit: list[set[int]]) -> None:
    """A Latin rectangle on the visits the groups should make, and nothing else."""
    assert rotation.group_count == len(should_visit)
    for row in rotation.slots:
        assert len(row) == rotation.group_count
        seen = [k for k in row if k is not None]
        assert len(seen) == len(set(seen)), "two groups at one kiosk"
        assert seen, "a slot where nobody visits anything"
        assert all(0 <= k < rotation.kiosk_count for k in seen)
    for g, expected in enumerate(should_visit):
        went = [k for k in route(rotation, g) if k is not None]
        assert sorted(went) == sorted(expected), f"group {g}"


def fewest_slots(should_visit: list[set[int]], k_count: int) -> int:
    """The bound a schedule cannot beat: a group's visits, a kiosk's visitors."""
    per_group = max((len(v) for v in should_visit), default=0)
    per_kiosk = max((sum(k in v for v in should_visit) for k in range(k_count)), default=0)
    return max(per_group, per_kiosk)


def brute_force_fewest(should_visit: list[set[int]], k_count: int) -> int:
    """The fewest slots by exhaustive search (small fairs only): every visit tries every slot
    (slots being interchangeable, only up to one past the highest used so far)."""
    edges = [(g, k) for g, v in enumerate(should_visit) for k in sorted(v)]

    def fits(t: int) -> bool:
        group_busy, kiosk_busy = set(), set()

        def place(i: int, used: int) -> bool:
            if i == len(edges):
                return True
            g, k = edges[i]
            for s in range(min(t, used + 1)):
                if (g, s) not in group_busy and (k, s) not in kiosk_busy:
                    group_busy.add((g, s)); kiosk_busy.add((k, s))
                    if place(i + 1, max(used, s + 1)):
                        return True
                    group_busy.discard((g, s)); kiosk_busy.discard((k, s))
            return False

        return place(0, 0)

    t = 0
    while not fits(t):
        t += 1
    return t


# --- the carousel --------------------------------------------------------------------------

def test_without_organisations_it_is_the_clockwise_carousel():
    for k in range(2, 21):
        rotation = plan_rotation([None] * k, [set()] * k)
        assert rotation.carousel and rotation.slot_count == k
        assert all(rotation.slots[s][g] == (g + s) % k for s in range(k) for g in range(k))
        assert rotation.skipped == rotation.clashes == ()


def test_fewer_groups_than_kiosks_still_takes_one_slot_per_kiosk():
    rotation = plan_rotation(["A", "B", "C", "D", "E"], [{"X"}, {"Y"}])
    assert rotation.slot_count == 5
    assert route(rotation, 0) == [0, 1, 2, 3, 4]
    assert route(rotation, 1) == [1, 2, 3, 4, 0]


def test_more_groups_than_kiosks_pause_in_turn():
    rotation = plan_rotation([None] * 3, [set()] * 5)
    assert rotation.slot_count == 5 and rotation.carousel
    check_schedule(rotation, [{0, 1, 2}] * 5)
    assert all(route(rotation, g).count(None) == 2 for g in range(5))
    assert route(rotation, 0) == [0, 1, 2, None, None]
    assert route(rotation, 4) == [None, 0, 1, 2, None]


def test_a_group_skips_the_kiosks_of_its_own_organisations():
    rotation = plan_rotation(["UNDP", "GIZ", None, "AFD"], [{"giz "}, set(), {"Undp", "AFD"}, set()])
    assert rotation.skipped == ((0, 1), (2, 0), (2, 3))
    assert rotation.clashes == ()
    check_schedule(rotation, [{0, 2, 3}, {0, 1, 2, 3}, {1, 2}, {0, 1, 2, 3}])
    assert rotation.slot_count == 4


def test_skips_that_line_up_shorten_the_carousel_by_a_slot():
    # Each group is a delegation of the organisation at "its" kiosk: 3 slots, not 4.
    orgs = ["A", "B", "C", "D"]
    rotation = plan_rotation(orgs, [{"A"}, {"B"}, {"C"}, {"D"}])
    assert rotation.slot_count == 3 and rotation.carousel
    check_schedule(rotation, [{1, 2, 3}, {0, 2, 3}, {0, 1, 3}, {0, 1, 2}])
    for g in range(4):
        assert route(rotation, g) == [(g + 1) % 4, (g + 2) % 4, (g + 3) % 4]


def test_the_search_reseats_groups_so_their_skips_line_up():
    # Delegations, but not seated in front of their own kiosk: still one slot saved, clockwise.
    rotation = plan_rotation(["A", "B", "C", "D", "E"], [{"C"}, {"E"}, {"A"}, {"B"}, {"D"}])
    assert rotation.slot_count == 4 and rotation.carousel
    for g in range(5):
        stops = route(rotation, g)
        assert all((b - a) % 5 in (1, 2) for a, b in zip(stops, stops[1:]))  # clockwise


def test_keeping_every_visit_reports_the_unavoidable_clashes():
    kiosks, groups = ["A", "B", None], [{"A"}, {"B", "A"}, set()]
    rotation = plan_rotation(kiosks, groups, skip_own=False)
    assert rotation.clashes == ((0, 0), (1, 0), (1, 1))
    assert rotation.skipped == ()
    check_schedule(rotation, [{0, 1, 2}] * 3)
    assert rotation.slot_count == 3 and rotation.carousel


def test_a_group_holding_every_kiosk_visits_nothing():
    rotation = plan_rotation(["A", "B"], [{"A", "B"}, set()])
    assert route(rotation, 0) == [None, None]
    assert rotation.skipped == ((0, 0), (0, 1))
    everyone = plan_rotation(["A", "B"], [{"A", "B"}])
    assert everyone.slot_count == 0 and everyone.slots == ()


# --- properties over random fairs ------------------------------------------------------------

def test_random_fairs_are_valid_minimal_and_never_send_a_group_to_its_own_kiosk():
    rng = random.Random(2024)
    fallbacks = 0
    for _ in range(400):
        k = rng.randint(2, 20)
        g = rng.randint(1, k + 3)
        kiosks, groups = random_fair(rng, k, g)
        rotation = plan_rotation(kiosks, groups)
        own = own_kiosks(kiosks, groups)
        should = [set(range(k)) - own[i] for i in range(g)]
        check_schedule(rotation, should)
        assert rotation.slot_count == fewest_slots(should, k)
        assert rotation.clashes == ()
        assert set(rotation.skipped) == {(i, kk) for i in range(g) for kk in own[i]}
        fallbacks += not rotation.carousel
        assert plan_rotation(kiosks, groups) == rotation  # deterministic
    assert fallbacks > 0  # the sample does reach the general (non-carousel) planner


def test_random_fairs_keeping_every_visit():
    rng = random.Random(7)
    for _ in range(150):
        k = rng.randint(2, 20)
        g = rng.randint(1, k + 3)
        kiosks, groups = random_fair(rng, k, g)
        rotation = plan_rotation(kiosks, groups, skip_own=False)
        check_schedule(rotation, [set(range(k))] * g)
        assert rotation.slot_count == max(k, g) and rotation.carousel
        own = own_kiosks(kiosks, groups)
        assert set(rotation.clashes) == {(i, kk) for i in range(g) for kk in own[i]}


def test_small_fairs_match_the_brute_force_minimum():
    rng = random.Random(11)
    for _ in range(150):
        k = rng.randint(2, 4)
        g = rng.randint(1, k + 2)
        kiosks, groups = random_fair(rng, k, g)
        rotation = plan_rotation(kiosks, groups)
        own = own_kiosks(kiosks, groups)
        should = [set(range(k)) - own[i] for i in range(g)]
        check_schedule(rotation, should)
        assert rotation.slot_count == brute_force_fewest(should, k)


def test_clockwise_keeps_the_carousel_when_the_shortest_is_irregular():
    rng = random.Random(2024)
    checked = 0
    while checked < 10:
        k = rng.randint(2, 20)
        g = rng.randint(1, k + 3)
        kiosks, groups = random_fair(rng, k, g)
        shortest = plan_rotation(kiosks, groups)
        if shortest.carousel:
            continue
        checked += 1
        walk = plan_rotation(kiosks, groups, clockwise=True)
        assert walk.carousel and walk.slot_count > shortest.slot_count
        own = own_kiosks(kiosks, groups)
        check_schedule(walk, [set(range(k)) - own[i] for i in range(g)])


# --- reading the schedule --------------------------------------------------------------------

def test_where_to_go_next():
    rotation = plan_rotation([None] * 3, [set()] * 4)
    assert route(rotation, 3) == [None, 0, 1, 2]
    assert next_stop(rotation, 3, -1) == Stop(0, None)
    assert next_visit(rotation, 3, -1) == Stop(1, 0)
    assert next_stop(rotation, 0, 1) == Stop(2, 2)
    assert next_stop(rotation, 0, 2) == Stop(3, None)
    assert next_visit(rotation, 0, 2) is None
    assert next_stop(rotation, 0, 3) is None
    assert visitors(rotation, 1) == {1: 0, 2: 1, 0: 3}
    assert code_of(next_stop, rotation, 4, 0) == "unknown_group"
    assert code_of(route, rotation, True) == "unknown_group"


def test_bad_sizes_are_refused():
    assert code_of(plan_rotation, ["A"], [set()]) == "bad_kiosks"
    assert code_of(plan_rotation, [None] * 21, [set()]) == "bad_kiosks"
    assert code_of(plan_rotation, [None] * 3, []) == "bad_groups"
    assert code_of(plan_rotation, [None] * 3, [set()] * (MAX_GROUPS + 1)) == "bad_groups"
    with pytest.raises(RoomError) as caught:
        plan_rotation([None], [set()])
    assert caught.value.params == {"min": 2, "max": 20}


def test_organisation_names_are_compared_loosely():
    assert normal_org("  Croix-Rouge   Française ") == normal_org("croix-rouge française")
    assert normal_org("   ") is None and normal_org(None) is None


# --- the clock -------------------------------------------------------------------------------

def test_defaults_are_seven_and_two_minutes():
    assert (SLOT_SECONDS, WARNING_SECONDS) == (420, 120)
    assert rotation_seconds(5) == 2100


def test_slot_at_counts_down_each_slot():
    start = 1000.0
    assert slot_at(start, start, 3) == (0, 420, False, False, start + 420)
    assert slot_at(start, start + 299, 3).warning is False
    at = slot_at(start, start + 300, 3)
    assert at.index == 0 and at.seconds_left == 120 and at.warning
    assert slot_at(start, start + 420, 3)[:3] == (1, 420, False)  # a slot starts at its boundary
    assert slot_at(start, start + 1259, 3)[:2] == (2, 1)
    assert slot_at(start, start + 1260, 3) == (None, 0, False, True, None)
    assert slot_at(start, start - 50, 3)[:2] == (0, 420)  # a clock set back
    assert slot_at(start, start, 0).finished


def test_slot_at_freezes_while_paused():
    start = 0.0
    paused = slot_at(start, 500, 3, paused_at=400)
    assert paused.index == 0 and paused.seconds_left == 20 and paused.ends_at is None
    resumed = slot_at(start, 700, 3, paused_for=300)  # paused from 400 to 700
    assert resumed.index == 0 and resumed.seconds_left == 20 and resumed.ends_at == 720
    assert slot_at(start, 60, 2, slot_seconds=30, warning_seconds=0)[:3] == (None, 0, False)
    assert slot_at(start, 45, 4, slot_seconds=30, warning_seconds=10)[:3] == (1, 15, False)


def test_bad_durations_are_refused():
    assert code_of(slot_at, 0, 0, 3, slot_seconds=0) == "bad_duration"
    assert code_of(slot_at, 0, 0, 3, slot_seconds=60, warning_seconds=60) == "bad_duration"
    assert code_of(slot_at, 0, 0, 3, warning_seconds=-1) == "bad_duration"
    assert code_of(slot_at, 0, 0, -1) == "bad_duration"
    assert code_of(slot_at, 0, 0, 3, slot_seconds=True) == "bad_duration"
    assert code_of(rotation_seconds, 3, float("nan")) == "bad_duration"


# --- late arrivals ---------------------------------------------------------------------------

def test_a_late_arrival_joins_the_smallest_group():
    assert late_group([4, 3, 5, 3]) == 1
    assert late_group([2, 2, 2]) == 0
    assert late_group([4, 3, 5], chosen=2) == 2
    assert code_of(late_group, [4, 3], chosen=2) == "unknown_group"
    assert code_of(late_group, []) == "bad_groups"


def test_a_group_of_one_organisation_skips_its_stand_and_mixed_groups_see_every_stand():
    """The service passes a group's organisation only when all its members share it
    (facilitator/fair.py _plan): here group 0 is all ASV, group 1 mixes."""
    plan = plan_rotation(["ASV", "CDL", "ONG"], [{"ASV"}, set(), set()])
    routes = [[row[g] for row in plan.slots if row[g] is not None] for g in range(3)]
    assert sorted(routes[0]) == [1, 2] and sorted(routes[1]) == sorted(routes[2]) == [0, 1, 2]
    assert list(plan.skipped) == [(0, 0)]
