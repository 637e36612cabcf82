"""The idea fair: the timed rotation's schedule and its slot clock. Pure functions, no I/O.

Kiosks (stands) are numbered 0..K-1 clockwise round the room, visiting groups 0..G-1. A kiosk
has the organisation of its presenter, or None; a group has the organisations of its members.
Organisation names are compared after trimming, collapsing spaces and ignoring case
("UNDP " is "undp").

Own organisation ("Presenters from the same organisation as a visiting group should not be
paired with it if avoidable", methods.md §2)
- Read literally, a rotation where every group sees every stand can never avoid such a pairing:
  the pair must meet once, whatever the order. The only way to honour the rule is to leave that
  visit out, and that is what we do by default (``skip_own=True``): a group does not visit a
  kiosk of one of its own organisations. Its colleagues are presenting there; for the method
  it is not a visit. "Every group sees every stand once" then means every *other* stand once.
  Leaving visits out never makes the fair longer, and often makes it one slot shorter.
- The price: in a group mixing organisations, the members from other organisations miss that
  stand too. When groups are formed by organisation (delegations) this costs nothing; when they
  are thoroughly mixed, a facilitator may prefer ``skip_own=False``: every group visits every
  kiosk, and the unavoidable same-organisation pairings are listed in ``Rotation.clashes`` so
  the screens can tell those members "your own stand: help present or take a break".
- A group whose organisations hold every kiosk visits nothing; it is listed in ``skipped``.

Schedule (``plan_rotation``)
- ``slots[s][g]`` is the kiosk group g visits in slot s, or None (a pause). No kiosk has two
  groups in a slot, and each group visits each kiosk it should exactly once.
- The number of slots is the smallest possible. Every slot a group visits one kiosk at most and
  a kiosk receives one group at most, so a fair needs at least as many slots as the most visits
  any group makes and as the most groups any kiosk receives; by König's theorem (the edges of a
  bipartite graph can be coloured with as many colours as its largest degree) that many
  suffice. Without skips that is max(K, G): K when G <= K, and G when there are more groups
  than kiosks (each kiosk must receive G groups one after the other; every group then pauses
  G - K times).
- The clockwise carousel is preferred whenever it is that short: on a circle of max(K, G)
  places (the kiosks, then G - K "pause" places when G > K), the group in column c is at place
  c + s in slot s, moving one stand clockwise every slot. Plain order (group g starts at
  kiosk g) is tried first. If skips leave a slot where nobody visits anything, that slot is
  dropped (everyone then moves two stands on). When that is not yet the minimum, groups are
  re-seated on other starting columns so that their skips line up in the same slots, which
  are then dropped: a bounded search, deterministic. ``carousel`` is True for all of these.
- Otherwise the whole schedule is planned at once as an edge colouring (alternating-path
  swaps, never a slot-by-slot greedy that can dead-end): minimal, but groups no longer simply
  move clockwise; their phones say where to go (``next_stop``). ``carousel`` is False.
  A facilitator who would rather keep the simple clockwise walk at the cost of a slot or two
  asks for ``clockwise=True``.
- Same input, same schedule.

Clock (``slot_at``)
- The rotation runs on one clock: the server's. A slot lasts 7 minutes by default with a
  warning 2 minutes before its end; all slots have the same length, so the rotation lasts
  ``slot_count * slot_seconds``, the budget of its agenda step. ``paused_for`` is the total of
  the pauses already over and ``paused_at`` the start of the current one: a pause freezes
  the countdown, as the agenda's timer does.
- Free circulation needs no schedule: it is the agenda's ordinary timer on one slot (e.g.
  45 min, projected), nothing in this module.

Late arrivals (``late_group``) join the smallest group, the lowest-numbered among equals,
unless the facilitator chooses one. The rotation is not re-planned for them: should their
organisation hold a kiosk still ahead on the group's route, they sit that slot out.
"""
from __future__ import annotations

from dataclasses import dataclass
from math import isfinite
from typing import Iterable, NamedTuple, Sequence

from .errors import RoomError
from .payload import is_id

MIN_KIOSKS = 2
MAX_KIOSKS = 20
MAX_GROUPS = 40
SLOT_MINUTES = 7
WARNING_MINUTES = 2
SLOT_SECONDS = SLOT_MINUTES * 60
WARNING_SECONDS = WARNING_MINUTES * 60
SEARCH_NODES = 4000  # bound on the re-seating search: a fixed count, so the result is deterministic


class FairError(RoomError):
    """codes: "bad_kiosks", "bad_groups", "bad_duration", "unknown_group", "bad_payload"."""


@dataclass(frozen=True)
class Rotation:
    kiosk_count: int
    group_count: int
    slots: tuple[tuple[int | None, ...], ...]  # slots[s][g]: kiosk, or None for a pause
    skipped: tuple[tuple[int, int], ...] = ()  # (group, kiosk) left out: its own organisation
    clashes: tuple[tuple[int, int], ...] = ()  # (group, kiosk) visits to its own organisation
    carousel: bool = True  # every group moves clockwise from slot to slot

    @property
    def slot_count(self) -> int:
        return len(self.slots)


class Stop(NamedTuple):
    slot: int
    kiosk: int | None  # None: a pause


class SlotTime(NamedTuple):
    index: int | None     # the current slot; None once the rotation is over
    seconds_left: float   # in the current slot; 0 once over
    warning: bool         # the last warning_seconds of a slot
    finished: bool
    ends_at: float | None  # server time the slot ends; None while paused or once over


# --- organisations -------------------------------------------------------------------------

def normal_org(name) -> str | None:
    """The form organisations are compared in; None for no organisation."""
    if name is None:
        return None
    if not isinstance(name, str):
        raise FairError("bad_payload")
    return " ".join(name.split()).casefold() or None


def _org_set(names) -> frozenset[str]:
    if names is None:
        return frozenset()
    if isinstance(names, str):
        names = (names,)
    return frozenset(org for org in map(normal_org, names) if org is not None)


# --- the schedule --------------------------------------------------------------------------

def plan_rotation(kiosk_orgs: Sequence[str | None], group_orgs: Sequence[Iterable[str]],
                  *, skip_own: bool = True, clockwise: bool = False) -> Rotation:
    """The rotation of len(group_orgs) groups round len(kiosk_orgs) kiosks (see the module doc).

    ``clockwise=True`` keeps the carousel even when only a schedule of irregular moves would
    be the shortest: the shortest carousel the search finds, one or more slots longer."""
    kiosks = [normal_org(org) for org in kiosk_orgs]
    groups = [_org_set(orgs) for orgs in group_orgs]
    k_count, g_count = len(kiosks), len(groups)
    if not MIN_KIOSKS <= k_count <= MAX_KIOSKS:
        raise FairError("bad_kiosks", min=MIN_KIOSKS, max=MAX_KIOSKS)
    if not 1 <= g_count <= MAX_GROUPS:
        raise FairError("bad_groups", min=1, max=MAX_GROUPS)

    home = [{k for k, org in enumerate(kiosks) if org is not None and org in orgs} for orgs in groups]
    visits = [set(range(k_count)) - (home[g] if skip_own else set()) for g in range(g_count)]
    skipped = tuple((g, k) for g in range(g_count) for k in sorted(home[g])) if skip_own else ()
    clashes = () if skip_own else tuple((g, k) for g in range(g_count) for k in sorted(home[g]))

    need = _fewest_slots(visits, k_count)
    fits, nodes = _fits(visits, k_count), [0]  # nodes: one search budget for the whole plan
    slots = _carousel(visits, k_count, need, fits, nodes)
    longest = max(k_count, g_count)
    while slots is None and clockwise and need < longest:
        need += 1
        slots = _carousel(visits, k_count, need, fits, nodes)
    carousel = slots is not None
    if slots is None:
        slots = _edge_colouring(visits, k_count, need)
    return Rotation(k_count, g_count, tuple(map(tuple, slots)), skipped, clashes, carousel)


def _fewest_slots(visits: list[set[int]], k_count: int) -> int:
    """The lower bound, which König's theorem says is reached."""
    per_group = max((len(v) for v in visits), default=0)
    per_kiosk = max((sum(k in v for v in visits) for k in range(k_count)), default=0)
    return max(per_group, per_kiosk)


def _fits(visits: list[set[int]], k_count: int) -> list[list[int]]:
    """fits[g][d]: the columns c (a bit mask) from which group g, at place c + d, visits
    nothing: a pause place or one of its skipped kiosks."""
    places = max(k_count, len(visits))
    absent = [{p for p in range(places) if p >= k_count or p not in v} for v in visits]
    return [[sum(1 << c for c in range(places) if (c + d) % places in absent[g])
             for d in range(places)] for g in range(len(visits))]


def _carousel(visits: list[set[int]], k_count: int, need: int, fits: list[list[int]],
              nodes: list[int]) -> list[list] | None:
    """A clockwise carousel of ``need`` slots, or None if the search finds none."""
    g_count = len(visits)
    places = max(k_count, g_count)
    drop_count = places - need
    columns = list(range(g_count))
    if drop_count == 0:
        return _carousel_slots(visits, k_count, places, columns, ())
    # Plain order first: its own empty slots.
    plain = [d for d in range(places) if all(fits[g][d] >> g & 1 for g in range(g_count))]
    if len(plain) >= drop_count:
        return _carousel_slots(visits, k_count, places, columns, plain[:drop_count])
    found = _seat(fits, places, drop_count, [0], [fits[g][0] for g in range(g_count)], nodes)
    if found is None:
        return None
    dropped, columns = found
    return _carousel_slots(visits, k_count, places, columns, dropped)


def _seat(fits, places, drop_count, dropped, allowed, nodes, columns=None):
    """Depth-first over the dropped slots (the first is slot 0: turning the circle makes any
    solution start there), each group keeping the columns that fit every dropped slot."""
    nodes[0] += 1
    if nodes[0] > SEARCH_NODES or not all(allowed):
        return None
    columns = _match(allowed, columns)
    if columns is None:
        return None
    if len(dropped) == drop_count:
        return list(dropped), columns
    for d in range(dropped[-1] + 1, places - (drop_count - len(dropped)) + 1):
        narrowed = [mask & fits[g][d] for g, mask in enumerate(allowed)]
        found = _seat(fits, places, drop_count, dropped + [d], narrowed, nodes, columns)
        if found is not None or nodes[0] > SEARCH_NODES:
            return found
    return None


def _match(allowed: list[int], previous: list[int] | None) -> list[int] | None:
    """A distinct column for each group among its allowed ones (bit masks), or None: the
    previous matching kept where still allowed, the rest placed by augmenting paths.
    A group tries its own column g first, so plain order survives where it can."""
    owner: dict[int, int] = {}
    if previous is not None:
        owner = {c: g for g, c in enumerate(previous) if allowed[g] >> c & 1}

    def place(g: int, seen: list[int]) -> bool:
        free = allowed[g] & ~seen[0]
        own = free & (1 << g)
        for mask in (own, free & ~own):
            while mask:
                bit = mask & -mask
                mask ^= bit
                if seen[0] & bit:
                    continue
                seen[0] |= bit
                c = bit.bit_length() - 1
                if c not in owner or place(owner[c], seen):
                    owner[c] = g
                    return True
        return False

    placed = set(owner.values())
    for g in range(len(allowed)):
        if g not in placed and not place(g, [0]):
            return None
    columns = [0] * len(allowed)
    for c, g in owner.items():
        columns[g] = c
    return columns


def _carousel_slots(visits, k_count, places, columns, dropped) -> list[list]:
    slots = []
    for s in range(places):
        if s in dropped:
            continue
        row = []
        for g, c in enumerate(columns):
            p = (c + s) % places
            row.append(p if p < k_count and p in visits[g] else None)
        if any(k is not None for k in row):  # a slot where nobody visits anything goes
            slots.append(row)
    return slots


def _edge_colouring(visits: list[set[int]], k_count: int, need: int) -> list[list]:
    """Each visit (g, k) gets a slot, ``need`` slots in all (König: alternating-path swaps)."""
    g_count = len(visits)
    at_group = [[None] * need for _ in range(g_count)]  # at_group[g][s] = kiosk
    at_kiosk = [[None] * need for _ in range(k_count)]  # at_kiosk[k][s] = group
    for g in range(g_count):
        for k in sorted(visits[g], key=lambda k: (k - g) % k_count):  # clockwise from g
            a = next(s for s in range(need) if at_group[g][s] is None)
            b = next(s for s in range(need) if at_kiosk[k][s] is None)
            if at_kiosk[k][a] is not None:
                _swap_path(at_group, at_kiosk, k, a, b)
            at_group[g][a], at_kiosk[k][a] = k, g
    return [[at_group[g][s] for g in range(g_count)] for s in range(need)]


def _swap_path(at_group, at_kiosk, kiosk, a, b):
    """Swap slots a and b along the path leaving ``kiosk`` by its slot-a visit, so that slot a
    is free at ``kiosk`` (the path cannot reach the group being placed: slot a is free there)."""
    path = []  # (group, kiosk, slot) edges along the path
    side, node, colour = "kiosk", kiosk, a
    while True:
        if side == "kiosk":
            other = at_kiosk[node][colour]
            if other is None:
                break
            path.append((other, node, colour))
            side, node = "group", other
        else:
            other = at_group[node][colour]
            if other is None:
                break
            path.append((node, other, colour))
            side, node = "kiosk", other
        colour = b if colour == a else a
    for g, k, s in path:
        at_group[g][s] = None
        at_kiosk[k][s] = None
    for g, k, s in path:
        t = b if s == a else a
        at_group[g][t] = k
        at_kiosk[k][t] = g


# --- reading the schedule ------------------------------------------------------------------

def route(rotation: Rotation, group: int) -> list[int | None]:
    """The kiosk of each slot for one group (None: a pause)."""
    _check_group(rotation, group)
    return [row[group] for row in rotation.slots]


def visitors(rotation: Rotation, slot: int) -> dict[int, int]:
    """{kiosk: group} in one slot: who is at each stand (a kiosk left out has nobody)."""
    if not is_id(slot) or not 0 <= slot < rotation.slot_count:
        raise FairError("bad_payload")
    return {k: g for g, k in enumerate(rotation.slots[slot]) if k is not None}


def next_stop(rotation: Rotation, group: int, slot: int) -> Stop | None:
    """Where the group goes when ``slot`` ends (slot -1: before the first): the next slot's
    kiosk, None as kiosk for a pause; None when the rotation is over for everyone."""
    _check_group(rotation, group)
    if not is_id(slot) or slot < -1:
        raise FairError("bad_payload")
    if slot + 1 >= rotation.slot_count:
        return None
    return Stop(slot + 1, rotation.slots[slot + 1][group])


def next_visit(rotation: Rotation, group: int, slot: int) -> Stop | None:
    """The group's next actual visit after ``slot``, over any pauses; None when it has none left."""
    stop = next_stop(rotation, group, slot)
    while stop is not None and stop.kiosk is None:
        stop = next_stop(rotation, group, stop.slot)
    return stop


def _check_group(rotation: Rotation, group) -> None:
    if not is_id(group) or not 0 <= group < rotation.group_count:
        raise FairError("unknown_group")


# --- the clock -----------------------------------------------------------------------------

def rotation_seconds(slot_count: int, slot_seconds: float = SLOT_SECONDS) -> float:
    """The length of the whole rotation: its agenda step's budget."""
    _check_durations(slot_count, slot_seconds, 0)
    return slot_count * slot_seconds


def slot_at(schedule_start: float, now: float, slot_count: int, *,
            slot_seconds: float = SLOT_SECONDS, warning_seconds: float = WARNING_SECONDS,
            paused_for: float = 0.0, paused_at: float | None = None) -> SlotTime:
    """The slot running at ``now`` (server clock) in a rotation started at ``schedule_start``.

    Before the start (a clock set back) it is the first slot, whole. A slot starts at its
    boundary (exactly 7 min in, it is slot 1 with 7 min left)."""
    _check_durations(slot_count, slot_seconds, warning_seconds)
    clock = now if paused_at is None else paused_at
    elapsed = max(0.0, clock - schedule_start - max(0.0, paused_for))
    index = int(elapsed // slot_seconds)
    if index >= slot_count:
        return SlotTime(None, 0.0, False, True, None)
    left = (index + 1) * slot_seconds - elapsed
    ends_at = None if paused_at is not None else now + left
    return SlotTime(index, left, 0 < left <= warning_seconds, False, ends_at)


def _check_durations(slot_count, slot_seconds, warning_seconds) -> None:
    numbers = (slot_seconds, warning_seconds)
    if not is_id(slot_count) or slot_count < 0 or not all(_is_number(n) for n in numbers):
        raise FairError("bad_duration")
    if slot_seconds <= 0 or not 0 <= warning_seconds < slot_seconds:
        raise FairError("bad_duration")


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and isfinite(value)


# --- late arrivals -------------------------------------------------------------------------

def late_group(sizes: Sequence[int], chosen: int | None = None) -> int:
    """The group a late arrival joins: ``chosen`` if given, else the smallest, lowest index
    among equals. ``sizes`` are the groups' current head counts."""
    if not sizes:
        raise FairError("bad_groups", min=1, max=MAX_GROUPS)
    if chosen is not None:
        if not is_id(chosen) or not 0 <= chosen < len(sizes):
            raise FairError("unknown_group")
        return chosen
    return min(range(len(sizes)), key=lambda g: (sizes[g], g))
