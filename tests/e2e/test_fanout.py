"""The fan-out (realtime/fanout.py) on a real server: acks do not wait for it, a burst reaches
every phone once and in sequence order (batched), and replay is unchanged."""
import threading
import time

from live_server import Screen, dashboard, phone, start_activity


def until(condition, timeout: float = 20.0) -> None:
    deadline = time.time() + timeout
    while not condition():
        assert time.time() < deadline, "condition not met in time"
        time.sleep(0.02)


def _question_room(server, event, phones: int):
    dash = dashboard(server, event)
    start_activity(dash, "qna")
    return dash, [phone(server, event["code"], name=f"P{i}") for i in range(phones)]


def test_a_burst_reaches_every_phone_once_in_order_and_replays_unchanged(make_server):
    # A long interval: whatever the machine's speed, posts made while one batch waits are
    # gathered into the next one.
    server = make_server(extra_env={"PALABRE_FANOUT_INTERVAL": "1.0"})
    event = server.create_event("Rafale")
    dash, phones = _question_room(server, event, phones=5)
    before = phones[-1].last_seq  # its snapshot's: nothing is logged between it and the burst
    acks = []

    def burst(screen, n):
        for i in range(n):
            acks.append(screen.post(f"{screen.token[:6]} question {i}", "question"))
    threads = [threading.Thread(target=burst, args=(p, 8)) for p in phones]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert len(acks) == 40 and all(a["ok"] for a in acks), [a for a in acks if not a["ok"]]
    posted = {a["contribution"]["id"] for a in acks}

    for screen in phones + [dash]:
        until(lambda: len(screen.texts()) >= 40)
        created = [u for u in screen.updates if u["type"] == "contribution.created"]
        assert {u["data"]["id"] for u in created} == posted
        # Every entry arrived once, in sequence order (duplicates would be dropped by the rule,
        # but the fan-out sends none).
        assert screen.arrived == sorted(set(screen.arrived))
    # Batched: fewer messages than entries on every phone.
    for screen in phones:
        assert screen.messages < len(screen.arrived), (screen.messages, len(screen.arrived))
    # Replay is what went live: a phone that missed everything since `before` gets the same
    # entries, in the same order, one per seq.
    late = Screen(phones[0].server, "participant", event["code"], token=phones[0].token)
    late.last_seq = before
    late.connect()
    live = [u for u in phones[0].updates if u["seq"] > before]
    assert [u["seq"] for u in late.updates] == [u["seq"] for u in live]
    assert late.updates == live


def test_the_ack_does_not_wait_for_the_fanout_and_an_idle_post_goes_at_once(make_server):
    interval = 2.5
    server = make_server(extra_env={"PALABRE_FANOUT_INTERVAL": str(interval)})
    event = server.create_event("Accusé")
    dash, (asker, listener) = _question_room(server, event, phones=2)
    # Idle: nothing sent for an interval (the setup's last updates may have waited one).
    time.sleep(2 * interval)
    # Idle, the first post is sent at once, not after an interval.
    first = asker.post("Première question", "question")
    assert first["ok"]
    listener.wait_for(lambda u: u["type"] == "contribution.created"
                      and u["data"]["id"] == first["contribution"]["id"], timeout=interval * 0.75)
    # Right after a send the fan-out gathers a batch for the interval: the ack comes anyway,
    # before the update reaches the other phone.
    second = asker.post("Deuxième question", "question")
    assert second["ok"]
    assert not [u for u in listener.updates if u["type"] == "contribution.created"
                and u["data"]["id"] == second["contribution"]["id"]]
    listener.wait_for(lambda u: u["type"] == "contribution.created"
                      and u["data"]["id"] == second["contribution"]["id"], timeout=20)
