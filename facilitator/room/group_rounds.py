"""Regrouping over rounds: 1-2-4-All, World Café, Knowledge Café. Pure functions, no I/O.

Everything is deterministic given ``seed`` (any value ``random.Random`` takes). People are any
hashable, distinct ids; a group is a tuple of ids; a round is a list of groups.

API
- ``one_two_four(ids, *, seed) -> OneTwoFour``: the pairs of the "2" step and the fours of
  the "4" step, each four being two whole pairs so a pair carries its idea on together.
  An odd count makes one trio; an odd number of pairs makes one six (three pairs); the
  trio's four is a five. Seven people give one four and the trio kept as is, since a seven is
  no longer a small group. One to three people are a single group throughout.
- ``world_cafe(ids, *, rounds=3, tables=None, hosts=None, seed) -> WorldCafe``: tables of
  4-5 (about ``ceil(N / 5)`` tables, more when that lets every table be strangers, e.g.
  20 people: 5 x 4, 24: 6 x 4; below 12 people some tables of 3), one host per table who stays
  for every round, the others travel: never the same table two rounds running, and as few
  repeat meetings as the search finds (a host counts as met, so going back to a table
  counts too). ``hosts``: the facilitator's picks, one per table; else the seed's.
- ``knowledge_cafe(ids, *, rounds=3, seed) -> KnowledgeCafe``: groups of 4 (3-5 when the
  count does not divide), new groups every round with as few repeat meetings as possible,
  then ``circle``: everyone together. Deliberately no report-outs, so no rapporteur
  (``groups.missing_rapporteur`` does not apply).
- ``repeat_pairs(rounds) -> {frozenset({a, b}): times}``: pairs that sat together more than
  once over the rounds (of any format), for tests and the facilitator's screen.
- ``seating(round_) -> {id: group_index}``: one round as an assignment.

Repeat meetings: each round after the first is searched with greedy seating plus pair swaps
that lower the number of (weighted) repeats; several seeded attempts, the best kept. It is a
heuristic: zero repeats is found whenever it is easily achievable (20-150 people, 3 rounds),
and it is never worse than reshuffling at random.
"""
from __future__ import annotations

import math
import random
from typing import Hashable, Iterable, NamedTuple, Sequence

from .errors import RoomError

MIN_ROUNDS, MAX_ROUNDS = 2, 3
CAFE_TABLE_MAX = 5
WORLD_CAFE_MIN_PEOPLE = 6  # two tables of three: a host and two travellers each
KNOWLEDGE_GROUP = 4
ATTEMPTS = 24


class OneTwoFour(NamedTuple):
    pairs: list[tuple]
    fours: list[tuple]


class WorldCafe(NamedTuple):
    rounds: list[list[tuple]]  # rounds[r][t]: table t in round r, its host first
    hosts: tuple               # hosts[t] stays at table t


class KnowledgeCafe(NamedTuple):
    rounds: list[list[tuple]]
    circle: tuple              # the closing whole-group circle


# --- 1-2-4-All -----------------------------------------------------------------------------

def one_two_four(ids: Iterable[Hashable], *, seed) -> OneTwoFour:
    people = _people(ids, minimum=1)
    random.Random(seed).shuffle(people)
    pairs = [tuple(people[i:i + 2]) for i in range(0, len(people) - 1, 2)] or [tuple(people)]
    if len(people) % 2 and len(people) > 1:
        pairs[-1] = pairs[-1] + (people[-1],)  # the odd one out makes a trio, never a solo
    return OneTwoFour(pairs, _fours(pairs))


def _fours(pairs: list[tuple]) -> list[tuple]:
    if len(pairs) == 1:
        return [pairs[0]]
    has_trio = len(pairs[-1]) == 3
    if len(pairs) % 2 == 0:
        return [pairs[i] + pairs[i + 1] for i in range(0, len(pairs), 2)]
    if len(pairs) == 3 and has_trio:
        return [pairs[0] + pairs[1], pairs[2]]
    # The spare pair joins a four of pairs (a six), never the trio's (that would be seven).
    six = pairs[0] + pairs[1] + pairs[2]
    return [six] + [pairs[i] + pairs[i + 1] for i in range(3, len(pairs), 2)]


# --- World Café ----------------------------------------------------------------------------

def world_cafe(ids: Iterable[Hashable], *, rounds: int = 3, tables: int | None = None,
               hosts: Sequence[Hashable] | None = None, seed) -> WorldCafe:
    people = _people(ids, minimum=WORLD_CAFE_MIN_PEOPLE)
    _check_rounds(rounds)
    n = len(people)
    if tables is None:
        tables = _cafe_tables(n)
    if not _is_int(tables) or not 2 <= tables <= n // 2:
        # Two tables at least (else nobody can travel), two seats each at least.
        raise RoomError("bad_group_count", min=2, max=n // 2)
    rng = random.Random(seed)
    sizes = _even_sizes(n, tables)
    host_index = _host_indices(people, hosts, tables, rng)
    schedule = _best_schedule(n, sizes, rounds, host_index, rng)
    return WorldCafe(_named(schedule, people), tuple(people[h] for h in host_index))


def _cafe_tables(n: int) -> int:
    # A table's travellers can only all be strangers if each comes from a different table:
    # a table needs no more seats than there are tables, and when it has exactly that many,
    # every other table must send one, which a smaller table cannot keep doing. So among the
    # counts giving tables of 4-5, prefer one clear of both, then the fewest tables. Twenty
    # people: 5 x 4 allows no repeats at all, 4 x 5 cannot.
    fewest = max(2, math.ceil(n / CAFE_TABLE_MAX))
    candidates = range(fewest, max(fewest, n // (CAFE_TABLE_MAX - 1)) + 1)

    def key(tables):
        big, small = math.ceil(n / tables), n // tables
        return big > tables, big != small and big >= tables, tables

    return min(candidates, key=key)


def _host_indices(people: list, hosts, tables: int, rng: random.Random) -> list[int]:
    if hosts is None:
        return rng.sample(range(len(people)), tables)
    position = {pid: i for i, pid in enumerate(people)}
    chosen = list(hosts)
    if len(chosen) != tables or len(set(chosen)) != tables or not set(chosen) <= set(position):
        raise RoomError("bad_hosts", tables=tables)
    return [position[h] for h in chosen]


# --- Knowledge Café ------------------------------------------------------------------------

def knowledge_cafe(ids: Iterable[Hashable], *, rounds: int = 3, seed) -> KnowledgeCafe:
    people = _people(ids, minimum=1)
    _check_rounds(rounds)
    n = len(people)
    count = max(1, n // KNOWLEDGE_GROUP + (n % KNOWLEDGE_GROUP == 3))
    if math.ceil(n / count) > KNOWLEDGE_GROUP + 1:  # six people: two threes, not one six
        count += 1
    rng = random.Random(seed)
    schedule = _best_schedule(n, _even_sizes(n, count), rounds, [], rng)
    return KnowledgeCafe(_named(schedule, people), tuple(people))


# --- reporting -----------------------------------------------------------------------------

def repeat_pairs(rounds: Iterable[Iterable[Sequence[Hashable]]]) -> dict:
    met: dict = {}
    for round_ in rounds:
        for group in round_:
            members = list(group)
            for i, a in enumerate(members):
                for b in members[i + 1:]:
                    key = frozenset((a, b))
                    met[key] = met.get(key, 0) + 1
    return {pair: times for pair, times in met.items() if times > 1}


def seating(round_: Iterable[Sequence[Hashable]]) -> dict:
    return {pid: g for g, group in enumerate(round_) for pid in group}


# --- the search ----------------------------------------------------------------------------
# People are 0..n-1 here; ``met[a][b]`` is 1 once a and b have shared a table.
# A World Café host is "fixed" at their table; everyone else is a "mover".

def _best_schedule(n: int, sizes: list[int], rounds: int, hosts: list[int],
                   rng: random.Random) -> list[list[list[int]]]:
    """Several whole schedules, the one with the fewest repeats; a schedule with none ends
    the search. Restarting whole schedules, not rounds, undoes an unlucky round 2."""
    best, best_cost = None, None
    for _ in range(ATTEMPTS):
        schedule, cost = _schedule(n, sizes, rounds, hosts, rng)
        if best_cost is None or cost < best_cost:
            best, best_cost = schedule, cost
        if cost == 0:
            break
    return best


def _schedule(n, sizes, rounds, hosts, rng):
    met = [[0] * n for _ in range(n)]
    movers = [p for p in range(n) if p not in set(hosts)]
    first = _first_round(movers, sizes, hosts, rng)
    schedule, cost = [first], 0
    _record(met, first)
    for _ in range(rounds - 1):
        tables, round_cost = _next_round(met, movers, sizes, hosts, schedule[-1], rng)
        schedule.append(tables)
        cost += round_cost
        _record(met, tables)
    return schedule, cost


def _first_round(movers, sizes, hosts, rng):
    order = list(movers)
    rng.shuffle(order)
    tables = [[hosts[t]] if hosts else [] for t in range(len(sizes))]
    for t, size in enumerate(sizes):
        while len(tables[t]) < size:
            tables[t].append(order.pop())
    return tables


def _next_round(met, movers, sizes, hosts, previous, rng):
    # Staying at the same table is not travelling; make it cost more than any repeat could.
    stay_penalty = len(met) ** 2 if hosts else 0
    last = {p: t for t, table in enumerate(previous) for p in table}
    seats = [size - (1 if hosts else 0) for size in sizes]
    tables = [[hosts[t]] if hosts else [] for t in range(len(sizes))]
    load = [[0] * len(sizes) for _ in met]  # load[p][t]: what p has shared with table t
    for t, table in enumerate(tables):
        for member in table:
            _add_load(load, met, member, t, +1)

    def cost(p, t):
        return load[p][t] + (stay_penalty if hosts and last[p] == t else 0)

    order = list(movers)
    rng.shuffle(order)
    where = {}
    for p in order:  # greedy: each mover to the open table they would repeat least at
        open_ = [t for t in range(len(sizes)) if seats[t]]
        t = min(open_, key=lambda t: (cost(p, t), rng.random()))
        seats[t] -= 1
        tables[t].append(p)
        where[p] = t
        _add_load(load, met, p, t, +1)
    _descend(met, load, tables, where, order, cost)
    total = sum(cost(p, where[p]) for p in movers) - _mover_pairs(met, tables, hosts)
    return tables, total


def _descend(met, load, tables, where, movers, cost):
    """Swap two movers at different tables while it lowers the repeats."""
    improved = True
    while improved:
        improved = False
        for i, m in enumerate(movers):
            for k in movers[i + 1:]:
                a, b = where[m], where[k]
                if a == b:
                    continue
                delta = (cost(m, b) - met[m][k] + cost(k, a) - met[k][m]
                         - cost(m, a) - cost(k, b))
                if delta < 0:
                    _move(load, met, tables, where, m, a, b)
                    _move(load, met, tables, where, k, b, a)
                    improved = True


def _move(load, met, tables, where, p, src, dst):
    tables[src].remove(p)
    _add_load(load, met, p, src, -1)
    tables[dst].append(p)
    _add_load(load, met, p, dst, +1)
    where[p] = dst


def _add_load(load, met, p, t, sign):
    row = met[p]
    for q in range(len(load)):
        load[q][t] += sign * row[q]


def _mover_pairs(met, tables, hosts):
    # Summing each mover's load counts a mover-mover repeat twice and a host one once.
    fixed = set(hosts)
    return sum(met[a][b] for table in tables for i, a in enumerate(table)
               for b in table[i + 1:] if a not in fixed and b not in fixed)


def _record(met, tables):
    # Met or not, not how often: what counts is how many different people each one meets.
    for table in tables:
        for i, a in enumerate(table):
            for b in table[i + 1:]:
                met[a][b] = met[b][a] = 1


# --- helpers -------------------------------------------------------------------------------

def _people(ids: Iterable[Hashable], minimum: int) -> list:
    people = list(ids)
    if len(set(people)) != len(people):
        raise RoomError("bad_payload")
    if len(people) < minimum:
        raise RoomError("too_few_people", min=minimum)
    return people


def _check_rounds(rounds) -> None:
    if not _is_int(rounds) or not MIN_ROUNDS <= rounds <= MAX_ROUNDS:
        raise RoomError("bad_round_count", min=MIN_ROUNDS, max=MAX_ROUNDS)


def _even_sizes(n: int, count: int) -> list[int]:
    q, r = divmod(n, count)
    return [q + 1 if t < r else q for t in range(count)]


def _named(schedule, people) -> list[list[tuple]]:
    return [[tuple(people[p] for p in table) for table in tables] for tables in schedule]


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)
