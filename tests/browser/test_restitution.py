"""The restitution in Chromium: a participant opens the published restitution on a phone, and
the HTML export prints to an A4 PDF without errors."""
from __future__ import annotations

import io
import re
import unicodedata

from playwright.sync_api import expect

from facilitator.activities import Activities
from facilitator.restitution import service
from facilitator.restitution.build import Scope
from facilitator.store import Store
from live_server import Screen, phone
from phone_steps import join_anonymously
from restitution_event import SECRET_NAME, T0, build_event, formats


def test_a_participant_opens_the_published_restitution_on_a_phone(server, event, phone_page):
    page = phone_page
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    awa = phone(server, event["code"], name="Awa", organisation="ASV")
    awa.post("Former les trésoriers des associations")
    join_anonymously(page, server, event["code"])
    expect(page.locator("#rlink")).to_be_hidden()
    cookies = "; ".join(f"{k}={v}" for k, v in server.facilitator_session(event).cookies.items())
    dash = Screen(server, "facilitator", event["code"], cookies=cookies).connect()
    assert dash.call("restitution:synthesis", {"text": "Une journée utile."})["ok"]
    assert dash.call("restitution:publish", {}, timeout=60)["ok"]
    link = page.locator("#rlink a")
    expect(link).to_be_visible()                  # told live, without a reload
    link.click()
    expect(page.locator("h1")).to_have_text(event["title"])
    expect(page.locator("main")).to_contain_text("Une journée utile.")
    expect(page.locator("main")).to_contain_text("Former les trésoriers des associations")
    expect(page.locator("#dl-pdf")).to_be_visible()
    expect(page.locator("#dl-docx")).to_be_visible()
    # Read-only and phone-sized: no form, nothing wider than the screen but a table's own scroll.
    assert page.locator("form, input, textarea, button").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    pdf = page.request.get(server.base + page.locator("#dl-pdf").get_attribute("href"))
    assert pdf.ok and pdf.body().startswith(b"%PDF")
    # A reload of the join page shows the link at once (from the snapshot).
    page.goto(f"{server.base}/j/{event['code']}")
    expect(page.locator("#rlink a")).to_be_visible()
    assert not errors, errors


def test_the_html_export_prints_to_pdf_in_chromium(browser, tmp_path):
    from pypdf import PdfReader
    store = Store(str(tmp_path / "p.db"), readers=1)
    acts = Activities(store, formats())
    event = build_event(store, acts)
    html = service.export_now(store, acts, event, Scope(), "html", T0 + 13000)[0].decode()
    store.close()
    context = browser.new_context()
    page = context.new_page()
    problems = []
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("request", lambda r: problems.append(f"fetched {r.url}") if not r.url.startswith(("data:", "about:")) else None)
    page.set_content(html, wait_until="load")
    pdf = page.pdf(format="A4", print_background=True)
    context.close()
    assert not problems, problems
    text = re.sub(r"\s+", " ", " ".join(p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages))
    text = unicodedata.normalize("NFKC", text)      # Chromium's PDF has ligatures: "ﬃ"
    assert len(PdfReader(io.BytesIO(pdf)).pages) >= 2
    for needle in ("Atelier d’échanges — Douala", "Plan d'action", "Déroulé de la journée",
                   "Synthèse de l'animation", "Afficher les comptes"):
        assert needle in text, needle
    assert SECRET_NAME not in text


def test_the_dashboard_panel_exports_groups_ideas_and_publishes(server, event, laptop_page):
    page = laptop_page
    errors = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    awa = phone(server, event["code"], name="Awa", organisation="ASV")
    for text in ("Former les trésoriers", "Formation des trésoriers des associations",
                 "Réparer les forages", "Les forages tombent en panne"):
        awa.post(text)
    page.goto(event["facilitator"])
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")
    pdf = page.locator('[data-export="pdf"]')
    expect(pdf).to_have_attribute("href", f"/facilitator/events/{event['code']}/restitution.pdf")
    page.check("#rp-hidden")
    page.select_option("#rp-group-by", "deadline")
    expect(pdf).to_have_attribute("href", re.compile(r"restitution\.pdf\?hidden=1&group_by=deadline$"))
    page.check("#rp-semicolon")
    expect(page.locator('[data-export="csv"]')).to_have_attribute("href", re.compile(r"sep=%3B"))
    with page.expect_download() as download:
        page.click('[data-export="md"]')
    assert download.value.suggested_filename == f"restitution-{event['code']}.md"
    page.click("#rp-compute")
    first = page.locator(".rp-theme").first
    expect(first).to_be_visible()
    first.locator("input:not([type])").fill("Les trésoriers")
    first.get_by_role("button", name="Renommer").click()
    expect(page.locator(".rp-theme input:not([type])").first).to_have_value("Les trésoriers")
    page.fill("#rp-synthesis", "Deux priorités.")
    page.click("#rp-save")
    expect(page.locator("#rp-saved")).to_be_visible()
    page.click("#rp-publish")
    expect(page.locator("#rp-published")).to_have_text("Publiée (version 1)")
    expect(page.locator("#rp-open")).to_be_visible()
    published = page.request.get(f"{server.base}/r/{event['code']}").text()
    assert "Deux priorités." in published and "Les trésoriers" in published
    assert not errors, errors
