"""The phone's first screen holds in Android 5-7 WebViews and KaiOS (issue 9, item 5): its
stylesheet uses no flex/grid `gap` and no `overflow-wrap: anywhere`, its keyboard focus is
visible without `:focus-visible`, and no phone script calls `Element.closest` (Live.up instead)."""
import re
from pathlib import Path

import pytest

STATIC = Path(__file__).resolve().parents[2] / "participant_ui" / "static"
PHONE_SCRIPTS = ["live.js", "countdown.js"] + sorted(p.name for p in STATIC.glob("phone*.js"))


def without_comments(text: str) -> str:
    return re.sub(r"/\*.*?\*/", "", text, flags=re.S)


def test_the_phone_stylesheet_avoids_what_old_webviews_lack():
    css = without_comments((STATIC / "phone.css").read_text())
    assert not re.search(r"(?<![\w-])(?:row-|column-)?gap\s*:", css)
    assert not re.search(r"overflow-wrap\s*:\s*anywhere", css)
    # A focus ring for every browser: a plain :focus rule, :focus-visible only to refine it.
    assert re.search(r"(?:^|[},])\s*:focus\s*[,{]", css)


@pytest.mark.parametrize("name", PHONE_SCRIPTS)
def test_no_phone_script_relies_on_element_closest(name):
    js = without_comments((STATIC / name).read_text())
    assert ".closest(" not in js, f"{name}: use Live.up(el, selector)"
