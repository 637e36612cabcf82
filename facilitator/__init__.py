"""Palabre: live workshop facilitation that runs in the room.

``create_app(settings)`` builds the Flask app and binds ``extensions.socketio``. Importing this
package imports nothing else: the entry point (cli.serve) must be able to let eventlet patch the
standard library before Flask is loaded.
"""
from __future__ import annotations


def create_app(settings=None):
    from flask import Flask

    from . import realtime
    from .extensions import socketio
    from .config import Settings
    from .context import Palabre
    from .store import Store
    from .web import register_blueprints

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
    app.extensions["palabre"] = Palabre(settings, store, socketio)
    register_blueprints(app)
    socketio.init_app(
        app,
        async_mode=settings.async_mode,
        # A reverse proxy or a chosen interface is another origin for the browser.
        cors_allowed_origins=[settings.public_url.rstrip("/")] if settings.public_url else None,
        # Phones on a hotspot sleep and wake: notice a dead phone within ~45 s, not 25 s.
        ping_interval=20,
        ping_timeout=25,
        max_http_buffer_size=1_000_000,
    )
    realtime.register()
    from . import realtime_agenda  # noqa: F401  (registers the agenda's handlers)
    app.extensions["palabre"].start_ticker()
    return app
