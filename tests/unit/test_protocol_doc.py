"""docs/protocol.md must name every Socket.IO event and every update type the server has."""
import re
from pathlib import Path

import facilitator.realtime as realtime
import facilitator.realtime_agenda  # noqa: F401  (registers the agenda's handlers)

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "protocol.md").read_text(encoding="utf-8")


def test_every_client_event_is_documented():
    missing = [name for name in realtime.HANDLERS if f"`{name}`" not in DOC]
    assert not missing, f"undocumented Socket.IO events: {missing}"


def test_every_update_type_is_documented():
    # Log entries are written by the store and the agenda only.
    source = "\n".join((ROOT / "facilitator" / name).read_text(encoding="utf-8")
                       for name in ("store.py", "activities.py", "realtime.py", "realtime_agenda.py"))
    types = set(re.findall(r'"((?:contribution|wall|projector|event|participant|agenda|roles|votes'
                           r'|answers)\.[a-z_]+)"', source))
    assert types, "no update types found: the pattern is out of date"
    missing = sorted(t for t in types if f"`{t}`" not in DOC)
    assert not missing, f"undocumented update types: {missing}"


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
