"""Who may change the room over HTTP, and what every answer tells the browser (docs/security.md).

- A state-changing request (any method but GET/HEAD/OPTIONS) from another site is refused with
  ``cross_origin`` (403): ``Sec-Fetch-Site`` when the browser sends it must be ``same-origin``
  (or ``none``: typed by the person); an ``Origin`` must be this server (the request's Host, or
  the public URL behind a proxy). ``Origin: null`` is what our own forms send under
  ``Referrer-Policy: no-referrer``, so it proves nothing either way: the form token decides.
- The facilitator's forms also carry a token bound to the session (``csrf``): a page of another
  port of the same laptop cannot read it, whatever the browser sends or omits.
- Every answer says ``nosniff``, ``no-referrer`` (the facilitator link never leaves in a
  Referer) and a Content-Security-Policy of this server only.
"""
from __future__ import annotations

import hashlib
import hmac
import re

from flask import Flask, current_app, request, session

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
STAFF_PREFIX = "/facilitator"
# A path of this server and nothing else: one slash, then no slash or backslash, and only the
# characters our own paths use (a tab or newline, which browsers drop, would make "//").
_LOCAL_PATH = re.compile(r"/(?![/\\])[A-Za-z0-9/_.~%?=&+-]*\Z")
_HOST = re.compile(r"[A-Za-z0-9.\-:\[\]]+\Z")


def origin_allowed(origin: str | None, host: str, public_url: str) -> bool:
    """An Origin of this server: the address it was opened by, or the public URL (a proxy)."""
    if origin is None:
        return True  # not a browser: nothing to forge with
    public = public_url.rstrip("/")
    return origin.split("://", 1)[-1] == host or bool(public and origin == public)


def from_another_site(req=None) -> bool:
    req = req or request
    site = req.headers.get("Sec-Fetch-Site")
    if site is not None and site not in ("same-origin", "none"):
        return True
    origin = req.headers.get("Origin")
    if origin in (None, "null"):
        return False
    public = current_app.extensions["palabre"].settings.public_url
    return not origin_allowed(origin, req.headers.get("Host", ""), public)


def csrf_token() -> str:
    """The facilitator's form token: bound to the session id, so it dies with the session."""
    staff = session.get("staff")
    if not isinstance(staff, str):
        return ""
    key = current_app.config["SECRET_KEY"].encode()
    return hmac.new(key, f"csrf:{staff}".encode(), hashlib.sha256).hexdigest()[:32]


def csrf_ok() -> bool:
    expected = csrf_token()
    sent = request.form.get("csrf", "")
    return bool(expected) and hmac.compare_digest(sent.encode(), expected.encode())


def local_path(target: str | None, fallback: str) -> str:
    """``next=``: a path of this server, or the fallback (an open redirect would hand the
    facilitator's browser to another site right after sign-in)."""
    return target if isinstance(target, str) and _LOCAL_PATH.match(target) else fallback


def _policy() -> str:
    host = request.headers.get("Host", "")
    sockets = f" ws://{host} wss://{host}" if _HOST.match(host) else ""
    return ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            f"connect-src 'self'{sockets}; font-src 'self'; object-src 'none'; "
            "base-uri 'none'; form-action 'self'; frame-ancestors 'none'")


# A restitution document (its HTML export, the published page) is one self-contained file with
# its stylesheet inline and no script at all: it may style itself and nothing else.
DOCUMENT_POLICY = ("default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; "
                   "base-uri 'none'; form-action 'none'; frame-ancestors 'none'")


def _headers(response):
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "no-referrer"
    # A view that set a stricter-shaped policy of its own (DOCUMENT_POLICY) keeps it.
    response.headers.setdefault("Content-Security-Policy", _policy())
    return response


def _guard():
    if request.method in SAFE_METHODS:
        return None
    staff_form = request.path.startswith(STAFF_PREFIX) and isinstance(session.get("staff"), str)
    if from_another_site() or (staff_form and not csrf_ok()):
        from .common import refuse
        return refuse("cross_origin", 403)
    return None


def install(app: Flask) -> None:
    app.before_request(_guard)
    app.after_request(_headers)
    app.jinja_env.globals["csrf_token"] = csrf_token
