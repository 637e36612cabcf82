"""Who may post what, now: the one place a phone's post is checked against the room's state."""
from __future__ import annotations

from .agenda import Slot, may_contribute
from .contributions import OPEN_KINDS
from .formats import Format

NOTE_KIND = "note"
NOTE_TAKER = "note_taker"


def check_post(fmt: Format | None, slot: Slot | None, role: str, kind: str,
               anonymous: bool) -> str | None:
    """None when the post is allowed, else the reason code the phone is told.

    With no activity running the room is an open wall: ideas, questions and comments.
    In a format that names a note-taker, notes in an open step are theirs: the shared notes of
    a Knowledge Jam are one voice the room validates at read-back, not everyone's jottings.
    A step that names its own roles (the sponsor's topic brief) decides for itself.
    """
    if fmt is None or slot is None:
        return None if kind in OPEN_KINDS else "kind_not_allowed"
    reason = may_contribute(slot, kind, role, anonymous=anonymous)
    if reason:
        return reason
    if (kind == NOTE_KIND and NOTE_TAKER in fmt.roles and slot.contributors != "roles"
            and role != NOTE_TAKER):
        return "role_not_allowed"
    return None


def post_audience(slot: Slot | None, kind: str) -> str:
    """Who sees a new post: every phone in a shared step; the facilitator alone for a private
    jotting (a note in a step that does not share, like 1-2-4-All's minute alone); else the wall.
    """
    if slot is not None and slot.shared:
        return "all"
    if slot is not None and kind == NOTE_KIND:
        return "staff"
    return "wall"
