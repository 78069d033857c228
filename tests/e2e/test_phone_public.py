"""Issue 13 item 10: the public site on a 390×844 phone. The header folds to one line with a
"Danh mục" button (static/js/menu.js, no inline script), the home page is a short list, and a
laptop still sees the full menu."""

import io
from pathlib import Path

import pytest
from django.core.management import call_command

pytestmark = pytest.mark.django_db(transaction=True)

AXE = Path(__file__).resolve().parents[2] / "node_modules" / "axe-core" / "axe.min.js"
PHONE = {"width": 390, "height": 844}
LAPTOP = {"width": 1366, "height": 768}


@pytest.fixture
def demo_site(live_server, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())
    return live_server


def _page(browser, viewport, **kw):
    context = browser.new_context(viewport=viewport, locale="vi-VN", **kw)
    page = context.new_page()
    violations = []
    page.on("console", lambda m: violations.append(m.text) if "Content Security Policy" in m.text else None)
    return context, page, violations


def _overflow(page):
    return page.evaluate("document.scrollingElement.scrollWidth - window.innerWidth")


def test_phone_header_folds_and_opens(demo_site, browser):
    context, page, csp = _page(browser, PHONE)
    page.goto(demo_site.url + "/")
    header = page.locator(".site-header").bounding_box()["height"]
    assert header < 0.2 * PHONE["height"]  # was 460 px, more than half the screen
    menu = page.get_by_role("button", name="Danh mục")
    assert menu.get_attribute("aria-expanded") == "false"
    assert not page.locator("#site-menu").is_visible()
    assert not page.locator("#header-q").is_visible()
    menu.click()
    assert menu.get_attribute("aria-expanded") == "true"
    assert page.get_by_role("link", name="Khen thưởng").first.is_visible()
    assert page.locator("#header-q").is_visible()
    assert _overflow(page) <= 0
    page.get_by_role("link", name="Giới thiệu").first.click()
    page.wait_for_url("**/gioi-thieu/")
    assert csp == []
    context.close()


def test_laptop_keeps_the_open_menu(demo_site, browser):
    context, page, _ = _page(browser, LAPTOP)
    page.goto(demo_site.url + "/")
    assert not page.get_by_role("button", name="Danh mục").is_visible()
    assert page.locator("#site-menu").is_visible() and page.locator("#header-q").is_visible()
    context.close()


def test_without_scripts_the_phone_menu_stays_open(demo_site, browser):
    context, page, _ = _page(browser, PHONE, java_script_enabled=False)
    page.goto(demo_site.url + "/")
    assert page.locator("#site-menu").is_visible()
    assert not page.locator(".menu-toggle").is_visible()
    context.close()


def test_home_is_short_on_a_phone(demo_site, browser):
    context, page, _ = _page(browser, PHONE)
    page.goto(demo_site.url + "/")
    height = page.evaluate("document.scrollingElement.scrollHeight")
    assert height < 6000  # 14,170 px before
    assert _overflow(page) <= 0
    shown = page.evaluate("""() => [...document.querySelectorAll('.home-news .card-grid')]
        .map(grid => [...grid.children].filter(card => card.offsetParent !== null).length)""")
    assert shown and max(shown) <= 3
    context.close()


def test_phone_pages_have_no_serious_accessibility_violation(demo_site, browser):
    context, page, _ = _page(browser, PHONE, bypass_csp=True)
    problems = []
    for path, open_menu in (("/", False), ("/", True), ("/tin-tuc/", False)):
        page.goto(demo_site.url + path)
        if open_menu:
            page.get_by_role("button", name="Danh mục").click()
        page.add_script_tag(path=str(AXE))
        for violation in page.evaluate("async () => (await axe.run()).violations"):
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path} (menu {'mở' if open_menu else 'gập'}): {violation['id']}: {violation['help']}")
    context.close()
    assert problems == []
