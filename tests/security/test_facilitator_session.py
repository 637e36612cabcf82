"""The facilitator's session (issue 7, item 7): server-side, revocable, never the token in the
cookie; no cross-site change; a local-only next=; the headers; the link can be rotated."""
import re
import subprocess
import sys
from pathlib import Path

import pytest

from facilitator.extensions import socketio
from room_client import ask

ROOT = Path(__file__).resolve().parents[2]


def signed_in(room, next_=None):
    http = room.app.test_client()
    url = f"/f/{room.store.facilitator_token()}" + (f"?next={next_}" if next_ else "")
    answer = http.get(url)
    assert answer.status_code == 302
    return http, answer


def csrf_of(http) -> str:
    page = http.get("/facilitator").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def session_cookie(http) -> str:
    return http.get_cookie("session").value


def test_the_cookie_holds_a_session_id_not_the_token(room):
    http, _ = signed_in(room)
    cookie = session_cookie(http)
    data = room.app.session_interface.get_signing_serializer(room.app).loads(cookie)
    token = room.store.facilitator_token()
    assert token not in cookie and token not in repr(data)
    assert set(data) == {"staff", "_permanent"}


def test_sign_out_revokes_the_session_even_for_a_copied_cookie(room):
    http, _ = signed_in(room)
    stolen = session_cookie(http)
    assert http.get("/facilitator").status_code == 200
    assert http.post("/facilitator/signout", data={"csrf": csrf_of(http)}).status_code == 302
    thief = room.app.test_client()
    thief.set_cookie("session", stolen)
    assert thief.get("/facilitator").status_code == 403
    refused = socketio.test_client(room.app, auth={"role": "facilitator", "event": room.code},
                                   flask_test_client=thief)
    assert not refused.is_connected()


def test_an_open_dashboard_socket_stops_acting_once_signed_out(room):
    http, _ = signed_in(room)
    dash = socketio.test_client(room.app, auth={"role": "facilitator", "event": room.code},
                                flask_test_client=http)
    room.clients.append(dash)
    assert ask(dash, "sync", {"since": 0})["ok"]
    http.post("/facilitator/signout", data={"csrf": csrf_of(http)})
    ack = ask(dash, "event:update", {"title": "Pris en main"})
    assert ack["error"]["code"] == "not_signed_in"
    assert room.store.event_by_id(room.event["id"])["title"] != "Pris en main"


@pytest.mark.parametrize("headers", [
    {"Origin": "http://localhost:8000"},  # another port of the same laptop
    {"Origin": "http://evil.example"},
    {"Sec-Fetch-Site": "same-site"},  # another port, as Chromium says it
    {"Sec-Fetch-Site": "cross-site", "Origin": "null"},
])
def test_a_cross_origin_form_post_is_refused(room, headers):
    http, _ = signed_in(room)
    csrf = csrf_of(http)
    answer = http.post("/facilitator/events", data={"title": "Piège", "csrf": csrf},
                       headers=headers)
    assert answer.status_code == 403
    assert "Piège" not in [e["title"] for e in room.store.list_events()]
    signout = http.post("/facilitator/signout", data={"csrf": csrf}, headers=headers)
    assert signout.status_code == 403 and http.get("/facilitator").status_code == 200


def test_a_form_post_without_the_sessions_token_is_refused(room):
    http, _ = signed_in(room)
    for data in ({"title": "Sans jeton"}, {"title": "Faux jeton", "csrf": "0" * 32}):
        assert http.post("/facilitator/events", data=data,
                         headers={"Origin": "null"}).status_code == 403
    assert http.post("/facilitator/events", data={"title": "Avec jeton", "csrf": csrf_of(http)},
                     headers={"Origin": "null", "Sec-Fetch-Site": "same-origin"}).status_code == 302


def test_a_cross_origin_join_is_refused_in_json(room):
    http = room.app.test_client()
    answer = http.post(f"/api/events/{room.code}/join", json={"name": "Awa"},
                       headers={"Origin": "http://evil.example"})
    assert answer.status_code == 403 and answer.get_json()["error"]["code"] == "cross_origin"
    same = http.post(f"/api/events/{room.code}/join", json={"name": "Awa"},
                     headers={"Origin": "http://localhost", "Sec-Fetch-Site": "same-origin"})
    assert same.status_code == 201


def test_the_facilitators_socket_from_another_site_is_refused(room):
    http, _ = signed_in(room)
    client = socketio.test_client(room.app, auth={"role": "facilitator", "event": room.code},
                                  flask_test_client=http, headers={"Sec-Fetch-Site": "same-site"})
    assert not client.is_connected()


@pytest.mark.parametrize("target", ["/%09/evil.example", "//evil.example", "/\\evil.example",
                                    "https://evil.example", "/%0a/evil.example", "/\t/evil",
                                    "javascript:alert(1)", "%2F%2Fevil.example"])
def test_next_is_a_local_path_only(room, target):
    _, answer = signed_in(room, target)
    assert answer.headers["Location"] == "/facilitator"


def test_next_keeps_a_path_of_this_server(room):
    _, answer = signed_in(room, f"/facilitator/events/{room.code}")
    assert answer.headers["Location"] == f"/facilitator/events/{room.code}"


@pytest.mark.parametrize("path", ["/", "/healthz", "/api/events/NOPE00", "/p/static/phone.js",
                                  "/f/wrong-token"])
def test_every_answer_has_the_security_headers(room, path):
    answer = room.app.test_client().get(path)
    assert answer.headers["X-Content-Type-Options"] == "nosniff"
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    policy = answer.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "script-src 'self'" in policy
    assert "unsafe-inline" not in policy and "frame-ancestors 'none'" in policy


def test_rotate_replaces_the_link_and_closes_every_session(tmp_path):
    from facilitator import create_app
    from facilitator.config import Settings
    from facilitator.context import Palabre
    db = tmp_path / "p.db"
    Palabre.start_ticker, original = (lambda self: None), Palabre.start_ticker
    try:
        app = create_app(Settings(db_path=str(db), async_mode="threading"))
        store = app.extensions["palabre"].store
        old = store.facilitator_token()
        http = app.test_client()
        assert http.get(f"/f/{old}").status_code == 302
        result = subprocess.run([sys.executable, "-m", "facilitator", "facilitator", "rotate",
                                 "--db", str(db), "--json"], cwd=ROOT, capture_output=True,
                                text=True, timeout=60, check=True)
        new = store.facilitator_token()
        assert new != old and f"/f/{new}" in result.stdout
        assert http.get("/facilitator").status_code == 403  # the session is gone
        assert app.test_client().get(f"/f/{old}").status_code == 403
        assert app.test_client().get(f"/f/{new}").status_code == 302
        store.close()
    finally:
        Palabre.start_ticker = original
