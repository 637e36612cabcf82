"""A worker process that plays many phones (python-socketio's asyncio client over aiohttp).

The coordinator (bench/load.py) drives it through a multiprocessing pipe, one command at a time,
and every command is answered with its results plus what the phase cost this process (CPU
seconds, wall seconds, event-loop lag), so the report can show that the client is not the
bottleneck. Times are ``time.monotonic()``: CLOCK_MONOTONIC on Linux, shared by every process on
the machine, so the coordinator can subtract a phone's timestamps from its own.

Commands (dicts with a ``cmd`` key):
  connect  {url, code, phones: [(idx, token)], concurrency, timeout}
           -> results [{idx, start, connected, ready, error}]
  post     {t0, posts: [(idx, offset, text, client_id)], timeout}
           -> results [{idx, text, emit, ack, ok, id, error}]
  arm      {marker}                 a broadcast whose data.title == marker is coming
  fanout   {marker, timeout}        -> recv {idx: time}
  close    {}                       disconnect everything and exit
Breakout groups (bench/breakout.py):
  groups_arm  {pids: {idx: participant id}, jitter}   a groups:form is coming: each phone then
           does what phone_groups.js does, a fresh sync {since: 0} after a random 0..jitter s
           on groups.formed and on a groups.changed that places it; it "shows its group" when
           a sync's snapshot holds it (a server without snapshots: the sync after the update)
  groups_wait {timeout}             -> phones {idx: {changed, shown, group, syncs, error}}
Activity start (bench/activity_start.py):
  step_arm  {activity_id, resync, jitter}  an agenda:start is coming: each phone "shows the new
           step" when it has applied the agenda.state naming that activity — as phone.js does:
           at once, or after its agenda:step answer when the state's ``holds`` says the room
           holds a part it lacks; ``resync``: as phone.js did before, a sync {since: 0} after a
           random 0..jitter s, shown at its answer
  step_wait {timeout}               -> phones {idx: {state, shown, asked, error}}
  listen   {}                       record from now every contribution.created by its text
  heard    {expected: {idx: n}, timeout}  -> got {idx: {text: time}} once each phone has n,
           messages (update + updates messages the listening phones got since listen)
  reconnect {idx: [...], url, code, concurrency, timeout}  drop and connect again (as connect)
A post's kind is cmd["kind"] (default idea). Palabre's ``updates`` batches count as one
message and their updates each as if it came alone.
"""
from __future__ import annotations

import asyncio
import gc
import time


class LoopLag:
    """How late a 5 ms timer fires: a busy loop delays every timestamp this process takes."""

    def __init__(self, period: float = 0.005):
        self.period = period
        self.samples: list[float] = []
        self._task = None

    async def _run(self):
        while True:
            t = time.monotonic()
            await asyncio.sleep(self.period)
            self.samples.append(time.monotonic() - t - self.period)

    def start(self):
        self._task = asyncio.ensure_future(self._run())

    def take(self) -> dict:
        samples, self.samples = sorted(self.samples), []
        if not samples:
            return {"lag_p99_ms": None, "lag_max_ms": None}
        p99 = samples[min(len(samples) - 1, int(round(0.99 * (len(samples) - 1))))]
        return {"lag_p99_ms": round(p99 * 1000, 2), "lag_max_ms": round(samples[-1] * 1000, 2)}


class Phase:
    def __init__(self, lag: LoopLag):
        self.lag = lag
        lag.take()  # forget what came before
        self.cpu = time.process_time()
        self.wall = time.monotonic()

    def done(self, **result) -> dict:
        return {**result, "cpu": time.process_time() - self.cpu,
                "wall": time.monotonic() - self.wall, **self.lag.take()}


class Phone:
    __slots__ = ("idx", "token", "sio", "fanout", "group", "heard", "messages", "messages_at_listen", "step")

    def __init__(self, idx: int, token: str):
        self.idx, self.token, self.sio = idx, token, None
        self.messages = 0  # update and updates messages received (bench/qa.py)
        self.messages_at_listen = 0
        self.fanout: dict[str, float] = {}
        self.group: dict | None = None   # the groups_arm watch: pid, changed, shown, group…
        self.heard: dict[str, float] | None = None
        self.step: dict | None = None    # the step_arm watch: state, shown, asked, error


class Worker:
    def __init__(self, pipe):
        self.pipe = pipe
        self.phones: dict[int, Phone] = {}
        self.http = None
        self.armed: set[str] = set()
        self.waiters: dict[str, asyncio.Event] = {}
        self.received: dict[str, int] = {}
        self.expected: dict[str, int] = {}
        self.lag = LoopLag()

    async def recv(self):
        return await asyncio.get_running_loop().run_in_executor(None, self.pipe.recv)

    def _on_updates(self, phone: Phone, on_update):
        """A batch from Palabre's fan-out (docs/protocol.md §6.3): one message, several updates."""
        def handler(msgs):
            phone.messages += 1
            for msg in msgs if isinstance(msgs, list) else ():
                on_update(msg, counted=False)
        return handler

    def _on_update(self, phone: Phone):
        def handler(msg, counted=True):
            t = time.monotonic()
            phone.messages += counted
            if not isinstance(msg, dict):
                return
            kind = msg.get("type")
            if kind == "contribution.created" and phone.heard is not None:
                phone.heard.setdefault((msg.get("data") or {}).get("text"), t)
                self._heard_check()
                return
            if kind == "agenda.state" and phone.step is not None:
                self._step_update(phone, msg.get("data") or {}, t)
                return
            if kind in ("groups.formed", "groups.changed") and phone.group is not None:
                self._group_update(phone, kind, msg.get("data") or {}, t)
                return
            if kind != "event.updated":
                return
            title = (msg.get("data") or {}).get("title")
            if title in self.armed and title not in phone.fanout:
                phone.fanout[title] = t
                self.received[title] += 1
                if self.received[title] >= self.expected[title]:
                    self.waiters[title].set()
        return handler

    async def connect(self, cmd) -> dict:
        import aiohttp
        import socketio

        phase = Phase(self.lag)
        if self.http is None:
            # One HTTP session for all phones, without aiohttp's 100-connection cap.
            self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(limit=0))
        timeout = cmd["timeout"]
        limit = asyncio.Semaphore(cmd["concurrency"]) if cmd["concurrency"] else None

        async def one(idx: int, token: str) -> dict:
            phone = self.phones[idx] = Phone(idx, token)
            sio = socketio.AsyncClient(reconnection=False, handle_sigint=False,
                                       http_session=self.http, request_timeout=timeout)
            on_update = self._on_update(phone)
            sio.on("update", on_update)
            sio.on("updates", self._on_updates(phone, on_update))
            res = {"idx": idx, "start": None, "connected": None, "ready": None, "error": None}
            if limit:
                await limit.acquire()
            res["start"] = time.monotonic()
            try:
                await sio.connect(cmd["url"], transports=["websocket"], wait_timeout=timeout,
                                  auth={"role": "participant", "event": cmd["code"], "token": token})
                res["connected"] = time.monotonic()
                phone.sio = sio
                ack = await sio.call("sync", {"since": 0}, timeout=timeout)
                if not (isinstance(ack, dict) and ack.get("ok")):
                    raise RuntimeError(f"sync refused: {ack!r}"[:200])
                res["ready"] = time.monotonic()
            except Exception as exc:  # noqa: BLE001 - reported, counted as a failed phone
                res["error"] = f"{type(exc).__name__}: {exc}"[:200]
            finally:
                if limit:
                    limit.release()
            return res

        results = await asyncio.gather(*(one(idx, token) for idx, token in cmd["phones"]))
        return phase.done(results=results)

    async def post(self, cmd) -> dict:
        phase = Phase(self.lag)
        timeout = cmd["timeout"]

        async def one(idx: int, offset: float, text: str, client_id: str) -> dict:
            res = {"idx": idx, "text": text, "emit": None, "ack": None, "ok": False, "id": None,
                   "error": None}
            phone = self.phones.get(idx)
            if phone is None or phone.sio is None:
                res["error"] = "not connected"
                return res
            await asyncio.sleep(max(0.0, cmd["t0"] + offset - time.monotonic()))
            res["emit"] = time.monotonic()
            try:
                ack = await phone.sio.call("contribution:create", {
                    "client_id": client_id, "kind": cmd.get("kind", "idea"), "text": text,
                    "anonymous": False,
                }, timeout=timeout)
                res["ack"] = time.monotonic()
                if isinstance(ack, dict) and ack.get("ok"):
                    res["ok"] = True
                    res["id"] = (ack.get("contribution") or {}).get("id")
                else:
                    res["error"] = f"refused: {ack!r}"[:200]
            except Exception as exc:  # noqa: BLE001 - a post never acked
                res["error"] = f"{type(exc).__name__}: {exc}"[:200]
            return res

        results = await asyncio.gather(*(one(*p) for p in cmd["posts"]))
        return phase.done(results=results)

    async def arm(self, cmd) -> dict:
        marker = cmd["marker"]
        self.received[marker] = 0
        self.expected[marker] = sum(1 for p in self.phones.values() if p.sio is not None)
        self.waiters[marker] = asyncio.Event()
        self.armed.add(marker)
        self._fanout_phase = Phase(self.lag)
        return {"ok": True}

    async def fanout(self, cmd) -> dict:
        marker = cmd["marker"]
        waiter = self.waiters[marker]
        if self.received[marker] >= self.expected[marker]:
            waiter.set()
        try:
            await asyncio.wait_for(waiter.wait(), cmd["timeout"])
        except asyncio.TimeoutError:
            pass
        recv = {p.idx: p.fanout.get(marker) for p in self.phones.values() if p.sio is not None}
        return self._fanout_phase.done(recv=recv)

    # --- breakout groups -------------------------------------------------------------------

    async def groups_arm(self, cmd) -> dict:
        import random
        self.rng = random.Random(len(self.phones))
        self.jitter = cmd["jitter"]
        self.groups_done = asyncio.Event()
        pids = {int(k): v for k, v in cmd["pids"].items()}
        for phone in self.phones.values():
            if phone.sio is not None:
                phone.group = {"pid": pids.get(phone.idx), "changed": None, "shown": None,
                               "group": None, "syncs": 0, "error": None}
        self._groups_phase = Phase(self.lag)
        return {"ok": True}

    def _group_update(self, phone: Phone, kind: str, data: dict, t: float) -> None:
        w = phone.group
        if kind == "groups.changed":
            if not any(m.get("id") == w["pid"] for m in data.get("members") or ()):
                return
            if w["changed"] is None:
                w["changed"] = t
            if w["group"] is None:
                w["group"] = (data.get("group") or {}).get("id")
        # As phone_groups.js does: one resync for a burst of updates (groups.formed, then the
        # phone's groups.changed), after a random wait.
        if not w.get("pending"):
            w["pending"] = True
            asyncio.ensure_future(self._resync(phone, self.rng.uniform(0, self.jitter)))

    async def _resync(self, phone: Phone, delay: float) -> None:
        await asyncio.sleep(delay)
        w = phone.group
        w["pending"] = False
        try:
            ack = await phone.sio.call("sync", {"since": 0}, timeout=30)
        except Exception as exc:  # noqa: BLE001 - reported per phone
            w["error"] = f"{type(exc).__name__}: {exc}"[:200]
            return
        t = time.monotonic()
        w["syncs"] += 1
        snap = ack.get("snapshot") if isinstance(ack, dict) else None
        if snap is not None:
            mine = (snap.get("groups") or {}).get("group")
            if mine and w["shown"] is None:
                w["shown"], w["group"] = t, mine["id"]
        elif w["changed"] is not None and w["shown"] is None:
            w["shown"] = t
        if all(p.group is None or p.group["shown"] is not None for p in self.phones.values()):
            self.groups_done.set()

    async def groups_wait(self, cmd) -> dict:
        try:
            await asyncio.wait_for(self.groups_done.wait(), cmd["timeout"])
        except asyncio.TimeoutError:
            pass
        await asyncio.sleep(2 * self.jitter + 1)  # any later resync of the phones, counted
        phones = {p.idx: dict(p.group) for p in self.phones.values() if p.group is not None}
        for p in self.phones.values():
            p.group = None
        return self._groups_phase.done(phones=phones)

    # --- activity start ---------------------------------------------------------------------

    async def step_arm(self, cmd) -> dict:
        import random
        self.rng = random.Random(len(self.phones))
        self.step_cmd = cmd
        self.steps_done = asyncio.Event()
        for phone in self.phones.values():
            if phone.sio is not None:
                phone.step = {"state": None, "shown": None, "asked": 0, "error": None}
        self._step_phase = Phase(self.lag)
        return {"ok": True}

    def _step_update(self, phone: Phone, data: dict, t: float) -> None:
        w, cmd = phone.step, self.step_cmd
        if (data.get("activity") or {}).get("id") != cmd["activity_id"] or w["state"] is not None:
            return
        w["state"] = t
        holds = data.get("holds") or {}
        if cmd["resync"] or any(holds.values()):
            asyncio.ensure_future(self._step_ask(phone, self.rng.uniform(0, cmd["jitter"])))
        else:
            self._step_shown(phone, t)

    async def _step_ask(self, phone: Phone, delay: float) -> None:
        await asyncio.sleep(delay)
        name, payload = ("sync", {"since": 0}) if self.step_cmd["resync"] else ("agenda:step", {})
        phone.step["asked"] += 1
        try:
            await phone.sio.call(name, payload, timeout=30)
        except Exception as exc:  # noqa: BLE001 - reported per phone
            phone.step["error"] = f"{type(exc).__name__}: {exc}"[:200]
        self._step_shown(phone, time.monotonic())

    def _step_shown(self, phone: Phone, t: float) -> None:
        phone.step["shown"] = t
        if all(p.step is None or p.step["shown"] is not None for p in self.phones.values()):
            self.steps_done.set()

    async def step_wait(self, cmd) -> dict:
        try:
            await asyncio.wait_for(self.steps_done.wait(), cmd["timeout"])
        except asyncio.TimeoutError:
            pass
        phones = {p.idx: dict(p.step) for p in self.phones.values() if p.step is not None}
        for p in self.phones.values():
            p.step = None
        return self._step_phase.done(phones=phones)

    async def listen(self, cmd) -> dict:
        self.heard_done = asyncio.Event()
        self.expected_heard: dict[int, int] = {}
        for phone in self.phones.values():
            phone.heard = {}
            phone.messages_at_listen = phone.messages
        return {"ok": True}

    def _heard_check(self) -> None:
        if self.expected_heard and all(len(self.phones[i].heard or ()) >= n
                                       for i, n in self.expected_heard.items()):
            self.heard_done.set()

    async def heard(self, cmd) -> dict:
        phase = Phase(self.lag)
        self.expected_heard = {int(k): v for k, v in cmd["expected"].items()}
        self._heard_check()
        try:
            await asyncio.wait_for(self.heard_done.wait(), cmd["timeout"])
        except asyncio.TimeoutError:
            pass
        got = {p.idx: p.heard for p in self.phones.values() if p.heard is not None}
        messages = sum(p.messages - p.messages_at_listen for p in self.phones.values()
                       if p.heard is not None)
        for p in self.phones.values():
            p.heard = None
        return phase.done(got=got, messages=messages)

    async def reconnect(self, cmd) -> dict:
        """Drop these phones' sockets and connect them again (a Wi-Fi wave, bench/qa.py --soak)."""
        phones = [(idx, self.phones[idx].token) for idx in cmd["idx"] if idx in self.phones]
        for idx, _token in phones:
            sio = self.phones[idx].sio
            if sio is not None:
                try:
                    await sio.disconnect()
                except Exception:  # noqa: BLE001 - it may be gone already
                    pass
        return await self.connect({**cmd, "phones": phones})

    async def close(self) -> dict:
        async def bye(sio):
            try:
                await sio.disconnect()
            except Exception:  # noqa: BLE001 - the server may be gone already
                pass
        sios = [p.sio for p in self.phones.values() if p.sio is not None]
        try:
            await asyncio.wait_for(asyncio.gather(*(bye(s) for s in sios)), 15)
        except asyncio.TimeoutError:
            pass
        if self.http is not None:
            await self.http.close()
        return {"ok": True}

    async def main(self):
        # A full collection over 500 clients' objects stalls this loop for tens of ms, and every
        # timestamp with it: the phones' processes do not collect while they measure (a run lasts
        # seconds; what they allocate meanwhile is small).
        gc.disable()
        self.lag.start()
        while True:
            cmd = await self.recv()
            name = cmd["cmd"]
            try:
                if name == "close":
                    self.pipe.send(await self.close())
                    return
                answer = await getattr(self, name)(cmd)
            except Exception as exc:  # noqa: BLE001 - the coordinator reports it and stops
                answer = {"fatal": f"{type(exc).__name__}: {exc}"}
            self.pipe.send(answer)


def worker_main(pipe) -> None:
    """Entry point of a phone worker process (multiprocessing, spawn)."""
    import logging
    logging.basicConfig(level=logging.CRITICAL)
    import importlib
    for name in ("aiohttp", "socketio"):  # imported before any phase is timed
        importlib.import_module(name)
    asyncio.run(Worker(pipe).main())
