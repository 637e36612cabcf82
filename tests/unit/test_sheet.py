"""The restitution sheet (room/sheet.py): schema, merge, life cycle, proposals, progress."""
from __future__ import annotations

import json
import random
import re

import pytest

from facilitator.room.contributions import ACTION_STATUSES
from facilitator.room.errors import RoomError
from facilitator.room.sheet import (
    CONFLICT_SEPARATOR, LIST_FIELDS, MAX_ROWS, ROW_KEYS, ROW_STATUSES, apply_edit,
    clean_sheet_patch, empty_sheet, live_items, merge_text, progress,
)

MAX = 500
BIG = 100_000  # the fuzz's texts grow past any real limit
RAPP, MEMBER, FACIL = ("p-rapp", "rapporteur"), ("p-member", "member"), ("p-facil", "facilitator")


def refused(patch, max_text=MAX) -> RoomError:
    with pytest.raises(RoomError) as caught:
        clean_sheet_patch(patch, max_text)
    return caught.value


def do(sheet, patch, who=MEMBER, max_text=MAX):
    """A phone's patch, cleaned then applied; the input sheet must be left untouched."""
    before = json.dumps(sheet, sort_keys=True)
    new, result = apply_edit(sheet, clean_sheet_patch(patch, max_text), by=who[0], role=who[1])
    assert json.dumps(sheet, sort_keys=True) == before
    json.dumps(new), json.dumps(result)  # both stay JSON
    return new, result


def error_of(sheet, patch, who=MEMBER) -> RoomError:
    with pytest.raises(RoomError) as caught:
        do(sheet, patch, who)
    return caught.value


def set_(field, value, base_version, base_text=None, item=None, key=None):
    patch = {"op": "set", "field": field, "base_version": base_version, "value": value}
    if base_text is not None:
        patch["base_text"] = base_text
    if item is not None:
        patch["item"] = item
    if key is not None:
        patch["key"] = key
    return patch


# --- state -------------------------------------------------------------------------------------

def test_empty_sheet_is_plain_json_and_starts_as_a_draft():
    sheet = empty_sheet("Accès à l'eau")
    assert json.loads(json.dumps(sheet)) == sheet
    assert sheet["status"] == "draft" and sheet["theme"]["value"] == "Accès à l'eau"
    assert sheet["key_points"] == [] and sheet["actions"] == [] and sheet["proposals"] == []
    # Members, rapporteur and timekeeper belong to the group, never to the sheet.
    assert not {"members", "rapporteur", "timekeeper"} & set(sheet)


def test_row_statuses_include_the_wall_actions_statuses():
    assert set(ACTION_STATUSES) <= set(ROW_STATUSES) and "blocked" in ROW_STATUSES


# --- clean_sheet_patch -------------------------------------------------------------------------

def test_unknown_keys_and_fields_are_refused_by_name_never_dropped():
    assert (refused({**set_("theme", "x", 0), "colour": "red"}).params
            == {"field": "colour"})
    err = refused(set_("mood", "x", 0))
    assert (err.code, err.params) == ("unknown_field", {"field": "mood"})
    # A phone cannot say who it is or what role it has: the server does.
    assert refused({**set_("theme", "x", 0), "by": "someone"}).code == "unknown_field"
    assert refused({**set_("theme", "x", 0), "role": "facilitator"}).code == "unknown_field"
    err = refused({"op": "add", "field": "actions", "item": "a1",
                   "value": {"what": "Former", "colour": "red"}})
    assert (err.code, err.params) == ("unknown_field", {"field": "actions.colour"})
    err = refused(set_("actions", "x", 1, item="a1", key="budget"))
    assert (err.code, err.params) == ("unknown_field", {"field": "actions.budget"})
    assert refused(set_("theme", "x", 0, item="k1")).params == {"field": "item"}
    assert refused(set_("key_points", "x", 0, item="k1", key="what")).params == {"field": "key"}


@pytest.mark.parametrize("patch, field", [
    ("not a dict", None),
    ({"op": "paint"}, "op"),
    ({"op": 3}, "op"),
    (set_("theme", 42, 0), "theme"),
    (set_("theme", "x", True), "base_version"),
    (set_("theme", "x", -1), "base_version"),
    (set_("theme", "x", "0"), "base_version"),
    ({"op": "set", "field": "theme", "value": "x"}, "base_version"),
    ({"op": "set", "field": 7, "base_version": 0, "value": "x"}, "field"),
    (set_("key_points", "x", 0), "item"),
    (set_("key_points", "x", 0, item="bad id!"), "item"),
    (set_("key_points", "x", 0, item="k" * 65), "item"),
    (set_("actions", "x", 0, item="a1"), "key"),
    ({"op": "add", "field": "theme", "item": "t1", "value": "x"}, "field"),
    ({"op": "add", "field": "actions", "item": "a1", "value": "Former"}, "actions"),
    ({"op": "add", "field": "actions", "item": "a1", "value": {"what": 3}}, "actions.what"),
    ({"op": "propose", "item": "p1", "value": "x", "source": "12"}, "source"),
    ({"op": "accept", "item": "p1", "into": "actions"}, "into"),
    ({"op": "remove", "field": "actions", "item": "a1", "base_version": 1, "base_text": "x"},
     "base_text"),
])
def test_wrong_types_are_refused_naming_the_field(patch, field):
    err = refused(patch)
    if field is None:
        assert err.code == "bad_payload"
    else:
        assert err.code in ("bad_field", "unknown_field") and err.params == {"field": field}


def test_texts_are_cleaned_with_the_rooms_cleaning():
    edit = clean_sheet_patch(set_("theme", "  Cafe\u0301\x07 \u202ecommunal  ", 0), MAX)
    assert edit["value"] == "Café communal"
    edit = clean_sheet_patch({"op": "add", "field": "actions", "item": "a1",
                              "value": {"what": "Former les élus", "who": " Mairie \n de  Bonabéri ",
                                        "when": "fin du mois"}}, MAX)
    assert edit["value"] == {"what": "Former les élus", "who": "Mairie de Bonabéri",
                             "partners": "", "when": "fin du mois", "resources": "",
                             "indicator": "", "status": "todo"}


def test_limits():
    # A key point is one sentence: bounded to 200 characters, its punctuation is free.
    ok = clean_sheet_patch({"op": "add", "field": "key_points", "item": "k1",
                            "value": "Un point. Et une suite ? " + "x" * 150}, MAX)
    assert ok["value"].startswith("Un point.")
    err = refused({"op": "add", "field": "key_points", "item": "k1", "value": "x" * 201})
    assert (err.code, err.params) == ("text_too_long", {"field": "key_points", "max": 200})
    err = refused({"op": "add", "field": "actions", "item": "a1",
                   "value": {"what": "x", "when": "d" * 81}})
    assert (err.code, err.params) == ("text_too_long", {"field": "actions.when", "max": 80})
    # The room's max_text caps every limit.
    assert refused({"op": "add", "field": "recommendations", "item": "r1", "value": "x" * 41},
                   max_text=40).params == {"field": "recommendations", "max": 40}
    assert refused({"op": "propose", "item": "p1", "value": "x" * (MAX * 100)}).code == "text_too_long"
    # A set may carry a long merged text being tidied up, within four times the limit.
    assert clean_sheet_patch(set_("key_points", "x" * 700, 2, item="k1"), MAX)["max"] == 200
    assert refused(set_("key_points", "x" * 801, 2, item="k1")).code == "text_too_long"


def test_empty_texts():
    err = refused({"op": "add", "field": "key_points", "item": "k1", "value": " \u200b "})
    assert (err.code, err.params) == ("text_empty", {"field": "key_points"})
    assert refused({"op": "add", "field": "actions", "item": "a1",
                    "value": {"status": "doing"}}).code == "text_empty"
    assert refused({"op": "propose", "item": "p1", "value": ""}).code == "text_empty"
    # Erasing a text is an edit like another.
    assert clean_sheet_patch(set_("theme", "", 3), MAX)["value"] == ""


def test_status_is_validated():
    err = refused(set_("actions", "finished", 1, item="a1", key="status"))
    assert (err.code, err.params) == ("bad_status", {"status": "finished"})
    assert refused({"op": "add", "field": "actions", "item": "a1",
                    "value": {"what": "x", "status": "late"}}).code == "bad_status"
    assert clean_sheet_patch(set_("actions", "blocked", 1, item="a1", key="status"),
                             MAX)["value"] == "blocked"


# --- merge_text --------------------------------------------------------------------------------

def test_merge_applies_changes_to_different_words():
    base = "Les communes manquent de moyens"
    theirs = "Les petites communes manquent de moyens"
    mine = "Les communes manquent de moyens financiers"
    assert merge_text(base, mine, theirs) == (
        "Les petites communes manquent de moyens financiers", False)
    # Neighbouring words: the space between them keeps the edits apart.
    assert merge_text("a b", "a B", "A b") == ("A B", False)


def test_merge_with_one_side_unchanged_or_both_equal():
    assert merge_text("a", "a b", "a") == ("a b", False)
    assert merge_text("a", "a", "a c") == ("a c", False)
    assert merge_text("a", "a b", "a b") == ("a b", False)
    # The same change on both sides, among others, applies once.
    assert merge_text("x y z", "X y z!", "X y Z") == ("X y Z!", False)


def test_overlapping_changes_keep_both_versions_theirs_first():
    merged, conflicted = merge_text("plus de moyens", "plus de budget", "plus de formation")
    assert conflicted
    assert merged == "plus de formation" + CONFLICT_SEPARATOR + "budget"
    # Only the overlapping stretch is doubled; the other changes apply once.
    merged, conflicted = merge_text("A : plus de moyens pour tous", "B : plus de budget pour tous",
                                    "A : plus de formation pour tous")
    assert conflicted and merged == ("B : plus de formation" + CONFLICT_SEPARATOR
                                     + "budget pour tous")


def test_two_insertions_at_the_same_point_are_both_kept():
    merged, conflicted = merge_text("Le", "Le manque", "Le budget")
    assert conflicted and merged == "Le budget" + CONFLICT_SEPARATOR + "manque"


def test_a_deletion_against_an_edit_keeps_the_edit():
    merged, conflicted = merge_text("a b c", "a B c", "a")
    assert conflicted and "B" in merged


def test_merge_from_an_empty_base_keeps_both_whole_texts():
    merged, conflicted = merge_text("", "mine here", "theirs there")
    assert conflicted and merged == "theirs there" + CONFLICT_SEPARATOR + "mine here"


# --- apply_edit on a text field -----------------------------------------------------------------

def test_a_current_base_applies_and_a_stale_one_merges():
    sheet = empty_sheet("Eau")
    sheet, r = do(sheet, set_("theme", "Accès à l'eau", 0))
    assert (r["status"], r["version"], r["value"]) == ("applied", 1, "Accès à l'eau")
    # Someone still at version 0 saved too: merged, not overwritten.
    sheet, r = do(sheet, set_("theme", "Eau potable", 0, base_text="Eau"))
    assert r["status"] == "merged" and r["value"] == "Accès à l'eau potable"
    assert r["rev"] == sheet["rev"] == 2


def test_a_conflict_is_flagged_until_someone_who_saw_it_saves():
    sheet = empty_sheet("")
    sheet, _ = do(sheet, set_("plenary_question", "Qui paie ?", 0))
    sheet, r = do(sheet, set_("plenary_question", "Qui décide ?", 0, base_text=""), RAPP)
    assert r["status"] == "conflict" and r["conflict"] and sheet["plenary_question"]["conflict"]
    assert progress(sheet)["conflicts"] == 1
    sheet, r = do(sheet, set_("plenary_question", "Qui paie et qui décide ?", r["version"]), RAPP)
    assert r["status"] == "applied" and not sheet["plenary_question"]["conflict"]


def test_a_stale_edit_without_base_text_loses_nothing():
    sheet, _ = do(empty_sheet(""), set_("plenary_question", "Qui paie ?", 0))
    sheet, r = do(sheet, set_("plenary_question", "Qui décide ?", 0))
    assert "Qui paie ?" in r["value"] and "Qui décide ?" in r["value"] and r["conflict"]


def test_a_resend_changes_nothing():
    sheet, r1 = do(empty_sheet(""), set_("theme", "Eau", 0))
    again, r2 = do(sheet, set_("theme", "Eau", 0, base_text=""))
    assert r2["status"] == "unchanged" and again is sheet and r2["rev"] == r1["rev"]


def test_a_merged_text_may_exceed_the_limit_and_may_be_shortened_not_grown():
    sheet = empty_sheet("")
    sheet, _ = do(sheet, {"op": "add", "field": "key_points", "item": "k1", "value": "Base"})
    sheet, _ = do(sheet, set_("key_points", "Base " + "a " * 90, 1, item="k1"))
    sheet, r = do(sheet, set_("key_points", "Base " + "b " * 90, 1, base_text="Base", item="k1"))
    long = r["value"]
    assert len(long) > 200 and r["conflict"]
    # Still over the limit: allowed while not growing, and still flagged.
    sheet, r = do(sheet, set_("key_points", long[:-3], r["version"], item="k1"))
    assert r["status"] == "applied" and r["conflict"]
    err = error_of(sheet, set_("key_points", long + " encore", r["version"], item="k1"))
    assert (err.code, err.params) == ("text_too_long", {"field": "key_points", "max": 200})
    sheet, r = do(sheet, set_("key_points", "Base " + "a " * 10, r["version"], item="k1"))
    assert not r["conflict"]


def test_typing_during_a_round_trip_merges_again_instead_of_overwriting():
    """The phone keeps as base the text it sent with the version the server answered."""
    sheet, _ = do(empty_sheet(""), set_("plenary_question", "Le", 0))
    sheet, _ = do(sheet, set_("plenary_question", "Le budget", 1))        # the other phone
    sheet, r = do(sheet, set_("plenary_question", "Le manque", 1, base_text="Le"))
    assert r["value"] == "Le budget" + CONFLICT_SEPARATOR + "manque"
    # Meanwhile this phone typed on: "Le manque de moyens". Base: (answered version, sent).
    sheet, r = do(sheet, set_("plenary_question", "Le manque de moyens", r["version"],
                              base_text="Le manque"))
    assert r["value"] == "Le budget" + CONFLICT_SEPARATOR + "manque de moyens"
    assert r["status"] == "merged" and r["conflict"]  # still flagged: nobody chose yet


# --- lists -------------------------------------------------------------------------------------

def add(field, item, value):
    return {"op": "add", "field": field, "item": item, "value": value}


def test_two_people_adding_items_never_collide_and_a_resend_is_a_no_op():
    sheet = empty_sheet("")
    sheet, _ = do(sheet, add("key_points", "id-a", "Point A"), RAPP)
    sheet, _ = do(sheet, add("key_points", "id-b", "Point B"), MEMBER)
    again, r = do(sheet, add("key_points", "id-a", "Point A"), RAPP)
    assert r["status"] == "unchanged" and again is sheet
    assert [i["value"] for i in live_items(sheet, "key_points")] == ["Point A", "Point B"]


def test_at_most_three_key_points():
    sheet = empty_sheet("")
    for n in range(3):
        sheet, _ = do(sheet, add("key_points", f"k{n}", f"Point {n}"))
    err = error_of(sheet, add("key_points", "k3", "Un de trop"))
    assert (err.code, err.params) == ("too_many_items", {"field": "key_points", "max": 3})
    sheet, _ = do(sheet, {"op": "remove", "field": "key_points", "item": "k0", "base_version": 1})
    sheet, r = do(sheet, add("key_points", "k3", "Le remplaçant"))
    assert r["status"] == "added" and LIST_FIELDS["key_points"][0] == 3


def test_editing_an_item_merges_like_a_field():
    sheet, _ = do(empty_sheet(""), add("recommendations", "r1", "Former les élus"))
    sheet, _ = do(sheet, set_("recommendations", "Former les élus locaux", 1, item="r1"))
    sheet, r = do(sheet, set_("recommendations", "Bien former les élus", 1,
                              base_text="Former les élus", item="r1"), RAPP)
    assert (r["status"], r["value"]) == ("merged", "Bien former les élus locaux")
    assert error_of(sheet, set_("recommendations", "x", 1, item="nope")).code == "not_found"


def test_removing_an_item_someone_edited_meanwhile_keeps_it():
    sheet, _ = do(empty_sheet(""), add("disagreements", "d1", "Le rôle des chefs"))
    sheet, _ = do(sheet, set_("disagreements", "Le rôle des chefs coutumiers", 1, item="d1"))
    kept, r = do(sheet, {"op": "remove", "field": "disagreements", "item": "d1",
                         "base_version": 1}, RAPP)
    assert r["status"] == "kept" and r["value"] == "Le rôle des chefs coutumiers"
    assert kept is sheet
    # Same version but the remover's phone held another text: kept too.
    _, r = do(sheet, {"op": "remove", "field": "disagreements", "item": "d1", "base_version": 2,
                      "base_text": "Le rôle des chefs"}, RAPP)
    assert r["status"] == "kept"
    sheet, r = do(sheet, {"op": "remove", "field": "disagreements", "item": "d1",
                          "base_version": 2}, RAPP)
    assert r["status"] == "removed" and live_items(sheet, "disagreements") == []


def test_an_edit_arriving_after_a_removal_restores_the_item():
    sheet, _ = do(empty_sheet(""), add("disagreements", "d1", "Le rôle des chefs"))
    sheet, _ = do(sheet, {"op": "remove", "field": "disagreements", "item": "d1",
                          "base_version": 1}, RAPP)
    # A late resend of the add does not bring it back; a real edit does.
    same, r = do(sheet, add("disagreements", "d1", "Le rôle des chefs"))
    assert r["status"] == "unchanged" and r["removed"]
    sheet, r = do(sheet, set_("disagreements", "Le rôle des chefs coutumiers", 1,
                              base_text="Le rôle des chefs", item="d1"))
    assert (r["status"], r["removed"]) == ("restored", False)
    assert [i["value"] for i in live_items(sheet, "disagreements")] == ["Le rôle des chefs coutumiers"]


def test_action_rows_version_each_cell():
    sheet, r = do(empty_sheet(""), add("actions", "a1", {"what": "Former les élus"}))
    assert r["cells"]["status"]["value"] == "todo" and set(r["cells"]) == set(ROW_KEYS)
    sheet, r = do(sheet, set_("actions", "Mairie", 1, item="a1", key="who"), RAPP)
    sheet, r = do(sheet, set_("actions", "fin du mois", 1, item="a1", key="when"), MEMBER)
    assert r["status"] == "applied" and r["row_version"] == 3
    cells = sheet["actions"][0]["cells"]
    assert (cells["who"]["value"], cells["when"]["value"]) == ("Mairie", "fin du mois")
    # A removal based on an older row version keeps the row.
    _, r = do(sheet, {"op": "remove", "field": "actions", "item": "a1", "base_version": 1}, RAPP)
    assert r["status"] == "kept"


def test_a_concurrent_status_change_is_flagged_the_later_wins():
    sheet, _ = do(empty_sheet(""), add("actions", "a1", {"what": "x"}))
    sheet, _ = do(sheet, set_("actions", "doing", 1, base_text="todo", item="a1", key="status"))
    sheet, r = do(sheet, set_("actions", "blocked", 1, base_text="todo", item="a1", key="status"))
    assert (r["status"], r["value"], r["conflict"]) == ("conflict", "blocked", True)
    sheet, r = do(sheet, set_("actions", "done", r["version"], item="a1", key="status"))
    assert (r["status"], r["conflict"]) == ("applied", False)


def test_at_most_max_rows():
    sheet = empty_sheet("")
    for n in range(MAX_ROWS):
        sheet, _ = do(sheet, add("actions", f"a{n}", {"what": f"Action {n}"}))
    assert error_of(sheet, add("actions", "extra", {"what": "x"})).code == "too_many_items"


# --- life cycle --------------------------------------------------------------------------------

def test_only_the_rapporteur_or_the_facilitator_submits():
    sheet = empty_sheet("Eau")
    assert error_of(sheet, {"op": "submit"}, MEMBER).code == "not_rapporteur"
    submitted, r = do(sheet, {"op": "submit"}, RAPP)
    assert (r["status"], submitted["status"], submitted["submitted_by"]) == (
        "submitted", "submitted", "p-rapp")
    assert do(sheet, {"op": "submit"}, FACIL)[1]["status"] == "submitted"
    assert do(submitted, {"op": "submit"}, RAPP)[1]["status"] == "unchanged"


def test_a_submitted_sheet_refuses_changes_until_the_facilitator_reopens_it():
    sheet, _ = do(empty_sheet("Eau"), {"op": "submit"}, RAPP)
    for patch in (set_("theme", "x", 0), add("key_points", "k1", "x"),
                  {"op": "propose", "item": "p1", "value": "x"}):
        assert error_of(sheet, patch, RAPP).code == "sheet_submitted"
    assert error_of(sheet, {"op": "reopen"}, RAPP).code == "forbidden"
    sheet, r = do(sheet, {"op": "reopen"}, FACIL)
    assert (r["status"], sheet["status"], sheet["reopened"]) == ("reopened", "draft", 1)
    assert do(sheet, {"op": "reopen"}, FACIL)[1]["status"] == "unchanged"
    assert do(sheet, set_("theme", "Eau potable", 0), RAPP)[1]["status"] == "applied"


# --- proposals ---------------------------------------------------------------------------------

def propose(item, text, source=None):
    patch = {"op": "propose", "item": item, "value": text}
    if source is not None:
        patch["source"] = source
    return patch


def test_a_member_proposes_and_the_rapporteur_accepts_or_dismisses():
    sheet, r = do(empty_sheet(""), propose("p1", "Mutualiser les forages", source=42), MEMBER)
    assert r["status"] == "proposed"
    assert sheet["proposals"][0] == {"id": "p1", "text": "Mutualiser les forages", "by": "p-member",
                                     "source": 42, "state": "open", "into": None, "replaced": None}
    assert do(sheet, propose("p1", "Mutualiser les forages"), MEMBER)[1]["status"] == "unchanged"
    assert error_of(sheet, {"op": "accept", "item": "p1", "into": "key_points"},
                    MEMBER).code == "not_rapporteur"
    accepted, r = do(sheet, {"op": "accept", "item": "p1", "into": "recommendations"}, RAPP)
    assert r["status"] == "accepted"
    assert [i["value"] for i in live_items(accepted, "recommendations")] == ["Mutualiser les forages"]
    assert do(accepted, {"op": "accept", "item": "p1", "into": "recommendations"},
              RAPP)[1]["status"] == "unchanged"
    assert error_of(accepted, {"op": "accept", "item": "p1", "into": "key_points"},
                    RAPP).code == "proposal_closed"
    assert error_of(accepted, {"op": "dismiss", "item": "p1"}, RAPP).code == "proposal_closed"
    dismissed, r = do(sheet, {"op": "dismiss", "item": "p1"}, RAPP)
    assert r["status"] == "dismissed" and dismissed["proposals"][0]["state"] == "dismissed"
    # A dismissed proposal may still be accepted: the rapporteur changed their mind.
    assert do(dismissed, {"op": "accept", "item": "p1", "into": "key_points"},
              RAPP)[1]["status"] == "accepted"
    assert error_of(sheet, {"op": "dismiss", "item": "nope"}, RAPP).code == "not_found"


def test_accepting_into_the_plenary_question_keeps_the_replaced_one():
    sheet, _ = do(empty_sheet(""), set_("plenary_question", "Qui paie ?", 0), RAPP)
    sheet, _ = do(sheet, propose("p1", "Qui entretient les forages ?"), MEMBER)
    sheet, r = do(sheet, {"op": "accept", "item": "p1", "into": "plenary_question"}, RAPP)
    assert r["value"] == sheet["plenary_question"]["value"] == "Qui entretient les forages ?"
    assert sheet["proposals"][0]["replaced"] == "Qui paie ?"


def test_accepting_respects_the_key_points_cap():
    sheet = empty_sheet("")
    for n in range(3):
        sheet, _ = do(sheet, add("key_points", f"k{n}", f"Point {n}"))
    sheet, _ = do(sheet, propose("p1", "Un quatrième"))
    assert error_of(sheet, {"op": "accept", "item": "p1", "into": "key_points"},
                    RAPP).code == "too_many_items"


# --- progress ----------------------------------------------------------------------------------

def test_progress_counts_the_eight_parts():
    sheet = empty_sheet("")
    assert progress(sheet) == {"filled": 0, "total": 8, "submitted": False, "conflicts": 0,
                               "missing": ["theme", "key_points", "disagreements",
                                           "recommendations", "plenary_question", "actions"]}
    sheet, _ = do(sheet, set_("theme", "Eau", 0))
    sheet, _ = do(sheet, add("key_points", "k1", "Un"))
    sheet, _ = do(sheet, add("key_points", "k2", "Deux"))
    sheet, _ = do(sheet, add("actions", "a1", {"what": "Former"}))
    p = progress(sheet)
    assert (p["filled"], "key_points" in p["missing"], "actions" in p["missing"]) == (3, True, True)
    sheet, _ = do(sheet, add("key_points", "k3", "Trois"))
    sheet, _ = do(sheet, set_("actions", "Mairie", 1, item="a1", key="who"))
    sheet, _ = do(sheet, add("disagreements", "d1", "Le prix"))
    sheet, _ = do(sheet, add("recommendations", "r1", "Former"))
    sheet, _ = do(sheet, set_("plenary_question", "Qui paie ?", 0))
    sheet, _ = do(sheet, {"op": "submit"}, RAPP)
    assert progress(sheet) == {"filled": 8, "total": 8, "missing": [], "submitted": True,
                               "conflicts": 0}


# --- two phones typing at once: a deterministic fuzz ------------------------------------------

_WORD = re.compile(r"\w+")


class Phone:
    """A phone's text box with drafts saved as it types, and replies that arrive later."""

    def __init__(self, name, value, version):
        self.name, self.local, self.base = name, value, (version, value)
        self.in_flight = None  # (text sent, server's result)
        self.inserted, self.counter = set(), 0

    def type(self, rng):
        parts = re.split(r"(\s+)", self.local) if self.local else []
        originals = [i for i, part in enumerate(parts) if re.fullmatch(r"w\d+", part)]
        if originals and rng.random() < 0.25:  # deletes only words everyone had from the start
            del parts[rng.choice(originals)]
            self.local = "".join(parts).strip()
            return
        self.counter += 1
        word = f"{self.name}{self.counter}"
        self.inserted.add(word)
        gaps = [0] + [i + 1 for i, part in enumerate(parts) if not part.strip()] + [len(parts)]
        parts.insert(rng.choice(gaps), f" {word} ")
        self.local = re.sub(" +", " ", "".join(parts)).strip()

    def patch(self, field, item):
        version, text = self.base
        return set_(field, self.local, version, base_text=text, item=item)

    def receive(self):
        sent, result = self.in_flight
        self.in_flight = None
        if self.local == sent:  # nothing typed meanwhile: show what the server holds
            self.local = result["value"]
            self.base = (result["version"], result["value"])
        else:  # typed meanwhile: keep typing; the next save is merged from what was sent
            self.base = (result["version"], sent)


def _run_text_fuzz(seed):
    rng = random.Random(seed)
    start = " ".join(f"w{n}" for n in range(rng.randint(0, 6)))
    sheet, _ = do(empty_sheet(""), add("recommendations", "r1", start or "w"), RAPP)
    value = sheet["recommendations"][0]["value"]
    phones = [Phone("a", value, 1), Phone("b", value, 1)]
    conflicts = 0

    def save(phone):
        nonlocal sheet, conflicts
        new, result = apply_edit(sheet, clean_sheet_patch(phone.patch("recommendations", "r1"),
                                                          BIG),
                                 by=phone.name, role="member")
        sheet = new
        conflicts += result["status"] == "conflict"
        phone.in_flight = (phone.local, result)

    for _ in range(rng.randint(4, 30)):
        phone = rng.choice(phones)
        move = rng.random()
        if move < 0.5:
            phone.type(rng)
        elif move < 0.8 and phone.in_flight is None:
            save(phone)
        elif phone.in_flight is not None:
            phone.receive()
    for _ in range(2):  # both phones go quiet: replies arrive, last drafts are saved
        for phone in phones:
            if phone.in_flight is not None:
                phone.receive()
            save(phone)
            phone.receive()
    final = set(_WORD.findall(sheet["recommendations"][0]["value"]))
    lost = (phones[0].inserted | phones[1].inserted) - final
    assert not lost, (seed, lost, sheet["recommendations"][0]["value"])
    return conflicts


def test_two_phones_typing_in_one_text_never_lose_a_word():
    conflicts = sum(_run_text_fuzz(seed) for seed in range(400))
    assert conflicts > 0  # the fuzz does reach the conflicting case


def quick(sheet, patch, max_text):
    """do() without the purity and JSON checks, which the other tests make: the fuzz is fast."""
    return apply_edit(sheet, clean_sheet_patch(patch, max_text), by="p", role="member")


def test_two_phones_adding_editing_removing_items_never_lose_an_unseen_word():
    for seed in range(150):
        rng = random.Random(seed)
        sheet = empty_sheet("")
        known = [{}, {}]  # per phone: item id -> (version, text) as last seen
        inserted, seen_then_removed = set(), set()
        counter = 0
        for _ in range(rng.randint(5, 40)):
            me = rng.randrange(2)
            mine = known[me]
            move = rng.random()
            counter += 1
            word = f"p{me}x{counter}"
            if move < 0.3 or not mine:
                item = f"i{me}-{counter}"
                if len(live_items(sheet, "disagreements")) >= LIST_FIELDS["disagreements"][0]:
                    continue
                sheet, r = quick(sheet, add("disagreements", item, word), max_text=BIG)
                if r["status"] == "added":
                    inserted.add(word)
                    mine[item] = (r["version"], r["value"])
                continue
            item = rng.choice(sorted(mine))
            version, text = mine[item]
            if move < 0.8:
                sheet, r = quick(sheet, set_("disagreements", f"{text} {word}", version,
                                          base_text=text, item=item), max_text=BIG)
                inserted.add(word)
                mine[item] = (r["version"], r["value"])
            else:
                sheet, r = quick(sheet, {"op": "remove", "field": "disagreements", "item": item,
                                      "base_version": version, "base_text": text},
                              max_text=BIG)
                if r["status"] == "removed":
                    seen_then_removed |= set(_WORD.findall(text))
                    del mine[item]
                else:
                    mine[item] = (r["version"], r["value"])
            # Now and then the other phone refreshes its view of the list.
            if rng.random() < 0.3:
                other = known[1 - me]
                other.clear()
                other.update({i["id"]: (i["version"], i["value"])
                              for i in live_items(sheet, "disagreements")})
        live = set()
        for i in live_items(sheet, "disagreements"):
            live |= set(_WORD.findall(i["value"]))
        assert not inserted - live - seen_then_removed, seed
