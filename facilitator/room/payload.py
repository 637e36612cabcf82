"""Shape checks every handler shares, so a boolean is never taken for the id 1."""
from __future__ import annotations

from .errors import RoomError


def is_id(value) -> bool:
    # Within SQLite's 64-bit integers: a larger number is refused, not a server error.
    return isinstance(value, int) and not isinstance(value, bool) and -2**63 <= value < 2**63


def require_id(value) -> int:
    if not is_id(value):
        raise RoomError("bad_payload")
    return value
