"""Sync against a real server (docs/protocol.md §3.4): a phone that reconnects asks since its
last number and gets what it missed, the moderation of its own post included, not a snapshot."""
from live_server import Screen, dashboard, join, start_activity


def test_a_phone_replays_what_it_missed_since_its_last_number(server, event):
    dash = dashboard(server, event)
    joined = join(server, event["code"])
    phone = Screen(server, "participant", event["code"], token=joined["token"]).connect()
    assert phone.snapshot is not None  # the first sync of a fresh page is a snapshot
    mine = phone.post("Mon idée à cacher")["contribution"]
    kept = phone.post("Mon idée à garder")["contribution"]
    phone.disconnect()
    assert dash.call("contribution:moderate", {"id": mine["id"], "hidden": True})["ok"]
    start_activity(dash, "qna")  # the room moves on meanwhile
    first = phone.snapshot
    answer = phone.connect().sync()  # connect() syncs with since=last; ask once more to see it
    assert phone.snapshot is first and "snapshot" not in answer
    types = [u["type"] for u in phone.updates]
    assert "contribution.mine" in types and "agenda.state" in types
    assert "agenda.changed" not in types  # the dashboard's alone
    own = [u["data"] for u in phone.updates if u["type"] == "contribution.mine"]
    assert [(o["client_id"], o["hidden"]) for o in own] == [(mine["client_id"], True)]
    assert kept["client_id"] not in [o["client_id"] for o in own]
    state = [u["data"] for u in phone.updates if u["type"] == "agenda.state"][-1]
    assert state["activity"]["format_id"] == "qna" and "holds" in state
