"""The ``room`` fixture: an app in this process, its event, and in-process Socket.IO clients
(room_client.py says why)."""
import pytest

from facilitator import create_app
from facilitator.config import Settings
from facilitator.context import Palabre
from room_client import Room


@pytest.fixture
def room(tmp_path, monkeypatch):
    # The agenda's ticker is a background loop; in-process tests call tick() when they need it.
    monkeypatch.setattr(Palabre, "start_ticker", lambda self: None)
    app = create_app(Settings(db_path=str(tmp_path / "palabre.db"), async_mode="threading",
                              testing=True))
    r = Room(app)
    yield r
    r.close()
