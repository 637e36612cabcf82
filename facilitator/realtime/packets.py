"""The JSON codec of Socket.IO packets: a payload the decoder cannot take still gets an ack.

``json.loads`` fails on nesting deeper than Python's recursion limit (RecursionError) and on
integers of more than 4300 digits (ValueError). Inside python-socketio that failure is logged
and the packet dropped: the phone waits for an ack that never comes. Here such a packet decodes
to ``[event name, UNDECODABLE]`` (the name read from the packet's start when it can be), which
the handlers answer with ``bad_payload`` (protocol.md §3.2); a connect's auth that cannot be
decoded is refused with ``bad_payload`` the same way, since it is not an object.
"""
from __future__ import annotations

import json
import re

_NAME = re.compile(r'\s*\[\s*"((?:[^"\\]|\\.){0,100})"')


class _Undecodable:
    def __repr__(self) -> str:
        return "UNDECODABLE"


UNDECODABLE = _Undecodable()


def loads(text, *args, **kwargs):
    try:
        return json.loads(text, *args, **kwargs)
    except (RecursionError, ValueError):
        if not _payload(text):
            # Engine.IO decodes its own packets with this codec too and keeps a text that is
            # not JSON as a string (the WebSocket upgrade's "probe"): let its error through.
            raise
        return [_event_name(text), UNDECODABLE]


def _payload(text) -> bool:
    """A Socket.IO payload: an event's array or a connect's auth object."""
    return isinstance(text, str) and text.lstrip()[:1] in ("[", "{")


def _event_name(text) -> str:
    match = _NAME.match(text) if isinstance(text, str) else None
    if not match:
        return ""
    try:
        name = json.loads(f'"{match.group(1)}"')
    except ValueError:
        return ""
    return name


def dumps(*args, **kwargs):
    return json.dumps(*args, **kwargs)
