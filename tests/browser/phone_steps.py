"""Steps a phone takes in several browser tests."""
from playwright.sync_api import expect


def join_anonymously(page, server, code):
    """The phone opens the join link, joins without a name and waits to be online."""
    page.goto(f"{server.base}/j/{code}")
    page.click("#join-anonymous")
    expect(page.locator("#conn")).to_have_attribute("data-state", "online")


def go_offline(page):
    page.context.set_offline(True)
    expect(page.locator("#conn")).to_have_attribute("data-state", "offline", timeout=30000)
