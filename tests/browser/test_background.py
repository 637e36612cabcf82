"""Issue 8 item 1 in a real browser: a question box open all day beside the current activity.
The phone sees both, posts to the box while the talks run; the dashboard switches the box on and
shows its question; another phone upvotes it there, and every screen sees the count; the
projector puts it up, with its upvotes, when the facilitator says so."""
from playwright.sync_api import expect

from live_server import dashboard
from phone_steps import join_anonymously


def test_a_phone_posts_to_the_all_day_box_while_the_talks_run(server, event, phone_page, laptop_page):
    staff = dashboard(server, event)
    staff.call("projector:mode", {"mode": "wall"})
    box = staff.call("agenda:add", {"format_id": "qna", "title": "Questions ouvertes toute la journée"}
                     )["agenda"]["activities"][-1]
    talks = staff.call("agenda:add", {"format_id": "experience-talks", "title": "Exposés d'expériences",
                                      "topics": ["Tontine solidaire"]})["agenda"]["activities"][-1]
    assert staff.call("agenda:start", {"activity_id": talks["id"]})["ok"]

    join_anonymously(phone_page, server, event["code"])
    expect(phone_page.locator("#agenda-title")).to_contain_text("Exposés d'expériences")
    # Nothing runs in the background yet: the phone has not even loaded the script.
    assert phone_page.locator('script[src*="phone_background.js"]').count() == 0

    # The facilitator opens the box for the whole day from the dashboard.
    laptop_page.goto(event["facilitator"])
    row = laptop_page.locator(f'#bg-list [data-bg-row="{box["id"]}"]')
    expect(row).to_contain_text("Questions ouvertes toute la journée")
    expect(laptop_page.locator(f'#bg-list [data-bg-row="{talks["id"]}"]')).to_have_count(0)
    row.locator('[data-bg="switch"]').check()
    expect(row).to_have_class("bg-row on")

    # The phone gets a second tab beside the current activity, with the box's own form.
    all_day = phone_page.locator('[data-bg-tab="all"]')
    expect(all_day).to_have_text("Toute la journée")
    expect(phone_page.locator("#post")).to_be_visible()  # "Now" is still the talks
    all_day.click()
    card = phone_page.locator(f'#bg [data-bg-id="{box["id"]}"]')
    expect(card).to_contain_text("Questions ouvertes toute la journée")
    expect(card).to_contain_text("Posez vos questions à tout moment")
    expect(phone_page.locator("#post")).to_be_hidden()
    card.locator("textarea").fill("Comment éviter que les bénéficiaires attendent tout du projet ?")
    card.locator(".bg-anon").check()
    card.locator("button[type=submit]").click()
    expect(card.locator(".bg-items li").first).to_contain_text("Comment éviter que les bénéficiaires")
    expect(card.locator(".bg-note")).to_have_text("Envoyé.")

    # It went to the box while the room stays in the talks.
    stored = staff.wait_for(lambda u: u["type"] == "contribution.created")["data"]
    assert stored["activity_id"] == box["id"] and stored["anonymous"] is True
    phone_page.locator('[data-bg-tab="now"]').click()
    expect(phone_page.locator("#agenda-title")).to_contain_text("Exposés d'expériences")

    # The dashboard shows the box's question beside the running talks.
    expect(row.locator(".bg-items")).to_contain_text("Comment éviter que les bénéficiaires")
    expect(laptop_page.locator("#now")).to_contain_text("Exposés d'expériences")

    # Another phone upvotes the question on its "All day" tab while the talks still run.
    ben = phone_page.context.browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                                 has_touch=True, locale="fr-FR").new_page()
    join_anonymously(ben, server, event["code"])
    ben.locator('[data-bg-tab="all"]').click()
    question = ben.locator(f'#bg [data-bg-id="{box["id"]}"] .bg-items li',
                           has_text="Comment éviter que les bénéficiaires")
    up = question.locator("button.up")
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(up).to_have_attribute("aria-label", "Soutenir (0 soutien)")
    up.click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_text("▲ 1")
    expect(up).to_have_attribute("aria-label", "Soutenir (1 soutien)")
    voted = staff.wait_for(lambda u: u["type"] == "votes.background")["data"]
    assert voted["activity_id"] == box["id"] and voted["counts"] == {str(stored["id"]): 1}
    # Its author's phone sees the count live (no button: nobody upvotes their own question)...
    phone_page.locator('[data-bg-tab="all"]').click()
    mine = card.locator(".bg-items li", has_text="Comment éviter que les bénéficiaires")
    expect(mine.locator(".bg-ups")).to_have_text("▲ 1 soutien")
    expect(mine.locator("button.up")).to_have_count(0)
    phone_page.locator('[data-bg-tab="now"]').click()
    # ...and the dashboard's card, beside the talks still running; the room's Now is the talks.
    expect(row.locator(".bg-items li", has_text="Comment éviter").locator(".badge.votes")).to_have_text("▲ 1 vote")
    expect(row.locator('[data-bg="by_votes"]')).to_have_attribute("aria-pressed", "true")
    expect(laptop_page.locator("#now")).to_contain_text("Exposés d'expériences")
    # A reload of the voting phone gets its upvote back, pressed.
    ben.reload()
    ben.locator('[data-bg-tab="all"]').click()
    expect(up).to_have_attribute("aria-pressed", "true")
    expect(up).to_have_text("▲ 1")

    # The projector shows the talks until the facilitator puts the box up.
    projector = laptop_page.context.new_page()
    projector.goto(f"{server.base}/projector/{event['code']}")
    expect(projector.locator("#agenda-title")).to_contain_text("Exposés d'expériences")
    expect(projector.locator("#bg-band")).to_be_hidden()
    row.locator('[data-bg="project"]').click()
    expect(projector.locator("#bg-band")).to_contain_text("Questions ouvertes toute la journée")
    expect(projector.locator("#wall-grid")).to_contain_text("Comment éviter que les bénéficiaires")
    wall_card = projector.locator("#wall-grid .card", has_text="Comment éviter que les bénéficiaires")
    expect(wall_card.locator(".ups")).to_have_text("▲ 1")
    # Taking the upvote back (the toggle) reaches the wall live.
    up.click()
    expect(up).to_have_attribute("aria-pressed", "false")
    expect(wall_card.locator(".ups")).to_have_text("▲ 0")
    ben.context.close()
    row.locator('[data-bg="project"]').click()
    expect(projector.locator("#bg-band")).to_be_hidden()
    staff.disconnect()
