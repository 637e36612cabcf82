"""The projector: big QR and join code, or the live wall. Read-only, so no sign-in."""
from __future__ import annotations

from flask import Blueprint, Response, abort, render_template

from ..qr import qr_svg
from .common import choose_lang, palabre

bp = Blueprint("projector", __name__)


@bp.get("/projector/<code>")
def projector(code: str):
    p = palabre()
    event = p.store.event_by_code(code) or abort(404)
    choose_lang(event)
    return render_template("projector.html", event=event, view=p.event_view(event),
                           join_url=f"{p.room_url}/j/{event['code']}", room_url=p.room_url)


@bp.get("/qr/<code>.svg")
def join_qr(code: str):
    p = palabre()
    event = p.store.event_by_code(code) or abort(404)
    svg = qr_svg(f"{p.room_url}/j/{event['code']}")
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})
