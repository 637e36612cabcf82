"""Connections against a real server process (issue 7, items 4 and 5), at small scale: idle and
half-open connections are closed, one address cannot hold every socket, an over-size polling
POST gets 413, the server raises its own open-file limit, and a packet the decoder cannot take
still gets its ack."""
import json
import resource
import socket
import time

import pytest
import requests
import websocket

from live_server import join


def raw(server) -> socket.socket:
    return socket.create_connection(("127.0.0.1", server.port), timeout=10)


def closed_by_server(sock: socket.socket, within: float, trickle: bytes = b"") -> bool:
    """True when the server closes ``sock`` within ``within`` seconds (sending ``trickle`` a
    byte at a time meanwhile, like a slow-loris client)."""
    deadline = time.time() + within
    sock.settimeout(0.2)
    while time.time() < deadline:
        try:
            if trickle:
                sock.send(trickle[:1])
                trickle = trickle[1:] or b"X"
            if sock.recv(4096) == b"":
                return True
        except socket.timeout:
            continue
        except (ConnectionResetError, BrokenPipeError):
            return True
    return False


@pytest.fixture
def quick(make_server):
    return make_server(extra_env={"PALABRE_IDLE_TIMEOUT": "1", "PALABRE_HEADER_TIMEOUT": "1",
                                  "PALABRE_CONNECTIONS_PER_ADDRESS": "8"})


def test_an_idle_tcp_connection_is_closed(quick):
    idle = raw(quick)
    assert closed_by_server(idle, within=15)
    assert requests.get(f"{quick.base}/healthz", timeout=5).ok


def test_slow_loris_headers_are_cut_off(quick):
    slow = raw(quick)
    slow.send(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    assert closed_by_server(slow, within=15, trickle=b"X-Slow: " + b"a" * 200)


def test_one_address_cannot_take_every_connection(quick):
    held = [raw(quick) for _ in range(8)]
    for sock in held:  # each is a live HTTP connection, not yet a request
        sock.send(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
    time.sleep(0.3)  # let the server accept them all before the ninth arrives
    refused = requests.get(f"{quick.base}/healthz", timeout=5)
    assert refused.status_code == 503
    assert refused.json()["error"]["code"] == "too_many_connections"
    for sock in held:
        sock.close()
    deadline = time.time() + 10
    while time.time() < deadline:
        if requests.get(f"{quick.base}/healthz", timeout=5).status_code == 200:
            break
        time.sleep(0.1)
    else:
        raise AssertionError("the address never got its budget back")


def test_an_oversize_polling_post_gets_413_before_its_body(server):
    sock = raw(server)
    sock.send(b"POST /socket.io/?EIO=4&transport=polling&sid=x HTTP/1.1\r\nHost: 127.0.0.1\r\n"
              b"Content-Type: text/plain\r\nContent-Length: 2000000\r\n\r\n")
    sock.settimeout(10)
    answer = sock.recv(4096).decode()
    assert answer.startswith("HTTP/1.1 413"), answer
    assert '"bad_payload"' in answer


def test_the_server_raises_its_open_file_limit_and_serves_past_1024_sockets(make_server):
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    if hard < 4096:
        pytest.skip(f"hard open-file limit {hard}: cannot show the raise here")
    resource.setrlimit(resource.RLIMIT_NOFILE, (1024, hard))  # what the child inherits
    try:
        live = make_server(extra_env={"PALABRE_CONNECTIONS_PER_ADDRESS": "0"})
    finally:
        resource.setrlimit(resource.RLIMIT_NOFILE, (soft, hard))
    held = []
    try:
        for _ in range(1100):  # more than eventlet's default pool and the inherited limit
            sock = raw(live)
            sock.send(b"GET /healthz HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            held.append(sock)
        assert requests.get(f"{live.base}/healthz", timeout=10).json() == {"ok": True}
    finally:
        for sock in held:
            sock.close()
    assert "Connections: up to" in live.log.read_text()


def _websocket_phone(server, code) -> websocket.WebSocket:
    token = join(server, code)["token"]
    ws = websocket.create_connection(f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket",
                                     timeout=10)
    assert ws.recv().startswith("0")  # Engine.IO open
    ws.send("40" + json.dumps({"role": "participant", "event": code, "token": token}))
    assert ws.recv().startswith("40")
    return ws


def _ack(ws, ack_id: int):
    while True:
        frame = ws.recv()
        if frame == "2":
            ws.send("3")
        elif frame.startswith(f"43{ack_id}"):
            return json.loads(frame[len(f"43{ack_id}"):])[0]


@pytest.mark.parametrize("payload", [
    '["contribution:create",' + "[" * 50_000 + "]" * 50_000 + "]",
    '["contribution:create",{"client_id":1' + "0" * 5000 + "}]",
    '["contribution:create",{"text":',
])
def test_a_packet_the_decoder_cannot_take_is_acked_bad_payload(server, event, payload):
    ws = _websocket_phone(server, event["code"])
    ws.send("4217" + payload)
    ack = _ack(ws, 17)
    assert ack["ok"] is False and ack["error"]["code"] == "bad_payload", ack
    ws.send('4218["sync",{"since":0}]')
    assert _ack(ws, 18)["ok"]  # the connection still works
    ws.close()


def test_connect_and_disconnect_emitted_over_the_wire_are_unknown_events(server, event):
    ws = _websocket_phone(server, event["code"])
    ws.send('4221["connect",{"role":"participant"}]')
    assert _ack(ws, 21)["error"]["code"] == "unknown_event"
    ws.send('4222["disconnect"]')
    assert _ack(ws, 22)["error"]["code"] == "unknown_event"
    ws.send('4223["sync",{"since":0}]')
    answer = _ack(ws, 23)
    assert answer["ok"] and answer["role"] == "participant"
    ws.close()


# --- connections that never become a screen (realtime/deadlines.py) ---------------------------

@pytest.fixture
def hasty(make_server):
    return make_server(extra_env={"PALABRE_CONNECT_TIMEOUT": "1"})


def _engineio_only(server) -> websocket.WebSocket:
    ws = websocket.create_connection(f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket",
                                     timeout=10)
    assert ws.recv().startswith("0")  # Engine.IO open; no Socket.IO CONNECT follows
    return ws


def ws_closed_by_server(ws: websocket.WebSocket, within: float) -> bool:
    """True when the server closes ``ws`` (an Engine.IO close packet, or the socket itself)
    within ``within`` seconds; pings are answered meanwhile, like a live client."""
    deadline = time.time() + within
    ws.settimeout(0.5)
    while time.time() < deadline:
        try:
            frame = ws.recv()
        except websocket.WebSocketTimeoutException:
            continue
        except (websocket.WebSocketConnectionClosedException, OSError):
            return True
        if frame == "2":
            ws.send("3")
        elif frame in ("1", ""):
            return True
    return False


def test_an_engineio_connection_that_never_sends_connect_is_closed(hasty):
    code = hasty.create_event()["code"]
    screen = _websocket_phone(hasty, code)
    screen.send('4231["sync",{"since":0}]')
    assert _ack(screen, 31)["ok"]  # a real screen: it synced
    silent = _engineio_only(hasty)
    assert ws_closed_by_server(silent, within=15)
    screen.send('4232["sync",{"since":0}]')
    assert _ack(screen, 32)["ok"]  # its deadline passed too: a synced screen stays
    screen.close()


def test_a_screen_that_connects_but_never_syncs_is_closed(hasty):
    code = hasty.create_event()["code"]
    idle = _websocket_phone(hasty, code)  # Socket.IO connected, never asks sync
    assert ws_closed_by_server(idle, within=15)
    phone = _websocket_phone(hasty, code)  # the address and the participant are not barred
    phone.send('4233["sync",{"since":0}]')
    assert _ack(phone, 33)["ok"]
    phone.close()


def test_connect_and_disconnect_cycles_leave_no_per_connection_state(make_server):
    """A room reconnecting all day (Wi-Fi waves) must not grow what the server holds per socket:
    presence, Engine.IO sockets and environs, Socket.IO rooms and their members."""
    from live_server import Screen, dashboard
    # Eleven waves each open a projector from this one address: above the projector budget.
    server = make_server(extra_env={"PALABRE_SCREEN_BURST": "100"})
    event = server.create_event("Vagues")
    dash = dashboard(server, event)
    tokens = [join(server, event["code"], name=f"P{i}")["token"] for i in range(5)]

    def counts():
        answer = dash.call("test:connections", {})
        assert answer["ok"], answer
        return answer

    def wave():
        phones = [Screen(server, "participant", event["code"], token=t).connect() for t in tokens]
        projector = Screen(server, "projector", event["code"]).connect()
        for screen in phones + [projector]:
            screen.disconnect()

    wave()
    baseline = None
    deadline = time.time() + 15
    while time.time() < deadline:  # the first wave's sockets finish closing
        baseline = counts()
        if baseline["presence"] == 1 and baseline["engineio"] == 1:
            break
        time.sleep(0.1)
    assert baseline["presence"] == 1 and baseline["engineio"] == 1, baseline  # the dashboard
    for _ in range(10):
        wave()
    # The message budgets are forgotten a minute after their last use; everything else at once.
    baseline = {k: v for k, v in baseline.items() if k != "message_buckets"}
    deadline = time.time() + 15
    while time.time() < deadline:
        now = {k: v for k, v in counts().items() if k != "message_buckets"}
        if now == baseline:
            break
        time.sleep(0.1)
    assert now == baseline, (now, baseline)
