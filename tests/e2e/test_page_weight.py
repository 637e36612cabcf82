"""Phones on a hotspot: the first load of the phone page stays within 30 KB gzipped, and a
feature's phone script, loaded only when the room enters it, within 8 KB."""
import json
import re

import pytest
import requests

BUDGET = 30 * 1024
FEATURE_BUDGET = 8 * 1024


def gzipped_size(url: str) -> tuple[int, str]:
    response = requests.get(url, headers={"Accept-Encoding": "gzip"}, stream=True, timeout=5)
    assert response.status_code == 200, url
    body = response.raw.read(decode_content=False)
    return len(body), response.headers.get("Content-Encoding", "")


def test_phone_first_load_is_light_and_self_hosted(server, event):
    page_url = f"{server.base}/j/{event['code']}"
    html = requests.get(page_url, timeout=5).text
    assets = re.findall(r'(?:src|href)="(/[^"]+\.(?:js|css)[^"]*)"', html)
    assert any("socket.io" in a for a in assets), assets
    # Nothing from outside the laptop: the room has no internet.
    assert not re.search(r'(?:src|href)="(?:https?:)?//', html)
    total, encoding = gzipped_size(page_url)
    assert encoding == "gzip"
    for asset in assets:
        size, encoding = gzipped_size(server.base + asset)
        assert encoding == "gzip", asset
        total += size
    print(f"phone first load: {total} bytes gzipped (budget {BUDGET})")
    assert total <= BUDGET, f"phone first load is {total} bytes gzipped, budget {BUDGET}"


# Each feature's phone script: its name in #scripts, its budget with its styles, its words'
# budget and one of them with its French text (None: its words are the page's).
ON_DEMAND = [
    ("groups", FEATURE_BUDGET, 2048, ("gr.role_rapporteur", "Rapport")),
    ("fair", FEATURE_BUDGET, 2048, ("fair.name", "Foire aux idées")),
    ("background", FEATURE_BUDGET, 2048, ("bg.tab_all_day", "Toute la journée")),
    ("actions", FEATURE_BUDGET, 2048, ("act.plan", "Plan d'action")),
    ("staff", 2048, 512, ("sph.dismiss", "Fermer")),
    ("questions", FEATURE_BUDGET, 0, None),
]


@pytest.mark.parametrize("name,budget,words_budget,word", ON_DEMAND, ids=[f[0] for f in ON_DEMAND])
def test_a_feature_script_loads_on_demand_and_stays_light(server, event, name, budget,
                                                         words_budget, word):
    """phone_<name>.js is never in the first load: the page lists it (with the static version)
    in its map of on-demand scripts for Live.load, with its styles and words if it has them;
    within its budget gzipped, its words too."""
    html = requests.get(f"{server.base}/j/{event['code']}", timeout=5).text
    loaded = re.findall(r'<(?:script|link)[^>]+(?:src|href)="([^"]+)"', html)
    assert not any(f"phone_{name}." in a for a in loaded), loaded
    urls = json.loads(re.search(r'<script id="scripts" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    assert f"phone_{name}.js" in urls[name] and "v=" in urls[name]
    size, encoding = gzipped_size(server.base + urls[name])
    assert encoding == "gzip"
    css = gzipped_size(server.base + urls[f"{name}.css"])[0] if f"{name}.css" in urls else 0
    print(f"phone_{name}.js: {size} bytes gzipped, its styles {css} (budget {budget})")
    assert size + css <= budget, f"phone_{name}.js and its styles are {size + css} bytes gzipped"
    assert (f"{name}.text" in urls) == (word is not None)
    if word:
        words, _ = gzipped_size(server.base + urls[f"{name}.text"])
        assert words <= words_budget, f"phone_{name}.js's words are {words} bytes gzipped"
        key, french = word
        assert requests.get(server.base + urls[f"{name}.text"], timeout=5).json()[key] == french
