"""Phones on a hotspot: the first load of the phone page stays within 30 KB gzipped."""
import json
import re

import requests

BUDGET = 30 * 1024


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


FEATURE_BUDGET = 8 * 1024


def test_the_fair_phone_script_loads_on_demand_and_stays_light(server, event):
    """phone_fair.js is listed for Live.load, never loaded by the first page, and small."""
    html = requests.get(f"{server.base}/j/{event['code']}", timeout=5).text
    loaded = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert not any("phone_fair" in a for a in loaded), loaded
    scripts = re.search(r'<script id="scripts" type="application/json">(.*?)</script>', html, re.S)
    url = json.loads(scripts.group(1))["fair"]
    size, encoding = gzipped_size(server.base + url)
    assert encoding == "gzip"
    print(f"phone_fair.js: {size} bytes gzipped (budget {FEATURE_BUDGET})")
    assert size <= FEATURE_BUDGET, f"phone_fair.js is {size} bytes gzipped, budget {FEATURE_BUDGET}"
