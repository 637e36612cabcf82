"""The facilitator's pages: sign-in by the secret link, the events, the live dashboard."""
from __future__ import annotations

import hmac
from functools import wraps

from flask import (Blueprint, abort, g, redirect, render_template, request, session,
                   url_for)

from ..room.errors import RoomError
from ..ui_text import t
from .common import choose_lang, palabre
from .security import local_path

bp = Blueprint("facilitator", __name__)


def signed_in(view):
    @wraps(view)
    def wrapper(*args, **kwargs):
        if not palabre().is_facilitator(session):
            choose_lang()
            return render_template("message.html", title=t("signin.title", g.lang),
                                   body=t("signin.body", g.lang)), 403
        return view(*args, **kwargs)
    return wrapper


@bp.get("/f/<token>")
def sign_in(token: str):
    """The link printed at start, or a named staff link made on the dashboard (a
    co-facilitator's). It opens a server-side session (store/sessions.py): the cookie holds a
    random session id, never the token; sign-out, or revoking the staff link, ends it."""
    p = palabre()
    choose_lang()
    link = None
    if not hmac.compare_digest(token.encode(), p.store.facilitator_token().encode()):
        link = p.store.staff_link_by_token(token)
        if link is None:
            return render_template("message.html", title=t("signin.title", g.lang),
                                   body=t("signin.bad", g.lang)), 403
    p.store.close_staff_session(session.get("staff"))  # a new sign-in replaces the old one
    session.clear()
    session["staff"] = p.store.open_staff_session(p.clock.now(), link["id"] if link else None)
    session.permanent = True
    _tell_dashboards()
    return redirect(local_path(request.args.get("next"), url_for("facilitator.events")))


def _tell_dashboards() -> None:
    """Open dashboards list who is signed in (realtime/staff.py)."""
    from ..realtime.staff import tell_dashboards
    tell_dashboards(palabre())


@bp.post("/facilitator/signout")
def sign_out():
    palabre().store.close_staff_session(session.get("staff"))
    session.clear()
    _tell_dashboards()
    return redirect(url_for("participant.home"))


def _event_form() -> tuple[str, str]:
    fields = palabre().clean_event_fields({"title": request.form.get("title", ""),
                                           "lang": request.form.get("lang", "fr")})
    return fields["title"], fields["lang"]


def _follows_browser() -> bool:
    """The settings form's checkbox: phones open in their browser's language."""
    return request.form.get("follow_browser") in ("1", "on")


@bp.get("/facilitator")
@signed_in
def events():
    choose_lang()
    return render_template("events.html", events=palabre().store.list_events(), error=None)


@bp.post("/facilitator/events")
@signed_in
def create_event():
    choose_lang()
    p = palabre()
    try:
        title, lang = _event_form()
    except RoomError as err:
        from ..i18n import error_message
        return render_template("events.html", events=p.store.list_events(),
                               error=error_message(err.code, g.lang, **err.params)), 400
    event = p.store.create_event(title, lang, p.clock.now())
    return redirect(url_for("facilitator.dashboard", code=event["code"]))


@bp.post("/facilitator/events/<code>")
@signed_in
def update_event(code: str):
    p = palabre()
    event = p.store.event_by_code(code) or abort(404)
    choose_lang(event)
    try:
        title, lang = _event_form()
    except RoomError:
        return redirect(url_for("facilitator.dashboard", code=event["code"]))
    _row, entries = p.store.update_event(event["id"], p.clock.now(), title=title, lang=lang,
                                         follow_browser=int(_follows_browser()))
    from ..realtime import broadcast
    broadcast(entries)
    return redirect(url_for("facilitator.dashboard", code=event["code"]))


@bp.get("/facilitator/events/<code>")
@signed_in
def dashboard(code: str):
    p = palabre()
    event = p.store.event_by_code(code) or abort(404)
    choose_lang(event)
    return render_template("dashboard.html", event=event, view=p.event_view(event),
                           join_url=f"{p.room_url}/j/{event['code']}")
