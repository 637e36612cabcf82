"""The idea fair's pages: a kiosk's QR (join, then visit), its presenter view by staff link,
the posters to print, and each kiosk's QR code (docs/protocol.md §11.6)."""
from __future__ import annotations

from flask import Blueprint, Response, abort, g, redirect, render_template, request, url_for
from markupsafe import Markup

from ..qr import qr_svg
from ..room.codes import normalise_code
from ..ui_text import t
from .common import choose_lang, palabre
from .facilitator_pages import signed_in
from .participant_pages import find_event_or_page

bp = Blueprint("fair", __name__)


def _kiosk_or_404(event: dict, raw: str):
    return palabre().store.kiosk_by_code(event["id"], normalise_code(raw))


def _not_found():
    choose_lang()
    return render_template("message.html", title=t("notfound.title", g.lang), body=""), 404


@bp.get("/k/<code>/<kiosk>")
def visit(code: str, kiosk: str):
    """What a kiosk's QR opens: the phone page (which joins first if it has to), on that kiosk."""
    event, page = find_event_or_page(code)
    if page:
        return page
    found = _kiosk_or_404(event, kiosk)
    if found is None:
        return _not_found()
    return redirect(url_for("participant.phone", code=event["code"], kiosk=found["code"]))


@bp.get("/kiosk/<token>")
def presenter(token: str):
    """The presenter view, opened by the kiosk's own staff link."""
    p = palabre()
    kiosk = p.store.kiosk_by_token(token)
    if kiosk is None:
        p.note_bad_code(request.remote_addr)  # the same guessing limit as a join code
        return _not_found()
    event = p.store.event_by_id(kiosk["event_id"])
    choose_lang(event)
    return render_template("kiosk.html", view=p.event_view(event), kiosk=p.fair.kiosk_view(kiosk))


@bp.get("/facilitator/events/<code>/posters")
@signed_in
def posters(code: str):
    """Every kiosk's A4 poster, to print in one go (``?activity=<id>``: one fair's)."""
    p = palabre()
    event = p.store.event_by_code(code.upper()) or abort(404)
    choose_lang(event)
    kiosks = p.store.event_kiosks(event["id"])
    activity = request.args.get("activity")
    if activity is not None:
        kiosks = [k for k in kiosks if str(k["activity_id"]) == activity]
    join_url = f"{p.room_url}/j/{event['code']}"
    items = []
    for kiosk in kiosks:
        view = p.fair.kiosk_view(kiosk)
        items.append({"title": view["title"], "organisation": view["organisation"],
                      "description": view["description"], "code": view["code"],
                      "visit_url": view["visit_url"], "join_url": join_url,
                      "qr_svg": Markup(_inline(qr_svg(view["visit_url"]))),
                      "event_code": event["code"], "event_title": event["title"]})
    return render_template("posters.html", view=p.event_view(event), posters=items)


@bp.get("/qr/<code>/kiosk/<kiosk>.svg")
def kiosk_qr(code: str, kiosk: str):
    event, page = find_event_or_page(code)
    if page:
        return Response(status=page[1])
    found = _kiosk_or_404(event, kiosk)
    if found is None:
        return Response(status=404)
    svg = qr_svg(palabre().fair.kiosk_view(found)["visit_url"])
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})


def _inline(svg: bytes) -> str:
    """The QR's SVG markup for a page: without its XML declaration."""
    text = svg.decode("utf-8")
    return text[text.index("<svg"):] if "<svg" in text else text
