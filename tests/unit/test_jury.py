"""Competition scoring: published rules, recusal, raw and normalised results, ranking, progress."""
from __future__ import annotations

import random

import pytest

from facilitator.room.errors import RoomError
from facilitator.room.jury import (
    Progress, ScoreChange, ScoreRow, apply, cast, decide, is_recused, jury, kiosks_to_score,
    progress, ranking, results, sheets,
)

KIOSKS = {"k1": "UNDP", "k2": "GIZ", "k3": None}
JURORS = {"ann": "giz", "bob": None, "cat": {"Oxfam", "UNDP"}}


def rules(criteria=None, kiosks=KIOSKS, jurors=JURORS, **kwargs):
    return jury(criteria or {"impact": 1}, kiosks, jurors, **kwargs)


def code_of(call, *args, **kwargs):
    with pytest.raises(RoomError) as caught:
        call(*args, **kwargs)
    return caught.value.code, caught.value.params


def scored(r, *ballots, rows=()):
    """Cast (juror, kiosk, {criterion: value}) sheets one after the other."""
    rows = list(rows)
    for juror, kiosk, values in ballots:
        for criterion, value in values.items():
            rows = cast(rows, r, juror, kiosk, criterion, value)
    return rows


def by_kiosk(rows, r, by="score"):
    return {result.kiosk: result for result in results(rows, r, by)}


# --- the rules -------------------------------------------------------------------------------

def test_weights_are_normalised_in_order():
    r = rules({"impact": 3, "novelty": 2, "scale": 5})
    assert [(c.id, c.weight) for c in r.criteria] == [("impact", 0.3), ("novelty", 0.2), ("scale", 0.5)]
    assert [c.id for c in rules([("b", 1), ("a", 1)]).criteria] == ["b", "a"]


def test_bad_rules_are_refused():
    assert code_of(rules, {"impact": 0}) == ("bad_weight", {"criterion": "impact"})
    assert code_of(rules, {"impact": -1}) == ("bad_weight", {"criterion": "impact"})
    assert code_of(rules, {"impact": True}) == ("bad_weight", {"criterion": "impact"})
    assert code_of(rules, {"impact": float("inf")})[0] == "bad_weight"
    assert code_of(rules, [("a", 1), ("a", 2)]) == ("duplicate_criterion", {"criterion": "a"})
    assert code_of(jury, {}, KIOSKS, JURORS)[0] == "no_criteria"
    assert code_of(rules, low=5, high=5)[0] == "bad_scale"
    assert code_of(rules, low=0, high=2.5)[0] == "bad_scale"
    assert code_of(rules, conflicts=[("zed", "k1")])[0] == "not_a_juror"
    assert code_of(rules, conflicts=[("bob", "k9")])[0] == "unknown_kiosk"


# --- recusal ---------------------------------------------------------------------------------

def test_a_juror_of_the_kiosks_organisation_is_recused():
    r = rules(conflicts=[("bob", "k3")])
    assert is_recused(r, "ann", "k2")      # "giz" is GIZ
    assert is_recused(r, "cat", "k1")      # one of cat's organisations
    assert is_recused(r, "bob", "k3")      # declared
    assert not is_recused(r, "bob", "k1")
    assert kiosks_to_score(r, "ann") == ["k1", "k3"]
    assert code_of(decide, r, "ann", "k2", "impact", 5) == ("recused", {})
    assert code_of(kiosks_to_score, r, "zed")[0] == "not_a_juror"


def test_recused_rows_are_ignored_even_if_they_reached_the_store():
    r = rules()
    rows = [ScoreRow("ann", "k2", "impact", 10), ScoreRow("bob", "k2", "impact", 4)]
    assert sheets(rows, r) == {("bob", "k2"): 4}
    assert by_kiosk(rows, r)["k2"].raw == 4


# --- scoring ---------------------------------------------------------------------------------

def test_validation_codes_and_params():
    r = rules({"impact": 1}, low=1, high=5)
    assert code_of(decide, r, "bob", "k9", "impact", 3) == ("unknown_kiosk", {})
    assert code_of(decide, r, "bob", "k1", "charm", 3) == ("unknown_criterion", {"criterion": "charm"})
    assert code_of(decide, r, "bob", "k1", "impact", 0) == ("bad_score", {"min": 1, "max": 5})
    assert code_of(decide, r, "bob", "k1", "impact", 5.5) == ("bad_score", {"min": 1, "max": 5})
    assert code_of(decide, r, "bob", "k1", "impact", True)[0] == "bad_score"
    assert code_of(decide, r, "bob", "k1", "impact", "4")[0] == "bad_score"
    assert code_of(decide, r, "bob", "k1", "impact", float("nan"))[0] == "bad_score"
    assert code_of(decide, r, "zed", "k1", "impact", 3)[0] == "not_a_juror"
    assert decide(r, "bob", "k1", "impact", 4.5) == ScoreChange("bob", "k1", "impact", 4.5)


def test_a_score_is_a_state_not_a_delta():
    r = rules()
    rows = cast([], r, "bob", "k1", "impact", 7)
    assert cast(rows, r, "bob", "k1", "impact", 7) == rows
    rows = cast(rows, r, "bob", "k1", "impact", 6)
    assert rows == [ScoreRow("bob", "k1", "impact", 6)]
    assert cast(rows, r, "bob", "k1", "impact", None) == []
    assert apply({("bob", "k1", "impact"): 6}, ScoreChange("bob", "k3", "impact", 2)) == [
        ScoreRow("bob", "k1", "impact", 6), ScoreRow("bob", "k3", "impact", 2)]


def test_weighted_sheets_by_hand():
    r = rules({"impact": 3, "novelty": 1}, kiosks={"a": None, "b": None}, jurors={"j": None})
    rows = scored(r, ("j", "a", {"impact": 8, "novelty": 4}), ("j", "b", {"impact": 2}))
    assert sheets(rows, r) == {("j", "a"): pytest.approx(0.75 * 8 + 0.25 * 4)}  # b is half-filled
    assert progress(rows, r) == {"j": Progress(done=1, total=2, started=1)}


def test_progress_excludes_recusals():
    r = rules()
    rows = scored(r, ("ann", "k1", {"impact": 5}), ("bob", "k2", {"impact": 5}))
    assert progress(rows, r) == {
        "ann": Progress(1, 2, 0), "bob": Progress(1, 3, 0), "cat": Progress(0, 2, 0)}


# --- results ---------------------------------------------------------------------------------

def test_normalisation_by_hand():
    # One criterion, jurors j (harsh) and n (kind); n is recused from A.
    r = jury({"c": 1}, {"A": "Org", "B": None, "C": None}, {"j": None, "n": "org"})
    rows = scored(r, ("j", "A", {"c": 6}), ("j", "B", {"c": 4}), ("j", "C", {"c": 2}),
                  ("n", "B", {"c": 9}), ("n", "C", {"c": 7}))
    got = by_kiosk(rows, r)
    # raw: A 6, B (4 + 9) / 2 = 6.5, C (2 + 7) / 2 = 4.5 -- B would win on raw marks.
    assert (got["A"].raw, got["B"].raw, got["C"].raw) == (6, 6.5, 4.5)
    # j: mean 4, spread sqrt(8/3); n: mean 8, spread 1.
    sj = (8 / 3) ** 0.5
    assert got["A"].z == pytest.approx(2 / sj)
    assert got["B"].z == pytest.approx((0 + 1) / 2)
    assert got["C"].z == pytest.approx((-2 / sj - 1) / 2)
    # Display: average mean 6, average spread (sj + 1) / 2.
    assert got["A"].score == pytest.approx(6 + (sj + 1) / 2 * (2 / sj))
    assert [res.kiosk for res in results(rows, r)] == ["A", "B", "C"]
    assert [res.kiosk for res in results(rows, r, by="raw")] == ["B", "A", "C"]
    assert (got["A"].jurors, got["B"].jurors) == (1, 2)


def test_a_harsh_and_a_kind_juror_who_agree_on_the_order_count_the_same():
    kiosks = {k: None for k in "ABCDE"}
    r = jury({"c": 1}, kiosks, {"harsh": None, "kind": None})
    harsh = {"A": 1, "B": 2, "C": 3, "D": 4, "E": 2}
    kind = {"A": 6, "B": 7, "C": 9, "D": 10, "E": 7}
    alone_h = scored(r, *[("harsh", k, {"c": v}) for k, v in harsh.items()])
    alone_k = scored(r, *[("kind", k, {"c": v}) for k, v in kind.items()])
    both = alone_h + alone_k
    expected = [["D"], ["C"], ["B", "E"], ["A"]]
    assert ranking(alone_h, r) == ranking(alone_k, r) == ranking(both, r) == expected


def test_one_juror_or_equal_spreads_give_back_the_raw_score():
    r = jury({"x": 2, "y": 1}, {k: None for k in "ABC"}, {"p": None, "q": None})
    rows = scored(r, ("p", "A", {"x": 8, "y": 5}), ("p", "B", {"x": 3, "y": 9}),
                  ("p", "C", {"x": 6, "y": 6}))
    for res in results(rows, r):
        assert res.score == pytest.approx(res.raw)
    # q is p shifted by +1 on every kiosk: same spread, both scored everything.
    rows = scored(r, ("q", "A", {"x": 9, "y": 6}), ("q", "B", {"x": 4, "y": 10}),
                  ("q", "C", {"x": 7, "y": 7}), rows=rows)
    for res in results(rows, r):
        assert res.score == pytest.approx(res.raw)


def test_a_juror_without_spread_counts_zero_for_every_kiosk():
    r = jury({"c": 1}, {k: None for k in "AB"}, {"flat": None, "sharp": None})
    rows = scored(r, ("flat", "A", {"c": 5}), ("flat", "B", {"c": 5}),
                  ("sharp", "A", {"c": 9}), ("sharp", "B", {"c": 1}))
    got = by_kiosk(rows, r)
    assert (got["A"].z, got["B"].z) == (0.5, -0.5)
    # Display: average mean (5 + 5) / 2, average spread 4 (the flat juror has none to average).
    assert (got["A"].score, got["B"].score) == (7, 3)
    only_flat = scored(r, ("flat", "A", {"c": 5}), ("flat", "B", {"c": 5}))
    assert ranking(only_flat, r) == [["A", "B"]]
    assert [res.score for res in results(only_flat, r)] == [5, 5]


def test_ties_share_a_rank_and_the_next_rank_is_skipped():
    r = jury({"c": 1}, {k: None for k in "ABCD"}, {"j": None})
    rows = scored(r, ("j", "A", {"c": 4}), ("j", "B", {"c": 8}), ("j", "C", {"c": 8}))
    res = results(rows, r)
    assert [(x.kiosk, x.rank, x.ex_aequo) for x in res] == [
        ("B", 1, True), ("C", 1, True), ("A", 3, False), ("D", None, False)]
    assert res[-1].score is None and res[-1].jurors == 0
    assert ranking(rows, r) == [["B", "C"], ["A"]]


def test_scores_within_a_billionth_are_ex_aequo():
    r = jury({"a": 1, "b": 1, "c": 1}, {"X": None, "Y": None}, {"j": None})
    # A third of 0.1, 0.2 and 0.3 adds up differently in floating point depending on the order.
    rows = scored(r, ("j", "X", {"a": 0.1, "b": 0.2, "c": 0.3}),
                  ("j", "Y", {"a": 0.3, "b": 0.2, "c": 0.1}))
    x, y = sheets(rows, r)[("j", "X")], sheets(rows, r)[("j", "Y")]
    assert x != y and abs(x - y) < 1e-9
    assert ranking(rows, r, by="raw") == [["X", "Y"]]
    assert ranking(rows, r) == [["X", "Y"]]


def test_rows_that_no_longer_fit_the_rules_are_ignored():
    r = jury({"c": 1}, {"A": None}, {"j": None}, low=1, high=5)
    rows = [ScoreRow("j", "A", "c", 4), ScoreRow("j", "A", "gone", 3), ScoreRow("j", "Z", "c", 2),
            ScoreRow("old", "A", "c", 1)]
    assert sheets(rows, r) == {("j", "A"): 4}
    narrowed = jury({"c": 1}, {"A": None}, {"j": None}, low=1, high=3)
    assert sheets(rows, narrowed) == {}
    assert code_of(results, rows, r, by="charm")[0] == "bad_payload"


def test_random_juries_keep_the_results_on_the_scale_and_every_kiosk_listed():
    rng = random.Random(5)
    for _ in range(100):
        kiosks = {f"k{i}": rng.choice(["A", "B", None]) for i in range(rng.randint(2, 12))}
        jurors = {f"j{i}": rng.choice(["a", "b", None]) for i in range(rng.randint(1, 6))}
        r = jury({"x": rng.randint(1, 5), "y": rng.randint(1, 5)}, kiosks, jurors, low=1, high=5)
        rows = []
        for juror in jurors:
            for kiosk in kiosks_to_score(r, juror):
                if rng.random() < 0.8:
                    rows = scored(r, (juror, kiosk, {"x": rng.randint(1, 5), "y": rng.randint(1, 5)}),
                                  rows=rows)
        res = results(rows, r)
        assert sorted(x.kiosk for x in res) == sorted(kiosks)
        ranked = [x for x in res if x.rank is not None]
        assert all(1 <= x.score <= 5 and 1 <= x.raw <= 5 for x in ranked)
        assert [x.z for x in ranked] == sorted((x.z for x in ranked), reverse=True)
        assert all(x.jurors == sum(1 for (_, k) in sheets(rows, r) if k == x.kiosk) for x in res)
        assert results(list(reversed(rows)), r) == res
