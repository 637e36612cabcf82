"""Join codes people type from the back of the room, and the flood control on an injected clock."""
from __future__ import annotations

import pytest

from facilitator.room.codes import (
    ALPHABET, LENGTH, looks_like_code, new_join_code, normalise_code,
)
from facilitator.room.ratelimit import RateLimiter

# --- codes ------------------------------------------------------------------------------------


@pytest.mark.parametrize("look_alike", list("0O1IL5S2Z8BUV"))
def test_alphabet_has_no_look_alikes(look_alike):
    assert look_alike not in ALPHABET
    assert look_alike.lower() not in ALPHABET


def test_alphabet_is_upper_case_letters_and_digits_without_repeats():
    assert len(set(ALPHABET)) == len(ALPHABET) >= 20
    assert all(c.isdigit() or ("A" <= c <= "Z") for c in ALPHABET)


def test_new_codes_use_the_alphabet_and_look_like_codes():
    codes = {new_join_code() for _ in range(300)}
    assert len(codes) > 290  # random, not a counter nor a constant
    for code in codes:
        assert len(code) == LENGTH == 6
        assert set(code) <= set(ALPHABET)
        assert looks_like_code(code)


@pytest.mark.parametrize("typed, expected", [
    ("acd-efg", "ACDEFG"),
    ("  acd efg ", "ACDEFG"),
    ("ACD - EFG", "ACDEFG"),
    ("a c d\te f g", "ACDEFG"),
    ("x7k9mq", "X7K9MQ"),
    ("AcD\nEfG", "ACDEFG"),
    ("", ""),
    (None, ""),
])
def test_normalise_code_accepts_what_people_type(typed, expected):
    assert normalise_code(typed) == expected


@pytest.mark.parametrize("code, ok", [
    ("ACDEFG", True),
    ("X7K9MQ", True),
    ("ACDEF", False),      # too short
    ("ACDEFGH", False),    # too long
    ("acdefg", False),     # not normalised
    ("ACD-EFG", False),
    ("ACDEF0", False),     # 0 is a look-alike, never in a code
    ("ACDEFO", False),
    ("ACDEF1", False),
    ("", False),
    (" ACDEFG", False),
])
def test_looks_like_code(code, ok):
    assert looks_like_code(code) is ok


def test_looks_like_code_refuses_a_trailing_newline():
    assert looks_like_code("ACDEFG\n") is False


def test_a_typed_code_round_trips():
    code = new_join_code()
    typed = f" {code[:3].lower()} - {code[3:].lower()} "
    assert looks_like_code(normalise_code(typed))
    assert normalise_code(typed) == code


# --- rate limiter -----------------------------------------------------------------------------

def test_burst_then_refused_with_the_right_wait():
    limiter = RateLimiter(burst=3, interval=2.0)
    assert [limiter.take("phone", 100.0) for _ in range(3)] == [0.0, 0.0, 0.0]
    assert limiter.take("phone", 100.0) == pytest.approx(2.0)
    # Half an interval later, half a token has come back: one more second to wait.
    assert limiter.take("phone", 101.0) == pytest.approx(1.0)
    assert limiter.take("phone", 101.5) == pytest.approx(0.5)


def test_refused_takes_do_not_spend():
    limiter = RateLimiter(burst=1, interval=10.0)
    assert limiter.take("k", 0.0) == 0.0
    for t in (1.0, 2.0, 3.0):
        assert limiter.take("k", t) > 0
    assert limiter.take("k", 10.0) == 0.0


def test_refills_over_time_but_never_above_the_burst():
    limiter = RateLimiter(burst=2, interval=5.0)
    limiter.take("k", 0.0)
    limiter.take("k", 0.0)
    assert limiter.take("k", 4.9) > 0
    assert limiter.take("k", 5.0) == 0.0     # one token back after one interval
    assert limiter.take("k", 5.0) > 0
    # A long pause refills to the burst, not more.
    assert [limiter.take("k", 1000.0) for _ in range(3)][:2] == [0.0, 0.0]
    assert limiter.take("k", 1000.0) == pytest.approx(5.0)


def test_keys_are_independent():
    limiter = RateLimiter(burst=1, interval=60.0)
    assert limiter.take("ann", 0.0) == 0.0
    assert limiter.take("ann", 0.0) > 0
    assert limiter.take("ben", 0.0) == 0.0
    assert limiter.take(("10.0.0.1", 7), 0.0) == 0.0


def test_blocked_does_not_spend():
    limiter = RateLimiter(burst=2, interval=10.0)
    assert limiter.blocked("k", 0.0) is False  # unknown key
    for _ in range(5):
        assert limiter.blocked("k", 0.0) is False
    assert limiter.take("k", 0.0) == 0.0
    assert limiter.blocked("k", 0.0) is False
    assert limiter.take("k", 0.0) == 0.0
    assert limiter.blocked("k", 0.0) is True
    assert limiter.blocked("k", 9.9) is True
    assert limiter.blocked("k", 10.0) is False
    assert limiter.blocked("k", 10.0) is False  # asking twice did not spend the token
    assert limiter.take("k", 10.0) == 0.0
    assert limiter.blocked("k", 10.0) is True


def test_forget_idle_drops_only_buckets_that_are_full_again():
    limiter = RateLimiter(burst=2, interval=10.0)
    limiter.take("old", 0.0)
    limiter.take("old", 0.0)
    limiter.take("recent", 15.0)
    limiter.forget_idle(21.0)  # "old" is full after 20 s of rest; "recent" is not
    assert limiter.blocked("recent", 21.0) is False
    assert limiter.take("recent", 21.0) == 0.0
    assert limiter.take("recent", 21.0) > 0  # still remembered: not refilled to the burst
    assert "old" not in limiter._buckets
    assert "recent" in limiter._buckets
    # A forgotten key starts again with a full burst.
    assert [limiter.take("old", 21.0) for _ in range(2)] == [0.0, 0.0]


def test_forget_idle_keeps_a_bucket_that_is_still_refilling():
    limiter = RateLimiter(burst=3, interval=10.0)
    for _ in range(3):
        limiter.take("k", 0.0)
    limiter.forget_idle(29.0)
    assert limiter.take("k", 29.0) == 0.0
    assert limiter.take("k", 29.0) == 0.0
    assert limiter.take("k", 29.0) > 0  # 2.9 tokens had come back, not 3


def test_zero_interval_never_refuses():
    limiter = RateLimiter(burst=1, interval=0.0)
    assert all(limiter.take("k", 0.0) == 0.0 for _ in range(10))


def test_a_clock_stepping_back_does_not_lock_anyone_out():
    limiter = RateLimiter(burst=2, interval=1.0)
    assert limiter.take("phone", 1000.0) == 0
    assert limiter.take("phone", 1000.0) == 0
    # The laptop's clock steps back five minutes (NTP on a new network): one interval's wait,
    # not five minutes.
    assert limiter.take("phone", 700.0) == pytest.approx(1.0)
    assert limiter.take("phone", 701.0) == 0
