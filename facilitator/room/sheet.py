"""A breakout group's restitution sheet (methods.md §1): pure rules, plain JSON, no I/O.

What the sheet holds: the theme or question the group worked on, three key points (one
sentence each), disagreements and open questions, recommendations, the one question for the
plenary, and action plan rows (what, who, partners, when, resources, success indicator,
status). Members, rapporteur and timekeeper belong to the group; the sheet never copies them,
so a role changed in the group is never contradicted by a stale copy here. Who is acting, and
as what, is passed in by the caller (``apply_edit(..., by=, role=)``).

State is plain dicts and lists (``empty_sheet``), so the store keeps it as one JSON value and
the log can carry each cleaned edit; replaying the edits in order with the same ``by``/``role``
rebuilds the same sheet. ``apply_edit`` never mutates its input.

Concurrency: two phones, drafts saved as people type
-----------------------------------------------------
Every text (a field, a list item, an action row's cell) is a *cell*
``{"value", "version", "conflict"}``. An edit says which cell, the version it started from,
the text it started from (``base_text``) and the new text.

- If ``base_version`` is the cell's version (and ``base_text``, when sent, is its text) the
  phone saw everything: the new text replaces the old.
- Otherwise someone else saved in between: a three-way merge of base, mine (the edit) and
  theirs (the stored text), on words (``merge_text``). Changes to different words both apply;
  changes to the same words keep both versions of that stretch, theirs then mine, on either
  side of ``CONFLICT_SEPARATOR``, and the cell is flagged ``conflict`` until someone who has
  seen it saves it directly. Only the stretch is doubled, not the whole text: two people
  typing at the same end of a text, merge after merge, must not make it grow exponentially.

Why the phone sends the base text rather than the server keeping past versions: with a save
at every pause in typing, a history would grow with every keystroke burst and need pruning,
and a phone that stayed offline on a flaky hotspot for ten minutes would fall off the end of
it; the phone always knows what it started from. Trusting it gives a client no new power: a
phone that lies about its base could as well fetch the latest version and overwrite it. A
stale edit without a base text is merged from an empty base, which keeps both whole texts.

The same rule makes typing during a round trip safe: the phone keeps as its base the text it
last *sent* with the version the server answered. If the server had merged someone else's
text in, that base text differs from the stored one, so the next save is merged again
instead of overwriting: the phone never needs its own merge code. When the phone's input has
not changed since the send, it simply adopts the returned value as input and base.

Lists (key points, disagreements, recommendations, action rows) hold items with ids the
phones make (a UUID fits), so two people adding at once never collide, and a resent add is
a no-op. Each item is versioned like a cell; an action row also versions each cell, so two
people filling in "who" and "when" of one row never conflict. Removing takes the version the
remover saw (and, for a text item, the text: see the round-trip rule above): if someone edited
the item since, it is kept (status "kept"), because the remover decided about a text they had
not read. A removed item stays as a tombstone (``removed``), so an edit arriving late for it
brings it back ("restored") instead of vanishing, and a late resend of its add does not
resurrect it; views show ``live_items``.

Limits: a key point is one sentence, but a sentence is not refused for its punctuation; it is
bounded to 200 characters, which is what a projector shows in one or two lines. A merge is
never refused for length (it must not lose text), so a merged text may exceed its limit; a
direct save may then shorten it or keep its length, never grow it beyond the limit.

Life cycle: draft -> submitted (the rapporteur, or the facilitator) -> reopened by the
facilitator -> draft again (``reopened`` counts it). A submitted sheet refuses every change
but reopening. Any group member may also *propose* a text (one tap turns a group contribution
into a proposal, ``source`` = its id); the rapporteur accepts it into key points,
disagreements, recommendations or the plenary question, or dismisses it.
"""
from __future__ import annotations

import copy
import re

from .contributions import clean_text
from .errors import RoomError
from .payload import is_id
from .text_merge import CONFLICT_SEPARATOR, merge_text  # noqa: F401  (part of the sheet's API)

SCHEMA_VERSION = 1
ROLES = ("member", "rapporteur", "facilitator")

# Single texts: field -> limit in characters (capped by the room's max_text).
TEXT_FIELDS = {"theme": 200, "plenary_question": 300}
# Lists of texts: field -> (most live items, limit per item; None = the room's max_text).
LIST_FIELDS = {"key_points": (3, 200), "disagreements": (10, None), "recommendations": (10, None)}
ROWS_FIELD = "actions"
MAX_ROWS = 20
# An action row's cells -> limit. Names follow the action contributions' who/when
# (contributions.clean_action_meta) so an action posted to the wall maps onto a row.
ROW_KEYS = {"what": 200, "who": 80, "partners": 200, "when": 80, "resources": 200,
            "indicator": 200, "status": None}
# Short cells read as one line on the projector's table: whitespace runs collapse.
SINGLE_LINE_KEYS = ("who", "when")
# contributions.ACTION_STATUSES has no "blocked"; a row's status needs it (methods.md §1).
ROW_STATUSES = ("todo", "doing", "blocked", "done")
FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, ROWS_FIELD)
ACCEPT_INTO = ("key_points", "disagreements", "recommendations", "plenary_question")
MAX_PROPOSALS = 100
# How much bigger than its limit a value may arrive: a merged text being tidied up can be
# long, but a payload beyond this is not even normalised.
HARD_FACTOR = 4

_ITEM_ID = re.compile(r"[A-Za-z0-9_-]{1,64}")
# What each operation takes: (required keys, optional keys), besides "op".
_OPS = {
    "set": (("field", "base_version", "value"), ("item", "key", "base_text")),
    "add": (("field", "item", "value"), ()),
    "remove": (("field", "item", "base_version"), ("base_text",)),
    "propose": (("item", "value"), ("source",)),
    "accept": (("item", "into"), ()),
    "dismiss": (("item",), ()),
    "submit": ((), ()),
    "reopen": ((), ()),
}


# --- state ------------------------------------------------------------------------------------

def _cell(value: str = "", version: int = 0) -> dict:
    return {"value": value, "version": version, "conflict": False}


def empty_sheet(theme: str = "") -> dict:
    theme = clean_text(theme) if isinstance(theme, str) else ""
    return {
        "schema": SCHEMA_VERSION,
        "status": "draft",
        "rev": 0,  # bumped by every change: a cheap "has it moved?" for screens and the store
        "reopened": 0,
        "submitted_by": None,
        "theme": _cell(theme[:TEXT_FIELDS["theme"]]),
        "plenary_question": _cell(),
        "key_points": [],
        "disagreements": [],
        "recommendations": [],
        "actions": [],
        "proposals": [],
    }


def live_items(sheet: dict, field: str) -> list[dict]:
    """The items a screen shows: tombstones of removed items are left out."""
    return [item for item in sheet[field] if not item["removed"]]


# --- cleaning a phone's patch -------------------------------------------------------------

def _limit(schema_limit, max_text: int) -> int:
    return max_text if schema_limit is None else min(schema_limit, max_text)


def _text(raw, field: str, limit: int, *, hard: int | None = None, empty_ok: bool = True,
          single_line: bool = False) -> str:
    """clean_text (NFC, controls and bidi overrides out, trimmed), then bounded with the
    field's name: clean_name would say "the name is too long" for a deadline or a partner."""
    bound = hard or limit
    if not isinstance(raw, str):
        raise RoomError("bad_field", field=field)
    if len(raw) > bound * HARD_FACTOR:  # do not even normalise a huge payload
        raise RoomError("text_too_long", field=field, max=limit)
    text = clean_text(raw)
    if single_line:
        text = " ".join(text.split())
    if not text and not empty_ok:
        raise RoomError("text_empty", field=field)
    if len(text) > bound:
        raise RoomError("text_too_long", field=field, max=limit)
    return text


def _status(raw) -> str:
    if raw not in ROW_STATUSES:
        raise RoomError("bad_status", status=str(raw)[:20])
    return raw


def _row_key(key) -> str:
    if not isinstance(key, str):
        raise RoomError("bad_field", field="key")
    if key not in ROW_KEYS:
        raise RoomError("unknown_field", field=f"{ROWS_FIELD}.{key[:40]}")
    return key


def _cell_text(field: str, key: str | None, raw, max_text: int, *, base: bool = False,
               **kw) -> tuple[str, int]:
    """A cell's cleaned text and its limit. A base text is not collapsed to one line: it is
    the stored text as the server sent it, conflict separator included."""
    if field in TEXT_FIELDS:
        limit = _limit(TEXT_FIELDS[field], max_text)
        return _text(raw, field, limit, **kw), limit
    if field in LIST_FIELDS:
        limit = _limit(LIST_FIELDS[field][1], max_text)
        return _text(raw, field, limit, **kw), limit
    name = f"{ROWS_FIELD}.{key}"
    if key == "status":
        return _status(raw), 0
    limit = _limit(ROW_KEYS[key], max_text)
    single_line = key in SINGLE_LINE_KEYS and not base
    return _text(raw, name, limit, single_line=single_line, **kw), limit


def _new_row(raw, max_text: int) -> dict:
    if not isinstance(raw, dict):
        raise RoomError("bad_field", field=ROWS_FIELD)
    cells = {}
    for key in raw:
        _row_key(key)
    for key in ROW_KEYS:
        value = raw.get(key, "todo" if key == "status" else "")
        cells[key] = _cell_text(ROWS_FIELD, key, value, max_text)[0]
    if not any(cells[key] for key in ROW_KEYS if key != "status"):
        raise RoomError("text_empty", field=ROWS_FIELD)
    return cells


def clean_sheet_patch(patch, max_text: int) -> dict:
    """What a phone sent, checked and cleaned into an edit ``apply_edit`` takes.

    Every key is checked: an unknown one is refused by name (``unknown_field``), never
    dropped, so a phone built for another version learns at once that its text was not kept.
    The cleaned edit has every key of its operation (optional ones as None) and, for "set",
    ``max``: the cell's limit, which apply_edit needs to judge a direct save of a long text.
    """
    if not isinstance(patch, dict):
        raise RoomError("bad_payload")
    op = patch.get("op")
    if not isinstance(op, str) or op not in _OPS:
        raise RoomError("bad_field", field="op")
    required, optional = _OPS[op]
    for key in patch:
        if key != "op" and key not in required and key not in optional:
            raise RoomError("unknown_field", field=str(key)[:40])
    for key in required:
        if key not in patch:
            raise RoomError("bad_field", field=key)
    edit = {"op": op, **{key: patch.get(key) for key in required + optional}}

    if "item" in edit and not (op == "set" and edit["item"] is None):
        if not (isinstance(edit["item"], str) and _ITEM_ID.fullmatch(edit["item"])):
            raise RoomError("bad_field", field="item")
    if "base_version" in edit:
        version = edit["base_version"]
        if not (is_id(version) and version >= 0):
            raise RoomError("bad_field", field="base_version")
    if "field" in edit:
        field = edit["field"]
        if not isinstance(field, str):
            raise RoomError("bad_field", field="field")
        if field not in FIELDS:
            raise RoomError("unknown_field", field=field[:40])

    if op == "set":
        field, item, key = edit["field"], edit["item"], edit["key"]
        if field in TEXT_FIELDS and item is not None:
            raise RoomError("unknown_field", field="item")
        if field not in TEXT_FIELDS and item is None:
            raise RoomError("bad_field", field="item")
        if field == ROWS_FIELD:
            if key is None:
                raise RoomError("bad_field", field="key")
            _row_key(key)
        elif key is not None:
            raise RoomError("unknown_field", field="key")
        # A set may carry a long merged text being tidied up: bounded here at HARD_FACTOR
        # times the limit, and apply_edit refuses it if it grows the stored text.
        hard = _hard(field, key, max_text)
        value, limit = _cell_text(field, key, edit["value"], max_text, hard=hard)
        edit["value"], edit["max"] = value, limit
        if edit["base_text"] is not None:  # what the server sent back, merged texts included
            edit["base_text"] = _cell_text(field, key, edit["base_text"], max_text, base=True,
                                           hard=hard and hard * HARD_FACTOR)[0]
    elif op == "add":
        if edit["field"] in TEXT_FIELDS:
            raise RoomError("bad_field", field="field")
        if edit["field"] == ROWS_FIELD:
            edit["value"] = _new_row(edit["value"], max_text)
        else:
            edit["value"] = _cell_text(edit["field"], None, edit["value"], max_text,
                                       empty_ok=False)[0]
    elif op == "remove":
        if edit["field"] in TEXT_FIELDS:
            raise RoomError("bad_field", field="field")
        if edit["base_text"] is not None:
            if edit["field"] == ROWS_FIELD:  # a row has no one text; its version says it all
                raise RoomError("unknown_field", field="base_text")
            edit["base_text"] = _cell_text(edit["field"], None, edit["base_text"], max_text,
                                           base=True,
                                           hard=_hard(edit["field"], None, max_text) * HARD_FACTOR)[0]
    elif op == "propose":
        edit["value"] = _text(edit["value"], "proposals", max_text, empty_ok=False)
        if edit["source"] is not None and not is_id(edit["source"]):
            raise RoomError("bad_field", field="source")
    elif op == "accept":
        into = edit["into"]
        if not isinstance(into, str) or into not in ACCEPT_INTO:
            raise RoomError("bad_field", field="into")
    return edit


def _hard(field: str, key: str | None, max_text: int) -> int | None:
    if field == ROWS_FIELD and key == "status":
        return None
    if field in TEXT_FIELDS:
        limit = _limit(TEXT_FIELDS[field], max_text)
    elif field in LIST_FIELDS:
        limit = _limit(LIST_FIELDS[field][1], max_text)
    else:
        limit = _limit(ROW_KEYS[key], max_text)
    return limit * HARD_FACTOR


# --- applying an edit -----------------------------------------------------------------------

def _set_cell(cell: dict, edit: dict, is_status: bool) -> str:
    """Apply a "set" to one cell in place; the result status ("unchanged" if nothing moved)."""
    current, value, base_text = cell["value"], edit["value"], edit["base_text"]
    direct = edit["base_version"] == cell["version"] and base_text in (None, current)
    if direct:
        limit = edit.get("max") or 0
        if not is_status and len(value) > limit and len(value) > len(current):
            raise RoomError("text_too_long", field=edit["field"], max=limit)
        new, conflicted, status = value, False, "applied"
        flag = bool(cell["conflict"]) and not is_status and len(new) > limit
    elif is_status:
        # A status cannot hold two versions: the later choice wins, flagged when it replaced
        # a choice this phone had not seen.
        base = current if base_text is None else base_text
        conflicted = current not in (base, value)
        new, status = value, "conflict" if conflicted else "merged"
        flag = conflicted
    else:
        new, conflicted = merge_text(base_text or "", value, current)
        status = "conflict" if conflicted else "merged"
        flag = bool(cell["conflict"]) or conflicted
    if new == current and flag == cell["conflict"]:
        return "unchanged"
    cell["value"], cell["conflict"] = new, flag
    cell["version"] += 1
    return status


def _find(items: list[dict], item_id: str) -> dict | None:
    return next((item for item in items if item["id"] == item_id), None)


def _count_live(items: list[dict]) -> int:
    return sum(1 for item in items if not item["removed"])


def _cell_result(result: dict, cell: dict) -> dict:
    result.update(version=cell["version"], value=cell["value"], conflict=cell["conflict"])
    return result


def _may_decide(role: str) -> None:
    if role not in ("rapporteur", "facilitator"):
        raise RoomError("not_rapporteur")


def apply_edit(sheet: dict, edit: dict, *, by, role: str) -> tuple[dict, dict]:
    """Apply one cleaned edit (``clean_sheet_patch``) made by participant ``by`` acting as
    ``role`` (member, rapporteur or facilitator: the caller knows the group). Returns the new
    sheet (the input is left untouched) and a JSON result for the phone and the log.

    Result statuses: applied, merged, conflict (both versions kept), unchanged (nothing to do,
    e.g. a resend), kept (a removal refused: edited since), restored (an edit revived a removed
    item), removed, added, proposed, accepted, dismissed, submitted, reopened.
    """
    if role not in ROLES:
        raise ValueError(f"unknown role {role!r}")
    op = edit["op"]
    new = copy.deepcopy(sheet)
    result = {"op": op}
    for key in ("field", "item", "key"):
        if edit.get(key) is not None:
            result[key] = edit[key]

    if op == "reopen":
        if role != "facilitator":
            raise RoomError("forbidden")
        if new["status"] == "draft":
            return _done(sheet, new, result, "unchanged")
        new.update(status="draft", submitted_by=None, reopened=new["reopened"] + 1)
        return _done(sheet, new, result, "reopened")
    if new["status"] == "submitted":
        if op == "submit":  # a resend of the submission
            return _done(sheet, new, result, "unchanged")
        raise RoomError("sheet_submitted")
    if op == "submit":
        _may_decide(role)
        new.update(status="submitted", submitted_by=by)
        return _done(sheet, new, result, "submitted")
    if op in ("propose", "accept", "dismiss"):
        return _proposal(sheet, new, edit, result, by, role)

    field = edit["field"]
    if op == "set" and field in TEXT_FIELDS:
        status = _set_cell(new[field], edit, False)
        return _done(sheet, new, _cell_result(result, new[field]), status)

    items = new[field]
    found = _find(items, edit["item"])
    if op == "add":
        if found is not None:  # a resend: the id is the phone's, so it is the same add
            return _done(sheet, new, _item_result(result, found), "unchanged")
        cap = MAX_ROWS if field == ROWS_FIELD else LIST_FIELDS[field][0]
        if _count_live(items) >= cap:
            raise RoomError("too_many_items", field=field, max=cap)
        items.append(_new_item(edit["item"], edit["value"], field == ROWS_FIELD))
        return _done(sheet, new, _item_result(result, items[-1]), "added")
    if found is None:
        raise RoomError("not_found", field=field, item=edit["item"])
    if op == "remove":
        if found["removed"]:
            status = "unchanged"
        elif found["version"] != edit["base_version"] or (
                edit.get("base_text") is not None and edit["base_text"] != found["value"]):
            # Edited since the remover read it, or the remover's phone holds a version it
            # had not fully seen: the remover decided about another text.
            status = "kept"
        else:
            found["removed"] = True
            found["version"] += 1
            status = "removed"
        return _done(sheet, new, _item_result(result, found), status)

    # op == "set" on an item or a row's cell
    if field == ROWS_FIELD:
        cell = found["cells"][edit["key"]]
        status = _set_cell(cell, edit, edit["key"] == "status")
        if status != "unchanged":
            found["version"] += 1
        result["row_version"] = found["version"]
    else:
        cell = found
        status = _set_cell(cell, edit, False)
    if found["removed"] and status != "unchanged":
        found["removed"] = False
        status = "restored"
    result["removed"] = found["removed"]
    return _done(sheet, new, _cell_result(result, cell), status)


def _new_item(item_id: str, value, is_row: bool) -> dict:
    if is_row:
        return {"id": item_id, "version": 1, "removed": False,
                "cells": {key: _cell(text, 1) for key, text in value.items()}}
    return {"id": item_id, "removed": False, **_cell(value, 1)}


def _item_result(result: dict, item: dict) -> dict:
    result.update(version=item["version"], removed=item["removed"])
    if "cells" in item:
        result["cells"] = copy.deepcopy(item["cells"])
    else:
        result.update(value=item["value"], conflict=item["conflict"])
    return result


def _proposal(old: dict, new: dict, edit: dict, result: dict, by, role: str):
    proposals = new["proposals"]
    found = _find(proposals, edit["item"])
    op = edit["op"]
    if op == "propose":
        if found is not None:  # a resend
            return _done(old, new, {**result, "state": found["state"]}, "unchanged")
        if len(proposals) >= MAX_PROPOSALS:
            raise RoomError("too_many_items", field="proposals", max=MAX_PROPOSALS)
        proposals.append({"id": edit["item"], "text": edit["value"], "by": by,
                          "source": edit["source"], "state": "open", "into": None,
                          "replaced": None})
        return _done(old, new, {**result, "state": "open"}, "proposed")
    _may_decide(role)
    if found is None:
        raise RoomError("not_found", field="proposals", item=edit["item"])
    if op == "dismiss":
        if found["state"] == "accepted":
            raise RoomError("proposal_closed")
        status = "unchanged" if found["state"] == "dismissed" else "dismissed"
        found["state"] = "dismissed"
        return _done(old, new, {**result, "state": "dismissed"}, status)

    into = edit["into"]
    result["into"] = into
    if found["state"] == "accepted":
        if found["into"] == into:
            return _done(old, new, {**result, "state": "accepted"}, "unchanged")
        raise RoomError("proposal_closed")
    if into == "plenary_question":
        cell = new["plenary_question"]
        # The one question is replaced, and what it said stays on the proposal, not lost.
        if cell["value"] and cell["value"] != found["text"]:
            found["replaced"] = cell["value"]
        cell.update(value=found["text"], conflict=False)
        cell["version"] += 1
        _cell_result(result, cell)
    else:
        items = new[into]
        if _find(items, found["id"]) is not None:
            raise RoomError("duplicate_item", item=found["id"])
        cap = LIST_FIELDS[into][0]
        if _count_live(items) >= cap:
            raise RoomError("too_many_items", field=into, max=cap)
        # Accepted as written even past the field's limit: the rapporteur chose it, and a
        # direct save may shorten it later.
        items.append(_new_item(found["id"], found["text"], False))
        _item_result(result, items[-1])
    found.update(state="accepted", into=into)
    result["state"] = "accepted"
    return _done(old, new, result, "accepted")


def _done(old: dict, new: dict, result: dict, status: str) -> tuple[dict, dict]:
    result["status"] = status
    if status in ("unchanged", "kept"):
        result["rev"] = old["rev"]
        return old, result
    new["rev"] += 1
    result["rev"] = new["rev"]
    return new, result


# --- the dashboard ---------------------------------------------------------------------------

def progress(sheet: dict) -> dict:
    """How far the group is: {filled, total, missing, submitted, conflicts}.

    Eight parts: the theme, each of the three key points, at least one disagreement or open
    question, one recommendation, the plenary question, and one action row with a what and a
    who (an action nobody owns is not yet a plan). ``missing`` names the fields in sheet order.
    """
    key_points = sum(1 for item in live_items(sheet, "key_points") if item["value"])
    want = LIST_FIELDS["key_points"][0]
    parts = {
        "theme": (bool(sheet["theme"]["value"]), 1),
        "key_points": (min(key_points, want), want),
        "disagreements": (any(i["value"] for i in live_items(sheet, "disagreements")), 1),
        "recommendations": (any(i["value"] for i in live_items(sheet, "recommendations")), 1),
        "plenary_question": (bool(sheet["plenary_question"]["value"]), 1),
        "actions": (any(row["cells"]["what"]["value"] and row["cells"]["who"]["value"]
                        for row in live_items(sheet, "actions")), 1),
    }
    filled = sum(int(done) for done, _ in parts.values())
    total = sum(need for _, need in parts.values())
    missing = [name for name, (done, need) in parts.items() if int(done) < need]
    return {"filled": filled, "total": total, "missing": missing,
            "submitted": sheet["status"] == "submitted", "conflicts": _conflicts(sheet)}


def _conflicts(sheet: dict) -> int:
    cells = [sheet[name] for name in TEXT_FIELDS]
    for name in LIST_FIELDS:
        cells += live_items(sheet, name)
    for row in live_items(sheet, ROWS_FIELD):
        cells += row["cells"].values()
    return sum(1 for cell in cells if cell["conflict"])
