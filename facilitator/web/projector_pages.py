"""The projector: big QR and join code, or the live wall. Read-only, so no sign-in."""
from __future__ import annotations

from flask import Blueprint, Response, render_template

from ..qr import qr_svg
from .common import choose_lang, palabre
from .participant_pages import find_event_or_page

bp = Blueprint("projector", __name__)


@bp.get("/projector/<code>")
def projector(code: str):
    p = palabre()
    event, page = find_event_or_page(code)  # the same guessing limit as the join page
    if page:
        return page
    choose_lang(event)
    return render_template("projector.html", event=event, view=p.event_view(event),
                           join_url=f"{p.room_url}/j/{event['code']}", room_url=p.room_url)


@bp.get("/qr/<code>.svg")
def join_qr(code: str):
    p = palabre()
    event, page = find_event_or_page(code)
    if page:
        return Response(status=page[1])
    svg = qr_svg(f"{p.room_url}/j/{event['code']}")
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})
