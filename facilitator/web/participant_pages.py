"""The phone's pages: enter a code, join, contribute. Files live in participant_ui/."""
from __future__ import annotations

from flask import Blueprint, abort, g, jsonify, redirect, render_template, request, url_for

import participant_ui

from ..room.codes import looks_like_code, normalise_code
from ..i18n import pick_lang
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


@bp.get("/j/<code>")
def phone(code: str):
    event, page = find_event_or_page(code)
    if page:
        return page
    if code != event["code"]:
        return redirect(url_for("participant.phone", code=event["code"], **request.args))
    choose_lang(event, phone=True)
    return render_template("phone.html", event=palabre().event_view(event))


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
