import pytest

from live_server import LiveServer


@pytest.fixture
def make_server(tmp_path):
    """Start a Palabre server process with these options; every one is stopped after the test."""
    started = []

    def make(name: str = "palabre.db", **options) -> LiveServer:
        live = LiveServer(tmp_path / name, **options).start()
        started.append(live)
        return live

    yield make
    for live in started:
        live.stop()


@pytest.fixture
def server(make_server):
    """A fresh Palabre server process on its own SQLite file."""
    return make_server()


@pytest.fixture
def event(server):
    return server.create_event("Atelier de test")
