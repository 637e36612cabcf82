"""Breakout groups: planning, dealing, self-selection, moves, late arrivals, roles, balance."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from facilitator.room.errors import RoomError
from facilitator.room.groups import (
    ROLES, Person, PlannedGroup, balance_report, carry_over, choose, deal_balanced, deal_random,
    leave, missing_rapporteur, move, place_late, plan_groups, prune_roles, rapporteur_status,
    release_role, set_role, take_role,
)


def code_of(call, *args, **kwargs) -> RoomError:
    with pytest.raises(RoomError) as caught:
        call(*args, **kwargs)
    return caught.value


def spread(values) -> int:
    values = list(values)
    return max(values) - min(values)


def sizes(assignment, groups) -> list[int]:
    count = Counter(assignment.values())
    return [count[g.index] for g in groups]


def org_spreads(assignment, groups, people) -> dict:
    out = {}
    for org in {p.org for p in people if p.org is not None}:
        count = Counter(assignment[p.id] for p in people if p.org == org)
        out[org] = spread(count[g.index] for g in groups)
    return out


def attr_spread(assignment, groups, people) -> int:
    worst = 0
    for attr in {p.attr for p in people if p.attr is not None}:
        count = Counter(assignment[p.id] for p in people if p.attr == attr)
        worst = max(worst, spread(count[g.index] for g in groups))
    return worst


def random_room(rng: random.Random, n: int | None = None) -> list[Person]:
    """5-150 people, 1-20 organisations, sometimes one holding ~40%, some with no org."""
    n = n or rng.randint(5, 150)
    orgs = [f"org{i}" for i in range(rng.randint(1, 20))]
    weights = [rng.random() + 0.05 for _ in orgs]
    if rng.random() < 0.4:
        weights[0] = sum(weights[1:]) * 2 / 3 or 1  # one org with 40% of the room
    people = []
    for i in range(n):
        org = rng.choices(orgs, weights)[0] if rng.random() < 0.9 else None
        attr = rng.choice("FM") if rng.random() < 0.85 else None
        people.append(Person(i, org, attr))
    return people


# --- planning ------------------------------------------------------------------------------

def test_plan_by_count_gives_indices_themes_round_robin_and_capacity():
    plan = plan_groups(22, count=4, themes=["eau", "santé"])
    assert [g.index for g in plan] == [0, 1, 2, 3]
    assert [g.number for g in plan] == [1, 2, 3, 4]
    assert [g.theme for g in plan] == ["eau", "santé", "eau", "santé"]
    assert {g.capacity for g in plan} == {6}  # ceil(22 / 4)


def test_plan_by_count_per_theme_and_explicit_capacity():
    plan = plan_groups(20, per_theme={"eau": 2, "santé": 1}, capacity=8)
    assert [g.theme for g in plan] == ["eau", "eau", "santé"]
    assert {g.capacity for g in plan} == {8}
    assert code_of(plan_groups, 20, per_theme={"eau": 0}).code == "bad_group_count"
    err = code_of(plan_groups, 20, count=3, capacity=6)
    assert (err.code, err.params) == ("bad_capacity", {"min": 7})


def test_plan_by_size_stays_within_three_to_eight():
    for n in range(3, 151):
        for size in range(3, 9):
            plan = plan_groups(n, size=size)
            q, r = divmod(n, len(plan))
            assert 3 <= q and q + (r > 0) <= 8, (n, size)
            bounds = (-(-n // 8), max(n // 3, 1))  # the counts keeping groups within 3-8
            assert abs(len(plan) - n / size) <= 0.5 or len(plan) in bounds  # else clamped


def test_plan_by_size_picks_nearest_count():
    assert len(plan_groups(20, size=5)) == 4
    assert len(plan_groups(24, size=6)) == 4
    assert len(plan_groups(100, size=4)) == 25


@pytest.mark.parametrize("size", [0, 2, 9, 20, "5", True])
def test_plan_refuses_sizes_outside_three_to_eight(size):
    err = code_of(plan_groups, 30, size=size)
    assert (err.code, err.params) == ("bad_group_size", {"min": 3, "max": 8})


@pytest.mark.parametrize("kwargs", [{}, {"count": 0}, {"count": 31}, {"count": 3, "size": 5},
                                    {"count": 2.5}])
def test_plan_refuses_bad_counts(kwargs):
    assert code_of(plan_groups, 30, **kwargs).code == "bad_group_count"


def test_plan_ahead_of_arrivals_has_no_capacity():
    plan = plan_groups(0, count=5, themes=["a"])
    assert len(plan) == 5 and {g.capacity for g in plan} == {None}


# --- random and balanced dealing ------------------------------------------------------------

@pytest.mark.parametrize("seed", range(25))
def test_random_deal_sizes_differ_by_at_most_one(seed):
    rng = random.Random(seed)
    n = rng.randint(5, 150)
    plan = plan_groups(n, size=rng.randint(3, 8))
    assignment = deal_random(range(n), plan, seed=seed)
    assert set(assignment) == set(range(n))
    assert spread(sizes(assignment, plan)) <= 1


def test_random_deal_is_deterministic_per_seed_and_varies_across_seeds():
    plan = plan_groups(30, count=5)
    assert deal_random(range(30), plan, seed=7) == deal_random(range(30), plan, seed=7)
    assert deal_random(range(30), plan, seed=7) != deal_random(range(30), plan, seed=8)


@pytest.mark.parametrize("seed", range(80))
def test_balanced_deal_spreads_sizes_and_every_organisation(seed):
    rng = random.Random(seed)
    people = random_room(rng)
    plan = plan_groups(len(people), count=rng.randint(1, max(1, len(people) // 3)))
    assignment = deal_balanced(people, plan, seed=seed)
    assert set(assignment) == {p.id for p in people}
    assert spread(sizes(assignment, plan)) <= 1
    assert max(org_spreads(assignment, plan, people).values(), default=0) <= 1


def test_balanced_deal_with_one_dominant_organisation():
    people = [Person(i, "big" if i < 40 else f"o{i % 7}", "FM"[i % 2]) for i in range(100)]
    plan = plan_groups(100, size=5)
    assignment = deal_balanced(people, plan, seed=1)
    report = balance_report(plan, assignment, people)
    assert report["org_spread"] <= 1
    assert all(row["orgs"]["big"] == 2 for row in report["groups"])  # 40 over 20 groups


@pytest.mark.parametrize("seed", range(20))
def test_balanced_deal_without_organisations_balances_the_attribute(seed):
    rng = random.Random(seed)
    people = [Person(i, None, rng.choice("FMX")) for i in range(rng.randint(5, 150))]
    plan = plan_groups(len(people), size=rng.randint(3, 8))
    assignment = deal_balanced(people, plan, seed=seed)
    assert spread(sizes(assignment, plan)) <= 1
    assert attr_spread(assignment, plan, people) <= 1


def test_attribute_balanced_across_organisations_that_would_stack_it():
    # Naive dealing org by org puts both women of every org in groups 0 and 1.
    people = [Person(f"{org}{i}", org, "F" if i < 2 else "M") for org in "ABCD" for i in range(4)]
    plan = plan_groups(16, count=4)
    assignment = deal_balanced(people, plan, seed=3)
    assert max(org_spreads(assignment, plan, people).values()) == 0
    assert attr_spread(assignment, plan, people) == 0


@pytest.mark.parametrize("seed", range(25))
def test_balanced_attribute_cannot_be_improved_by_a_same_organisation_swap(seed):
    rng = random.Random(seed)
    people = random_room(rng, rng.randint(10, 40))
    plan = plan_groups(len(people), size=rng.randint(3, 8))
    assignment = deal_balanced(people, plan, seed=seed)

    def cost(a):
        return sum(v * v for v in Counter((a[p.id], p.attr) for p in people
                                          if p.attr is not None).values())

    base = cost(assignment)
    for p in people:
        for q in people:
            if p.org == q.org and p.attr != q.attr and assignment[p.id] != assignment[q.id]:
                swapped = {**assignment, p.id: assignment[q.id], q.id: assignment[p.id]}
                assert cost(swapped) >= base


def test_balanced_beats_random_on_concentration():
    worst_balanced = worst_random = 0.0
    for seed in range(20):
        people = random_room(random.Random(seed), 60)
        plan = plan_groups(60, size=5)
        ids = [p.id for p in people]
        worst_balanced += balance_report(plan, deal_balanced(people, plan, seed=seed),
                                         people)["max_share"]
        worst_random += balance_report(plan, deal_random(ids, plan, seed=seed),
                                       people)["max_share"]
    assert worst_balanced < worst_random


# --- self-selection and moves --------------------------------------------------------------

def test_self_selection_enforces_capacity():
    plan = plan_groups(6, count=3)  # capacity 2
    a = choose({}, plan, "ana", group=0)
    a = choose(a, plan, "bob", group=0)
    err = code_of(choose, a, plan, "cy", group=0)
    assert (err.code, err.params) == ("group_full", {"group": 1, "capacity": 2})
    assert choose(a, plan, "ana", group=0) == a  # a resend changes nothing
    a = choose(a, plan, "ana", group=1)  # switching frees the seat
    assert choose(a, plan, "cy", group=0)["cy"] == 0
    assert code_of(choose, a, plan, "cy", group=7).code == "unknown_group"


def test_self_selection_by_theme_takes_least_full_group_of_theme():
    plan = plan_groups(8, per_theme={"eau": 2, "santé": 2})  # capacity 2
    a = choose({}, plan, "p1", theme="eau")
    a = choose(a, plan, "p2", theme="eau")
    assert (a["p1"], a["p2"]) == (0, 1)
    a = choose(a, plan, "p3", theme="eau")
    a = choose(a, plan, "p4", theme="eau")
    assert choose(a, plan, "p1", theme="eau") == a  # already on the theme
    err = code_of(choose, a, plan, "p5", theme="eau")
    assert (err.code, err.params) == ("theme_full", {"theme": "eau", "capacity": 2})
    assert code_of(choose, a, plan, "p5", theme="climat").code == "unknown_theme"
    assert code_of(choose, a, plan, "p5").code == "bad_payload"


@pytest.mark.parametrize("seed", range(20))
def test_capacity_is_never_exceeded_by_self_selection(seed):
    rng = random.Random(seed)
    n = rng.randint(5, 60)
    plan = plan_groups(n, count=rng.randint(1, n // 3 or 1))
    a = {}
    for pid in range(n * 2):
        try:
            a = choose(a, plan, pid, group=rng.randrange(len(plan)))
        except RoomError as err:
            assert err.code == "group_full"
        assert max(sizes(a, plan)) <= plan[0].capacity


def test_facilitator_move_ignores_capacity_and_leave_removes():
    plan = plan_groups(4, count=2)  # capacity 2
    a = {"a": 0, "b": 0, "c": 1}
    a = move(a, plan, "c", 0)
    assert sizes(a, plan) == [3, 0]
    assert code_of(move, a, plan, "c", 5).code == "unknown_group"
    assert leave(a, "c") == {"a": 0, "b": 0}


# --- late arrivals -------------------------------------------------------------------------

def test_late_random_goes_to_smallest_group_lowest_index_or_seeded():
    plan = plan_groups(12, count=4)
    a = {1: 0, 2: 0, 3: 1, 4: 2, 5: 2, 6: 3}
    assert place_late(Person(9), a, plan, "random") == 1
    a = {1: 0, 2: 1}
    assert place_late(Person(9), a, plan, "random") == 2
    picks = {place_late(Person(9), a, plan, "random", seed=s) for s in range(30)}
    assert picks == {2, 3}


def test_late_self_selection_picks_nothing():
    assert place_late(Person(9), {}, plan_groups(4, count=2), "self") is None
    assert code_of(place_late, Person(9), {}, plan_groups(4, count=2), "x").code == \
        "unknown_strategy"


def test_late_balanced_prefers_fewest_of_org_then_attribute_then_smallest():
    plan = plan_groups(9, count=3)
    members = {1: Person(1, "A", "F"), 2: Person(2, "B", "M"), 3: Person(3, "A", "M"),
               4: Person(4, "B", "M"), 5: Person(5, "C", "F")}
    a = {1: 0, 2: 0, 3: 1, 4: 1, 5: 2}
    assert place_late(Person(9, "A", "F"), a, plan, "balanced", members=members) == 2
    assert place_late(Person(9, "B", "F"), a, plan, "balanced", members=members) == 2
    assert place_late(Person(9, "C", "F"), a, plan, "balanced", members=members) == 1
    assert place_late(Person(9, "C", "M"), a, plan, "balanced", members=members) == 0
    assert place_late(Person(9), a, plan, "balanced", members=members) == 2


@pytest.mark.parametrize("seed", range(30))
def test_late_joiners_keep_the_balance(seed):
    rng = random.Random(seed)
    people = random_room(rng)
    plan = plan_groups(len(people), size=rng.randint(3, 8))
    a = deal_balanced(people, plan, seed=seed)
    members = {p.id: p for p in people}
    late = random_room(rng, len(plan))  # about one arrival per group
    for person in late:
        person = person._replace(id=("late", person.id))
        a = {**a, person.id: place_late(person, a, plan, "balanced", members=members)}
        members[person.id] = person
        assert spread(sizes(a, plan)) <= 2
    assert balance_report(plan, a, members)["org_spread"] <= 2
    rand = deal_random(members, plan, seed=seed)
    for i in range(len(plan) * 2):
        rand = {**rand, ("r", i): place_late(Person(("r", i)), rand, plan, "random")}
        assert spread(sizes(rand, plan)) <= 1


def test_late_balanced_keeps_organisations_within_one_when_sizes_allow():
    people = [Person(i, "ABC"[i % 3]) for i in range(12)]
    plan = plan_groups(12, count=4)
    a = deal_balanced(people, plan, seed=0)
    members = {p.id: p for p in people}
    for i in range(12):
        person = Person(100 + i, "ABC"[i % 3])
        a = {**a, person.id: place_late(person, a, plan, "balanced", members=members)}
        members[person.id] = person
    assert balance_report(plan, a, members)["org_spread"] <= 1
    assert spread(sizes(a, plan)) <= 1


# --- keeping groups ------------------------------------------------------------------------

def test_carry_over_keeps_groups_and_drops_those_who_left():
    plan = plan_groups(6, count=3)
    a = {"a": 0, "b": 1, "c": 2}
    assert carry_over(a, plan) == a
    assert carry_over(a, plan, present=["a", "c", "new"]) == {"a": 0, "c": 2}
    err = code_of(carry_over, a, plan_groups(6, count=2))
    assert (err.code, err.params) == ("unknown_group", {"group": 3})


# --- roles ---------------------------------------------------------------------------------

def test_roles_one_holder_per_role_one_role_per_person():
    a = {"ana": 0, "bob": 0, "cy": 1}
    roles = take_role({}, a, "ana", "rapporteur")
    assert roles == {0: {"rapporteur": "ana"}}
    assert take_role(roles, a, "ana", "rapporteur") == roles
    assert code_of(take_role, roles, a, "bob", "rapporteur").params == {"role": "rapporteur"}
    assert code_of(take_role, roles, a, "ana", "scribe").code == "has_role"
    assert take_role(roles, a, "cy", "rapporteur") == {0: {"rapporteur": "ana"},
                                                      1: {"rapporteur": "cy"}}
    assert code_of(take_role, roles, a, "zoe", "scribe").code == "not_in_group"
    assert code_of(take_role, roles, a, "bob", "chef").code == "unknown_group_role"
    assert release_role(roles, "ana") == {}
    assert release_role(roles, "ana", "scribe") == roles
    assert roles == {0: {"rapporteur": "ana"}}  # inputs are never mutated


def test_facilitator_sets_replaces_clears_and_may_double_up():
    plan = plan_groups(4, count=2)
    a = {"ana": 0, "bob": 0, "cy": 1}
    roles = take_role({}, a, "ana", "rapporteur")
    roles = set_role(roles, a, plan, 0, "rapporteur", "bob")
    assert roles == {0: {"rapporteur": "bob"}}
    assert code_of(set_role, roles, a, plan, 0, "scribe", "bob").code == "has_role"
    doubled = set_role(roles, a, plan, 0, "scribe", "bob", allow_second_role=True)
    assert doubled == {0: {"rapporteur": "bob", "scribe": "bob"}}
    err = code_of(set_role, roles, a, plan, 0, "scribe", "cy")
    assert (err.code, err.params) == ("not_member", {"group": 1})
    assert code_of(set_role, roles, a, plan, 4, "scribe", "cy").code == "unknown_group"
    assert set_role(doubled, a, plan, 0, "scribe", None) == roles
    assert set_role(roles, a, plan, 0, "rapporteur", None) == {}


def test_roles_follow_moves_and_missing_rapporteur():
    plan = plan_groups(6, count=3)
    a = {"ana": 0, "bob": 1, "cy": 2}
    roles = {}
    for pid, role in (("ana", "rapporteur"), ("bob", "scribe"), ("cy", "rapporteur")):
        roles = take_role(roles, a, pid, role)
    assert missing_rapporteur(plan, roles) == [1]
    a = move(a, plan, "ana", 1)
    roles = prune_roles(roles, a)
    assert roles == {1: {"scribe": "bob"}, 2: {"rapporteur": "cy"}}
    assert missing_rapporteur([0, 1, 2], roles) == [0, 1]
    assert set(ROLES) == {"animator", "scribe", "timekeeper", "rapporteur"}


@pytest.mark.parametrize("has, now, start, end, expected", [
    (True, 1000, 0, 1100, "ok"),
    (False, 10, 0, 1800, "ask"),
    (False, 1499, 0, 1800, "ask"),
    (False, 1500, 0, 1800, "late"),       # exactly five minutes left
    (False, 1900, 0, 1800, "late"),       # overtime
    (False, 5000, 0, None, "ask"),        # untimed
    (False, 30, 0, 240, "ask"),           # a 4-minute work period: its first minute is fine
    (False, 90, 0, 240, "late"),
])
def test_rapporteur_status(has, now, start, end, expected):
    assert rapporteur_status(has, now, start, end) == expected


# --- balance report ------------------------------------------------------------------------

def test_balance_report_counts_and_concentration():
    plan = [PlannedGroup(0), PlannedGroup(1)]
    people = [Person("a", "X", "F"), Person("b", "X"), Person("c", "Y"), Person("d"),
              Person("e", "Y", "M")]
    a = {"a": 0, "b": 0, "c": 0, "d": 1, "e": 1}
    report = balance_report(plan, a, people)
    first, second = report["groups"]
    assert first == {"index": 0, "size": 3, "orgs": {"X": 2, "Y": 1}, "attrs": {"F": 1},
                     "top_org": "X", "top_share": pytest.approx(2 / 3)}
    assert (second["top_org"], second["top_share"]) == ("Y", 0.5)
    assert report["max_share"] == pytest.approx(2 / 3)
    assert report["org_spread"] == 2
    empty = balance_report(plan, {}, [])
    assert empty["max_share"] == 0.0 and empty["org_spread"] == 0
