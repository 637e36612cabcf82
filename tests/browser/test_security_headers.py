"""Every page works under the Content-Security-Policy (self only), and the facilitator's forms
still submit under Referrer-Policy: no-referrer (issue 7, item 7)."""
import re

from playwright.sync_api import expect

from phone_steps import join_anonymously


def _violations(page) -> list[str]:
    found = []
    page.on("console", lambda m: found.append(m.text) if "Content Security Policy" in m.text else None)
    page.on("pageerror", lambda e: found.append(str(e)))
    return found


def test_phone_dashboard_and_projector_run_under_the_policy(server, event, phone_page, laptop_page):
    dash_problems, phone_problems = _violations(laptop_page), _violations(phone_page)
    laptop_page.goto(event["facilitator"])
    expect(laptop_page.locator("#phones")).to_have_text("0")
    join_anonymously(phone_page, server, event["code"])
    phone_page.fill("#post-text", "Sous CSP")
    phone_page.click("#post-send")
    expect(phone_page.locator("#mine li").first).to_have_attribute("data-state", "sent")
    expect(laptop_page.locator("#contrib-list [data-id]").first).to_contain_text("Sous CSP")
    projector = laptop_page.context.new_page()
    projector_problems = _violations(projector)
    projector.goto(f"{server.base}/projector/{event['code']}")
    expect(projector.locator("#qr")).to_be_visible()
    assert dash_problems == [] and phone_problems == [] and projector_problems == []


def test_the_facilitators_forms_submit_from_their_own_pages(server, event, laptop_page):
    problems = _violations(laptop_page)
    laptop_page.goto(event["facilitator"])
    laptop_page.goto(f"{server.base}/facilitator")
    laptop_page.fill("#new-title", "Atelier du soir")
    laptop_page.click("#create-submit")
    expect(laptop_page).to_have_url(re.compile(r"/facilitator/events/[A-Z0-9]+$"))
    laptop_page.goto(f"{server.base}/facilitator")
    expect(laptop_page.locator("#events")).to_contain_text("Atelier du soir")
    laptop_page.click("#signout")
    laptop_page.goto(f"{server.base}/facilitator")
    expect(laptop_page.locator("h1")).to_have_text("Connexion de l'équipe d'animation")
    assert problems == []


def test_the_features_screens_run_under_the_policy(server, event, phone_page, laptop_page):
    """The group screen, the fair's presenter view and posters, and the published restitution
    style themselves from files (or, for the restitution document, its own inline stylesheet,
    allowed by its script-free policy): no violation, and the styles are applied."""
    from live_server import dashboard, start_activity

    phone_problems = _violations(phone_page)
    staff = dashboard(server, event)
    join_anonymously(phone_page, server, event["code"])
    breakout, _state = start_activity(staff, "breakout")
    assert staff.call("groups:form", {"activity_id": breakout["id"], "count": 1})["ok"]
    phone_page.wait_for_function("() => !!window.Live.features.groups")
    card = phone_page.locator("#g-top .g-card").first
    expect(card).to_be_visible()
    assert card.evaluate("e => getComputedStyle(e).borderTopWidth") == "2px"  # phone_groups.css

    laptop_problems = _violations(laptop_page)
    laptop_page.goto(event["facilitator"])
    staff.call("agenda:close", {})
    activity = staff.call("agenda:add", {"format_id": "idea-fair"})["agenda"]["activities"][-1]
    urls = [staff.call("fair:kiosk_save", {"activity_id": activity["id"], "title": title,
                                           "organisation": org})["presenter_url"]
            for title, org in [("Radio", "RJD"), ("Tontine", "MICRO"), ("Eau", "EAU-VIE")]]
    laptop_page.goto(f"{server.base}/facilitator/events/{event['code']}/posters?activity={activity['id']}")
    expect(laptop_page.locator(".poster")).to_have_count(3)
    laptop_page.goto(urls[0])
    expect(laptop_page.locator("body")).to_be_visible()
    assert staff.call("restitution:publish", {})["ok"]
    laptop_page.goto(f"{server.base}/r/{event['code']}")
    expect(laptop_page.locator("#dl-pdf")).to_be_visible()
    assert laptop_page.locator("h1").first.evaluate("e => getComputedStyle(e).fontFamily") != "Times New Roman"
    assert phone_problems == [] and laptop_problems == []
