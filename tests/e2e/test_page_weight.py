"""Phones on a hotspot: the first load of the phone page stays within 30 KB gzipped, and a
feature's phone script, loaded only when the room enters it, within 8 KB."""
import json
import re

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


def test_the_group_script_is_not_in_the_first_load_and_is_light(server, event):
    html = requests.get(f"{server.base}/j/{event['code']}", timeout=5).text
    loaded = re.findall(r'<script[^>]* src="([^"]+)"', html)
    assert not any("phone_groups" in src for src in loaded), loaded
    # Its address waits in the page's map of on-demand scripts (Live.load), with its words.
    urls = json.loads(re.search(r'<script id="scripts" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    assert "phone_groups.js" in urls["groups"] and "v=" in urls["groups"]
    size, encoding = gzipped_size(server.base + urls["groups"])
    words, _ = gzipped_size(server.base + urls["groups.text"])
    print(f"phone_groups.js: {size} bytes gzipped, its words {words} (budgets {FEATURE_BUDGET} and 2048)")
    assert encoding == "gzip"
    assert size <= FEATURE_BUDGET, f"phone_groups.js is {size} bytes gzipped, budget {FEATURE_BUDGET}"
    assert words <= 2 * 1024, f"the group screen's words are {words} bytes gzipped"
    text = requests.get(server.base + urls["groups.text"], timeout=5).json()
    assert text["gr.role_rapporteur"] == "Rapport"


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


def test_the_all_day_phone_script_loads_on_demand_and_stays_light(server, event):
    """phone_background.js (activities open all day) is listed for Live.load, never loaded by
    the first page, and small, its words too."""
    html = requests.get(f"{server.base}/j/{event['code']}", timeout=5).text
    loaded = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert not any("phone_background" in a for a in loaded), loaded
    urls = json.loads(re.search(r'<script id="scripts" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    assert "phone_background.js" in urls["background"] and "v=" in urls["background"]
    size, encoding = gzipped_size(server.base + urls["background"])
    words, _ = gzipped_size(server.base + urls["background.text"])
    css, _ = gzipped_size(server.base + urls["background.css"])
    print(f"phone_background.js: {size} bytes gzipped, its words {words}, its styles {css} "
          f"(budget {FEATURE_BUDGET})")
    assert encoding == "gzip"
    assert size + css <= FEATURE_BUDGET, f"phone_background.js and .css are {size + css} bytes gzipped"
    assert words <= 2 * 1024, f"the all-day tab's words are {words} bytes gzipped"
    assert requests.get(server.base + urls["background.text"], timeout=5).json()["bg.tab_all_day"] \
        == "Toute la journée"
def test_the_action_plan_script_loads_on_demand_and_stays_light(server, event):
    """phone_actions.js (the action plan, the action-row form, editing my own items) is listed
    for Live.load, never in the first load, and within the feature budget with its words."""
    html = requests.get(f"{server.base}/j/{event['code']}", timeout=5).text
    loaded = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert not any("phone_actions" in a for a in loaded), loaded
    scripts = re.search(r'<script id="scripts" type="application/json">(.*?)</script>', html, re.S)
    urls = json.loads(scripts.group(1))
    size, encoding = gzipped_size(server.base + urls["actions"])
    words, _ = gzipped_size(server.base + urls["actions.text"])
    style, _ = gzipped_size(server.base + urls["actions.css"])
    print(f"phone_actions.js: {size} bytes gzipped, its words {words}, its styles {style}")
    assert encoding == "gzip"
    assert size + style <= FEATURE_BUDGET, f"phone_actions.js is {size} bytes gzipped"
    assert words <= 2 * 1024
    assert requests.get(server.base + urls["actions.text"], timeout=5).json()["act.plan"] == "Plan d'action"
def test_the_staff_phone_script_loads_on_demand_and_stays_light(server, event):
    """phone_staff.js (the announcement and the brief) is listed for Live.load, not loaded."""
    html = requests.get(f"{server.base}/j/{event['code']}", timeout=5).text
    assert not any("phone_staff" in a for a in re.findall(r'<script[^>]+src="([^"]+)"', html))
    urls = json.loads(re.search(r'<script id="scripts" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    size, encoding = gzipped_size(server.base + urls["staff"])
    words, _ = gzipped_size(server.base + urls["staff.text"])
    print(f"phone_staff.js: {size} bytes gzipped, its words {words}")
    assert encoding == "gzip" and size <= 2048 and words <= 512
    assert requests.get(server.base + urls["staff.text"], timeout=5).json()["sph.dismiss"] == "Fermer"


def test_the_questionnaire_script_loads_on_demand_and_stays_light(server, event):
    """phone_questions.js (a step with questions: the evaluation) is listed for Live.load,
    never loaded by the first page, and small."""
    html = requests.get(f"{server.base}/j/{event['code']}", timeout=5).text
    loaded = re.findall(r'<script[^>]+src="([^"]+)"', html)
    assert not any("phone_questions" in a for a in loaded), loaded
    urls = json.loads(re.search(r'<script id="scripts" type="application/json">(.*?)</script>',
                                html, re.S).group(1))
    assert "phone_questions.js" in urls["questions"] and "v=" in urls["questions"]
    size, encoding = gzipped_size(server.base + urls["questions"])
    assert encoding == "gzip"
    print(f"phone_questions.js: {size} bytes gzipped (budget {FEATURE_BUDGET})")
    assert size <= FEATURE_BUDGET, f"phone_questions.js is {size} bytes gzipped, budget {FEATURE_BUDGET}"
