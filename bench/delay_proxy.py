"""A loopback TCP proxy that plays a slow phone link: latency, bandwidth, going offline.

    proxy = DelayProxy(target_port=5000, rtt_ms=800, down_kbps=250, up_kbps=50)
    await proxy.start()            # proxy.port: point the browser at http://127.0.0.1:<port>
    proxy.cut()                    # a blip: every open connection is closed, new ones are fine
    proxy.set_offline(True)        # connections closed and new ones refused, until False
    proxy.bytes_down(since, until, socket_only=True)

It works on bytes, below HTTP, so it delays WebSocket frames as well as page loads (DevTools'
network emulation does not delay WebSocket frames, which is why the bench uses this).

The link model, per direction (phone -> server "up", server -> phone "down"): the phone has one
radio link, shared by all its connections. A chunk read from one side is cut into segments of
MSS bytes; each segment waits for the link to be free, takes size / bandwidth to go through
(serialisation), then half the round trip (propagation) before it is written to the other side.
Every delivery to the phone is logged (time.time(), connection id, bytes), so the bench counts
what the phone downloaded in any window; each connection's request lines are kept, which tell
the answers to Socket.IO (/socket.io/, polling or WebSocket) from a page or a script.
"""
from __future__ import annotations

import asyncio
import time
from dataclasses import dataclass, field

MSS = 1400          # bytes per segment: about one TCP segment on a mobile link
READ_SIZE = 65536
METHODS = {b"GET", b"POST", b"PUT", b"DELETE", b"HEAD", b"OPTIONS", b"PATCH"}


class Link:
    """One direction of the phone's radio link: when each segment comes out of it."""

    def __init__(self, kbps: float, one_way_s: float):
        self.bytes_per_s = kbps * 1000 / 8 if kbps else 0.0  # 0: no bandwidth limit
        self.one_way_s = one_way_s
        self.free_at = 0.0  # loop time at which the link has sent everything queued so far

    def schedule(self, size: int, now: float) -> float:
        """Loop time at which a segment of `size` bytes arriving `now` reaches the other side."""
        start = max(now, self.free_at)
        self.free_at = start + (size / self.bytes_per_s if self.bytes_per_s else 0.0)
        return self.free_at + self.one_way_s


@dataclass
class Conn:
    id: int
    opened: float                 # time.time()
    requests: list = field(default_factory=list)  # (time.time(), request line) in order
    ended_by: str = ""            # which side closed first: "phone" or "server" (or empty: cut)
    writers: list = field(default_factory=list)
    tasks: list = field(default_factory=list)

    def request(self, line: str) -> None:
        self.requests.append((time.time(), line))

    @property
    def first_line(self) -> str:
        return self.requests[0][1] if self.requests else ""

    @property
    def upgraded(self) -> bool:
        """A WebSocket: after its upgrade request, the phone's bytes are frames, not requests."""
        return bool(self.requests) and "transport=websocket" in self.requests[-1][1]

    @property
    def socket(self) -> bool:
        """Is what the server sends now the answer to a Socket.IO request (polling or WebSocket)?
        Browsers reuse a kept-alive connection, so this is the latest request's, not the first's."""
        return bool(self.requests) and "/socket.io/" in self.requests[-1][1]


class DelayProxy:
    def __init__(self, target_port: int, rtt_ms: float, down_kbps: float, up_kbps: float,
                 target_host: str = "127.0.0.1", host: str = "127.0.0.1", port: int = 0):
        self.target = (target_host, target_port)
        self.listen = (host, port)
        self.one_way_s = rtt_ms / 2000
        self.down = Link(down_kbps, self.one_way_s)
        self.up = Link(up_kbps, self.one_way_s)
        self.offline = False
        self.conns: dict[int, Conn] = {}      # open connections
        self.history: dict[int, Conn] = {}    # every connection ever opened
        # (time.time(), conn id, bytes, answers a Socket.IO request): every delivery to the phone
        self.log: list[tuple[float, int, int, bool]] = []
        self.up_log: list[tuple[float, int, int, bool]] = []
        self.refused = 0
        self._next_id = 0
        self._server: asyncio.base_events.Server | None = None
        self.port = port

    # --- control ---------------------------------------------------------------------------

    async def start(self) -> "DelayProxy":
        self._server = await asyncio.start_server(self._accept, *self.listen)
        self.port = self._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        self.cut()
        if self._server:
            self._server.close()
            await self._server.wait_closed()

    def cut(self) -> None:
        """Close every open connection now (both sides), as a link that drops does."""
        for conn in list(self.conns.values()):
            self._close(conn)

    def set_offline(self, offline: bool) -> None:
        """Offline: open connections are closed and new ones are closed as soon as accepted."""
        self.offline = offline
        if offline:
            self.cut()

    def bytes_down(self, since: float = 0.0, until: float = float("inf"),
                   socket_only: bool = False) -> int:
        """Bytes delivered to the phone between two time.time() instants."""
        return sum(n for t, _cid, n, sock in self.log
                   if since <= t <= until and (sock or not socket_only))

    def last_down(self) -> float:
        """time.time() of the last delivery to the phone (0 if none)."""
        return self.log[-1][0] if self.log else 0.0

    # --- the pipes -------------------------------------------------------------------------

    async def _accept(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        if self.offline:
            self.refused += 1
            writer.close()
            return
        try:
            up_reader, up_writer = await asyncio.open_connection(*self.target)
        except OSError:
            writer.close()
            return
        self._next_id += 1
        conn = Conn(self._next_id, time.time(), writers=[writer, up_writer])
        self.conns[conn.id] = conn
        self.history[conn.id] = conn
        # Segments are delivered in order by one writer task per direction, at their time.
        to_server: asyncio.Queue = asyncio.Queue()
        to_phone: asyncio.Queue = asyncio.Queue()
        conn.tasks = [
            asyncio.create_task(self._read(conn, reader, to_server, self.up, phone_side=True)),
            asyncio.create_task(self._write(conn, up_writer, to_server, self.up_log)),
            asyncio.create_task(self._read(conn, up_reader, to_phone, self.down, phone_side=False)),
            asyncio.create_task(self._write(conn, writer, to_phone, self.log)),
        ]

    async def _read(self, conn: Conn, reader, queue: asyncio.Queue, link: Link, phone_side: bool):
        loop = asyncio.get_running_loop()
        try:
            while True:
                data = await reader.read(READ_SIZE)
                if not data:
                    break
                if phone_side and not conn.upgraded and data[:8].split(b" ", 1)[0] in METHODS:
                    conn.request(data.split(b"\r\n", 1)[0].decode("latin-1")[:200])
                now = loop.time()
                for i in range(0, len(data), MSS):
                    segment = data[i:i + MSS]
                    queue.put_nowait((link.schedule(len(segment), now), segment))
        except (ConnectionError, OSError) as err:
            conn.ended_by = conn.ended_by or f"{'phone' if phone_side else 'server'}: {err!r}"
        except asyncio.CancelledError:
            pass
        conn.ended_by = conn.ended_by or ("phone" if phone_side else "server")
        # End of stream: it closes the other side once what is in flight has arrived.
        queue.put_nowait((max(loop.time(), link.free_at) + link.one_way_s, None))

    async def _write(self, conn: Conn, writer, queue: asyncio.Queue, log: list):
        loop = asyncio.get_running_loop()
        try:
            while True:
                at, segment = await queue.get()
                delay = at - loop.time()
                if delay > 0:
                    await asyncio.sleep(delay)
                if segment is None:
                    break
                writer.write(segment)
                log.append((time.time(), conn.id, len(segment), conn.socket))
                await writer.drain()
        except (ConnectionError, OSError, asyncio.CancelledError):
            pass
        self._close(conn)

    def _close(self, conn: Conn) -> None:
        if self.conns.pop(conn.id, None) is None:
            return
        for w in conn.writers:
            try:
                w.transport.abort()  # at once, as a dropped link: no orderly goodbye
            except Exception:  # noqa: BLE001 - already closed
                pass
        current = asyncio.current_task()
        for task in conn.tasks:
            if task is not current:
                task.cancel()
