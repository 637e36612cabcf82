"""The restitution on a real eventlet server: a long export does not stall the room, and what a
participant's link shows is the published version."""
from __future__ import annotations

import threading

import requests

from facilitator.store import Store
from live_server import Screen, join, phone

BIG = 4000


def fill(db_path, code: str, n: int) -> None:
    """n questions on the open wall, written straight into the server's database (the unanswered
    questions' table then runs over a hundred PDF pages)."""
    store = Store(str(db_path), readers=1)
    try:
        event = store.event_by_code(code)
        text = ("Comment garder les bénévoles motivés quand le financement du projet s'arrête, "
                "et qui prend le relais dans le quartier ? n° ")
        with store.write() as conn:
            conn.executemany(
                "INSERT INTO contributions (event_id, client_id, kind, text, anonymous, created_at,"
                " audience, shared) VALUES (?, ?, 'question', ?, 1, ?, 'wall', 0)",
                [(event["id"], f"bulk-{i}", f"{text}{i}", 1715670000.0 + i) for i in range(n)])
    finally:
        store.close()


def test_a_post_gets_its_ack_while_a_large_pdf_is_rendered(server, event):
    fill(server.db, event["code"], BIG)
    awa = phone(server, event["code"])
    session = server.facilitator_session(event)
    done = threading.Event()
    result = {}

    def download():
        response = session.get(f"{server.base}/facilitator/events/{event['code']}/restitution.pdf",
                               timeout=120)
        result["status"], result["size"] = response.status_code, len(response.content)
        done.set()

    worker = threading.Thread(target=download)
    worker.start()
    acks_while_rendering, posted = 0, None
    while not done.is_set() and acks_while_rendering < 30:   # (the phone's budget is 40 at once)
        ack = awa.call("lang:set", {"lang": "fr"})
        assert ack["ok"], ack
        if done.is_set():
            break
        acks_while_rendering += 1
        if acks_while_rendering == 10 and posted is None:
            posted = awa.post("Une question pendant l'export")
            posted["during"] = not done.is_set()
    worker.join()
    assert result["status"] == 200 and result["size"] > 100_000
    # Rendered on the hub, the PDF would hold every ack until it is done: a handful at most
    # before it starts, none during.
    assert acks_while_rendering >= 15, acks_while_rendering
    assert posted and posted["ok"] and posted["during"], posted


def test_published_restitution_reaches_every_phone(server, event):
    dash = Screen(server, "facilitator", event["code"],
                  cookies="; ".join(f"{k}={v}" for k, v in
                                    server.facilitator_session(event).cookies.items())).connect()
    anon = join(server, event["code"], name="", anonymous=True)
    awa = phone(server, event["code"])
    awa.post("Une idée signée")
    secret = Screen(server, "participant", event["code"], token=anon["token"]).connect()
    secret.post("Une idée anonyme", anonymous=True)
    assert requests.get(f"{server.base}/r/{event['code']}", timeout=5).status_code == 404
    ack = dash.call("restitution:publish", {}, timeout=60)
    assert ack["ok"], ack
    entry = awa.wait_for(lambda u: u["type"] == "restitution.published")
    assert entry["data"]["version"] == 1
    page = requests.get(f"{server.base}/r/{event['code']}", timeout=10)
    assert page.status_code == 200 and "Une idée anonyme" in page.text and "Une idée signée" in page.text
    pdf = requests.get(f"{server.base}/r/{event['code']}/restitution.pdf", timeout=10)
    assert pdf.content.startswith(b"%PDF")
