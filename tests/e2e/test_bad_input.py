"""Bad input gets a clear error in the user's language, and the room keeps everything."""
import socketio
import pytest
import requests

from live_server import Screen, dashboard, phone


def error_of(ack):
    assert ack["ok"] is False, ack
    assert ack["error"]["message"], ack
    return ack["error"]["code"]


def test_contribution_errors_in_french_and_english(server, event):
    fr = phone(server, event["code"], lang="fr")
    en = phone(server, event["code"], name="Grace", lang="en")
    empty_fr, empty_en = fr.post("   "), en.post("")
    assert error_of(empty_fr) == error_of(empty_en) == "text_empty"
    assert empty_fr["error"]["message"] == "Le texte est vide."
    assert empty_en["error"]["message"] == "The text is empty."
    long = en.post("x" * 501)
    assert error_of(long) == "text_too_long" and "500" in long["error"]["message"]
    assert fr.post("x" * 500)["ok"]
    huge = fr.post("x" * 200_000)
    assert error_of(huge) == "text_too_long"
    assert error_of(fr.post("ok", kind="poem")) == "bad_kind"
    # Switching language changes the language of later errors.
    assert fr.call("lang:set", {"lang": "en"})["ok"]
    assert fr.post("")["error"]["message"] == "The text is empty."


@pytest.mark.parametrize("payload, code", [
    ("just a string", "bad_payload"),
    ([1, 2, 3], "bad_payload"),
    ({"kind": "idea", "text": "no id"}, "bad_client_id"),
    ({"client_id": "not-a-uuid", "kind": "idea", "text": "x"}, "bad_client_id"),
    ({"client_id": "7d0c4c2e-6a4e-4d7e-9a53-1a2b3c4d5e6f", "kind": "idea", "text": 42}, "bad_payload"),
    ({"client_id": "7d0c4c2e-6a4e-4d7e-9a53-1a2b3c4d5e6f", "text": "x", "anonymous": "yes"}, "bad_payload"),
])
def test_malformed_payloads(server, event, payload, code):
    ph = phone(server, event["code"])
    assert error_of(ph.call("contribution:create", payload)) == code


def test_unknown_events_and_wrong_roles(server, event):
    dash = dashboard(server, event)
    ph = phone(server, event["code"])
    assert ph.post("première idée")["ok"]
    assert error_of(ph.call("contribution:explode", {"x": 1})) == "unknown_event"
    item = dash.snapshot_ids = dash.wait_for(lambda u: u["type"] == "contribution.created")["data"]
    for name, payload in [("contribution:moderate", {"id": item["id"], "hidden": True}),
                          ("contribution:pin", {"id": item["id"]}),
                          ("projector:mode", {"mode": "wall"}),
                          ("event:update", {"title": "piraté"})]:
        assert error_of(ph.call(name, payload)) == "forbidden"
    projector = Screen(server, "projector", event["code"]).connect()
    assert error_of(projector.post("le projecteur ne poste pas")) == "forbidden"
    assert error_of(dash.call("contribution:moderate", {"id": 99999, "hidden": True})) == "not_found"
    assert error_of(dash.call("contribution:moderate", {"id": "1", "hidden": True})) == "bad_payload"
    assert error_of(dash.call("projector:mode", {"mode": "disco"})) == "bad_mode"
    assert error_of(dash.call("event:update", {"title": ""})) == "bad_title"
    # Nothing was hidden or lost on the way.
    fresh = dashboard(server, event)
    assert [c["text"] for c in fresh.snapshot["contributions"]] == ["première idée"]
    assert not fresh.snapshot["contributions"][0]["hidden"]


def refused(server, auth, headers=None):
    """The reason the server gave when it refused the connection (the client's connect_error)."""
    client = socketio.Client(reconnection=False)
    reasons = []
    client.on("connect_error", reasons.append)
    with pytest.raises(socketio.exceptions.ConnectionError):
        client.connect(server.base, auth=auth, headers=headers or {}, transports=["websocket"],
                       wait_timeout=5)
    assert reasons, "refused without a reason"
    assert reasons[0]["message"] == reasons[0]["data"]["message"]
    return reasons[0]["data"]


def test_connections_refused_with_a_reason(server, event):
    data = refused(server, {"role": "participant", "event": "ZZZZZZ", "token": "x", "lang": "en"})
    assert data["code"] == "unknown_code" and data["message"] == "No workshop has this code."
    data = refused(server, {"role": "participant", "event": event["code"], "token": "forged"})
    assert data["code"] == "unknown_participant"
    data = refused(server, {"role": "facilitator", "event": event["code"]})
    assert data["code"] == "not_signed_in"
    data = refused(server, {"role": "king", "event": event["code"]})
    assert data["code"] == "bad_role"
    data = refused(server, "not a dict")
    assert data["code"] == "bad_payload"


def test_unknown_code_pages_and_throttling(server, event):
    page = requests.get(f"{server.base}/j/QQQQQQ", timeout=5)
    assert page.status_code == 404 and "Code inconnu" in page.text
    page = requests.get(f"{server.base}/j/QQQQQQ?lang=en", timeout=5)
    assert page.status_code == 404 and "Unknown code" in page.text
    joined = requests.post(f"{server.base}/api/events/QQQQQQ/join", json={"name": "x"}, timeout=5)
    assert joined.status_code == 404 and joined.json()["error"]["code"] == "unknown_code"
    statuses = [requests.get(f"{server.base}/j/Q{i:05d}", timeout=5).status_code for i in range(12)]
    assert 429 in statuses
    # The real code is refused too while the address is throttled: guessing gains nothing.
    assert requests.get(f"{server.base}/j/{event['code']}", timeout=5).status_code == 429
    assert server.alive()


def test_join_input_errors(server, event):
    url = f"{server.base}/api/events/{event['code']}/join"
    assert requests.post(url, data="{not json", headers={"Content-Type": "application/json"},
                         timeout=5).json()["error"]["code"] == "bad_payload"
    assert requests.post(url, json={"name": ""}, timeout=5).json()["error"]["code"] == "text_empty"
    assert requests.post(url, json={"name": "x" * 61}, timeout=5).json()["error"]["code"] == "name_too_long"
    assert requests.post(url, json={"name": "A", "anonymous": "oui"}, timeout=5).status_code == 400
    assert requests.post(url, data="x" * 100_000, headers={"Content-Type": "application/json"},
                         timeout=5).status_code == 413
    bad = requests.get(f"{server.base}/f/not-the-token", timeout=5)
    assert bad.status_code == 403


def test_flood_is_limited_and_loses_nothing_earlier(server, event):
    ph = phone(server, event["code"])
    acks = [ph.post(f"flood {i}") for i in range(30)]
    ok = [a for a in acks if a["ok"]]
    limited = [a for a in acks if not a["ok"]]
    assert len(ok) >= 10 and limited
    assert {a["error"]["code"] for a in limited} == {"rate_limited"}
    # Another phone is not punished for the flooder.
    other = phone(server, event["code"], name="Calme")
    assert other.post("je peux encore parler")["ok"]
    fresh = dashboard(server, event)
    texts = {c["text"] for c in fresh.snapshot["contributions"]}
    assert {a["contribution"]["text"] for a in ok} | {"je peux encore parler"} == texts
    assert server.alive()


def test_a_flood_of_any_message_is_limited_per_phone(server, event):
    dash = dashboard(server, event)
    flooder = phone(server, event["code"])  # French
    assert flooder.post("avant le flot")["ok"]
    acks = [flooder.call("lang:set", {"lang": "fr"}) for _ in range(80)]
    limited = [a for a in acks if not a["ok"]]
    assert len(limited) >= 20  # a budget of 40 messages, refilled at 4 per second
    assert {a["error"]["code"] for a in limited} == {"rate_limited"}
    assert "Réessayez dans" in limited[-1]["error"]["message"]
    assert limited[-1]["error"]["wait"] >= 1
    # The others are not punished, the facilitator is not limited, and nothing earlier is lost.
    assert phone(server, event["code"], name="Calme").call("lang:set", {"lang": "en"})["ok"]
    assert all(dash.call("projector:mode", {"mode": m})["ok"] for m in ["wall", "join"] * 30)
    fresh = dashboard(server, event)
    assert "avant le flot" in {c["text"] for c in fresh.snapshot["contributions"]}
    assert server.alive()


def test_a_flood_of_joins_is_limited_per_address_and_keeps_who_joined(server, event):
    url = f"{server.base}/api/events/{event['code']}/join"
    answers = [requests.post(url, json={"name": f"P{i}", "lang": "en"}, timeout=5) for i in range(90)]
    joined = [a.json() for a in answers if a.status_code == 201]
    refused = [a.json() for a in answers if a.status_code == 429]
    assert len(joined) + len(refused) == 90 and len(joined) >= 60 and refused
    assert {r["error"]["code"] for r in refused} == {"rate_limited"}
    assert "Try again in" in refused[-1]["error"]["message"]
    # Who joined before the flood was stopped is still in the room with their token.
    first = Screen(server, "participant", event["code"], token=joined[0]["token"]).connect()
    assert first.post("still here")["ok"]
    assert server.alive()


def test_projector_and_qr_count_against_the_guessing_limit(server, event):
    statuses = [requests.get(f"{server.base}/{path}/Q{i:05d}{ext}", timeout=5).status_code
                for i in range(6) for path, ext in (("projector", ""), ("qr", ".svg"))]
    assert statuses[-1] == 429 and 404 in statuses


def test_sockets_from_another_site_are_refused(make_server):
    """Pages of this server connect by any of its addresses; another site's page does not."""
    # Links point at another address (a proxy, a chosen interface); the laptop's own
    # browser still opens the dashboard on 127.0.0.1.
    live = make_server("origin.db", extra_args=("--public-url", "http://10.9.9.9:5000"))
    event = live.create_event()
    # The Python client sends its own Origin (the server's address); a page of another site
    # is simulated by adding that site's.
    for headers, ok in [({}, True), ({"Origin": "http://evil.example"}, False)]:
        client = socketio.Client(reconnection=False)
        try:
            client.connect(live.base, auth={"role": "projector", "event": event["code"]},
                           headers=headers, transports=["websocket"], wait_timeout=5)
            connected = True
        except socketio.exceptions.ConnectionError:
            connected = False
        assert connected is ok, headers
        client.disconnect() if connected else None
