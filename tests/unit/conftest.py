"""What the store's tests share: a real SQLite file in tmp_path."""
import pytest

from facilitator.store import Store


@pytest.fixture
def db_path(tmp_path):
    return str(tmp_path / "palabre.db")


@pytest.fixture
def store(db_path):
    s = Store(db_path, readers=2)
    yield s
    s.close()
