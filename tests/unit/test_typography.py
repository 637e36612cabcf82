"""Words as each language writes them (issue 8): English puts no space before a colon (nor a
semicolon, question or exclamation mark), French writes "ex æquo" — in the catalogues, the
format files and the pages as they are served in English."""
import re

import pytest

from facilitator.i18n import ERRORS
from facilitator.room.formats import BUILTIN_DIR
from facilitator.ui_text import UI

FRENCH_SPACE = re.compile(r"\S[ \u00a0\u202f][:;?!](?=\s|$|<|\")")
EX_AEQUO = re.compile(r"ex[- ]?a[eé]quo", re.I)


def test_no_english_string_has_a_space_before_a_colon():
    bad = {k: en for k, (_fr, en) in {**UI, **ERRORS}.items() if FRENCH_SPACE.search(en)}
    assert not bad


def test_ex_aequo_is_written_with_its_ligature_everywhere():
    catalogue = [fr for fr, _en in {**UI, **ERRORS}.values()]
    files = [p.read_text(encoding="utf-8") for p in BUILTIN_DIR.glob("*.toml")]
    assert not [text for text in catalogue + files if EX_AEQUO.search(text)]
    assert UI["rdoc.ex_aequo"][0] == "ex æquo"


def test_no_english_text_of_a_format_has_a_space_before_a_colon():
    bad = []
    for path in BUILTIN_DIR.glob("*.toml"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.startswith("en = ") and FRENCH_SPACE.search(line):
                bad.append((path.name, line))
    assert not bad


@pytest.fixture
def app(tmp_path, monkeypatch):
    from facilitator import create_app
    from facilitator.config import Settings
    from facilitator.context import Palabre
    monkeypatch.setattr(Palabre, "start_ticker", lambda self: None)
    app = create_app(Settings(db_path=str(tmp_path / "p.db"), async_mode="threading"))
    yield app
    app.extensions["palabre"].store.close()


def test_the_pages_in_english_have_no_space_before_a_colon(app):
    store = app.extensions["palabre"].store
    code = store.create_event("Workshop", "en", 0)["code"]
    http = app.test_client()
    assert http.get(f"/f/{store.facilitator_token()}").status_code == 302
    for path in (f"/facilitator/events/{code}", f"/projector/{code}", f"/j/{code}",
                 "/facilitator", f"/facilitator/events/{code}/posters", "/"):
        page = http.get(path + "?lang=en").get_data(as_text=True)
        page = re.sub(r"<script.*?</script>", "", page, flags=re.S)  # JSON: the catalogue above
        assert not FRENCH_SPACE.search(page), (path, FRENCH_SPACE.search(page))
