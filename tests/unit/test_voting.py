"""Votes over plain rows: (voter, item, value), at most one row per voter and item."""
from __future__ import annotations

import pytest

from facilitator.room.errors import RoomError
from facilitator.room.formats import Voting
from facilitator.room.voting import (
    VoteChange, VoteError, VoteRow, apply, cast, decide, ranking, remaining_dots, tally,
    tied_first, visible_tally, votes_of,
)

UPVOTE = Voting(mode="upvote")
DOTS = Voting(mode="dots", dots=3)
DOTS_CAPPED = Voting(mode="dots", dots=3, max_per_item=1)
SILENT_DOTS = Voting(mode="dots", dots=3, reveal="at_once")
THUMBS = Voting(mode="thumbs")


def refused(rows, voting, voter, item, value) -> str:
    with pytest.raises(VoteError) as caught:
        cast(rows, voting, voter, item, value)
    return caught.value.code


def votes(voting, *ballots, rows=()):
    """Cast (voter, item, value) ballots one after the other."""
    rows = list(rows)
    for voter, item, value in ballots:
        rows = cast(rows, voting, voter, item, value)
    return rows


# --- upvote --------------------------------------------------------------------------------

def test_upvote_is_one_per_person_per_item():
    rows = votes(UPVOTE, ("ann", "q1", 1), ("ann", "q1", 1), ("bob", "q1", 1), ("ann", "q2", 1))
    assert tally(rows, UPVOTE) == {"q1": 2, "q2": 1}


def test_upvote_toggles_off_by_sending_zero():
    rows = votes(UPVOTE, ("ann", "q1", 1), ("bob", "q1", 1), ("ann", "q1", 0))
    assert tally(rows, UPVOTE) == {"q1": 1}
    assert votes_of(rows, "ann") == {}
    assert votes(UPVOTE, ("ann", "q1", None), rows=rows) == rows


def test_a_resent_upvote_changes_nothing():
    once = votes(UPVOTE, ("ann", "q1", 1))
    assert votes(UPVOTE, ("ann", "q1", 1), rows=once) == once


@pytest.mark.parametrize("bad", [2, -1, "yes", 1.5])
def test_upvote_bad_values(bad):
    assert refused([], UPVOTE, "ann", "q1", bad) == "bad_value"


def test_no_voting_in_a_step_without_voting():
    assert refused([], Voting(), "ann", "q1", 1) == "no_voting"
    assert tally([("ann", "q1", 1)], Voting()) == {}


def test_vote_error_is_a_room_error_with_a_code():
    with pytest.raises(RoomError) as caught:
        cast([], Voting(), "ann", "q1", 1)
    assert caught.value.code == "no_voting"


# --- dots ----------------------------------------------------------------------------------

def test_dots_may_be_stacked_within_the_budget():
    rows = votes(DOTS, ("ann", "A", 2), ("ann", "B", 1))
    assert tally(rows, DOTS) == {"A": 2, "B": 1}
    assert remaining_dots(rows, DOTS, "ann") == 0
    assert remaining_dots(rows, DOTS, "bob") == 3


def test_dots_beyond_the_budget_are_refused():
    rows = votes(DOTS, ("ann", "A", 2), ("ann", "B", 1))
    assert refused(rows, DOTS, "ann", "C", 1) == "budget_spent"
    assert refused(rows, DOTS, "ann", "A", 3) == "budget_spent"
    assert refused([], DOTS, "ann", "A", 4) == "budget_spent"


def test_moving_dots_on_the_same_item_counts_them_once():
    rows = votes(DOTS, ("ann", "A", 2), ("ann", "A", 3))
    assert tally(rows, DOTS) == {"A": 3}
    assert len(rows) == 1


def test_a_dot_taken_back_can_be_spent_elsewhere():
    rows = votes(DOTS, ("ann", "A", 2), ("ann", "B", 1))
    rows = votes(DOTS, ("ann", "A", 1), ("ann", "C", 1), rows=rows)
    assert tally(rows, DOTS) == {"A": 1, "B": 1, "C": 1}
    rows = votes(DOTS, ("ann", "B", 0), rows=rows)
    assert tally(rows, DOTS) == {"A": 1, "C": 1}
    assert remaining_dots(rows, DOTS, "ann") == 1


def test_taking_back_works_even_over_a_lowered_budget():
    rows = [VoteRow("ann", "A", 3), VoteRow("ann", "B", 2)]  # budget was 5 before
    assert tally(votes(DOTS, ("ann", "A", 2), rows=rows), DOTS) == {"A": 2, "B": 2}
    assert refused(rows, DOTS, "ann", "C", 1) == "budget_spent"


def test_cap_per_item():
    rows = votes(DOTS_CAPPED, ("ann", "A", 1))
    assert refused(rows, DOTS_CAPPED, "ann", "A", 2) == "item_cap"
    rows = votes(DOTS_CAPPED, ("ann", "B", 1), ("ann", "C", 1), rows=rows)
    assert remaining_dots(rows, DOTS_CAPPED, "ann") == 0


@pytest.mark.parametrize("bad", [-1, 1.0, "2", True])
def test_dots_bad_values(bad):
    assert refused([], DOTS, "ann", "A", bad) == "bad_value"


def test_voters_do_not_share_a_budget():
    rows = votes(DOTS, ("ann", "A", 3), ("bob", "A", 3))
    assert tally(rows, DOTS) == {"A": 6}


def test_decide_names_the_single_write_for_the_store():
    rows = votes(DOTS, ("ann", "A", 2))
    assert decide(rows, DOTS, "ann", "A", 1) == VoteChange("ann", "A", 1)
    assert decide(rows, DOTS, "ann", "A", 0) == VoteChange("ann", "A", None)  # delete the row
    assert apply(rows, VoteChange("ann", "A", None)) == []


def test_rows_may_come_as_a_dict():
    store = {("ann", "A"): 2}
    assert remaining_dots(store, DOTS, "ann") == 1
    assert tally(cast(store, DOTS, "bob", "A", 1), DOTS) == {"A": 3}
    assert store == {("ann", "A"): 2}  # inputs are never mutated


def test_remaining_dots_has_no_meaning_without_a_budget():
    assert remaining_dots([], UPVOTE, "ann") is None


# --- thumbs --------------------------------------------------------------------------------

def test_thumbs_last_one_wins():
    rows = votes(THUMBS, ("ann", "t1", "up"), ("ann", "t1", "down"), ("bob", "t1", "side"),
                 ("cat", "t1", 1))
    assert tally(rows, THUMBS) == {"t1": {"up": 1, "side": 1, "down": 1}}
    assert votes_of(rows, "ann") == {"t1": -1}


def test_thumbs_can_be_withdrawn():
    rows = votes(THUMBS, ("ann", "t1", "up"), ("ann", "t1", None))
    assert tally(rows, THUMBS) == {}


@pytest.mark.parametrize("bad", ["sideways", 2, True, 0.0])
def test_thumbs_bad_values(bad):
    assert refused([], THUMBS, "ann", "t1", bad) == "bad_value"


# --- ranking and reveal --------------------------------------------------------------------

def test_ranking_puts_the_most_voted_first_and_ties_keep_the_given_order():
    rows = votes(DOTS, ("ann", "B", 2), ("bob", "C", 2), ("cat", "A", 1))
    assert ranking(rows, DOTS, items=["A", "B", "C", "D"]) == ["B", "C", "A", "D"]
    assert ranking(rows, DOTS) == ["B", "C", "A"]


def test_thumbs_rank_by_up_minus_down():
    rows = votes(THUMBS, ("ann", "x", "up"), ("bob", "x", "down"), ("ann", "y", "up"))
    assert ranking(rows, THUMBS, items=["x", "y"]) == ["y", "x"]


def test_reveal_at_once_hides_counts_but_shows_my_own_dots():
    rows = votes(SILENT_DOTS, ("ann", "A", 2), ("bob", "A", 1), ("bob", "B", 1))
    for_ann = visible_tally(rows, SILENT_DOTS, revealed=False, voter="ann")
    assert for_ann["hidden"] is True
    assert for_ann["counts"] is None
    assert for_ann["mine"] == {"A": 2}
    assert for_ann["dots_left"] == 1
    projector = visible_tally(rows, SILENT_DOTS, revealed=False)
    assert (projector["counts"], projector["mine"], projector["dots_left"]) == (None, {}, None)
    after = visible_tally(rows, SILENT_DOTS, revealed=True, voter="ann")
    assert after["hidden"] is False
    assert after["counts"] == {"A": 3, "B": 1}


def test_live_reveal_always_shows_counts():
    rows = votes(DOTS, ("ann", "A", 2))
    shown = visible_tally(rows, DOTS, revealed=False)
    assert (shown["hidden"], shown["counts"]) == (False, {"A": 2})


def test_tallies_never_name_voters():
    rows = votes(UPVOTE, ("ann", "q1", 1))
    assert "ann" not in repr(visible_tally(rows, UPVOTE, revealed=True))


# --- run-off ---------------------------------------------------------------------------------

def test_a_run_off_is_between_the_options_tied_first_only():
    rows = votes(DOTS, ("a", 10, 2), ("a", 11, 1), ("b", 11, 1), ("b", 10, 1), ("c", 12, 3))
    assert tally(rows, DOTS) == {10: 3, 11: 2, 12: 3}
    assert tied_first(rows, DOTS) == [10, 12]  # 11 is behind: not in the run-off


def test_no_run_off_when_one_option_leads_or_nobody_voted():
    assert tied_first(votes(DOTS, ("a", 10, 2), ("b", 11, 1)), DOTS) == []
    assert tied_first([], DOTS) == []
