"""In-process rooms (tests/sockets/room_client.py) for the security tests."""
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "sockets"))

from facilitator import create_app  # noqa: E402
from facilitator.config import Settings  # noqa: E402
from facilitator.context import Palabre  # noqa: E402
from room_client import Room  # noqa: E402


@pytest.fixture
def room(tmp_path, monkeypatch):
    monkeypatch.setattr(Palabre, "start_ticker", lambda self: None)
    app = create_app(Settings(db_path=str(tmp_path / "palabre.db"), async_mode="threading",
                              testing=True))
    r = Room(app)
    yield r
    r.close()
