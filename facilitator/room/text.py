"""Text that is not valid Unicode: the one place that decides what becomes of it.

A JSON string may carry a lone surrogate (``"\\ud83d"``: half an emoji cut by a bad paste or a
buggy keyboard). Python decodes it into a ``str`` that cannot be encoded to UTF-8, so SQLite,
the log and every JSON answer would fail on it. The rule, for every field of every payload:
each lone surrogate is **replaced** by U+FFFD (the replacement character), never refused, so
a post that lost half an emoji keeps its other words (docs/protocol.md §7).

``valid_text`` is that rule for one string; ``clean_payload`` applies it to a whole decoded
payload (keys and values) where it enters the server — a Socket.IO event, a connect's auth, an
HTTP JSON body, a form — and bounds its nesting. ``room/contributions.py::clean_text`` (NFC,
controls out, trimmed) starts with ``valid_text``, so text reaches the store through both.
"""
from __future__ import annotations

import re

from .errors import RoomError

REPLACEMENT = "\ufffd"
MAX_DEPTH = 32  # no payload of the protocol nests deeper than a handful of levels
_SURROGATE = re.compile("[\ud800-\udfff]")


def valid_text(text: str) -> str:
    """``text`` with each lone surrogate replaced by U+FFFD; unchanged when it is valid."""
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return _SURROGATE.sub(REPLACEMENT, text)
    return text


def clean_payload(value, depth: int = 0):
    """A decoded JSON value with every string (keys too) made valid; ``bad_payload`` when it
    nests deeper than ``MAX_DEPTH`` (the handlers would only refuse it later, or recurse)."""
    if isinstance(value, str):
        return valid_text(value)
    if isinstance(value, (dict, list)):
        if depth >= MAX_DEPTH:
            raise RoomError("bad_payload")
        if isinstance(value, dict):
            return {valid_text(k) if isinstance(k, str) else k: clean_payload(v, depth + 1)
                    for k, v in value.items()}
        return [clean_payload(v, depth + 1) for v in value]
    return value
