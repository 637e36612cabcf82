"""Votes: one mechanism for every format (upvote, dots, thumbs). Pure functions, no I/O.

Representation, what the store keeps and feeds back: at most one row per (voter, item), a
``VoteRow(voter, item, value)`` with an int value:
- upvote: 1 (the row exists while the voter upvotes the item);
- dots:   how many dots the voter put on the item, >= 1 (stacked dots are one row, not several);
- thumbs: +1 up, 0 sideways, -1 down.
A voter with nothing on an item has no row. The store needs one table with a unique
(activity, voter, item) key and two writes, upsert a value or delete the row; ``decide`` says
which (``VoteChange``, value None = delete). Functions also accept a dict {(voter, item): value}.

What a phone sends is the state it wants, never a delta: "upvote on/off" (1/0), "my dots on this
item: 2", "thumb: down". A resend from the phone's outbox therefore changes nothing. The toggle is
the phone sending the opposite of what it shows; taking a dot back is sending one less. ``None``
withdraws the voter's vote on the item in every mode (0 also does for upvote and dots; for thumbs
0 is sideways). Thumbs also accept "up", "side", "down".

Reveal "at_once" hides the counts from every screen until the facilitator reveals them; a voter
still sees their own votes and dots left (``visible_tally``). The facilitator's own view may call
``tally`` directly. Voter ids never leave this module in a tally: counts only.
"""
from __future__ import annotations

from typing import Any, Hashable, Iterable, NamedTuple

from .errors import RoomError
from .payload import is_id
from .formats import Voting

THUMBS = {"up": 1, "side": 0, "down": -1}


class VoteError(RoomError):
    """codes: "no_voting", "budget_spent", "item_cap", "bad_value"."""


class VoteRow(NamedTuple):
    voter: Hashable
    item: Hashable
    value: int


class VoteChange(NamedTuple):
    voter: Hashable
    item: Hashable
    value: int | None  # None: delete the row


Rows = Iterable[tuple] | dict


# --- casting -------------------------------------------------------------------------------

def decide(rows: Rows, voting: Voting, voter: Hashable, item: Hashable, value: Any) -> VoteChange:
    """The single write a vote makes, or VoteError if it is not allowed."""
    if voting.mode == "upvote":
        return _decide_upvote(voter, item, value)
    if voting.mode == "dots":
        return _decide_dots(_as_dict(rows), voting, voter, item, value)
    if voting.mode == "thumbs":
        return _decide_thumbs(voter, item, value)
    raise VoteError("no_voting")


def cast(rows: Rows, voting: Voting, voter: Hashable, item: Hashable, value: Any) -> list[VoteRow]:
    """The new rows after a vote (the old ones are left untouched)."""
    return apply(rows, decide(rows, voting, voter, item, value))


def apply(rows: Rows, change: VoteChange) -> list[VoteRow]:
    votes = _as_dict(rows)
    key = (change.voter, change.item)
    if change.value is None:
        votes.pop(key, None)
    else:
        votes[key] = change.value
    return _as_rows(votes)


def _decide_upvote(voter, item, value) -> VoteChange:
    if value is None or value in (0, False):
        return VoteChange(voter, item, None)
    if value is True or (is_id(value) and value == 1):
        return VoteChange(voter, item, 1)
    raise VoteError("bad_value")


def _decide_dots(votes: dict, voting: Voting, voter, item, value) -> VoteChange:
    value = 0 if value is None else value
    if not is_id(value) or value < 0:
        raise VoteError("bad_value")
    if voting.max_per_item and value > voting.max_per_item:
        raise VoteError("item_cap", max=voting.max_per_item)
    on_item = votes.get((voter, item), 0)
    # Taking dots back is always allowed, even for someone over a budget lowered since.
    if value > on_item and _dots_spent(votes, voter) - on_item + value > voting.dots:
        raise VoteError("budget_spent", dots=voting.dots)
    return VoteChange(voter, item, value or None)


def _decide_thumbs(voter, item, value) -> VoteChange:
    if value is None:
        return VoteChange(voter, item, None)
    if isinstance(value, str) and value in THUMBS:
        return VoteChange(voter, item, THUMBS[value])
    if is_id(value) and value in THUMBS.values():
        return VoteChange(voter, item, value)
    raise VoteError("bad_value")


# --- counting ------------------------------------------------------------------------------

def tally(rows: Rows, voting: Voting) -> dict:
    """{item: count} for upvote and dots, {item: {"up", "side", "down"}} for thumbs.

    Items nobody voted for are absent.
    """
    counts: dict = {}
    for (_, item), value in _as_dict(rows).items():
        if voting.mode == "thumbs":
            thumbs = counts.setdefault(item, {"up": 0, "side": 0, "down": 0})
            thumbs[_thumb_name(value)] += 1
        elif voting.mode in ("upvote", "dots"):
            counts[item] = counts.get(item, 0) + value
    return counts


def ranking(rows: Rows, voting: Voting, items: Iterable[Hashable] | None = None) -> list:
    """Items, most voted first (thumbs: up minus down). Ties keep the order of ``items``.

    Without ``items``, only voted items are ranked, ties in order of their first vote.
    """
    counts = tally(rows, voting)
    order = list(items) if items is not None else list(counts)
    scores = {item: _score(counts.get(item, 0)) for item in order}
    return sorted(order, key=lambda item: -scores[item])  # sorted() is stable: ties keep order


def tied_first(rows: Rows, voting: Voting) -> list:
    """The options sharing the most votes, when two or more do: what a run-off decides between.
    Empty when one option leads (or nobody voted)."""
    scores = {item: _score(count) for item, count in tally(rows, voting).items()}
    top = max(scores.values(), default=0)
    tied = sorted(item for item, score in scores.items() if score == top)
    return tied if top > 0 and len(tied) > 1 else []


def remaining_dots(rows: Rows, voting: Voting, voter: Hashable) -> int | None:
    """Dots the voter may still place; None when the mode has no budget."""
    if voting.mode != "dots":
        return None
    return max(voting.dots - _dots_spent(_as_dict(rows), voter), 0)


def votes_of(rows: Rows, voter: Hashable) -> dict:
    """{item: value} of one voter: what their phone shows as ticked, stacked or thumbed."""
    return {item: value for (who, item), value in _as_dict(rows).items() if who == voter}


def visible_tally(rows: Rows, voting: Voting, revealed: bool, voter: Hashable | None = None) -> dict:
    """What a screen may show. ``counts`` is None (not {}) while hidden, so "hidden" and
    "no votes yet" cannot be confused."""
    hidden = voting.reveal == "at_once" and not revealed
    return {
        "mode": voting.mode,
        "hidden": hidden,
        "counts": None if hidden else tally(rows, voting),
        "mine": votes_of(rows, voter) if voter is not None else {},
        "dots_left": remaining_dots(rows, voting, voter) if voter is not None else None,
    }


# --- helpers -------------------------------------------------------------------------------

def _as_dict(rows: Rows) -> dict:
    if isinstance(rows, dict):
        return dict(rows)
    return {(voter, item): value for voter, item, value in rows}


def _as_rows(votes: dict) -> list[VoteRow]:
    return [VoteRow(voter, item, value) for (voter, item), value in votes.items()]


def _dots_spent(votes: dict, voter) -> int:
    return sum(value for (who, _), value in votes.items() if who == voter)


def _score(count) -> int:
    if isinstance(count, dict):
        return count["up"] - count["down"]
    return count


def _thumb_name(value: int) -> str:
    return {1: "up", 0: "side", -1: "down"}[value]


