"""Who is connected right now, per event. In memory only: it is rebuilt as screens reconnect."""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass


@dataclass
class Connection:
    sid: str
    event_id: int
    role: str
    lang: str
    participant: dict | None = None
    token: str | None = None
    session_id: str | None = None  # the facilitator's server-side session, checked on each event
    kiosk_id: int | None = None  # role "kiosk": the idea-fair kiosk whose staff link opened it
    synced: bool = False  # asked ``sync`` at least once (realtime/deadlines.py)


class Presence:
    def __init__(self):
        self.by_sid: dict[str, Connection] = {}
        self._phones: dict[int, dict[int, int]] = defaultdict(dict)  # event -> participant -> sockets

    def add(self, conn: Connection) -> None:
        self.by_sid[conn.sid] = conn
        if conn.participant:
            phones = self._phones[conn.event_id]
            pid = conn.participant["id"]
            phones[pid] = phones.get(pid, 0) + 1

    def remove(self, sid: str) -> Connection | None:
        conn = self.by_sid.pop(sid, None)
        if conn and conn.participant:
            phones = self._phones[conn.event_id]
            pid = conn.participant["id"]
            phones[pid] -= 1
            if phones[pid] <= 0:
                del phones[pid]
        return conn

    def phones(self, event_id: int) -> int:
        """People connected (a person with two tabs counts once)."""
        return len(self._phones.get(event_id, ()))

    def get(self, sid: str) -> Connection | None:
        return self.by_sid.get(sid)
