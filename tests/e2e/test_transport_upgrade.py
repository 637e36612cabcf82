"""A screen that starts on long-polling moves up to a WebSocket (the Engine.IO probe is not a
Socket.IO payload: realtime/packets.py must let its decode error through)."""
import time

from live_server import Screen, join


def test_a_polling_screen_upgrades_to_a_websocket_and_keeps_posting(server, event):
    joined = join(server, event["code"])
    phone = Screen(server, "participant", event["code"], token=joined["token"],
                   transports=("polling", "websocket")).connect()
    deadline = time.time() + 10
    while phone.client.transport() != "websocket" and time.time() < deadline:
        time.sleep(0.05)
    assert phone.client.transport() == "websocket", "the upgrade never happened"
    ack = phone.post("après la montée en WebSocket")
    assert ack["ok"], ack
    assert phone.client.transport() == "websocket"


def test_the_codec_keeps_engine_io_strings_and_still_answers_undecodable_events():
    from facilitator.realtime import packets
    import pytest
    with pytest.raises(ValueError):
        packets.loads("probe")  # Engine.IO keeps it as the string it is
    name, marker = packets.loads('["contribution:create", ' + "[" * 100_000 + "]" * 100_000 + "]")
    assert name == "contribution:create" and marker is packets.UNDECODABLE
