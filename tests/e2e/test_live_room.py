"""Issue 2 end to end: a real server process, real Socket.IO clients, a real SQLite file."""
import sqlite3
import time
import uuid

import requests

from live_server import Screen, dashboard, phone


def test_phone_joins_posts_and_dashboard_receives(server, event):
    dash = dashboard(server, event)
    assert dash.snapshot["contributions"] == []
    ph = phone(server, event["code"], name="Aminatou Bello", organisation="FEMCAM")
    ack = ph.post("Publier chaque trimestre un tableau des dépenses.", kind="idea")
    assert ack["ok"], ack
    got = dash.wait_for(lambda u: u["type"] == "contribution.created")
    assert got["data"]["text"] == "Publier chaque trimestre un tableau des dépenses."
    assert got["data"]["author"] == {"name": "Aminatou Bello", "organisation": "FEMCAM"}
    assert got["seq"] == ack["contribution"]["seq"]
    assert dash.wait_for(lambda u: u["type"] == "participant.joined")
    ph.disconnect()
    dash.disconnect()


def test_resend_of_the_same_id_gives_one_contribution(server, event):
    dash = dashboard(server, event)
    ph = phone(server, event["code"])
    client_id = str(uuid.uuid4())
    first = ph.post("Une seule fois", client_id=client_id)
    second = ph.post("Une seule fois", client_id=client_id)
    assert first["ok"] and second["ok"]
    assert first["contribution"]["id"] == second["contribution"]["id"]
    dash.wait_for(lambda u: u["type"] == "contribution.created")
    time.sleep(0.3)
    assert dash.texts().count("Une seule fois") == 1
    with sqlite3.connect(server.db) as db:
        assert db.execute("SELECT COUNT(*) FROM contributions WHERE client_id = ?",
                          (client_id,)).fetchone()[0] == 1


def test_acked_contributions_survive_sigkill(server, event):
    ph = phone(server, event["code"])
    acked = []
    for i in range(8):
        ack = ph.post(f"Contribution {i}")
        assert ack["ok"]
        acked.append(ack["contribution"]["id"])
    ph.disconnect()
    server.kill()
    server.start()
    dash = dashboard(server, event)
    ids = {c["id"] for c in dash.snapshot["contributions"]}
    assert set(acked) <= ids
    # The phone rejoins with its token and finds its own history.
    again = Screen(server, "participant", event["code"], token=ph.token).connect()
    assert {c["id"] for c in again.snapshot["mine"]} == set(acked)


def test_reconnecting_screen_gets_what_it_missed(server, event):
    dash = dashboard(server, event)
    ph = phone(server, event["code"])
    ph.post("avant la coupure")
    dash.wait_for(lambda u: u["data"].get("text") == "avant la coupure")
    seen_before = dash.last_seq
    dash.disconnect()
    for i in range(3):
        assert ph.post(f"pendant la coupure {i}")["ok"]
    dash.connect()  # auth and sync carry since = last seq seen
    missed = [u for u in dash.updates if u["seq"] > seen_before]
    assert [u["data"]["text"] for u in missed if u["type"] == "contribution.created"] == [
        "pendant la coupure 0", "pendant la coupure 1", "pendant la coupure 2"]
    assert [u["seq"] for u in missed] == sorted(u["seq"] for u in missed)


def test_replay_never_sends_text_of_a_hidden_item_to_the_projector(server, event):
    dash = dashboard(server, event)
    ph = phone(server, event["code"])
    ph.post("déjà là")
    projector = Screen(server, "projector", event["code"]).connect()
    since = projector.last_seq
    assert since > 0
    projector.disconnect()
    bad = ph.post("texte à masquer")["contribution"]
    ph.post("texte correct")
    assert dash.call("contribution:moderate", {"id": bad["id"], "hidden": True})["ok"]
    projector.connect()
    assert projector.last_seq > since
    sent = [u["data"].get("text") for u in projector.updates]
    assert "texte à masquer" not in sent
    assert "texte correct" in sent


def test_moderation_star_pin_and_projector_mode(server, event):
    dash = dashboard(server, event)
    projector = Screen(server, "projector", event["code"]).connect()
    ph = phone(server, event["code"])
    item = ph.post("À projeter")["contribution"]
    assert dash.call("contribution:moderate", {"id": item["id"], "starred": True})["contribution"]["starred"]
    assert dash.call("contribution:pin", {"id": item["id"]})["ok"]
    pinned = projector.wait_for(lambda u: u["type"] == "wall.pinned")
    assert pinned["data"]["contribution"]["text"] == "À projeter"
    assert dash.call("projector:mode", {"mode": "wall"})["ok"]
    assert projector.wait_for(lambda u: u["type"] == "projector.mode")["data"]["mode"] == "wall"
    hidden = dash.call("contribution:moderate", {"id": item["id"], "hidden": True})
    assert hidden["contribution"]["hidden"] and not hidden["contribution"]["pinned"]
    update = projector.wait_for(lambda u: u["type"] == "contribution.updated" and u["data"]["hidden"])
    assert update["data"]["text"] is None
    restored = dash.call("contribution:moderate", {"id": item["id"], "hidden": False})
    assert restored["contribution"]["text"] == "À projeter"


def test_dashboard_counts_connected_phones(server, event):
    dash = dashboard(server, event)
    phones = [phone(server, event["code"], name=f"P{i}") for i in range(3)]
    deadline = time.time() + 5
    while time.time() < deadline and (not dash.presence or dash.presence[-1] != 3):
        time.sleep(0.05)
    assert dash.presence[-1] == 3
    phones[0].disconnect()
    deadline = time.time() + 5
    while time.time() < deadline and dash.presence[-1] != 2:
        time.sleep(0.05)
    assert dash.presence[-1] == 2


def test_anonymous_contribution_carries_no_author(server, event):
    dash = dashboard(server, event)
    ph = phone(server, event["code"], name="Jean-Paul Ekwalla", organisation="CDL")
    ack = ph.post("Une question délicate", kind="question", anonymous=True)
    got = dash.wait_for(lambda u: u["type"] == "contribution.created")
    assert got["data"]["author"] is None and got["data"]["anonymous"] is True
    assert "Ekwalla" not in str(got) and "CDL" not in str(got)
    with sqlite3.connect(server.db) as db:
        row = db.execute("SELECT author_id FROM contributions WHERE id = ?",
                         (ack["contribution"]["id"],)).fetchone()
    assert row[0] is None


def test_event_rename_reaches_phones(server, event):
    dash = dashboard(server, event)
    ph = phone(server, event["code"])
    assert dash.call("event:update", {"title": "Nouveau titre", "lang": "en"})["ok"]
    got = ph.wait_for(lambda u: u["type"] == "event.updated")
    assert got["data"] == {"title": "Nouveau titre", "lang": "en", "follow_browser": False}
    info = requests.get(f"{server.base}/api/events/{event['code']}", timeout=5).json()
    assert info["event"]["title"] == "Nouveau titre"
