"""docs/protocol.md must name every Socket.IO event, every update type and every route the
server has; facilitator/features.py must declare every update type a feature writes."""
import re
from pathlib import Path

from facilitator import features, realtime
from facilitator.realtime import connection

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")
LOG_TYPE = re.compile(r'"([a-z]+\.[a-z_]+)"')


def test_every_client_event_is_documented():
    names = [fn.event_name for module in [connection] + [f.handlers for f in features.FEATURES if f.handlers]
             for fn in realtime.handlers_of(module)]
    assert "sync" in names and "contribution:create" in names
    missing = [name for name in names if f"`{name}`" not in DOC]
    assert not missing, f"undocumented Socket.IO events: {missing}"


def test_every_update_type_is_declared_and_documented():
    declared = features.log_types()
    assert {"contribution.created", "agenda.state"} <= declared
    missing = sorted(t for t in declared if f"`{t}`" not in DOC)
    assert not missing, f"undocumented update types: {missing}"


def written_log_types() -> set[str]:
    """Types passed to the log by the store and the services (``_append_log``/``log``)."""
    sources = [*(ROOT / "facilitator" / "store").glob("*.py"), ROOT / "facilitator" / "activities.py",
               *(ROOT / "facilitator").glob("[a-z]*.py")]
    found = set()
    for path in sources:
        text = path.read_text(encoding="utf-8")
        for call in re.finditer(r"(?:_append_log|\.log)\((.*?)\)", text, re.S):
            found |= set(LOG_TYPE.findall(call.group(1)))
        found |= set(re.findall(r'^[A-Z_]+_ENTRY = "([a-z]+\.[a-z_]+)"', text, re.M))
    return found


def test_every_written_type_is_declared_by_a_feature():
    written = written_log_types()
    assert {"contribution.created", "wall.pinned", "roles.updated"} <= written, \
        "the pattern no longer finds what the store writes"
    undeclared = sorted(written - features.log_types())
    assert not undeclared, f"log types written but not declared in features.py: {undeclared}"


def test_migrations_are_one_sequence():
    assert len(features.migrations()) == max(v for f in features.FEATURES for v in f.migrations)


def test_every_http_route_is_documented(monkeypatch, tmp_path):
    from facilitator import create_app
    from facilitator.config import Settings
    from facilitator.context import Palabre
    monkeypatch.setattr(Palabre, "start_ticker", lambda self: None)  # only the URL map is wanted
    app = create_app(Settings(db_path=str(tmp_path / "doc.db"), async_mode="threading"))
    app.extensions["palabre"].store.close()
    rules = {re.sub(r"<(?:\w+:)?(\w+)>", r"<\1>", r.rule) for r in app.url_map.iter_rules()
             if not r.endpoint.endswith("static")}
    missing = sorted(rule for rule in rules if f"`{rule}`" not in DOC)
    assert not missing, f"undocumented routes: {missing}"
