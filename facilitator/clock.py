"""The server clock, the only clock in the room.

Tests run a whole 90-minute phase in seconds by moving this clock forward (``advance``), which
the server allows only when started with --testing. Nothing else in Palabre reads time.time().
"""
from __future__ import annotations

import time


class Clock:
    def __init__(self, offset: float = 0.0):
        self.offset = offset

    def now(self) -> float:
        return time.time() + self.offset

    def advance(self, seconds: float) -> None:
        self.offset += seconds
