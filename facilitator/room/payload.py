"""Shape checks every handler shares, so a boolean is never taken for the id 1."""
from __future__ import annotations

from .errors import RoomError


def is_id(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def require_id(value) -> int:
    if not is_id(value):
        raise RoomError("bad_payload")
    return value
