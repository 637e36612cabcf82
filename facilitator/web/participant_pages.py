"""The phone's pages: enter a code, join, contribute. Files live in participant_ui/."""
from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, redirect, render_template, request, url_for

import participant_ui

from ..room.codes import looks_like_code, normalise_code
from ..i18n import error_payload, pick_lang
from ..room.errors import RoomError
from ..ui_text import client_strings, t
from .common import choose_lang, palabre

bp = Blueprint("participant", __name__, template_folder=str(participant_ui.TEMPLATES),
               static_folder=str(participant_ui.STATIC), static_url_path="/p/static")


def find_event_or_page(raw_code: str):
    """The event for a code typed or scanned, or the page to answer instead."""
    p = palabre()
    code = normalise_code(raw_code)
    address = request.remote_addr
    if p.join_throttled(address):
        choose_lang()
        return None, (render_template("message.html", title=t("throttled.title", g.lang),
                                      body=t("throttled.body", g.lang)), 429)
    event = p.store.event_by_code(code) if looks_like_code(code) else None
    if event is None:
        p.note_bad_code(address)
        choose_lang()
        return None, (render_template("message.html", title=t("unknown.title", g.lang),
                                      body=t("unknown.body", g.lang, code=raw_code[:12]),
                                      show_code_form=True), 404)
    return event, None


@bp.get("/")
def home():
    choose_lang()
    code = request.args.get("code")
    if code:
        return redirect(url_for("participant.phone", code=normalise_code(code)))
    return render_template("home.html")


# A joined phone's token also rides a cookie of its page alone, so the page it loads next opens
# on the room, not on the join form, before any script has run (docs/protocol.md §2.6).
TOKEN_COOKIE = "palabre_token"


def remember_token(response, event: dict, token: str):
    response.set_cookie(TOKEN_COOKIE, token, max_age=30 * 86400, path=f"/j/{event['code']}",
                        httponly=True, samesite="Lax")
    return response


@bp.get("/j/<code>")
def phone(code: str):
    event, page = find_event_or_page(code)
    if page:
        return page
    if code != event["code"]:
        return redirect(url_for("participant.phone", code=event["code"], **request.args))
    choose_lang(event, phone=True)
    token = request.cookies.get(TOKEN_COOKIE)
    if token and not palabre().store.participant_by_token(event["id"], token):
        token = None
    return phone_page(event, token=token)


def phone_page(event: dict, status: int = 200, **extra):
    return render_template("phone.html", event=palabre().event_view(event), **extra), status


@bp.post("/j/<code>")
def join_form(code: str):
    """The join form posted before the page's script ran (a slow link) or without one: the
    same join as POST /api/events/<code>/join, answered by the phone page itself."""
    from .api import admit  # api imports this module

    event, page = find_event_or_page(code)
    if page:
        return page
    choose_lang(event, phone=True)
    form = request.form
    g.lang = pick_lang(form.get("lang"), g.lang)
    body = {k: v for k, v in form.items() if k != "anonymous"}
    body["anonymous"] = form.get("anonymous") == "1"
    try:
        _, token = admit(event, body)
    except RoomError as err:
        return phone_page(event, 429 if err.code == "rate_limited" else 400, form=form,
                          join_error=error_payload(err.code, g.lang, **err.params)["message"])
    # Post/redirect/get: a reload does not join again.
    return remember_token(redirect(url_for("participant.phone", code=event["code"]), 303),
                          event, token)


# A feature's phone script gets its words here when it loads, so they weigh nothing in the
# phone's first load (docs/protocol.md § Routes).
FEATURE_TEXT = {"groups": ("gr.", "gph."), "fair": ("fair.", "fp.", "fk."), "background": ("bg.",),
                "actions": ("act.", "ag.status_"), "staff": ("sph.",)}


@bp.get("/p/text/<name>.json")
def feature_text(name: str):
    prefixes = FEATURE_TEXT.get(name)
    if prefixes is None:
        abort(404)
    return jsonify(client_strings(prefixes, pick_lang(request.args.get("lang"))))
