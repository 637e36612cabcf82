import pytest

from live_server import LiveServer


@pytest.fixture
def server(tmp_path):
    """A fresh Palabre server process on its own SQLite file."""
    live = LiveServer(tmp_path / "palabre.db").start()
    yield live
    live.stop()


@pytest.fixture
def event(server):
    return server.create_event("Atelier de test")
