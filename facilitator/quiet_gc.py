"""Full garbage collections at a quiet moment, not in the middle of a burst of posts.

With a thousand phones connected, one full (generation-2) collection pauses the whole server for
100-180 ms (docs/performance.md). CPython starts one whenever its counters say so, which is often
just when the room answers a question on the projector: every post in flight then waits.

So the server turns CPython's automatic full collection off and runs it from the agenda's ticker:
when CPython would have run one (ten young collections since the last full one) and the server
has heard nothing for QUIET seconds; or, in a room that never goes quiet, once CPython's counter
is far past that, so memory held by reference cycles still comes back.
Young collections (generations 0 and 1) are short and stay automatic.
Written for CPython's generational collector (3.11-3.13); from 3.14 the incremental collector
ignores the third threshold and its pauses are short anyway, so the pacing then does little.
"""
from __future__ import annotations

import gc
import time

QUIET = 2.0  # seconds without an incoming message before a full collection may run
DUE = 10  # young collections since the last full one: CPython's own default trigger
OVERDUE = 200  # ... and past this the room has had no quiet moment: collect anyway
NEVER = 1_000_000_000  # a generation-2 threshold CPython never reaches


def due(young_collections: int, quiet_for: float) -> bool:
    return young_collections >= OVERDUE or (young_collections >= DUE and quiet_for >= QUIET)


class QuietCollector:
    def __init__(self, monotonic=time.monotonic):
        self._monotonic = monotonic
        self._last_heard = monotonic()
        self.enabled = False

    def enable(self) -> None:
        """Called once the app is built, just before serving."""
        gc.collect()
        # What start-up built (modules, formats, templates) lives as long as the process:
        # keep it out of every later full collection.
        gc.freeze()
        young, middle, _ = gc.get_threshold()
        gc.set_threshold(young, middle, NEVER)
        self.enabled = True

    def heard(self) -> None:
        """A message arrived: the room is not quiet."""
        self._last_heard = self._monotonic()

    def tick(self) -> bool:
        """Run a full collection if one is due; True when it ran."""
        if not self.enabled:
            return False
        if not due(gc.get_count()[2], self._monotonic() - self._last_heard):
            return False
        gc.collect()
        _give_back()
        return True


_malloc_trim = None


def _give_back() -> None:
    """Hand the C heap's free pages back to the system (glibc's malloc_trim). A reconnect wave
    leaves megabytes freed but kept by the allocator, so RSS rose after every wave of the day
    (bench/qa.py --soak; 4.5 MB back after a wave of 150 phones here). Elsewhere: nothing."""
    global _malloc_trim
    if _malloc_trim is None:
        try:
            import ctypes
            import ctypes.util
            _malloc_trim = ctypes.CDLL(ctypes.util.find_library("c") or "libc.so.6").malloc_trim
        except (OSError, AttributeError):
            _malloc_trim = False
    if _malloc_trim:
        _malloc_trim(0)
