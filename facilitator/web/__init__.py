"""HTTP side: the pages and the few JSON routes. Live traffic goes through realtime.py."""
from __future__ import annotations

from flask import Flask

from . import api, common, exports, facilitator_pages, fair_pages, participant_pages, projector_pages


def register_blueprints(app: Flask) -> None:
    common.install(app)
    app.register_blueprint(participant_pages.bp)
    app.register_blueprint(facilitator_pages.bp)
    app.register_blueprint(projector_pages.bp)
    app.register_blueprint(api.bp)
    app.register_blueprint(fair_pages.bp)
    app.register_blueprint(exports.bp)
