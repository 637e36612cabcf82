"""Competition: a jury scores the kiosks against published criteria. Pure functions, no I/O.

The rules are published before the fair: criteria with weights, and a score scale (0 to 10 by
default, or 1 to 5...). Weights are any positive numbers ("3, 2, 1" or "50 %, 30 %, 20 %");
they are scaled to add up to 1, so a kiosk's weighted score stays on the published scale.

Recusal: a juror never scores a kiosk of their own organisation, nor one the facilitator
declared a conflict for. Their phone does not list it and a score sent anyway is refused
("recused"). Each kiosk is therefore scored by its own set of jurors, and the counts differ.

Representation, what the store keeps: at most one row per (juror, kiosk, criterion), a
``ScoreRow(juror, kiosk, criterion, value)``. A phone sends the score it wants for one
criterion, never a delta, so a resend changes nothing; ``None`` withdraws it. A juror's *sheet*
for a kiosk counts once every criterion is scored: its weighted score is the sum of weight x
score. A half-filled sheet counts for nothing (a missing criterion must not be silently
weighted away); ``progress`` shows it as started. Rows that no longer fit the published rules
(a criterion removed, a kiosk gone, a recusal declared late, a scale narrowed) are ignored
when counting, not deleted.

Results: two scores per kiosk
- Raw: the mean of its jurors' weighted scores. Simple, but unfair as soon as jurors differ
  in severity and do not all score the same kiosks: a kiosk whose kindest juror is recused
  loses marks it did nothing to lose.
- Normalised (the one ranked by): each juror's weighted scores are turned into "how far above
  or below my own average, in units of my own spread" (a z-score: minus the juror's mean over
  the kiosks they scored, divided by the standard deviation of those scores). A harsh juror's
  7 and a kind juror's 9 may then both read "well above average". A juror who gave every kiosk
  the same score says nothing about their order: 0 for every kiosk. Each kiosk's normalised
  result is the mean of its jurors' z-scores. For display it is put back on the published
  scale: the jurors' average mean plus the z-score times their average spread (over the jurors
  who did spread their scores), kept within the scale. With one juror, or jurors of equal
  spread who all scored every kiosk, it is the raw score exactly; only its order is meaningful
  when comparing kiosks.
- The method assumes each juror sees a broadly comparable range of entries; with very few
  kiosks per juror, close results deserve a second look (the raw score is shown beside it).

Ranking: best first; scores within 1e-9 of the first of their group share its rank (ex æquo,
"1, 1, 3"), listed in the order the kiosks were given. Kiosks nobody scored come last, with no
rank. Juror ids never appear in results: kiosk figures only (``sheets`` is the facilitator's
per-juror table).
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from math import isfinite, sqrt
from typing import Any, Hashable, Iterable, Mapping, NamedTuple

from .errors import RoomError
from .fair import normal_org
from .payload import is_id

DEFAULT_LOW = 0
DEFAULT_HIGH = 10
TIE = 1e-9       # scores this close share a rank
FLAT = 1e-9      # a juror's spread below this is no spread at all


class JuryError(RoomError):
    """codes: "no_criteria", "bad_weight", "duplicate_criterion", "bad_scale", "not_a_juror",
    "unknown_kiosk", "recused", "unknown_criterion", "bad_score", "bad_payload"."""


@dataclass(frozen=True)
class Criterion:
    id: str
    weight: float  # normalised: the weights of a jury add up to 1


@dataclass(frozen=True)
class Jury:
    """The published rules and who scores what. Build it with ``jury()``."""
    criteria: tuple[Criterion, ...]
    low: int
    high: int
    kiosks: tuple[Hashable, ...]
    jurors: tuple[Hashable, ...]
    recusals: frozenset  # (juror, kiosk) pairs: own organisation or declared conflict


class ScoreRow(NamedTuple):
    juror: Hashable
    kiosk: Hashable
    criterion: str
    value: float


class ScoreChange(NamedTuple):
    juror: Hashable
    kiosk: Hashable
    criterion: str
    value: float | None  # None: delete the row


class Progress(NamedTuple):
    done: int     # complete sheets
    total: int    # kiosks to score (recusals excluded)
    started: int  # sheets begun but not complete


class KioskResult(NamedTuple):
    kiosk: Hashable
    rank: int | None      # None: nobody scored it
    ex_aequo: bool        # shares its rank
    score: float | None   # normalised, on the published scale: what the ranking follows
    raw: float | None     # mean weighted score
    z: float | None       # mean z-score of its jurors
    jurors: int           # complete sheets counted


Rows = Iterable[tuple] | dict


# --- the rules -----------------------------------------------------------------------------

def jury(criteria: Mapping[str, float] | Iterable[tuple[str, float]],
         kiosks: Mapping[Hashable, str | None], jurors: Mapping[Hashable, Any], *,
         low: int = DEFAULT_LOW, high: int = DEFAULT_HIGH,
         conflicts: Iterable[tuple[Hashable, Hashable]] = ()) -> Jury:
    """The rules: criteria {id: weight}, kiosks {kiosk: organisation or None}, jurors
    {juror: organisation, a set of them, or None}, the scale, declared (juror, kiosk) conflicts."""
    pairs = list(criteria.items() if isinstance(criteria, Mapping) else criteria)
    if not pairs:
        raise JuryError("no_criteria")
    seen: set[str] = set()
    for cid, weight in pairs:
        if not isinstance(cid, str) or not cid:
            raise JuryError("bad_payload")
        if cid in seen:
            raise JuryError("duplicate_criterion", criterion=cid)
        seen.add(cid)
        if not _is_number(weight) or weight <= 0:
            raise JuryError("bad_weight", criterion=cid)
    if not (is_id(low) and is_id(high)) or low >= high:
        raise JuryError("bad_scale")
    total = sum(weight for _, weight in pairs)
    kiosk_orgs = {kiosk: normal_org(org) for kiosk, org in kiosks.items()}
    juror_orgs = {juror: _orgs(orgs) for juror, orgs in jurors.items()}
    recusals = {(juror, kiosk) for juror, orgs in juror_orgs.items()
                for kiosk, org in kiosk_orgs.items() if org is not None and org in orgs}
    for juror, kiosk in conflicts:
        if juror not in juror_orgs:
            raise JuryError("not_a_juror")
        if kiosk not in kiosk_orgs:
            raise JuryError("unknown_kiosk")
        recusals.add((juror, kiosk))
    return Jury(
        criteria=tuple(Criterion(cid, weight / total) for cid, weight in pairs),
        low=low, high=high, kiosks=tuple(kiosk_orgs), jurors=tuple(juror_orgs),
        recusals=frozenset(recusals))


def is_recused(rules: Jury, juror: Hashable, kiosk: Hashable) -> bool:
    return (juror, kiosk) in rules.recusals


def kiosks_to_score(rules: Jury, juror: Hashable) -> list:
    """What the juror's phone lists: every kiosk but their recusals."""
    if juror not in rules.jurors:
        raise JuryError("not_a_juror")
    return [kiosk for kiosk in rules.kiosks if (juror, kiosk) not in rules.recusals]


# --- scoring -------------------------------------------------------------------------------

def decide(rules: Jury, juror: Hashable, kiosk: Hashable, criterion: str, value: Any) -> ScoreChange:
    """The single write a score makes, or JuryError if it is refused."""
    if juror not in rules.jurors:
        raise JuryError("not_a_juror")
    if kiosk not in rules.kiosks:
        raise JuryError("unknown_kiosk")
    if (juror, kiosk) in rules.recusals:
        raise JuryError("recused")
    if criterion not in {c.id for c in rules.criteria}:
        raise JuryError("unknown_criterion", criterion=criterion)
    if value is None:
        return ScoreChange(juror, kiosk, criterion, None)
    if not _in_scale(rules, value):
        raise JuryError("bad_score", min=rules.low, max=rules.high)
    return ScoreChange(juror, kiosk, criterion, value)


def cast(rows: Rows, rules: Jury, juror: Hashable, kiosk: Hashable, criterion: str,
         value: Any) -> list[ScoreRow]:
    """The new rows after a score (the old ones are left untouched)."""
    return apply(rows, decide(rules, juror, kiosk, criterion, value))


def apply(rows: Rows, change: ScoreChange) -> list[ScoreRow]:
    scores = _as_dict(rows)
    key = (change.juror, change.kiosk, change.criterion)
    if change.value is None:
        scores.pop(key, None)
    else:
        scores[key] = change.value
    return [ScoreRow(*key, value) for key, value in scores.items()]


# --- counting ------------------------------------------------------------------------------

def sheets(rows: Rows, rules: Jury) -> dict:
    """{(juror, kiosk): weighted score} of every complete, valid sheet."""
    scores = _valid(rows, rules)
    found = {}
    for juror in rules.jurors:
        for kiosk in rules.kiosks:
            values = [scores.get((juror, kiosk, c.id)) for c in rules.criteria]
            if all(value is not None for value in values):
                found[(juror, kiosk)] = sum(c.weight * v for c, v in zip(rules.criteria, values))
    return found


def results(rows: Rows, rules: Jury, by: str = "score") -> list[KioskResult]:
    """Every kiosk, best first: by the normalised score (``by="score"``) or the raw mean
    (``by="raw"``)."""
    if by not in ("score", "raw"):
        raise JuryError("bad_payload")
    weighted = sheets(rows, rules)
    z = _z_scores(weighted, rules)
    mean_of_means, mean_spread = _panel_scale(weighted, rules)
    figures = {}
    for kiosk in rules.kiosks:
        raws = [x for (_, k), x in weighted.items() if k == kiosk]
        zs = [value for (_, k), value in z.items() if k == kiosk]
        if not raws:
            figures[kiosk] = (None, None, None, 0)
            continue
        mean_z = sum(zs) / len(zs)
        score = min(max(mean_of_means + mean_spread * mean_z, rules.low), rules.high)
        figures[kiosk] = (score, sum(raws) / len(raws), mean_z, len(raws))
    key = 2 if by == "score" else 1  # rank on z, not the clamped display
    return _ranked(rules.kiosks, figures, key)


def ranking(rows: Rows, rules: Jury, by: str = "score") -> list[list]:
    """Kiosks by rank, each rank a list (two or more: ex æquo); kiosks nobody scored left out."""
    ranks: list[list] = []
    last = None
    for result in results(rows, rules, by):
        if result.rank is None:
            break
        if result.rank != last:
            ranks.append([])
            last = result.rank
        ranks[-1].append(result.kiosk)
    return ranks


def progress(rows: Rows, rules: Jury) -> dict:
    """{juror: Progress(done, total, started)} over the kiosks each juror is to score."""
    scores = _valid(rows, rules)
    counts = {}
    for juror in rules.jurors:
        done = started = total = 0
        for kiosk in rules.kiosks:
            if (juror, kiosk) in rules.recusals:
                continue
            total += 1
            filled = sum((juror, kiosk, c.id) in scores for c in rules.criteria)
            done += filled == len(rules.criteria)
            started += 0 < filled < len(rules.criteria)
        counts[juror] = Progress(done, total, started)
    return counts


# --- helpers -------------------------------------------------------------------------------

def _z_scores(weighted: dict, rules: Jury) -> dict:
    z = {}
    for juror in rules.jurors:
        mine = {k: x for (j, k), x in weighted.items() if j == juror}
        if not mine:
            continue
        mean, spread = _mean_spread(list(mine.values()))
        for kiosk, x in mine.items():
            z[(juror, kiosk)] = 0.0 if spread < FLAT else (x - mean) / spread
    return z


def _panel_scale(weighted: dict, rules: Jury) -> tuple[float, float]:
    """The jurors' average mean and average spread (over those who spread their scores)."""
    means, spreads = [], []
    for juror in rules.jurors:
        mine = [x for (j, _), x in weighted.items() if j == juror]
        if mine:
            mean, spread = _mean_spread(mine)
            means.append(mean)
            if spread >= FLAT:
                spreads.append(spread)
    return (sum(means) / len(means) if means else 0.0,
            sum(spreads) / len(spreads) if spreads else 0.0)


def _mean_spread(values: list[float]) -> tuple[float, float]:
    """Mean and population standard deviation (over the kiosks the juror scored)."""
    mean = sum(values) / len(values)
    return mean, sqrt(sum((x - mean) ** 2 for x in values) / len(values))


def _ranked(kiosks: tuple, figures: dict, key: int) -> list[KioskResult]:
    scored = sorted((k for k in kiosks if figures[k][key] is not None),
                    key=lambda k: -figures[k][key])  # stable: ties keep the kiosks' order
    ranks: dict = {}
    leader = None
    for position, kiosk in enumerate(scored, start=1):
        value = figures[kiosk][key]
        if leader is None or figures[leader][key] - value > TIE:
            leader = kiosk
            ranks[kiosk] = position
        else:
            ranks[kiosk] = ranks[leader]
    sizes = Counter(ranks.values())
    out = [KioskResult(k, ranks[k], sizes[ranks[k]] > 1, *figures[k]) for k in scored]
    out += [KioskResult(k, None, False, *figures[k]) for k in kiosks if figures[k][key] is None]
    return out


def _valid(rows: Rows, rules: Jury) -> dict:
    """The rows that fit the rules as published now."""
    criteria = {c.id for c in rules.criteria}
    jurors, kiosks = set(rules.jurors), set(rules.kiosks)
    return {(j, k, c): v for (j, k, c), v in _as_dict(rows).items()
            if j in jurors and k in kiosks and c in criteria and (j, k) not in rules.recusals
            and _in_scale(rules, v)}


def _in_scale(rules: Jury, value) -> bool:
    return _is_number(value) and rules.low <= value <= rules.high


def _is_number(value) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool) and isfinite(value)


def _orgs(names) -> frozenset:
    if names is None or isinstance(names, str):
        names = (names,)
    return frozenset(org for org in map(normal_org, names) if org is not None)


def _as_dict(rows: Rows) -> dict:
    if isinstance(rows, dict):
        return dict(rows)
    return {(juror, kiosk, criterion): value for juror, kiosk, criterion, value in rows}
