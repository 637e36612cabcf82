"""The Socket.IO transport's size limit, answered as protocol.md §7 says: a long-polling POST
over the limit gets 413 and a JSON ``bad_payload`` before its body is read (Engine.IO would
read nothing and answer 400, or wait for a body that never comes)."""
from __future__ import annotations

import json

from ..i18n import error_payload

SOCKET_MESSAGE_LIMIT = 1_000_000  # bytes: max_http_buffer_size of the Socket.IO server


def refuse_oversize_polling(wsgi_app, limit: int = SOCKET_MESSAGE_LIMIT, path: str = "/socket.io"):
    body = json.dumps({"ok": False, "error": error_payload("bad_payload", "fr")}).encode()

    def app(environ, start_response):
        if environ.get("REQUEST_METHOD") == "POST" and environ.get("PATH_INFO", "").startswith(path):
            try:
                length = int(environ.get("CONTENT_LENGTH") or 0)
            except ValueError:
                length = limit + 1
            if length > limit:
                start_response("413 Request Entity Too Large",
                               [("Content-Type", "application/json"),
                                ("Content-Length", str(len(body))), ("Connection", "close")])
                return [body]
        return wsgi_app(environ, start_response)
    return app
