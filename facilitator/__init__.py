"""Palabre: live workshop facilitation that runs in the room.

``create_app(settings)`` builds the Flask app and binds ``extensions.socketio``. Importing this
package imports nothing else: the entry point (cli.serve) must be able to let eventlet patch the
standard library before Flask is loaded.
"""
from __future__ import annotations


def create_app(settings=None):
    from flask import Flask

    from . import realtime
    from .realtime import deadlines, packets
    from .features import FEATURES
    from .extensions import socketio
    from .config import Settings
    from .context import Palabre
    from .store import Store
    from .web import register_blueprints
    from .web.limits import SOCKET_MESSAGE_LIMIT, refuse_oversize_polling

    settings = settings or Settings.from_env()
    store = Store(settings.db_path)
    app = Flask(__name__)
    app.config.update(
        SECRET_KEY=store.secret_key(),
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_COOKIE_HTTPONLY=True,
        MAX_CONTENT_LENGTH=64 * 1024,
        JSON_AS_ASCII=False,
    )
    app.extensions["palabre"] = Palabre(settings, store, socketio, FEATURES)
    register_blueprints(app)
    socketio.init_app(
        app,
        async_mode=settings.async_mode,
        cors_allowed_origins=_same_host_or(settings.public_url),
        # Phones on a hotspot sleep and wake: notice a dead phone within ~45 s, not 25 s.
        ping_interval=20,
        ping_timeout=25,
        max_http_buffer_size=SOCKET_MESSAGE_LIMIT,
        json=packets,  # a packet json cannot decode still gets its ack (realtime/packets.py)
    )
    app.wsgi_app = refuse_oversize_polling(app.wsgi_app)  # 413, as documented (web/limits.py)
    realtime.register(FEATURES)
    # Connections that never become a synced screen are closed (realtime/deadlines.py).
    deadlines.guard(socketio, app.extensions["palabre"].presence, settings.connect_timeout)
    app.extensions["palabre"].start_ticker()
    return app


def _same_host_or(public_url: str):
    """Sockets from a page of this server, by whatever address it was opened (localhost on the
    laptop, the LAN address on phones), or from the public URL (a reverse proxy)."""
    from .web.security import origin_allowed

    def allowed(origin, environ) -> bool:
        return origin_allowed(origin, environ.get("HTTP_HOST", ""), public_url)
    return allowed
