"""The server is not tied to eventlet: the threading mode serves a room too."""
from live_server import dashboard, phone


def test_threading_mode_serves_a_room(make_server):
    server = make_server("threading.db", async_mode="threading")
    event = server.create_event("Mode threading")
    dash = dashboard(server, event)
    ph = phone(server, event["code"])
    assert ph.post("Bonjour du mode threading")["ok"]
    got = dash.wait_for(lambda u: u["type"] == "contribution.created")
    assert got["data"]["text"] == "Bonjour du mode threading"
