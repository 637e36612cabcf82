"""An agenda change and the log entries that tell the screens about it commit together.

Real SQLite files; a trigger makes the log refuse an entry, as a full disk or a crash would
stop the second half of an operation.
"""
from __future__ import annotations

import threading

import pytest

from facilitator.activities import Activities, STATE_ENTRY
from facilitator.room.formats import BUILTIN_DIR, load_formats

NOW = 1_700_000_000.0


@pytest.fixture
def activities(store):
    return Activities(store, load_formats([BUILTIN_DIR]))


@pytest.fixture
def event(store):
    return store.create_event("Atelier", "fr", NOW)


def refuse_log_entries(store, type_):
    with store.write() as conn:
        conn.execute(f"CREATE TRIGGER refuse AFTER INSERT ON event_log WHEN NEW.type = '{type_}'"
                     " BEGIN SELECT RAISE(ABORT, 'disk full'); END")


def test_a_start_whose_log_entry_fails_leaves_the_room_where_it_was(store, activities, event):
    activities.add(event["id"], "knowledge-jam", "Jam", {}, [], NOW)
    jam = store.activities(event["id"])[0]
    seq = store.last_seq(event["id"])
    refuse_log_entries(store, STATE_ENTRY)

    with pytest.raises(Exception, match="disk full"):
        activities.start(event["id"], jam["id"], NOW)

    assert store.activity(event["id"], jam["id"])["run"] is None
    assert store.event_by_id(event["id"])["current_activity_id"] is None
    assert store.last_seq(event["id"]) == seq  # not even the list entry written before it


def test_a_next_step_whose_log_entry_fails_keeps_the_step(store, activities, event):
    activities.add(event["id"], "knowledge-jam", "Jam", {}, [], NOW)
    jam = store.activities(event["id"])[0]
    activities.start(event["id"], jam["id"], NOW)
    before = store.activity(event["id"], jam["id"])["run"]
    refuse_log_entries(store, STATE_ENTRY)

    with pytest.raises(Exception, match="disk full"):
        activities.control(event["id"], "next", NOW + 60)

    assert store.activity(event["id"], jam["id"])["run"] == before


def test_a_write_inside_a_write_commits_with_it_and_reads_see_it(store, event):
    with store.write():
        store.update_event(event["id"], NOW, title="Renamed")
        assert store.event_by_id(event["id"])["title"] == "Renamed"  # read inside the write
        with pytest.raises(ValueError):
            with store.write():
                store.update_event(event["id"], NOW, title="Lost")
                raise ValueError("the inner part fails")
        assert store.event_by_id(event["id"])["title"] == "Renamed"  # only the inner part undone
    assert store.event_by_id(event["id"])["title"] == "Renamed"


def test_another_writer_waits_for_the_whole_operation(store, event):
    """What an operation read is still true when it writes: no other writer comes between."""
    order = []
    inside = threading.Event()

    def other_writer():
        inside.wait()
        store.update_event(event["id"], NOW, title="Other")
        order.append("other")

    t = threading.Thread(target=other_writer, daemon=True)
    t.start()
    with store.write():
        store.update_event(event["id"], NOW, title="First")
        inside.set()
        t.join(timeout=0.3)  # the other writer cannot get in while this operation runs
        assert t.is_alive()
        order.append("operation")
    t.join(timeout=5)
    assert order == ["operation", "other"]
    assert store.event_by_id(event["id"])["title"] == "Other"
