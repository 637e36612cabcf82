"""The projector link is public (issue 7, item 6): a hundred projector sockets opened at once
from one address, each asking for a snapshot, cost a bounded amount — the address's screen
budget refuses the excess, the rest share one snapshot per sequence number — and a real
phone's post is still acknowledged, /healthz still answers."""
import json
import threading

import requests
import websocket

from live_server import Screen, join

FLOOD = 100


def projector_socket(server, code: str, out: list) -> None:
    """Open a raw Socket.IO projector socket, ask for a snapshot, record what connect said."""
    try:
        ws = websocket.create_connection(
            f"ws://127.0.0.1:{server.port}/socket.io/?EIO=4&transport=websocket", timeout=30)
        ws.recv()  # Engine.IO open
        ws.send("40" + json.dumps({"role": "projector", "event": code}))
        answer = ws.recv()
        while answer == "2":  # a ping before the connect's answer
            ws.send("3")
            answer = ws.recv()
        if answer.startswith("40"):
            ws.send('420["sync",{"since":0}]')
            out.append(("accepted", ws))
        else:
            out.append(("refused", json.loads(answer[2:])))
            ws.close()
    except Exception as err:  # noqa: BLE001 - a socket the server closed counts as refused
        out.append(("failed", repr(err)))


def test_a_projector_flood_leaves_a_phone_its_ack(server, event):
    joined = join(server, event["code"])
    phone = Screen(server, "participant", event["code"], token=joined["token"]).connect()
    out: list = []
    threads = [threading.Thread(target=projector_socket, args=(server, event["code"], out))
               for _ in range(FLOOD)]
    for t in threads:
        t.start()
    ack = phone.post("Pendant la tempête")
    assert ack["ok"], ack
    assert requests.get(f"{server.base}/healthz", timeout=10).ok
    for t in threads:
        t.join(60)
    kinds = [kind for kind, _ in out]
    refused = [data for kind, data in out if kind == "refused"]
    assert len(out) == FLOOD and "failed" not in kinds, kinds
    # The address's budget (20 at once by default): the rest are refused with a reason.
    assert 0 < kinds.count("accepted") <= 40 and refused
    assert all(r["data"]["code"] == "rate_limited" for r in refused), refused[:3]
    assert phone.post("Après la tempête")["ok"]
    for kind, ws in out:
        if kind == "accepted":
            ws.close()
