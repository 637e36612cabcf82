"""What a contribution may be: checked before anything touches the store."""
from __future__ import annotations

import re
import unicodedata
import uuid
from dataclasses import dataclass

from .errors import RoomError
from .payload import is_id
from .text import valid_text

KINDS = ("idea", "question", "comment", "vote", "action", "note")
# Until an agenda step says otherwise, phones post ideas, questions and comments.
OPEN_KINDS = ("idea", "question", "comment")
# C0 and C1 controls (newline and tab stay), and the bidirectional overrides that can make a
# projected text read backwards.
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")
_INVISIBLE = "\u200b\u200c\u200d\u2060\ufeff"


@dataclass(frozen=True)
class NewContribution:
    client_id: str
    kind: str
    text: str
    anonymous: bool
    # (activity id, slot index) the phone showed when it was written; None: wherever the room is.
    written_in: tuple[int, int] | None = None


def clean_text(raw) -> str:
    """The way text enters the store: lone surrogates replaced (room/text.py decides), NFC,
    control characters dropped (newlines and tabs stay), trimmed."""
    text = unicodedata.normalize("NFC", valid_text(str(raw)))
    text = _CONTROL.sub("", text).strip()
    return text if text.strip(_INVISIBLE).strip() else ""


def parse_new_contribution(payload, max_text: int) -> NewContribution:
    if not isinstance(payload, dict):
        raise RoomError("bad_payload")
    client_id = payload.get("client_id")
    try:
        client_id = str(uuid.UUID(str(client_id)))
    except ValueError:
        raise RoomError("bad_client_id") from None
    kind = payload.get("kind", "idea")
    if kind not in KINDS:
        raise RoomError("bad_kind", kind=str(kind)[:20])
    raw = payload.get("text")
    if not isinstance(raw, str):
        raise RoomError("bad_payload")
    if len(raw) > max_text * 4:  # do not even normalise a huge payload
        raise RoomError("text_too_long", max=max_text)
    text = clean_text(raw)
    if not text:
        raise RoomError("text_empty")
    if len(text) > max_text:
        raise RoomError("text_too_long", max=max_text)
    anonymous = payload.get("anonymous", False)
    if not isinstance(anonymous, bool):
        raise RoomError("bad_payload")
    return NewContribution(client_id, kind, text, anonymous, _written_in(payload.get("slot")))


def _written_in(slot) -> tuple[int, int] | None:
    if slot is None:
        return None
    if not (isinstance(slot, dict) and is_id(slot.get("activity")) and is_id(slot.get("index"))):
        raise RoomError("bad_payload")
    return slot["activity"], slot["index"]


def clean_name(raw, limit: int = 60) -> str:
    if raw is None:
        return ""
    if not isinstance(raw, str):
        raise RoomError("bad_payload")
    text = " ".join(clean_text(raw).split())
    if len(text) > limit:
        raise RoomError("name_too_long", max=limit)
    return text


# An action row (methods.md §1): the text is the "what"; these are its other cells, with their
# limits in characters. The names are the breakout sheet's (room/sheet.py ROW_KEYS), so an action
# posted from a phone and a row of a group's sheet read the same in the action plan.
ACTION_FIELDS = {"who": 80, "partners": 200, "when": 80, "resources": 200, "indicator": 200}
ACTION_STATUSES = ("todo", "doing", "blocked", "done")
_ONE_LINE = ("who", "when")


def clean_action_meta(raw, base: dict | None = None) -> dict:
    """An action row's cells besides its text. ``base`` is the row as stored (an edit changes
    only the cells it names); a new row's status starts at "todo". A cell the server does not
    know is refused naming it (``unknown_field`` ``meta.owner``), never dropped."""
    if raw is None:
        raw = {}
    if not isinstance(raw, dict):
        raise RoomError("bad_field", field="meta")
    meta = {"status": "todo", **{key: "" for key in ACTION_FIELDS}, **(base or {})}
    for key, value in raw.items():
        if key == "status":
            if value not in ACTION_STATUSES:
                raise RoomError("bad_field", field="meta.status")
            meta["status"] = value
            continue
        if key not in ACTION_FIELDS:
            raise RoomError("unknown_field", field=f"meta.{str(key)[:40]}")
        if not isinstance(value, str):
            raise RoomError("bad_field", field=f"meta.{key}")
        value = clean_text(value)
        if key in _ONE_LINE:
            value = " ".join(value.split())
        if len(value) > ACTION_FIELDS[key]:
            raise RoomError("text_too_long", max=ACTION_FIELDS[key])
        meta[key] = value
    return meta


@dataclass(frozen=True)
class Revision:
    """A correction of a contribution: its new text and, for an action row, changed cells."""
    id: int
    text: str | None
    meta: dict | None


REVISION_KEYS = ("id", "text", "meta")


def parse_revision(payload, max_text: int) -> Revision:
    """``contribution:edit`` {id, text?, meta?}: at least one of text and meta; any other key is
    refused naming it."""
    if not isinstance(payload, dict) or not is_id(payload.get("id")):
        raise RoomError("bad_payload")
    for key in payload:
        if key not in REVISION_KEYS:
            raise RoomError("unknown_field", field=str(key)[:40])
    text = payload.get("text")
    if text is not None:
        if not isinstance(text, str):
            raise RoomError("bad_field", field="text")
        if len(text) > max_text * 4:
            raise RoomError("text_too_long", max=max_text)
        text = clean_text(text)
        if not text:
            raise RoomError("text_empty")
        if len(text) > max_text:
            raise RoomError("text_too_long", max=max_text)
    meta = payload.get("meta")
    if meta is not None and not isinstance(meta, dict):
        raise RoomError("bad_field", field="meta")
    if text is None and not meta:
        raise RoomError("bad_payload")
    return Revision(payload["id"], text, meta)
