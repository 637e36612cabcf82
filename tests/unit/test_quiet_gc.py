"""Full collections wait for a quiet room: the rule, then the real collector of this process."""
import gc

import pytest

from facilitator.quiet_gc import DUE, NEVER, OVERDUE, QUIET, QuietCollector, due


def test_a_full_collection_waits_for_quiet_then_runs():
    assert not due(DUE, quiet_for=0.5)
    assert due(DUE, quiet_for=QUIET)
    assert not due(DUE - 1, quiet_for=60)  # nothing to collect yet: CPython would not either


def test_a_room_that_never_goes_quiet_still_gets_its_memory_back():
    assert due(OVERDUE, quiet_for=0.0)


@pytest.fixture
def restore_gc():
    threshold = gc.get_threshold()
    yield
    gc.set_threshold(*threshold)
    gc.unfreeze()


class FakeMonotonic:
    def __init__(self):
        self.now = 100.0

    def __call__(self):
        return self.now


def full_collections():
    return gc.get_stats()[2]["collections"]


def test_the_collector_turns_off_automatic_full_collections_and_runs_them_when_quiet(restore_gc):
    clock = FakeMonotonic()
    collector = QuietCollector(clock)
    assert not collector.tick()  # not enabled (tests, `create_app` alone): leaves CPython alone

    collector.enable()
    assert gc.get_threshold()[2] == NEVER
    assert gc.get_freeze_count() > 0
    for _ in range(DUE):
        gc.collect(1)  # each young collection counts towards the next full one, as in a busy room
    before = full_collections()

    collector.heard()
    clock.now += QUIET / 2
    assert not collector.tick()
    assert full_collections() == before

    clock.now += QUIET
    assert collector.tick()
    assert full_collections() == before + 1
    assert gc.get_count()[2] == 0
    assert not collector.tick()  # just collected: nothing due
