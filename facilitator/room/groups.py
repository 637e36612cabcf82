"""Breakout groups ("travaux en carrefour"): plan, deal, self-select, move, late arrivals,
roles inside a group, balance report. Pure functions, no I/O, no clock, inputs never mutated.

Representation
- A plan is a list of ``PlannedGroup(index, theme, capacity)``. ``index`` is 0-based and is
  what assignments store; ``number`` (index + 1) is what a screen shows; the caller names it.
  ``capacity`` only limits self-selection (None: no limit).
- An assignment is a dict {person_id: group_index}; someone absent from it is in no group.
- ``Person(id, org=None, attr=None)``: ``org`` is the organisation, ``attr`` an optional second
  attribute to balance (gender, region...). None means "not said": such people are fillers.
- Roles are {group_index: {role: person_id}}, roles from ``ROLES``.

API
- ``plan_groups(people_count, *, count=None, size=None, themes=(), per_theme=None,
  capacity=None)``: by number of groups, by target size (3-8), or by an explicit count per
  theme ({theme: groups}); ``themes`` are dealt to groups round-robin.
- ``deal_random(ids, groups, *, seed)``: numbering off; sizes differ by at most 1.
- ``deal_balanced(people, groups, *, seed)``: sizes differ by at most 1 and each organisation's
  count per group differs by at most 1; ``attr`` is then balanced as far as those allow.
- ``choose(assignment, groups, person_id, *, group=None, theme=None)``: self-selection of a
  group, or of a theme (its least full group); capacity enforced.
- ``move(assignment, groups, person_id, group)``: the facilitator's move; capacity ignored.
  ``leave(assignment, person_id)``.
- ``place_late(person, assignment, groups, strategy, *, members=None, seed=None)``: the group
  a late arrival joins under the activity's rule (None for self-selection: they pick).
- ``carry_over(assignment, groups, *, present=None)``: keep the groups for a new activity.
  Dealing anew is just calling ``deal_random``/``deal_balanced`` again.
- ``take_role``/``release_role``/``set_role``/``prune_roles``/``missing_rapporteur``/
  ``rapporteur_status``: roles inside a group.
- ``balance_report(groups, assignment, people)``: counts per organisation for the dashboard.
"""
from __future__ import annotations

import math
import random
from collections import Counter
from typing import Hashable, Iterable, Mapping, NamedTuple, Sequence

from .errors import RoomError
from .payload import is_id

MIN_SIZE, MAX_SIZE = 3, 8
STRATEGIES = ("random", "balanced", "self")
ROLES = ("animator", "scribe", "timekeeper", "rapporteur")
RAPPORTEUR = "rapporteur"
LATE_WINDOW = 5 * 60  # methods.md: never appoint the rapporteur in the last five minutes
ASK_GRACE = 60

_FILLER = object()  # the swap domain of people without an organisation


class Person(NamedTuple):
    id: Hashable
    org: Hashable | None = None
    attr: Hashable | None = None


class PlannedGroup(NamedTuple):
    index: int
    theme: str | None = None
    capacity: int | None = None

    @property
    def number(self) -> int:
        return self.index + 1


Assignment = dict  # {person_id: group_index}
Groups = Sequence[PlannedGroup]


# --- planning ------------------------------------------------------------------------------

def plan_groups(people_count: int, *, count: int | None = None, size: int | None = None,
                themes: Sequence[str] = (), per_theme: Mapping[str, int] | None = None,
                capacity: int | None = None) -> list[PlannedGroup]:
    """The groups for ``people_count`` people. Exactly one of count, size, per_theme."""
    if not is_id(people_count) or people_count < 0:
        raise RoomError("bad_payload")
    if sum(x is not None for x in (count, size, per_theme)) != 1:
        raise RoomError("bad_group_count", min=1, max=max(people_count, 1))
    if per_theme is not None:
        group_themes = _themes_from_counts(per_theme, people_count)
    else:
        if size is not None:
            count = _count_for_size(people_count, size)
        _check_count(count, people_count)
        group_themes = [themes[i % len(themes)] if themes else None for i in range(count)]
    cap = _capacity(people_count, len(group_themes), capacity)
    return [PlannedGroup(i, theme, cap) for i, theme in enumerate(group_themes)]


def _themes_from_counts(per_theme: Mapping[str, int], people_count: int) -> list:
    # A theme's groups are consecutive, so "Groupes 1-2 : eau, groupe 3 : santé" reads well.
    if not per_theme or not all(is_id(n) and n >= 1 for n in per_theme.values()):
        raise RoomError("bad_group_count", min=1, max=max(people_count, 1))
    themes = [theme for theme, n in per_theme.items() for _ in range(n)]
    _check_count(len(themes), people_count)
    return themes


def _count_for_size(people_count: int, size) -> int:
    if not is_id(size) or not MIN_SIZE <= size <= MAX_SIZE:
        raise RoomError("bad_group_size", min=MIN_SIZE, max=MAX_SIZE)
    nearest = (2 * people_count + size) // (2 * size)  # round half up, not banker's rounding
    # The target is a wish; the 3-8 bounds are the method's, so they win where both can hold.
    fewest = math.ceil(people_count / MAX_SIZE)
    most = max(people_count // MIN_SIZE, 1)
    return max(1, fewest, min(nearest, most))


def _check_count(count, people_count: int) -> None:
    # Zero people is planning ahead of arrivals (self-selection): any count is then fine.
    top = people_count if people_count else None
    if not is_id(count) or count < 1 or (top is not None and count > top):
        raise RoomError("bad_group_count", min=1, max=max(people_count, 1))


def _capacity(people_count: int, count: int, capacity) -> int | None:
    needed = math.ceil(people_count / count)
    if capacity is None:
        return needed or None
    if not is_id(capacity) or capacity < max(needed, 1):
        # A cap under ceil(N / groups) would leave someone with no seat anywhere.
        raise RoomError("bad_capacity", min=max(needed, 1))
    return capacity


# --- dealing -------------------------------------------------------------------------------

def deal_random(ids: Iterable[Hashable], groups: Groups, *, seed) -> Assignment:
    """Numbering off: shuffle, then deal round-robin. Capacity is not checked (see plan)."""
    people = list(ids)
    random.Random(seed).shuffle(people)
    indices = _indices(groups)
    return {pid: indices[i % len(indices)] for i, pid in enumerate(people)}


def deal_balanced(people: Iterable[Person], groups: Groups, *, seed) -> Assignment:
    """Spread each organisation, then the attribute, over the groups.

    Organisations go largest first: each gets ``q`` people in every group and one more in the
    ``r`` currently smallest groups (q, r = divmod(its size, groups)). Always topping up the
    smallest groups keeps sizes within 1, and every organisation's counts within 1 by
    construction. Fillers go last, one pseudo-organisation per attribute value, so that they
    level the attribute too. Finally swaps between two people of the same organisation (which
    change neither sizes nor organisation counts) even out the attribute.
    """
    rng = random.Random(seed)
    people = list(people)
    rng.shuffle(people)  # ties between equal organisations are then the seed's, not the input's
    indices = _indices(groups)
    sizes = {g: 0 for g in indices}
    attrs = {g: Counter() for g in indices}
    result: Assignment = {}
    for block in _blocks(people):
        slots = _block_slots(block, sizes, attrs, rng)
        _seat_block(block, slots, attrs, result)
    _level_attributes(people, result, attrs)
    return result


def _blocks(people: list[Person]) -> list[list[Person]]:
    by_org: dict = {}
    fillers: dict = {}
    for person in people:
        if person.org is None:
            fillers.setdefault(person.attr, []).append(person)
        else:
            by_org.setdefault(person.org, []).append(person)
    # Largest first: a big organisation needs the most freedom in where its extras go.
    return (sorted(by_org.values(), key=len, reverse=True)
            + sorted(fillers.values(), key=len, reverse=True))


def _block_slots(block: list[Person], sizes: dict, attrs: dict, rng: random.Random) -> list:
    q, r = divmod(len(block), len(sizes))
    wanted = Counter(p.attr for p in block if p.attr is not None)

    def crowding(g):  # how much of this block's attributes the group already has
        return sum(n * attrs[g][a] for a, n in wanted.items())

    noise = {g: rng.random() for g in sizes}
    extras = sorted(sizes, key=lambda g: (sizes[g], crowding(g), noise[g]))[:r]
    slots = [g for g in sizes for _ in range(q)] + extras
    for g in slots:
        sizes[g] += 1
    return slots


def _seat_block(block: list[Person], slots: list, attrs: dict, result: dict) -> None:
    frequency = Counter(p.attr for p in block)
    # The block's commonest attribute picks first (it is the one that can pile up); the
    # attribute-less take whatever seats are left.
    ordered = sorted(block, key=lambda p: (p.attr is None, -frequency[p.attr]))
    free = list(slots)
    for person in ordered:
        g = free[0] if person.attr is None else min(free, key=lambda s: attrs[s][person.attr])
        free.remove(g)
        result[person.id] = g
        if person.attr is not None:
            attrs[g][person.attr] += 1


def _level_attributes(people: list[Person], result: dict, attrs: dict) -> None:
    domains: dict = {}
    for person in people:
        domains.setdefault(_FILLER if person.org is None else person.org, []).append(person)
    improved = True
    while improved:  # each swap lowers the sum of squared counts, so this ends
        improved = False
        for members in domains.values():
            for i, p in enumerate(members):
                for q in members[i + 1:]:
                    if _swap_gain(p, q, result, attrs) > 0:
                        _swap(p, q, result, attrs)
                        improved = True


def _swap_gain(p: Person, q: Person, result: dict, attrs: dict) -> int:
    a, b = result[p.id], result[q.id]
    if a == b or p.attr == q.attr:
        return 0
    gain = 0
    if p.attr is not None:
        gain += 2 * (attrs[a][p.attr] - attrs[b][p.attr]) - 2
    if q.attr is not None:
        gain += 2 * (attrs[b][q.attr] - attrs[a][q.attr]) - 2
    return gain


def _swap(p: Person, q: Person, result: dict, attrs: dict) -> None:
    a, b = result[p.id], result[q.id]
    result[p.id], result[q.id] = b, a
    for attr, src, dst in ((p.attr, a, b), (q.attr, b, a)):
        if attr is not None:
            attrs[src][attr] -= 1
            attrs[dst][attr] += 1


# --- self-selection and moves --------------------------------------------------------------

def choose(assignment: Assignment, groups: Groups, person_id: Hashable, *,
           group: int | None = None, theme: str | None = None) -> Assignment:
    """A person picks a group, or a theme (then its least full group, lowest index on ties).

    Re-choosing one's own group changes nothing, so a phone's resend is harmless.
    """
    if (group is None) == (theme is None):
        raise RoomError("bad_payload")
    if theme is not None:
        group = _least_full_of_theme(assignment, groups, person_id, theme)
    planned = _group(groups, group)
    if assignment.get(person_id) == group:
        return dict(assignment)
    if planned.capacity is not None and _size(assignment, group) >= planned.capacity:
        raise RoomError("group_full", group=planned.number, capacity=planned.capacity)
    return {**assignment, person_id: group}


def _least_full_of_theme(assignment: Assignment, groups: Groups, person_id, theme) -> int:
    candidates = [g for g in groups if g.theme == theme]
    if not candidates:
        raise RoomError("unknown_theme", theme=theme)
    if assignment.get(person_id) in {g.index for g in candidates}:
        return assignment[person_id]  # already on that theme: staying beats being reshuffled
    open_ = [g for g in candidates
             if g.capacity is None or _size(assignment, g.index) < g.capacity]
    if not open_:
        raise RoomError("theme_full", theme=theme, capacity=candidates[0].capacity)
    return min(open_, key=lambda g: (_size(assignment, g.index), g.index)).index


def move(assignment: Assignment, groups: Groups, person_id: Hashable, group: int) -> Assignment:
    """The facilitator moves someone. Capacity is deliberately ignored: the person at the
    laptop sees the room and may overfill a group; only self-selection is capped."""
    _group(groups, group)
    return {**assignment, person_id: group}


def leave(assignment: Assignment, person_id: Hashable) -> Assignment:
    return {pid: g for pid, g in assignment.items() if pid != person_id}


# --- late arrivals and later activities ----------------------------------------------------

def place_late(person: Person, assignment: Assignment, groups: Groups, strategy: str, *,
               members: Mapping[Hashable, Person] | None = None, seed=None) -> int | None:
    """The group a late arrival joins, or None under self-selection (they pick).

    random: the smallest group. balanced: fewest of their organisation, then of their
    attribute, then smallest. Remaining ties go to the lowest index, or to the seed's pick.
    ``members`` maps the people already in ``assignment`` to their Person (balanced only).
    Never a group already 2 above the smallest, so sizes stay within 2; organisations stay
    within 1 nearly always (a long run of same-organisation arrivals can make it 2).
    """
    if strategy not in STRATEGIES:
        raise RoomError("unknown_strategy", strategy=strategy)
    if strategy == "self":
        return None
    indices = _indices(groups)
    sizes = Counter(assignment.values())
    org, attr = Counter(), Counter()
    for pid, g in assignment.items() if strategy == "balanced" else ():
        known = (members or {}).get(pid, Person(pid))
        org[g] += person.org is not None and known.org == person.org
        attr[g] += person.attr is not None and known.attr == person.attr
    noise = _tie_noise(indices, seed)
    # Fewest-of-their-organisation first can keep picking a large group; without this guard
    # sizes drift apart (4 after 30 arrivals in simulations). Two apart is the price paid.
    smallest = min(sizes[g] for g in indices)
    return min(indices, key=lambda g: (sizes[g] > smallest + 1, org[g], attr[g], sizes[g],
                                       noise[g]))


def _tie_noise(indices: list, seed) -> dict:
    order = list(indices)
    if seed is not None:
        random.Random(seed).shuffle(order)
    return {g: rank for rank, g in enumerate(order)}


def carry_over(assignment: Assignment, groups: Groups, *,
               present: Iterable[Hashable] | None = None) -> Assignment:
    """The same groups for the next activity: same indices, minus those who left.

    Newcomers are not placed here: use ``place_late``. A group missing from the new plan is an
    error rather than a silent reshuffle; deal anew instead.
    """
    known = set(_indices(groups))
    keep = None if present is None else set(present)
    for g in assignment.values():
        if g not in known:
            raise RoomError("unknown_group", group=g + 1)
    return {pid: g for pid, g in assignment.items() if keep is None or pid in keep}


# --- roles ---------------------------------------------------------------------------------
# One role per person by default: in a group of four, someone who is both scribe and
# rapporteur (or timekeeper and animator) is exactly the overload the method spreads out.

def take_role(roles: Mapping, assignment: Assignment, person_id: Hashable,
              role: str) -> dict:
    """A member takes a free role in their own group."""
    _check_role(role)
    group = assignment.get(person_id)
    if group is None:
        raise RoomError("not_in_group")
    held = roles.get(group, {})
    if held.get(role) == person_id:
        return _copy(roles)
    if held.get(role) is not None:
        raise RoomError("role_taken", role=role)
    _refuse_second_role(held, person_id, role)
    return _with(roles, group, role, person_id)


def release_role(roles: Mapping, person_id: Hashable, role: str | None = None) -> dict:
    """Drop ``role`` (or every role) the person holds, in any group. Nothing held: no change."""
    if role is not None:
        _check_role(role)
    return _keep_roles(roles, lambda g, r, p: not (p == person_id and role in (None, r)))


def set_role(roles: Mapping, assignment: Assignment, groups: Groups, group: int, role: str,
             person_id: Hashable | None, *, allow_second_role: bool = False) -> dict:
    """The facilitator gives ``role`` to a member (replacing whoever held it), or clears it
    (``person_id`` None). ``allow_second_role`` lets one person hold two roles."""
    _check_role(role)
    _group(groups, group)
    held = roles.get(group, {})
    if person_id is None:
        return _keep_roles(roles, lambda g, r, p: (g, r) != (group, role))
    if assignment.get(person_id) != group:
        raise RoomError("not_member", group=group + 1)
    if not allow_second_role:
        _refuse_second_role(held, person_id, role)
    return _with(roles, group, role, person_id)


def prune_roles(roles: Mapping, assignment: Assignment) -> dict:
    """Roles whose holder is still in that group; call after moves, leaves and re-deals."""
    return _keep_roles(roles, lambda g, r, p: assignment.get(p) == g)


def missing_rapporteur(groups: Iterable, roles: Mapping) -> list[int]:
    """Indices of the groups (PlannedGroup or index) with no rapporteur yet."""
    indices = [g.index if isinstance(g, PlannedGroup) else g for g in groups]
    return [g for g in indices if roles.get(g, {}).get(RAPPORTEUR) is None]


def rapporteur_status(has_rapporteur: bool, now: float, started_at: float,
                      ends_at: float | None) -> str:
    """"ok" (there is one), "ask" (none yet: prompt the group) or "late" (none and five
    minutes or less remain). Pass the pause time as ``now`` while paused.

    In a work period of five minutes or less the start is already inside the last five
    minutes; appointing then is what the method wants, so its first minute is still "ask".
    """
    if has_rapporteur:
        return "ok"
    if ends_at is None or ends_at - now > LATE_WINDOW:
        return "ask"
    short = ends_at - started_at <= LATE_WINDOW
    if short and now - started_at < ASK_GRACE:
        return "ask"
    return "late"


def _check_role(role) -> None:
    if role not in ROLES:
        raise RoomError("unknown_group_role", role=role)


def _refuse_second_role(held: Mapping, person_id, role: str) -> None:
    for other, holder in held.items():
        if holder == person_id and other != role:
            raise RoomError("has_role", role=other)


def _with(roles: Mapping, group: int, role: str, person_id) -> dict:
    out = _copy(roles)
    out.setdefault(group, {})[role] = person_id
    return out


def _copy(roles: Mapping) -> dict:
    return {g: dict(held) for g, held in roles.items()}


def _keep_roles(roles: Mapping, keep) -> dict:
    kept = {g: {r: p for r, p in held.items() if keep(g, r, p)} for g, held in roles.items()}
    return {g: held for g, held in kept.items() if held}


# --- balance report ------------------------------------------------------------------------

def balance_report(groups: Groups, assignment: Assignment,
                   people: Mapping[Hashable, Person] | Iterable[Person]) -> dict:
    """Per group: size, counts per organisation and attribute, the most present organisation
    and its share. Overall: the highest share and the widest spread of any organisation.
    People without an organisation count in the size only."""
    if not isinstance(people, Mapping):
        people = {p.id: p for p in people}
    rows = []
    all_orgs: set = set()
    for g in _indices(groups):
        members = [people.get(pid, Person(pid)) for pid, at in assignment.items() if at == g]
        orgs = Counter(p.org for p in members if p.org is not None)
        all_orgs.update(orgs)
        top = max(orgs.items(), key=lambda item: item[1], default=(None, 0))
        rows.append({"index": g, "size": len(members), "orgs": dict(orgs.most_common()),
                     "attrs": dict(Counter(p.attr for p in members
                                           if p.attr is not None).most_common()),
                     "top_org": top[0], "top_share": top[1] / len(members) if members else 0.0})
    counts = [[r["orgs"].get(o, 0) for r in rows] for o in all_orgs]
    return {"groups": rows,
            "max_share": max((r["top_share"] for r in rows), default=0.0),
            "org_spread": max((max(c) - min(c) for c in counts), default=0)}


# --- helpers -------------------------------------------------------------------------------

def _indices(groups: Groups) -> list[int]:
    indices = [g.index for g in groups]
    if not indices:
        raise RoomError("bad_group_count", min=1, max=1)
    return indices


def _group(groups: Groups, index) -> PlannedGroup:
    for g in groups:
        if g.index == index:
            return g
    raise RoomError("unknown_group", group=index + 1 if is_id(index) else index)


def _size(assignment: Assignment, group: int) -> int:
    return sum(1 for g in assignment.values() if g == group)
