"""In-process Socket.IO clients (Flask-SocketIO's ``test_client``) for handler acks and refusals.

No server process, no network: the app runs in threading mode on a real SQLite file in tmp_path,
and each client's acks come back from the handler itself. What needs a real process (kills,
replay over a real transport, anonymity on the wire, timers) stays in tests/e2e.
"""
from __future__ import annotations

import uuid

from facilitator.extensions import socketio


class Room:
    """One app, one event, and clients to talk to it: the facilitator, phones, a projector."""

    def __init__(self, app):
        self.app = app
        self.palabre = app.extensions["palabre"]
        # A handler's broadcast is sent before its ack returns (realtime/fanout.py), so a test
        # reads it at once; the batching itself is tested against a real server (tests/e2e).
        self.palabre.fanout.immediate = True
        self.store = self.palabre.store
        self.event = self.store.create_event("Atelier en mémoire", "fr", self.palabre.clock.now())
        self.code = self.event["code"]
        self.clients = []

    def _client(self, auth, http=None):
        client = socketio.test_client(self.app, auth=auth, flask_test_client=http)
        self.clients.append(client)
        return client

    def facilitator(self):
        http = self.app.test_client()
        assert http.get(f"/f/{self.store.facilitator_token()}").status_code == 302
        client = self._client({"role": "facilitator", "event": self.code}, http)
        assert client.is_connected()
        return client

    def phone(self, name="Awa", organisation="ASV", anonymous=False, lang="fr"):
        """Join over HTTP like a phone, then connect its socket; ``client.participant`` is its row."""
        answer = self.app.test_client().post(
            f"/api/events/{self.code}/join",
            json={"name": name, "organisation": organisation, "anonymous": anonymous, "lang": lang})
        assert answer.status_code == 201, answer.get_json()
        body = answer.get_json()
        client = self._client({"role": "participant", "event": self.code, "token": body["token"],
                               "lang": lang})
        client.participant, client.token = body["participant"], body["token"]
        return client

    def projector(self):
        return self._client({"role": "projector", "event": self.code})

    def close(self):
        for client in self.clients:
            if client.is_connected():
                client.disconnect()
        self.store.close()


def ask(client, event: str, payload=None) -> dict:
    """Emit one event and return its ack."""
    return client.emit(event, payload if payload is not None else {}, callback=True)


def post(client, text: str, kind: str = "idea", **extra) -> dict:
    return ask(client, "contribution:create",
               {"client_id": str(uuid.uuid4()), "kind": kind, "text": text, **extra})


def updates(client, type_: str | None = None) -> list[dict]:
    """The updates this client received since it last looked (one ``update`` message each, or
    several in one ``updates``), of one type or all."""
    got = []
    for m in client.get_received():
        if m["name"] == "update":
            got.append(m["args"][0])
        elif m["name"] == "updates":
            got.extend(m["args"][0])
    return [u for u in got if type_ is None or u["type"] == type_]


