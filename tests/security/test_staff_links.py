"""Named staff links (store/sessions.py): a secret in the address like the facilitator link, kept
as a hash, revocable on its own — over HTTP, on the socket and from the command line."""
import json
import re
import subprocess
import sys
from pathlib import Path

from facilitator.extensions import socketio
from room_client import ask

ROOT = Path(__file__).resolve().parents[2]


def signed_in(room):
    http = room.app.test_client()
    answer = http.get(f"/f/{room.store.facilitator_token()}")
    assert answer.status_code == 302
    return http, answer


def csrf_of(http) -> str:
    page = http.get("/facilitator").get_data(as_text=True)
    return re.search(r'name="csrf" value="([^"]+)"', page).group(1)


def make_link(room, name="Bureau du rapport"):
    http, _ = signed_in(room)
    dash = socketio.test_client(room.app, auth={"role": "facilitator", "event": room.code},
                                flask_test_client=http)
    room.clients.append(dash)
    ack = ask(dash, "staff:link_create", {"name": name})
    assert ack["ok"], ack
    return dash, ack["link"]["id"], ack["url"].rsplit("/f/", 1)[1]


def test_a_staff_link_signs_in_with_the_same_guards(room):
    _dash, _id, token = make_link(room)
    http = room.app.test_client()
    answer = http.get(f"/f/{token}?next=//evil.example")
    assert answer.status_code == 302 and answer.headers["Location"].endswith("/facilitator")
    assert answer.headers["Referrer-Policy"] == "no-referrer"
    cookie = http.get_cookie("session").value
    assert token not in cookie
    # Only the hash is in the database.
    raw = Path(room.store.path).read_bytes()
    assert token.encode() not in raw
    # Its forms need the session's CSRF token, and another site is refused, like the facilitator's.
    page = f"/facilitator/events/{room.code}"
    assert http.post(page, data={"title": "Volé", "lang": "fr"}).status_code == 403
    assert http.post(page, data={"title": "Ok", "lang": "fr", "csrf": csrf_of(http)},
                     headers={"Origin": "http://evil.example"}).status_code == 403
    assert http.post(page, data={"title": "Ok", "lang": "fr", "csrf": csrf_of(http)}).status_code == 302
    cross = socketio.test_client(room.app, auth={"role": "facilitator", "event": room.code},
                                 flask_test_client=http, headers={"Origin": "http://evil.example"})
    assert not cross.is_connected()


def test_revoking_one_link_leaves_the_others(room):
    dash, first, token_a = make_link(room, "Tablette A")
    second = ask(dash, "staff:link_create", {"name": "Tablette B"})
    token_b = second["url"].rsplit("/f/", 1)[1]
    a, b = room.app.test_client(), room.app.test_client()
    assert a.get(f"/f/{token_a}").status_code == 302 and b.get(f"/f/{token_b}").status_code == 302
    sock_a = socketio.test_client(room.app, auth={"role": "facilitator", "event": room.code},
                                  flask_test_client=a)
    room.clients.append(sock_a)
    assert ask(sock_a, "sync", {"since": 0})["ok"]
    assert ask(dash, "staff:link_revoke", {"id": first})["ok"]
    assert a.get("/facilitator").status_code == 403
    assert not sock_a.is_connected() or ask(sock_a, "sync", {"since": 0})["error"]["code"] == "not_signed_in"
    assert b.get("/facilitator").status_code == 200
    assert ask(dash, "sync", {"since": 0})["ok"]


def test_the_command_line_lists_and_revokes_links(room):
    _dash, link_id, token = make_link(room, "Co-animation")
    http = room.app.test_client()
    assert http.get(f"/f/{token}").status_code == 302
    run = lambda *args: subprocess.run([sys.executable, "-m", "facilitator", "facilitator", *args,
                                        "--db", room.store.path], cwd=ROOT, capture_output=True,
                                       text=True, timeout=60)
    listed = json.loads(run("links", "--json").stdout)["links"]
    assert [(x["name"], x["signed_in"]) for x in listed] == [(None, 1), ("Co-animation", 1)]
    assert token not in run("links").stdout and "Co-animation: 1 signed in" in run("links").stdout
    assert run("revoke", str(link_id)).returncode == 0
    assert http.get("/facilitator").status_code == 403
    assert room.app.test_client().get(f"/f/{token}").status_code == 403
    again = run("revoke", str(link_id))
    assert again.returncode == 1 and "No live staff link" in again.stderr
