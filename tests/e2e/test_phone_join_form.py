"""The join form is a plain HTML form (issue 9, item 4): posted before the page's script ran,
it joins like POST /api/events/<code>/join, and the phone page that follows opens on the room,
with the token, so the script (once loaded) keeps it. A token cookie names no one else."""
import re

import requests


def page_token(html: str) -> str | None:
    found = re.search(r'<body [^>]*data-token="([^"]+)"', html)
    return found.group(1) if found else None


def test_the_form_joins_and_the_page_after_it_opens_on_the_room(server, event):
    phone = requests.Session()
    url = f"{server.base}/j/{event['code']}"
    first = phone.get(url, timeout=5).text
    assert page_token(first) is None
    assert re.search(r'<form id="join" method="post" action="/j/%s"' % event["code"], first)
    assert re.search(r'<section id="app" hidden>', first)

    answer = phone.post(url, data={"name": "Aminatou Bello", "organisation": "FEMCAM",
                                   "lang": "fr"}, allow_redirects=False, timeout=5)
    assert answer.status_code == 303 and answer.headers["Location"].endswith(f"/j/{event['code']}")
    cookie = answer.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and f"Path=/j/{event['code']}" in cookie and "SameSite=Lax" in cookie

    html = phone.get(url, timeout=5).text
    token = page_token(html)
    assert token and re.search(r'<form id="join" [^>]*hidden>', html)
    assert re.search(r'<section id="app">', html)
    # The token is the person's: the API's event info works for anyone, the socket checks it;
    # here the page of another phone (no cookie, or a made-up one) carries none.
    assert page_token(requests.get(url, timeout=5).text) is None
    assert page_token(requests.get(url, cookies={"palabre_token": "x" * 40}, timeout=5).text) is None


def test_the_form_anonymous_and_its_refusals(server, event):
    url = f"{server.base}/j/{event['code']}"
    anonymous = requests.post(url, data={"name": "Ignoré", "anonymous": "1", "lang": "en"},
                              allow_redirects=False, timeout=5)
    assert anonymous.status_code == 303
    empty = requests.post(url, data={"name": "  ", "organisation": "FEMCAM", "lang": "en"},
                          timeout=5)
    assert empty.status_code == 400
    assert '<p id="join-error" class="error" role="alert">The text is empty.</p>' in empty.text
    assert 'value="FEMCAM"' in empty.text  # what was typed stays
    stray = requests.post(url, data={"name": "A", "role": "facilitator", "lang": "fr"}, timeout=5)
    assert stray.status_code == 400 and "role" in stray.text and page_token(stray.text) is None
