"""The phone holds in Android 5-7 WebViews and KaiOS (issue 9, item 5): none of its
stylesheets (phone.css and every feature's phone_*.css) uses a flex/grid `gap`, a grid or
`overflow-wrap: anywhere`, its keyboard focus is visible without `:focus-visible`, and no
phone script calls `Element.closest` (Live.up instead)."""
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "participant_ui" / "static"
PHONE_STYLESHEETS = sorted(p.name for p in STATIC.glob("phone*.css"))
PHONE_SCRIPTS = ["live.js", "countdown.js"] + sorted(p.name for p in STATIC.glob("phone*.js"))


def without_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


@pytest.mark.parametrize("name", PHONE_STYLESHEETS)
def test_no_phone_stylesheet_relies_on_what_old_webviews_lack(name):
    css = without_comments((STATIC / name).read_text())
    assert not re.search(r"(?<![\w-])(?:row-|column-)?gap\s*:", css), f"{name}: margins, not a gap"
    assert not re.search(r"(?<![\w-])grid-[\w-]+\s*:", css), f"{name}: no grid"
    assert not re.search(r"display\s*:\s*(?:inline-)?grid", css), f"{name}: block or flex, not grid"
    assert not re.search(r"overflow-wrap\s*:\s*anywhere", css), f"{name}: break-word, not anywhere"


def test_the_phone_stylesheet_has_a_focus_ring_for_every_browser():
    css = without_comments((STATIC / "phone.css").read_text())
    # A focus ring for every browser: a plain :focus rule, :focus-visible only to refine it.
    assert re.search(r"(?:^|[},])\s*:focus\s*[,{]", css)


@pytest.mark.parametrize("name", PHONE_SCRIPTS)
def test_no_phone_script_relies_on_element_closest(name):
    js = without_comments((STATIC / name).read_text())
    assert ".closest(" not in js, f"{name}: use Live.up(el, selector)"
