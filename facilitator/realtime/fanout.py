"""The fan-out: committed log entries leave for the screens from one background greenthread.

A handler commits, hands its entries to ``Fanout.put`` and returns: its ack leaves at once,
whatever the room's size (before, a post in a step whose stream goes to every phone waited
for one message per phone). The fan-out sends what is waiting:
- idle, an entry goes out at once (the loop wakes on ``put``), as one ``update`` message;
- under load, at most one send per ``interval``: what piled up meanwhile leaves as one
  ``updates`` message (a list, in sequence order) per group of screens that hear the same
  entries, so a phone gets each entry once and in order (docs/protocol.md §6.3).
Sending to a large room yields every ``CHUNK`` screens, so acks and other handlers are not
held behind a thousand writes.
"""
from __future__ import annotations

import logging
import time

log = logging.getLogger(__name__)

CHUNK = 200          # screens per emit before the loop lets other greenthreads run
NAMESPACE = "/"


def wire(entry: dict) -> dict:
    return {"seq": entry["seq"], "type": entry["type"], "data": entry["data"], "at": entry["at"]}


class Fanout:
    def __init__(self, socketio, interval: float):
        self.socketio = socketio
        self.interval = interval
        # In-process tests (tests/sockets) send within put(): what a handler broadcast is in
        # the test client's queue when its ack returns.
        self.immediate = False
        self.pending: list[tuple[dict, tuple[str, ...]]] = []
        self._wake = None
        self._last = 0.0

    def put(self, items: list[tuple[dict, tuple[str, ...]]]) -> None:
        """Entries, each with the rooms that hear it; called after the commit."""
        if not items:
            return
        if self.immediate:
            self.send(items)
            return
        self.pending.extend(items)
        if self._wake is None:
            self._wake = self.socketio.server.eio.create_event()
            self.socketio.start_background_task(self._run)
        self._wake.set()

    def _run(self) -> None:
        while True:
            self._wake.wait()
            # The handler that woke us has returned its ack to Engine.IO: let it leave first.
            self.socketio.sleep(0)
            wait = self._last + self.interval - time.monotonic()
            if wait > 0:  # sent less than an interval ago: under load, gather one batch
                self.socketio.sleep(wait)
            # Cleared just before taking the batch: a put from now on wakes the next round.
            self._wake.clear()
            items, self.pending = self.pending, []
            if not items:
                continue
            self._last = time.monotonic()
            try:
                self.send(items)
            except Exception:  # the room's fan-out must keep going whatever one batch met
                log.exception("fan-out failed")

    # --- one batch ------------------------------------------------------------------------------

    def send(self, items: list[tuple[dict, tuple[str, ...]]]) -> None:
        if not items:
            return
        items = sorted(items, key=lambda it: (it[0]["event_id"], it[0]["seq"]))
        targets = list(dict.fromkeys(rooms for _entry, rooms in items))
        if len(targets) == 1:  # the common case: every entry for the same screens
            self._emit([e for e, _r in items], self._sids(targets[0]))
            return
        # Several audiences: group the screens by which of them they hear, so each screen gets
        # one message with its entries in order (a phone in two rooms must not get seq 7 in
        # one message before seq 6 in another: it would drop 6, docs/protocol.md §6).
        heard: dict[str, list[int]] = {}
        for index, rooms in enumerate(targets):
            for sid in self._sids(rooms):
                heard.setdefault(sid, []).append(index)
        groups: dict[tuple[int, ...], list[str]] = {}
        for sid, indexes in heard.items():
            groups.setdefault(tuple(indexes), []).append(sid)
        for indexes, sids in groups.items():
            wanted = {targets[i] for i in indexes}
            self._emit([e for e, rooms in items if rooms in wanted], sids)

    def _sids(self, rooms: tuple[str, ...]) -> list[str]:
        manager = self.socketio.server.manager
        return [sid for sid, _eio in manager.get_participants(NAMESPACE, list(rooms))]

    def _emit(self, entries: list[dict], sids: list[str]) -> None:
        if not sids:
            return
        if len(entries) == 1:
            name, payload = "update", wire(entries[0])
        else:
            name, payload = "updates", [wire(e) for e in entries]
        for start in range(0, len(sids), CHUNK):
            chunk = sids[start:start + CHUNK]
            self.socketio.emit(name, payload, to=chunk)
            if start + CHUNK < len(sids):
                self.socketio.sleep(0)
