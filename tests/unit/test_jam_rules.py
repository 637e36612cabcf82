"""The Knowledge Jam's pure rules: whole action rows, corrections and withdrawals, two roles,
steps prepared before the day (room/contributions.py, room/permissions.py, room/agenda.py)."""
from __future__ import annotations

from pathlib import Path

import pytest

from facilitator.room.agenda import plan_slots
from facilitator.room.contributions import ACTION_STATUSES, clean_action_meta, parse_revision
from facilitator.room.errors import RoomError
from facilitator.room.formats import load_formats
from facilitator.room.overrides import clean_overrides
from facilitator.room.permissions import check_post, check_revision, check_withdrawal

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def jam():
    return load_formats([ROOT / "formats"])["knowledge-jam"]


def code(fn, *args, **kwargs) -> RoomError:
    with pytest.raises(RoomError) as caught:
        fn(*args, **kwargs)
    return caught.value


def slot_of(jam, part_id, skip=()):
    return next(s for s in plan_slots(jam, {"skip": list(skip)}) if s.part_id == part_id)


# --- action rows --------------------------------------------------------------------------------

def test_an_action_row_has_every_cell_of_the_method_and_starts_to_do():
    row = clean_action_meta({"who": " ASV ", "partners": "Mairie", "when": "fin\njuin",
                             "resources": "20 000 FCFA", "indicator": "un tableau par mois"})
    assert row == {"who": "ASV", "partners": "Mairie", "when": "fin juin",
                   "resources": "20 000 FCFA", "indicator": "un tableau par mois", "status": "todo"}
    assert "blocked" in ACTION_STATUSES


def test_an_unknown_cell_is_refused_by_name_never_dropped():
    err = code(clean_action_meta, {"who": "ASV", "owner": "ASV"})
    assert (err.code, err.params) == ("unknown_field", {"field": "meta.owner"})
    assert code(clean_action_meta, {"status": "stuck"}).params == {"field": "meta.status"}
    assert code(clean_action_meta, {"who": 3}).params == {"field": "meta.who"}
    assert code(clean_action_meta, {"who": "x" * 81}).code == "text_too_long"


def test_an_edit_changes_only_the_cells_it_names():
    base = clean_action_meta({"who": "ASV", "when": "juin"})
    assert clean_action_meta({"status": "blocked"}, base=base) == {**base, "status": "blocked"}


def test_a_revision_names_what_it_changes_and_nothing_else():
    assert parse_revision({"id": 3, "text": " Corrigé "}, 100).text == "Corrigé"
    assert code(parse_revision, {"id": 3, "text": "x", "kind": "idea"}, 100).params == {"field": "kind"}
    assert code(parse_revision, {"id": 3}, 100).code == "bad_payload"
    assert code(parse_revision, {"id": 3, "text": "   "}, 100).code == "text_empty"
    assert code(parse_revision, {"id": "3", "text": "x"}, 100).code == "bad_payload"


# --- who may correct or withdraw ----------------------------------------------------------------

def item(kind="question", step="discover", activity=1, **extra):
    return {"kind": kind, "activity_id": activity, "step_id": step, "withdrawn": 0, **extra}


def test_the_author_corrects_while_the_step_is_open(jam):
    rnd, broker = slot_of(jam, "round"), slot_of(jam, "broker")
    mine = dict(staff=False, author=True, roles=("participant",), activity_id=1)
    assert check_revision(item(), slot=rnd, **mine) is None
    assert check_revision(item(), slot=broker, **mine) == "step_over"
    assert check_revision(item(), slot=rnd, **{**mine, "activity_id": 2}) == "step_over"
    assert check_revision(item(), slot=rnd, **{**mine, "author": False}) == "not_yours"
    # An action row is followed up long after its step; the facilitator corrects anything.
    assert check_revision(item("action", "broker"), slot=None, **mine) is None
    assert check_revision(item(), slot=None, **{**mine, "author": False, "staff": True}) is None
    assert check_revision(item(withdrawn=1), slot=rnd, **mine) == "not_found"


def test_the_note_taker_corrects_notes_at_read_back_only(jam):
    them = dict(staff=False, author=False, roles=("note_taker",), activity_id=1)
    assert check_revision(item("note"), slot=slot_of(jam, "readback"), **them) is None
    assert check_revision(item("note"), slot=slot_of(jam, "round"), **them) == "not_yours"
    assert check_revision(item("comment"), slot=slot_of(jam, "readback"), **them) == "not_yours"


def test_only_the_author_withdraws_and_only_while_the_step_is_open(jam):
    rnd = slot_of(jam, "round")
    assert check_withdrawal(item(), author=True, slot=rnd, activity_id=1) is None
    assert check_withdrawal(item(), author=False, slot=rnd, activity_id=1) == "not_yours"
    assert check_withdrawal(item(), author=True, slot=slot_of(jam, "reuse"), activity_id=1) == "step_over"
    # An item of the open wall is open while the room is on the open wall.
    assert check_withdrawal(item(activity=None, step=None), author=True, slot=None, activity_id=None) is None


# --- roles and steps ------------------------------------------------------------------------

def test_two_roles_allow_what_either_allows(jam):
    select, nxt = slot_of(jam, "select"), slot_of(jam, "next_steps")
    assert check_post(jam, select, ("broker",), "note", False) == "role_not_allowed"
    assert check_post(jam, select, ("broker", "sponsor"), "note", False) is None
    assert check_post(jam, nxt, ("sponsor", "broker"), "action", False) is None
    assert check_post(jam, nxt, ("originator",), "action", False) == "role_not_allowed"
    assert check_post(jam, nxt, ("originator",), "comment", False) is None
    assert check_post(jam, slot_of(jam, "round"), ("broker",), "action", False) == "kind_not_allowed"


def test_steps_prepared_before_the_day_have_no_slot_and_keep_their_numbers(jam):
    overrides = clean_overrides(jam, {"skip": ["plan", "select"]})
    assert overrides == {"skip": ["select", "plan"]}
    slots = plan_slots(jam, overrides, ["Cotiser", "La commune"])
    assert slots[0].part_id == "opening" and slots[0].step_index == 2
    assert not {"select", "plan"} & {s.step_id for s in slots}
    assert code(clean_overrides, jam, {"skip": ["prepare"]}).params == {"field": "overrides.skip.prepare"}
    assert code(clean_overrides, jam, {"skip": "select"}).code == "bad_field"
    every = [s.id for s in jam.steps]
    assert code(clean_overrides, jam, {"skip": every}).params == {"field": "overrides.skip"}


# --- schema version 10 on a file written before it ---------------------------------------------

def test_migration_10_keeps_the_roles_of_an_older_file_and_allows_two(tmp_path):
    from facilitator import features
    from facilitator.store import Store
    path = str(tmp_path / "old.db")
    before = Store(path, readers=1, migrations=features.migrations()[:9])
    event = before.create_event("Atelier", "fr", 1.0)
    activity = before.add_activity(event["id"], "knowledge-jam", "", {}, [], 1.0)
    with before.write() as conn:  # a row as the one-role table held it
        conn.execute("INSERT INTO activity_roles VALUES (?, 1, 'broker')", (activity["id"],))
    before.close()
    after = Store(path, readers=1)
    assert after.roles(activity["id"]) == {1: ("broker",)}
    after.assign_role(activity["id"], 1, ["broker", "sponsor"])
    assert after.roles(activity["id"]) == {1: ("broker", "sponsor")}
    with after.read() as conn:
        columns = {r[1] for r in conn.execute("PRAGMA table_info(contributions)")}
    assert {"withdrawn", "edited_at"} <= columns
    after.close()
