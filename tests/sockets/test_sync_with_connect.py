"""A screen may ask its sync answer with its connection (auth ``sync: true``, issue 9 item 1):
the server sends it as ``synced`` right after the connect, the same answer ``sync`` gives, so a
phone on a slow link is online one round trip sooner. Without the flag nothing comes."""
from room_client import ask, post


def received(client, name):
    return [m["args"][0] for m in client.get_received() if m["name"] == name]


def test_the_sync_answer_comes_with_the_connection(room):
    phone = room.phone()
    post(phone, "Une idée")
    early = room._client({"role": "participant", "event": room.code, "token": phone.token,
                          "sync": True, "since": 0})
    answers = received(early, "synced")
    assert len(answers) == 1 and answers[0]["ok"] is True
    assert [c["text"] for c in answers[0]["snapshot"]["mine"]] == ["Une idée"]
    # The rooms are joined with it: a live update follows without any sync asked.
    assert ask(room.facilitator(), "event:update", {"title": "Nouveau titre"})["ok"] is True
    assert [u["type"] for u in received(early, "update")] == ["event.updated"]
    plain = room._client({"role": "participant", "event": room.code, "token": phone.token})
    assert received(plain, "synced") == []
    assert ask(plain, "sync", {"since": 0})["seq"] > answers[0]["seq"]


def test_a_bad_since_in_auth_is_refused_in_the_answer_not_a_crash(room):
    phone = room.phone()
    early = room._client({"role": "participant", "event": room.code, "token": phone.token,
                          "sync": True, "since": "hier"})
    answers = received(early, "synced")
    assert answers[0]["ok"] is False and answers[0]["error"]["code"] == "bad_payload"
    assert early.is_connected()
