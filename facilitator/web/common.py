"""What every page shares: language choice, gzip for slow Wi-Fi, error pages and answers."""
from __future__ import annotations

import gzip

from flask import Flask, Response, current_app, g, jsonify, render_template, request
from werkzeug.exceptions import HTTPException, InternalServerError, RequestEntityTooLarge

from ..i18n import error_payload, pick_lang
from ..room.errors import RoomError
from ..room.text import clean_payload
from ..ui_text import client_strings, t

LANG_COOKIE = "palabre_lang"
COMPRESSIBLE = ("text/html", "text/css", "application/javascript", "text/javascript",
                "application/json", "image/svg+xml")
SCRIPTS = ("application/javascript", "text/javascript")
_gzip_cache: dict[tuple[str, str], bytes] = {}


def minified(data: bytes, mimetype: str) -> bytes:
    """Our scripts and styles as phones get them: without comments and spacing (rjsmin and
    rcssmin, which know strings and regular expressions, so code is never changed; 2.3 KB of a
    30 KB first load). The files on disk keep their comments for the people who read them."""
    import rcssmin
    import rjsmin
    if mimetype in SCRIPTS:
        return rjsmin.jsmin(data.decode("utf-8")).encode("utf-8")
    if mimetype == "text/css":
        return rcssmin.cssmin(data.decode("utf-8")).encode("utf-8")
    return data


def palabre():
    return current_app.extensions["palabre"]


def choose_lang(event: dict | None = None, phone: bool = False) -> str:
    """?lang= (remembered in a cookie) > cookie > the event's default > the browser's. A phone
    of an event that lets phones follow the browser (store/staff.py) puts the browser's
    language before the event's: a person still switches with ?lang= and lang:set."""
    browser = request.accept_languages.best_match(["fr", "en"])
    default = event["lang"] if event else None
    if phone and event and event.get("follow_browser"):
        default, browser = browser, default
    g.lang = pick_lang(request.args.get("lang"), request.cookies.get(LANG_COOKIE), default, browser)
    return g.lang


def remember_lang(response):
    if request.args.get("lang") in ("fr", "en"):
        response.set_cookie(LANG_COOKIE, request.args["lang"], max_age=365 * 86400,
                            samesite="Lax")
    return response


def error_json(code: str, status: int, **params):
    lang = getattr(g, "lang", None) or choose_lang()
    return jsonify({"ok": False, "error": error_payload(code, lang, **params)}), status


def _compress(response):
    if (response.status_code != 200 or "gzip" not in request.headers.get("Accept-Encoding", "")
            or response.mimetype not in COMPRESSIBLE or "Content-Encoding" in response.headers):
        return response
    response.direct_passthrough = False
    data = response.get_data()
    if len(data) < 600:
        return response
    etag = response.headers.get("ETag")
    key = (request.path, etag) if etag else None
    body = _gzip_cache.get(key) if key else None
    if body is None:
        if key:  # a static file, compressed once: take the time to make it small
            if not request.path.endswith(".min.js"):
                data = minified(data, response.mimetype)
            body = gzip.compress(data, 9)
            _gzip_cache[key] = body
        else:
            body = gzip.compress(data, 6)
    response.set_data(body)
    response.headers["Content-Encoding"] = "gzip"
    response.headers["Content-Length"] = str(len(body))
    response.vary.add("Accept-Encoding")
    return response


def asset_version(app: Flask) -> str:
    """Changes whenever a static file changes, so a long cache never serves an old script."""
    import hashlib
    from pathlib import Path
    digest = hashlib.sha1()
    folders = [Path(app.static_folder)] + [Path(bp.static_folder) for bp in app.blueprints.values()
                                           if bp.static_folder]
    for folder in folders:
        for path in sorted(folder.glob("*")):
            stat = path.stat()
            digest.update(f"{path.name}{stat.st_size}{stat.st_mtime_ns}".encode())
    return digest.hexdigest()[:10]


def install(app: Flask) -> None:
    app.config["SEND_FILE_MAX_AGE_DEFAULT"] = 86400  # phones on a hotspot: fetch assets once
    version = {}

    @app.url_defaults
    def _versioned_static(endpoint, values):
        if endpoint.endswith("static") and "filename" in values:
            if "v" not in version:
                version["v"] = asset_version(app)
            values.setdefault("v", version["v"])
    app.after_request(_compress)
    app.after_request(remember_lang)

    @app.context_processor
    def _strings():
        lang = getattr(g, "lang", "fr")
        return {"t": lambda key, **kw: t(key, lang, **kw), "lang": lang,
                "client_strings": lambda *prefixes: client_strings(prefixes, lang)}

    @app.get("/healthz")
    def healthz():
        return jsonify({"ok": True})

    from . import security
    security.install(app)
    app.register_error_handler(HTTPException, _http_error)
    app.register_error_handler(Exception, _unexpected)


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.is_json


def _message_page(title_key: str, body_key: str | None, status: int):
    choose_lang()
    body = t(body_key, g.lang) if body_key else ""
    return render_template("message.html", title=t(title_key, g.lang), body=body), status


def refuse(code: str, status: int):
    """A refusal with an error code: JSON on /api/ routes, the message page otherwise."""
    if wants_json():
        return error_json(code, status)
    from ..i18n import error_message
    choose_lang()
    return render_template("message.html", title=t("badrequest.title", g.lang),
                           body=error_message(code, g.lang)), status


def _http_error(err: HTTPException):
    """Every HTTP error: JSON with a code on /api/ routes (or a JSON request), a page otherwise.
    404 → not_found; 5xx → server_error; any other 4xx (405, 413, 400, 415…) → bad_payload."""
    status = err.code or 500
    code = "not_found" if status == 404 else "server_error" if status >= 500 else "bad_payload"
    if wants_json():
        return error_json(code, status)
    if status in (404, 405):  # nothing here for you, whatever the method
        return _message_page("notfound.title", None, status)
    if status >= 500:
        return _message_page("error.title", "error.body", status)
    return _message_page("badrequest.title", "badrequest.body", status)


def _unexpected(err: Exception):
    """A bug in a route: logged, and answered like any other error (JSON or the page)."""
    current_app.logger.exception("unexpected error on %s %s", request.method, request.path)
    try:
        return _http_error(InternalServerError())
    except Exception:  # the error page itself failed: say it in both languages, plainly
        return Response("Erreur du serveur. / Server error.", 500, mimetype="text/plain")


def json_body() -> dict:
    """The request's JSON object, its text made valid (room/text.py), or ``bad_payload``:
    not JSON, not an object, nested too deep for the parser, a number too large for it."""
    try:
        body = request.get_json(force=False, silent=False)
    except RequestEntityTooLarge:
        raise  # 413, answered by _http_error
    except (HTTPException, RecursionError, ValueError):
        raise RoomError("bad_payload") from None
    if not isinstance(body, dict):
        raise RoomError("bad_payload")
    return clean_payload(body)
