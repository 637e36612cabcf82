"""The restitution over HTTP: the facilitator's exports at any moment (drafts, never stored), and
the published version every participant may open from the join link (/r/<code>…).

The facilitator's routes build and render off the hub (restitution/service.py ``export``), so a
long PDF does not hold the room's acks.
"""
from __future__ import annotations

import html

from flask import Blueprint, Response, abort, g, render_template, request

from ..i18n import error_message
from ..qr import qr_svg
from ..restitution import labels, service
from ..restitution.build import GROUP_BY, Scope
from ..room.errors import RoomError
from ..room.payload import is_id
from ..ui_text import t
from .common import choose_lang, error_json, palabre
from .facilitator_pages import signed_in
from .participant_pages import find_event_or_page
from .security import DOCUMENT_POLICY

bp = Blueprint("exports", __name__)


def _flag(name: str) -> bool:
    value = request.args.get(name, "0")
    if value not in ("0", "1", "true", "false", ""):
        raise RoomError("bad_option", option=name)
    return value in ("1", "true")


def scope_from_args() -> tuple[Scope, str]:
    """?activity=ID &hidden=1 &group_by=owner|deadline &group=NAME &sep=; — each checked, none
    ignored."""
    args = request.args
    known = {"activity", "hidden", "group_by", "group", "sep", "lang"}
    for name in args:
        if name not in known:
            raise RoomError("bad_option", option=name[:30])
    activity = args.get("activity")
    if activity is not None:
        if not activity.isdigit() or not is_id(int(activity)):
            raise RoomError("bad_option", option="activity")
        activity = int(activity)
    group_by = args.get("group_by", "owner")
    if group_by not in GROUP_BY:
        raise RoomError("bad_option", option="group_by")
    sep = args.get("sep", ",")
    if sep not in (",", ";"):
        raise RoomError("bad_option", option="sep")
    group = args.get("group")
    return Scope(activity_id=activity, group=group or None, include_hidden=_flag("hidden"),
                 group_by=group_by), sep


def attachment(body: bytes, mimetype: str, name: str, inline: bool = False) -> Response:
    disposition = "inline" if inline else "attachment"
    headers = {"Content-Disposition": f'{disposition}; filename="{name}"',
               "Cache-Control": "no-store" if not inline else "no-cache",
               "X-Content-Type-Options": "nosniff"}
    if mimetype.startswith("text/html"):
        headers["Content-Security-Policy"] = DOCUMENT_POLICY
    # content_type, not mimetype: Werkzeug would add a second "; charset=utf-8" to text types.
    return Response(body, content_type=mimetype, headers=headers)


@bp.get("/facilitator/events/<code>/restitution.<ext>")
@signed_in
def export(code: str, ext: str):
    p = palabre()
    event = p.store.event_by_code(code) or abort(404)
    choose_lang(event)
    if ext not in service.FORMATS:
        return error_json("unknown_export", 404, format=ext[:20], formats=", ".join(service.FORMATS))
    try:
        scope, sep = scope_from_args()
        body, mimetype, name = service.export(p.store, p.activities, event, scope, ext,
                                              p.clock.now(), sep)
    except RoomError as err:
        return error_json(err.code, 404 if err.code in ("not_found", "unknown_group_name") else 400,
                          **err.params)
    return attachment(body, mimetype, name)


# --- the published restitution, for everyone with the join code ----------------------------------

def _published_or_page(code: str):
    event, page = find_event_or_page(code)
    if page:
        return None, None, page
    p = palabre()
    info = p.store.published(event["id"])
    if info is None:
        choose_lang(event)
        return event, None, (render_template("message.html", title=t("rpub.none_title", g.lang),
                                             body=t("rpub.none_body", g.lang)), 404)
    return event, info, None


def downloads_bar(event: dict, info: dict) -> str:
    """The links the published page adds to the renderer's HTML, in the event's language."""
    lang = info["lang"] or event["lang"]
    base = f"/r/{event['code']}/restitution"
    version = t("rpub.version", lang, v=info["version"],
                date=labels.format_date(info["published_at"], lang))
    return ('<nav class="downloads" style="display:flex;flex-wrap:wrap;gap:.5rem 1rem;'
            'align-items:center;margin:0 0 1.25rem;padding:.6rem .8rem;background:#f4f7fc;'
            'border-radius:.4rem">'
            f'<strong>{html.escape(t("rpub.download", lang))}</strong>'
            f'<a id="dl-pdf" href="{base}.pdf?v={info["version"]}">{html.escape(t("rpub.pdf", lang))}</a>'
            f'<a id="dl-docx" href="{base}.docx?v={info["version"]}">{html.escape(t("rpub.docx", lang))}</a>'
            f'<span style="color:#555;font-size:.9rem">{html.escape(version)}</span></nav>')


@bp.get("/r/<code>")
def published(code: str):
    event, info, page = _published_or_page(code)
    if page:
        return page
    body = palabre().store.published_file(event["id"], "html").decode("utf-8")
    body = body.replace("</header>", "</header>\n" + downloads_bar(event, info), 1)
    return Response(body, mimetype="text/html", headers={"Cache-Control": "no-cache",
                                                         "Content-Security-Policy": DOCUMENT_POLICY})


@bp.get("/r/<code>/restitution.<ext>")
def published_file(code: str, ext: str):
    event, info, page = _published_or_page(code)
    if page:
        return page
    if ext not in service.PUBLISHED:
        choose_lang(event)
        return render_template("message.html", title=t("notfound.title", g.lang),
                               body=error_message("unknown_export", g.lang, format=ext[:20],
                                                  formats=", ".join(service.PUBLISHED))), 404
    body = palabre().store.published_file(event["id"], ext)
    name = service.file_name(event, ext, Scope())
    return attachment(body, service.MIMETYPES[ext], name, inline=ext in ("pdf", "html"))


@bp.get("/r/<code>/qr.svg")
def published_qr(code: str):
    p = palabre()
    event, page = find_event_or_page(code)
    if page:
        return Response(status=page[1])
    svg = qr_svg(f"{p.room_url}/r/{event['code']}")
    return Response(svg, mimetype="image/svg+xml", headers={"Cache-Control": "max-age=3600"})
