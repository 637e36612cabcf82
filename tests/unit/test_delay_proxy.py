"""bench/delay_proxy.py, the slow phone link of bench.phone_network: it passes bytes intact,
counts what reaches the phone, refuses connections while offline, and its link model adds
serialisation and half the round trip (the arithmetic; no clock is asserted on)."""
import asyncio

import pytest

from bench.delay_proxy import DelayProxy, Link


def test_a_segment_waits_for_the_link_then_takes_size_over_bandwidth_plus_half_the_rtt():
    link = Link(kbps=8, one_way_s=0.4)  # 1000 bytes a second
    assert link.schedule(1000, now=10.0) == pytest.approx(11.4)
    # The next segment queues behind the first, even if it arrived meanwhile.
    assert link.schedule(500, now=10.5) == pytest.approx(11.9)
    # Once the link is idle again, only the segment's own time counts.
    assert link.schedule(1000, now=20.0) == pytest.approx(21.4)
    assert Link(kbps=0, one_way_s=0.03).schedule(10**6, now=1.0) == pytest.approx(1.03)


async def _echo_through_proxy():
    async def echo(reader, writer):
        while data := await reader.read(65536):
            writer.write(data)
            await writer.drain()
        writer.close()

    server = await asyncio.start_server(echo, "127.0.0.1", 0)
    target = server.sockets[0].getsockname()[1]
    proxy = await DelayProxy(target, rtt_ms=40, down_kbps=2000, up_kbps=2000).start()
    try:
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        payload = b"GET /socket.io/?EIO=4&transport=polling HTTP/1.1\r\n\r\n" + bytes(range(256)) * 40
        writer.write(payload)
        await writer.drain()
        echoed = await asyncio.wait_for(reader.readexactly(len(payload)), 10)
        writer.close()
        counted = proxy.bytes_down(), proxy.bytes_down(socket_only=True)

        proxy.set_offline(True)
        reader, writer = await asyncio.open_connection("127.0.0.1", proxy.port)
        refused = await asyncio.wait_for(reader.read(), 10)  # closed at once, nothing passed
        writer.close()
        return payload, echoed, counted, refused, proxy.refused
    finally:
        await proxy.stop()
        server.close()
        await server.wait_closed()


def _in_own_thread(make_coro):
    """asyncio.run in a thread of its own: the browser tests' Playwright (sync API) may leave an
    event loop running in this one, where asyncio.run refuses to start."""
    import threading
    out = {}

    def run():
        try:
            out["value"] = asyncio.run(make_coro())
        except BaseException as err:  # noqa: BLE001 - re-raised in the test's thread
            out["error"] = err
    thread = threading.Thread(target=run)
    thread.start()
    thread.join(60)
    if "error" in out:
        raise out["error"]
    return out["value"]


def test_bytes_pass_intact_are_counted_and_offline_refuses():
    payload, echoed, counted, refused, n_refused = _in_own_thread(_echo_through_proxy)
    assert echoed == payload
    assert counted == (len(payload), len(payload))  # the answer to a /socket.io/ request
    assert refused == b"" and n_refused == 1
