"""Rounds of 1-2-4-All, World Café and Knowledge Café: shapes, hosts, repeat meetings."""
from __future__ import annotations

import random
from collections import Counter

import pytest

from facilitator.room.errors import RoomError
from facilitator.room.group_rounds import (
    knowledge_cafe, one_two_four, repeat_pairs, seating, world_cafe,
)


def code_of(call, *args, **kwargs) -> RoomError:
    with pytest.raises(RoomError) as caught:
        call(*args, **kwargs)
    return caught.value


def everyone_once(groups, people) -> bool:
    seated = [p for group in groups for p in group]
    return sorted(seated) == sorted(people)


def extra(rounds) -> int:
    """Meetings with someone already met: what mixing well keeps low."""
    return sum(times - 1 for times in repeat_pairs(rounds).values())


def naive_world_cafe(people, hosts, sizes, rounds, seed):
    """The baseline: hosts stay, travellers reshuffled at random every round."""
    rng = random.Random(seed)
    travellers = [p for p in people if p not in hosts]
    schedule = []
    for _ in range(rounds):
        rng.shuffle(travellers)
        it = iter(travellers)
        schedule.append([(h,) + tuple(next(it) for _ in range(s - 1))
                         for h, s in zip(hosts, sizes)])
    return schedule


def naive_rounds(people, sizes, rounds, seed):
    rng = random.Random(seed)
    people = list(people)
    schedule = []
    for _ in range(rounds):
        rng.shuffle(people)
        it = iter(people)
        schedule.append([tuple(next(it) for _ in range(s)) for s in sizes])
    return schedule


# --- 1-2-4-All -----------------------------------------------------------------------------

@pytest.mark.parametrize("n", range(1, 61))
def test_one_two_four_pairs_then_fours_of_whole_pairs(n):
    people = [f"p{i}" for i in range(n)]
    result = one_two_four(people, seed=n)
    assert everyone_once(result.pairs, people) and everyone_once(result.fours, people)
    pair_sizes = Counter(len(p) for p in result.pairs)
    if n >= 2:
        assert set(pair_sizes) <= {2, 3} and pair_sizes[3] == n % 2
    # every four is a union of whole pairs
    pair_of = {p: pair for pair in result.pairs for p in pair}
    for four in result.fours:
        assert all(set(pair_of[p]) <= set(four) for p in four)
    if n >= 8:
        assert {len(f) for f in result.fours} <= {4, 5, 6}
        assert sum(len(f) != 4 for f in result.fours) <= 2


@pytest.mark.parametrize("n, fours", [(1, [1]), (2, [2]), (3, [3]), (4, [4]), (5, [5]),
                                      (6, [6]), (7, [3, 4]), (8, [4, 4]), (9, [4, 5]),
                                      (10, [4, 6]), (11, [5, 6]), (12, [4, 4, 4]),
                                      (13, [4, 4, 5])])
def test_one_two_four_small_and_odd_counts(n, fours):
    assert sorted(len(f) for f in one_two_four(range(n), seed=0).fours) == fours


def test_one_two_four_is_deterministic_and_refuses_bad_input():
    assert one_two_four(range(20), seed=4) == one_two_four(range(20), seed=4)
    assert one_two_four(range(20), seed=4) != one_two_four(range(20), seed=5)
    assert code_of(one_two_four, [], seed=0).code == "too_few_people"
    assert code_of(one_two_four, [1, 1], seed=0).code == "bad_payload"


# --- World Café ----------------------------------------------------------------------------

def check_world_cafe(cafe, people, rounds):
    assert len(cafe.rounds) == rounds
    tables = len(cafe.hosts)
    sizes = [len(t) for t in cafe.rounds[0]]
    for round_ in cafe.rounds:
        assert everyone_once(round_, people)
        assert [len(t) for t in round_] == sizes  # tables keep their size
        assert [t[0] for t in round_] == list(cafe.hosts)  # hosts stay, listed first
    for before, after in zip(cafe.rounds, cafe.rounds[1:]):
        was, now = seating(before), seating(after)
        assert all(was[p] != now[p] for p in people if p not in cafe.hosts)  # others travel
    assert max(sizes) - min(sizes) <= 1 and tables >= 2


@pytest.mark.parametrize("seed", range(10))
def test_world_cafe_twenty_people_three_rounds_no_repeat_meetings(seed):
    people = [f"p{i}" for i in range(20)]
    cafe = world_cafe(people, rounds=3, seed=seed)
    check_world_cafe(cafe, people, 3)
    assert [len(t) for t in cafe.rounds[0]] == [4] * 5
    assert repeat_pairs(cafe.rounds) == {}
    sizes = [len(t) for t in cafe.rounds[0]]
    assert extra(naive_world_cafe(people, cafe.hosts, sizes, 3, seed)) > 0


@pytest.mark.parametrize("n", [12, 13, 17, 21, 24, 25, 31, 40, 57, 80, 150])
def test_world_cafe_tables_of_four_or_five_and_fewer_repeats_than_random(n):
    people = list(range(n))
    cafe = world_cafe(people, rounds=3, seed=n)
    check_world_cafe(cafe, people, 3)
    sizes = [len(t) for t in cafe.rounds[0]]
    assert set(sizes) <= {4, 5}
    ours = extra(cafe.rounds)
    naive = min(extra(naive_world_cafe(people, cafe.hosts, sizes, 3, s))
                for s in range(5))
    assert ours <= naive
    if n >= 23:  # enough tables for every table to be strangers, and the search finds it
        assert ours == 0


def test_world_cafe_four_tables_of_five_is_best_effort_not_worse_than_random():
    # 4 travellers from 3 other tables: two of them always sat together before.
    people = list(range(20))
    cafe = world_cafe(people, rounds=3, tables=4, seed=1)
    check_world_cafe(cafe, people, 3)
    ours = extra(cafe.rounds)
    naive = min(extra(naive_world_cafe(people, cafe.hosts, [5] * 4, 3, s))
                for s in range(10))
    assert 0 < ours <= naive


def test_world_cafe_given_hosts_and_two_rounds():
    people = [f"p{i}" for i in range(15)]
    hosts = ["p3", "p7", "p11"]
    cafe = world_cafe(people, rounds=2, hosts=hosts, seed=9)
    assert cafe.hosts == tuple(hosts)
    check_world_cafe(cafe, people, 2)
    assert world_cafe(people, rounds=2, hosts=hosts, seed=9) == cafe


@pytest.mark.parametrize("kwargs, code", [
    ({"rounds": 1}, "bad_round_count"), ({"rounds": 4}, "bad_round_count"),
    ({"tables": 1}, "bad_group_count"), ({"tables": 8}, "bad_group_count"),
    ({"hosts": ["p0"]}, "bad_hosts"), ({"hosts": ["p0", "p0", "p1"]}, "bad_hosts"),
    ({"hosts": ["p0", "p1", "zz"]}, "bad_hosts"),
])
def test_world_cafe_refuses(kwargs, code):
    people = [f"p{i}" for i in range(15)]
    assert code_of(world_cafe, people, seed=0, **kwargs).code == code


def test_world_cafe_needs_two_tables_of_three():
    err = code_of(world_cafe, range(5), seed=0)
    assert (err.code, err.params) == ("too_few_people", {"min": 6})
    check_world_cafe(world_cafe(range(6), seed=0), list(range(6)), 3)


# --- Knowledge Café ------------------------------------------------------------------------

@pytest.mark.parametrize("n", [4, 6, 7, 10, 16, 19, 20, 33, 50, 100, 150])
def test_knowledge_cafe_groups_of_four_new_each_round(n):
    people = list(range(n))
    cafe = knowledge_cafe(people, rounds=3, seed=n)
    assert len(cafe.rounds) == 3 and cafe.circle == tuple(people)
    sizes = [len(g) for g in cafe.rounds[0]]
    assert set(sizes) <= {3, 4, 5} and max(sizes) - min(sizes) <= 1
    assert sizes.count(4) >= len(sizes) - 2 or n < 12
    for round_ in cafe.rounds:
        assert everyone_once(round_, people)
    ours = extra(cafe.rounds)
    if n >= 16:  # at least as many groups as seats: strangers only is possible
        assert ours == 0
    naive = min(extra(naive_rounds(people, sizes, 3, s)) for s in range(5))
    assert ours <= naive


def test_knowledge_cafe_deterministic_and_two_rounds():
    assert knowledge_cafe(range(30), rounds=2, seed=1) == knowledge_cafe(range(30), rounds=2,
                                                                          seed=1)
    assert len(knowledge_cafe(range(30), rounds=2, seed=1).rounds) == 2
    assert code_of(knowledge_cafe, range(30), rounds=5, seed=1).params == {"min": 2, "max": 3}


# --- helpers -------------------------------------------------------------------------------

def test_repeat_pairs_and_seating():
    rounds = [[("a", "b", "c"), ("d",)], [("a", "b"), ("c", "d")], [("a", "b", "d")]]
    pairs = repeat_pairs(rounds)
    assert pairs == {frozenset("ab"): 3}
    assert seating(rounds[1]) == {"a": 0, "b": 0, "c": 1, "d": 1}
