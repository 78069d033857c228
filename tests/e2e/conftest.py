"""Playwright with Debian's chromium (never `playwright install`).

Run with `make e2e`: a pytest run of its own, with DJANGO_ALLOW_ASYNC_UNSAFE set
and --liveserver=127.0.0.1. Tests here use `django_db(transaction=True)`.
"""

import os
import shutil

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
LAUNCH_ARGS = [
    "--no-sandbox", "--headless", "--disable-gpu", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--no-first-run",
]


@pytest.fixture(scope="session")
def browser(tmp_path_factory):
    from playwright.sync_api import sync_playwright

    home = tmp_path_factory.mktemp("chromium-home")
    env = {**os.environ, "HOME": str(home), "XDG_CONFIG_HOME": str(home / "config"),
           "XDG_CACHE_HOME": str(home / "cache")}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=LAUNCH_ARGS, env=env)
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
    page = context.new_page()
    page.set_default_timeout(15_000)
    yield page
    context.close()


@pytest.fixture
def csp_violations(page):
    """Collects Content-Security-Policy violations reported in the console."""
    messages = []
    page.on("console", lambda msg: messages.append(msg.text) if "Content Security Policy" in msg.text else None)
    return messages
