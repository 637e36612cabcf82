"""The fan-out's `updates` batches in a real browser: live.js takes each entry of a batch, so
the dashboard shows every post of a burst (realtime/fanout.py, docs/protocol.md §3.5)."""
import threading

from playwright.sync_api import expect

from live_server import Screen, phone


def test_the_dashboard_shows_every_post_of_a_batched_burst(make_server, laptop_page):
    # A long interval: the burst's posts leave in a few batches, whatever the machine's speed.
    server = make_server(extra_env={"PALABRE_FANOUT_INTERVAL": "1.0"})
    event = server.create_event("Rafale")
    laptop_page.goto(event["facilitator"])
    expect(laptop_page.locator("#phones")).to_have_text("0")
    phones = [phone(server, event["code"], name=f"P{i}") for i in range(3)]
    witness = Screen(server, "projector", event["code"]).connect()

    def burst(screen):
        for i in range(5):
            assert screen.post(f"{screen.token[:5]} idée {i}")["ok"]
    threads = [threading.Thread(target=burst, args=(p,)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expect(laptop_page.locator("#contrib-list [data-id]")).to_have_count(15, timeout=15000)
    assert witness.messages < len(witness.arrived)  # some came as a batch, on the same path
