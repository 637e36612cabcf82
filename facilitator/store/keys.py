"""How secrets are kept: a participant's token lives only on the phone; the store keeps hashes.

Each purpose has its own hash of the same token, so one column can never be joined to another
(an anonymous item's owner key to the participant row, for instance).
"""
from __future__ import annotations

import hashlib


def _hash(prefix: str, token: str) -> str:
    return hashlib.sha256(f"{prefix}:{token}".encode()).hexdigest()


def token_hash(token: str) -> str:
    """How a participant token is kept: the token itself only lives on the phone."""
    return _hash("participant", token)


def owner_key(token: str) -> str:
    """Marks a phone's anonymous contributions so that phone can list its own history.

    It is a different hash of the same token than ``token_hash``, and only anonymous items carry
    it (named ones have their author id): without the token, nothing in the database links an
    anonymous contribution to a participant row or to that person's named contributions.
    """
    return _hash("owner", token)


def answers_key(token: str, activity_id: int) -> str:
    """Keys one person's questionnaire answers in one activity, and nothing else."""
    return _hash(f"answers:{activity_id}", token)



def session_hash(session_id: str) -> str:
    """How a facilitator session is kept: the id itself only lives in the browser's cookie."""
    return _hash("staff-session", session_id)
def kiosk_key(token: str) -> str:
    """How a kiosk's staff link (the presenter view) is kept: the token lives only in the link."""
    return _hash("kiosk", token)
def staff_link_hash(token: str) -> str:
    """How a named staff link (store/sessions.py) is kept: its token lives only in the link."""
    return _hash("staff-link", token)
