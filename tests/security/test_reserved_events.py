"""Reserved Socket.IO event names sent by a client (issue 7, item 4): answered unknown_event,
and the connection's lifecycle never hears of them."""
import pytest

from room_client import ask, post


@pytest.mark.parametrize("name", ["connect", "disconnect", "connect_error", "message", "__disconnect_final"])
def test_a_client_sent_reserved_name_is_unknown_event(room, name):
    phone = room.phone(lang="en")
    ask(phone, "sync", {"since": 0})
    ack = ask(phone, name, {"role": "participant", "event": room.code, "token": phone.token})
    assert ack["ok"] is False and ack["error"]["code"] == "unknown_event", ack
    assert ack["error"]["message"].startswith("Unknown action")


def test_connect_sent_as_an_event_leaves_no_ghost_phone(room):
    phone = room.phone()
    ask(phone, "sync", {"since": 0})
    for _ in range(3):
        ask(phone, "connect", {"role": "participant", "event": room.code, "token": phone.token})
    assert room.palabre.presence.phones(room.event["id"]) == 1
    phone.disconnect()
    assert room.palabre.presence.phones(room.event["id"]) == 0


def test_disconnect_sent_as_an_event_does_not_make_the_socket_forget_who_it_is(room):
    phone = room.phone()
    ask(phone, "sync", {"since": 0})
    assert ask(phone, "disconnect", {})["error"]["code"] == "unknown_event"
    assert room.palabre.presence.phones(room.event["id"]) == 1
    assert post(phone, "toujours là")["ok"]
