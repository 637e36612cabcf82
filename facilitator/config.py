"""One settings object for the whole server: command-line flags > environment > defaults."""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

ASYNC_MODES = ("eventlet", "gevent", "threading")


@dataclass
class Settings:
    db_path: str = "data/palabre.db"
    host: str = "0.0.0.0"
    port: int = 5000
    public_url: str = ""            # overrides the LAN address in links and the QR
    async_mode: str = "eventlet"
    formats_dirs: list[str] = field(default_factory=list)  # user folders after the built-in one
    max_text: int = 500             # characters in one contribution
    # Flood control per participant: a burst of `rate_burst` posts, then one every
    # `rate_interval` seconds. Generous for a person typing, tight for a script.
    rate_burst: int = 10
    rate_interval: float = 2.0
    # Guessing join codes: `join_attempts` unknown codes per address per minute.
    join_attempts: int = 10
    # New participants per address: a burst of `join_burst`, then one every `join_interval`
    # seconds. A room of 80 behind one reverse proxy still joins within a minute.
    join_burst: int = 60
    join_interval: float = 0.5
    replay_limit: int = 1000        # beyond this many missed updates a client gets a snapshot
    # Projector screens per address (the link is public: the join code opens it): a burst of
    # `screen_burst` connects and snapshots, then one every `screen_interval` seconds.
    screen_burst: int = 20
    screen_interval: float = 1.0
    # Open connections per address (eventlet): a phone holds one or two, a script far more.
    # 0 turns it off (behind a reverse proxy every phone has the proxy's address).
    connections_per_address: int = 500
    idle_timeout: float = 60.0      # s: a keep-alive connection with no new request is closed
    header_timeout: float = 10.0    # s: the request line and headers, however slowly they come
    # The fan-out (realtime/fanout.py): under load, at most one batch of updates per interval.
    fanout_interval: float = 0.15
    # s: an Engine.IO connection that has not sent the Socket.IO CONNECT, or a screen that has
    # connected but not asked ``sync``, is closed after this long (docs/security.md).
    connect_timeout: float = 20.0
    tcp_nodelay: bool = True        # Nagle's algorithm off on phones' sockets (cli.py; 0: a what-if)
    testing: bool = False
    time_offset: float = 0.0        # seconds added to the server clock (accelerated tests only)

    @classmethod
    def from_env(cls, **overrides) -> "Settings":
        env = os.environ
        settings = cls(
            db_path=env.get("PALABRE_DB", cls.db_path),
            public_url=env.get("PALABRE_PUBLIC_URL", ""),
            async_mode=env.get("PALABRE_ASYNC_MODE", cls.async_mode),
            port=int(env.get("PALABRE_PORT", cls.port)),
            max_text=int(env.get("PALABRE_MAX_TEXT", cls.max_text)),
            rate_burst=int(env.get("PALABRE_RATE_BURST", cls.rate_burst)),
            rate_interval=float(env.get("PALABRE_RATE_INTERVAL", cls.rate_interval)),
            join_attempts=int(env.get("PALABRE_JOIN_ATTEMPTS", cls.join_attempts)),
            join_burst=int(env.get("PALABRE_JOIN_BURST", cls.join_burst)),
            join_interval=float(env.get("PALABRE_JOIN_INTERVAL", cls.join_interval)),
            screen_burst=int(env.get("PALABRE_SCREEN_BURST", cls.screen_burst)),
            screen_interval=float(env.get("PALABRE_SCREEN_INTERVAL", cls.screen_interval)),
            connections_per_address=int(env.get("PALABRE_CONNECTIONS_PER_ADDRESS",
                                                cls.connections_per_address)),
            idle_timeout=float(env.get("PALABRE_IDLE_TIMEOUT", cls.idle_timeout)),
            header_timeout=float(env.get("PALABRE_HEADER_TIMEOUT", cls.header_timeout)),
            fanout_interval=float(env.get("PALABRE_FANOUT_INTERVAL", cls.fanout_interval)),
            connect_timeout=float(env.get("PALABRE_CONNECT_TIMEOUT", cls.connect_timeout)),
            tcp_nodelay=env.get("PALABRE_TCP_NODELAY", "1") != "0",
        )
        for key, value in overrides.items():
            if value is not None:
                setattr(settings, key, value)
        if settings.async_mode not in ASYNC_MODES:
            raise ValueError(f"async mode must be one of {', '.join(ASYNC_MODES)}")
        Path(settings.db_path).parent.mkdir(parents=True, exist_ok=True)
        return settings
