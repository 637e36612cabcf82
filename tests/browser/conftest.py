"""Headless Debian Chromium driven by Playwright. No browser is ever downloaded."""
import shutil

import pytest
from playwright.sync_api import sync_playwright

CHROMIUM = "/usr/bin/chromium"
# Without these the browser tries Google's services at start, which this offline room refuses.
ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
        "--disable-component-update", "--disable-sync", "--no-first-run", "--disable-quic"]


@pytest.fixture(scope="session")
def browser():
    if not shutil.which(CHROMIUM):
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium package")
    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield browser
        browser.close()


@pytest.fixture
def phone_page(browser):
    context = browser.new_context(viewport={"width": 390, "height": 844}, is_mobile=True,
                                  has_touch=True, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()


@pytest.fixture
def laptop_page(browser):
    context = browser.new_context(viewport={"width": 1366, "height": 800}, locale="fr-FR")
    page = context.new_page()
    yield page
    context.close()

