"""Join codes: short enough to type from the back of the room, with no look-alike characters."""
from __future__ import annotations

import re
import secrets

# No 0/O, 1/I/L, 5/S, 2/Z, 8/B, U/V: what a phone keyboard or a projector blurs.
ALPHABET = "ACDEFGHJKMNPQRTWXY34679"
LENGTH = 6
_CODE = re.compile(f"^[{ALPHABET}]{{{LENGTH}}}$")


def new_join_code() -> str:
    return "".join(secrets.choice(ALPHABET) for _ in range(LENGTH))


def normalise_code(raw: str) -> str:
    """What people type: lower case, spaces, a dash in the middle."""
    return re.sub(r"[\s\-]", "", raw or "").upper()


def looks_like_code(code: str) -> bool:
    return bool(_CODE.fullmatch(code))
