"""Everything a handler needs, in one object bound to the app: settings, store, clock, presence."""
from __future__ import annotations

import logging
import math
from pathlib import Path

from .activities import Activities
from .votes import Votes
from .background import Background
from .clock import Clock
from .config import Settings
from .groups import Groups
from .fair import Fair
from .i18n import LANGS
from .network import base_url
from .presence import Presence
from .quiet_gc import QuietCollector
from .room.contributions import clean_name
from .room.errors import RoomError
from .room.formats import BUILTIN_DIR, load_formats
from .room.ratelimit import RateLimiter
from .store import Store

PRESENCE_DELAY = 0.3  # seconds: 80 phones joining at once make one dashboard update, not 80
TICK = 1.0  # seconds between checks for a timed step that moves on by itself
# Every message from a phone or the projector counts: far above a person tapping (a dot vote is a
# handful of taps), far below a script. Posts also have their own, tighter budget (Settings).
MESSAGE_BURST, MESSAGE_INTERVAL = 40, 0.25
FORGET_EVERY = 60  # ticks between sweeps of the limiters' idle buckets


class Palabre:
    def __init__(self, settings: Settings, store: Store, socketio, features=()):
        self.settings = settings
        self.features = features  # facilitator/features.py: whose parts make a snapshot
        self.store = store
        self.socketio = socketio
        self.clock = Clock(settings.time_offset)
        self.presence = Presence()
        self.post_limiter = RateLimiter(settings.rate_burst, settings.rate_interval)
        self.bad_codes = RateLimiter(settings.join_attempts, 60.0 / max(1, settings.join_attempts))
        self.messages = RateLimiter(MESSAGE_BURST, MESSAGE_INTERVAL)
        self.joins = RateLimiter(settings.join_burst, settings.join_interval)
        # What projector screens may cost one address: connects and snapshots (docs/security.md).
        self.screens = RateLimiter(settings.screen_burst, settings.screen_interval)
        # One projector snapshot per event and sequence number, shared by every projector
        # (realtime/connection.py): a hundred projector sockets build it once.
        self.shared_snapshots: dict[int, tuple[int, float, dict]] = {}
        self._presence_pending: set[int] = set()
        self.room_url = base_url(settings.host, settings.port, settings.public_url)
        # A broken format file stops the start with its errors, rather than a room half-working.
        self.formats = load_formats([BUILTIN_DIR, *map(Path, settings.formats_dirs)])
        self.activities = Activities(store, self.formats)
        self.groups = Groups(store, self.activities, settings.max_text, self.clock)
        self.fair = Fair(store, self.activities, self.room_url)
        self.votes = Votes(store, self.activities)
        self.background = Background(store, self.activities, self.votes)
        self.quiet_gc = QuietCollector()
        from .realtime.fanout import Fanout  # what broadcast() hands committed entries to
        self.fanout = Fanout(socketio, settings.fanout_interval)
        self._ticking = False

    # --- sign-in and join throttling ---------------------------------------------------------

    def is_facilitator(self, session) -> bool:
        """The browser's cookie names a session the server still has (store/sessions.py)."""
        return self.store.staff_session_alive(session.get("staff"), self.clock.now())

    def join_throttled(self, address: str) -> bool:
        """An address that typed too many unknown codes waits before trying again."""
        return self.bad_codes.blocked(address, self.clock.now())

    def note_bad_code(self, address: str) -> None:
        self.bad_codes.take(address, self.clock.now())

    def spend_message(self, conn) -> None:
        """Every message from a phone or the projector counts; the facilitator is trusted."""
        if conn.role != "facilitator":
            self.spend(self.messages, conn.participant["id"] if conn.participant else conn.sid)

    def spend(self, limiter: RateLimiter, key) -> None:
        """One action out of ``key``'s budget, or ``rate_limited`` with the seconds to wait."""
        wait = limiter.take(key, self.clock.now())
        if wait:
            raise RoomError("rate_limited", wait=max(1, math.ceil(wait)))

    # --- views and fields --------------------------------------------------------------------

    def event_view(self, event: dict) -> dict:
        return {"code": event["code"], "title": event["title"], "lang": event["lang"],
                "max_text": self.settings.max_text,
                "follow_browser": bool(event.get("follow_browser"))}

    def clean_event_fields(self, payload: dict) -> dict:
        fields = {}
        if "title" in payload:
            try:
                title = clean_name(payload["title"], limit=120)
            except RoomError:
                title = ""
            if not title:
                raise RoomError("bad_title")
            fields["title"] = title
        if "lang" in payload:
            if payload["lang"] not in LANGS:
                raise RoomError("bad_lang")
            fields["lang"] = payload["lang"]
        if "follow_browser" in payload:  # phones open in the browser's language (store/staff.py)
            if not isinstance(payload["follow_browser"], bool):
                raise RoomError("bad_payload")
            fields["follow_browser"] = payload["follow_browser"]
        if not fields:
            raise RoomError("bad_payload")
        return fields

    # --- presence ----------------------------------------------------------------------------

    def presence_changed(self, event_id: int) -> None:
        if event_id in self._presence_pending:
            return
        self._presence_pending.add(event_id)
        self.socketio.start_background_task(self._send_presence, event_id)

    def _send_presence(self, event_id: int) -> None:
        self.socketio.sleep(PRESENCE_DELAY)
        self._presence_pending.discard(event_id)
        from .realtime import room_name
        # The wall too: the y of its "x of y have voted" counter (docs/protocol.md §12).
        self.socketio.emit("presence", {"phones": self.presence.phones(event_id)},
                           to=[room_name(event_id, "staff"), room_name(event_id, "wall")])

    # --- the agenda's clock (and the quiet moments for a full garbage collection) ------------------------------------------------------------------

    def start_ticker(self) -> None:
        if not self._ticking:
            self._ticking = True
            self.socketio.start_background_task(self._tick_forever)

    def _tick_forever(self) -> None:
        from .realtime import broadcast
        ticks = 0
        while True:
            self.socketio.sleep(TICK)
            ticks += 1
            try:
                now = self.clock.now()
                for event_id in self.store.running_events():
                    broadcast(self.activities.tick(event_id, now), self)
                for entries in self.fair.tick_all(now).values():
                    broadcast(entries, self)  # the idea fair's slot clock (facilitator/fair.py)
                if ticks % FORGET_EVERY == 0:
                    for limiter in (self.post_limiter, self.bad_codes, self.messages, self.joins,
                                    self.screens):
                        limiter.forget_idle(now)
                self.quiet_gc.tick()
            except Exception:  # the room's clock must keep going whatever one tick met
                logging.getLogger(__name__).exception("agenda tick failed")
