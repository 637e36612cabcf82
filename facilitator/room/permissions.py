"""Who may post what, now: the one place a phone's post is checked against the room's state."""
from __future__ import annotations

from .agenda import Slot, may_contribute
from .contributions import OPEN_KINDS
from .formats import Format

NOTE_KIND = "note"
NOTE_TAKER = "note_taker"


def check_post(fmt: Format | None, slot: Slot | None, roles: tuple[str, ...], kind: str,
               anonymous: bool) -> str | None:
    """None when the post is allowed, else the reason code the phone is told.

    ``roles`` are every role the person holds in the activity (a sponsor may also be a broker):
    the post is allowed when one of them allows it.
    With no activity running the room is an open wall: ideas, questions and comments.
    In a format that names a note-taker, notes in an open step are theirs: the shared notes of
    a Knowledge Jam are one voice the room validates at read-back, not everyone's jottings.
    A step that names its own roles (the sponsor's topic brief) decides for itself.
    """
    if isinstance(roles, str):
        roles = (roles,)
    if fmt is None or slot is None:
        return None if kind in OPEN_KINDS else "kind_not_allowed"
    reasons = [_check_one(fmt, slot, role, kind, anonymous) for role in roles or ("participant",)]
    return None if None in reasons else reasons[0]


def _check_one(fmt: Format, slot: Slot, role: str, kind: str, anonymous: bool) -> str | None:
    reason = may_contribute(slot, kind, role, anonymous=anonymous)
    if reason:
        return reason
    if (kind == NOTE_KIND and NOTE_TAKER in fmt.roles and slot.contributors != "roles"
            and role != NOTE_TAKER):
        return "role_not_allowed"
    return None


def post_audience(slot: Slot | None, kind: str) -> str:
    """Who sees a new post: every phone in a shared step, and every phone for an action row
    (each phone shows the event's action plan); the facilitator alone for a private jotting (a
    note in a step that does not share, like 1-2-4-All's minute alone); else the wall.
    """
    if slot is not None and slot.shared or kind == ACTION_KIND:
        return "all"
    if slot is not None and kind == NOTE_KIND:
        return "staff"
    return "wall"


# --- correcting and withdrawing a contribution (docs/protocol.md, contribution:edit) ---------

READBACK_PART = "readback"  # the Jam's read-back of the notes (formats/knowledge-jam.toml)
ACTION_KIND = "action"


def step_open_for(item: dict, slot: Slot | None, activity_id: int | None) -> bool:
    """Whether the step an item was written in is the one the room is in now. An item of the
    open wall stays open while the room is on the open wall."""
    if item.get("activity_id") is None:
        return slot is None
    return slot is not None and activity_id == item["activity_id"] and slot.step_id == item["step_id"]


def check_revision(item: dict, *, staff: bool, author: bool, roles: tuple[str, ...],
                   slot: Slot | None, activity_id: int | None) -> str | None:
    """None when this person may correct the item now, else the reason code.

    - The facilitator corrects any item, at any time (they moderate the room).
    - At the read-back of a Jam's notes the note-taker corrects any note of the activity: the
      room reads them back and the note-taker fixes what it says.
    - The author corrects their own item while the step it was written in is open; an action
      row stays editable by its author after the step (methods.md §1: rows are followed up).
    """
    if item.get("withdrawn"):
        return "not_found"
    if staff:
        return None
    if (item["kind"] == NOTE_KIND and NOTE_TAKER in roles and slot is not None
            and slot.part_id == READBACK_PART and activity_id == item.get("activity_id")):
        return None
    if not author:
        return "not_yours"
    if item["kind"] == ACTION_KIND or step_open_for(item, slot, activity_id):
        return None
    return "step_over"


def check_withdrawal(item: dict, *, author: bool, slot: Slot | None,
                     activity_id: int | None) -> str | None:
    """Only its author withdraws an item, while its step is open (the facilitator hides it)."""
    if item.get("withdrawn"):
        return "not_found"
    if not author:
        return "not_yours"
    return None if step_open_for(item, slot, activity_id) else "step_over"
