"""A real Palabre server in a subprocess on a free port, and real clients to talk to it."""
from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from pathlib import Path

import requests
import socketio

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def palabre_cli(*args: str, check: bool = True) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "facilitator", *args], cwd=ROOT,
                          capture_output=True, text=True, check=check, timeout=60)


class LiveServer:
    """``palabre serve`` on 127.0.0.1; ``kill()`` is SIGKILL, ``start()`` brings it back."""

    def __init__(self, db: Path, async_mode: str = "eventlet", extra_env: dict | None = None,
                 extra_args: tuple[str, ...] = ()):
        self.db = db
        self.async_mode = async_mode
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "PYTHONUNBUFFERED": "1", **(extra_env or {})}
        self.extra_args = extra_args
        self.proc: subprocess.Popen | None = None
        self.log = db.with_suffix(".log")
        self.screens: list["Screen"] = []  # every client made for this server, closed by stop()

    def start(self) -> "LiveServer":
        out = open(self.log, "a")
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "facilitator", "serve", "--host", "127.0.0.1",
             "--port", str(self.port), "--db", str(self.db), "--async-mode", self.async_mode,
             "--public-url", self.base, "--testing", *self.extra_args],
            cwd=ROOT, env=self.env, stdout=out, stderr=subprocess.STDOUT)
        deadline = time.time() + 30
        while time.time() < deadline:
            if self.proc.poll() is not None:
                raise RuntimeError(f"server exited: {self.log.read_text()[-3000:]}")
            try:
                if requests.get(f"{self.base}/healthz", timeout=1).ok:
                    return self
            except requests.ConnectionError:
                time.sleep(0.1)
        raise RuntimeError(f"server did not start: {self.log.read_text()[-3000:]}")

    def kill(self) -> None:
        if self.proc and self.proc.poll() is None:
            self.proc.send_signal(signal.SIGKILL)
            self.proc.wait(10)

    def stop(self) -> None:
        for screen in self.screens:
            screen.disconnect()
        self.screens.clear()
        if self.proc and self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.kill()

    def alive(self) -> bool:
        return self.proc is not None and self.proc.poll() is None

    def create_event(self, title: str = "Atelier test", lang: str = "fr") -> dict:
        result = palabre_cli("event", "create", title, "--lang", lang, "--db", str(self.db),
                             "--public-url", self.base, "--json")
        return json.loads(result.stdout)

    def facilitator_session(self, event: dict) -> requests.Session:
        session = requests.Session()
        response = session.get(event["facilitator"], timeout=5)
        assert response.ok, response.text
        return session


class Screen:
    """A Socket.IO client that follows the protocol's sync rule and records every update."""

    def __init__(self, server: LiveServer, role: str, code: str, *, token: str | None = None,
                 cookies: str | None = None, lang: str = "fr", transports=("websocket",)):
        self.server = server
        self.role, self.code, self.token, self.lang = role, code, token, lang
        self.updates: list[dict] = []
        self.seen: set[int] = set()
        self.last_seq = 0
        self.snapshot: dict | None = None
        self.presence: list[int] = []
        self._buffer: list[dict] | None = None
        self._lock = threading.Lock()
        self.client = socketio.Client(reconnection=False)
        self.headers = {"Cookie": cookies} if cookies else {}
        self.transports = list(transports)
        self.client.on("update", self._on_update)
        self.client.on("updates", self._on_updates)
        self.messages = 0  # update and updates messages received
        self.arrived: list[int] = []  # every live entry's seq, as it came (duplicates kept)
        self.client.on("presence", lambda data: self.presence.append(data["phones"]))
        server.screens.append(self)

    def auth(self) -> dict:
        auth = {"role": self.role, "event": self.code, "lang": self.lang, "since": self.last_seq}
        if self.token:
            auth["token"] = self.token
        return auth

    def connect(self, sync: bool = True) -> "Screen":
        self.client.connect(self.server.base, auth=self.auth(), headers=self.headers,
                            transports=self.transports, wait_timeout=10)
        if sync:
            self.sync()
        return self

    def sync(self) -> dict:
        with self._lock:
            self._buffer = []
        answer = self.call("sync", {"since": self.last_seq})
        assert answer["ok"], answer
        with self._lock:
            if "snapshot" in answer:
                self.snapshot = answer["snapshot"]
                self.last_seq = answer["seq"]
            for entry in answer.get("entries", []):
                self._apply(entry)
            for entry in self._buffer:
                self._apply(entry)
            self._buffer = None
        return answer

    def _on_updates(self, entries: list) -> None:
        """A batch from the fan-out (docs/protocol.md §6.3): entries in sequence order."""
        for entry in entries:
            self._on_update(entry, counted=False)
        with self._lock:
            self.messages += 1

    def _on_update(self, entry: dict, counted: bool = True) -> None:
        with self._lock:
            self.messages += counted
            self.arrived.append(entry["seq"])
            if self._buffer is not None:
                self._buffer.append(entry)
            else:
                self._apply(entry)

    def _apply(self, entry: dict) -> None:
        if entry["seq"] <= self.last_seq:
            return
        self.last_seq = entry["seq"]
        self.seen.add(entry["seq"])
        self.updates.append(entry)

    def call(self, event: str, data=None, timeout: float = 10):
        if data is None:
            return self.client.call(event, timeout=timeout)
        return self.client.call(event, data, timeout=timeout)

    def post(self, text: str, kind: str = "idea", anonymous: bool = False,
             client_id: str | None = None, **extra) -> dict:
        """``contribution:create``; ``extra``: more fields (``meta``, ``slot``)."""
        return self.call("contribution:create", {"client_id": client_id or str(uuid.uuid4()),
                                                 "kind": kind, "text": text,
                                                 "anonymous": anonymous, **extra})

    def disconnect(self) -> None:
        if self.client.connected:
            self.client.disconnect()

    def wait_for(self, predicate, timeout: float = 5.0):
        """The first recorded update matching ``predicate``; fails the test after ``timeout``."""
        deadline = time.time() + timeout
        while time.time() < deadline:
            with self._lock:
                for entry in self.updates:
                    if predicate(entry):
                        return entry
            time.sleep(0.02)
        raise AssertionError(f"no matching update within {timeout}s; got {self.updates[-5:]}")

    def texts(self, type_: str = "contribution.created") -> list[str]:
        with self._lock:
            return [u["data"]["text"] for u in self.updates if u["type"] == type_]


def join(server: LiveServer, code: str, name: str = "Awa", organisation: str = "ASV",
         anonymous: bool = False, lang: str = "fr") -> dict:
    response = requests.post(f"{server.base}/api/events/{code}/join",
                             json={"name": name, "organisation": organisation,
                                   "anonymous": anonymous, "lang": lang}, timeout=5)
    assert response.status_code == 201, response.text
    return response.json()


def start_activity(dash: Screen, format_id: str, **extra) -> tuple[dict, dict]:
    """Add an activity in this format and start it: (the activity, its French state)."""
    ack = dash.call("agenda:add", {"format_id": format_id, **extra})
    assert ack["ok"], ack
    activity = ack["agenda"]["activities"][-1]
    started = dash.call("agenda:start", {"activity_id": activity["id"]})
    assert started["ok"], started
    return activity, started["state"]["fr"]


def next_step(dash: Screen) -> dict:
    ack = dash.call("agenda:control", {"action": "next"})
    assert ack["ok"], ack
    return ack["state"]["fr"]


def phone(server: LiveServer, code: str, **join_args) -> Screen:
    joined = join(server, code, **join_args)
    return Screen(server, "participant", code, token=joined["token"],
                  lang=join_args.get("lang", "fr")).connect()


def dashboard(server: LiveServer, event: dict) -> Screen:
    session = server.facilitator_session(event)
    cookie = "; ".join(f"{k}={v}" for k, v in session.cookies.items())
    return Screen(server, "facilitator", event["code"], cookies=cookie).connect()
