import pytest

pytestmark = pytest.mark.django_db(transaction=True)


def test_home_page_renders_and_skip_link_reaches_content(live_server, page, csp_violations):
    page.goto(live_server.url + "/")
    assert page.locator("html").get_attribute("lang") == "vi"
    page.keyboard.press("Tab")
    focused = page.evaluate("document.activeElement.textContent")
    assert "Bỏ qua" in focused
    page.keyboard.press("Enter")
    assert page.evaluate("location.hash") == "#noi-dung"
    assert csp_violations == []


def test_about_page_on_a_phone_has_no_horizontal_scroll(live_server, browser):
    context = browser.new_context(viewport={"width": 360, "height": 740}, locale="vi-VN")
    page = context.new_page()
    page.goto(live_server.url + "/gioi-thieu/")
    assert page.get_by_role("heading", level=1).inner_text().startswith("Giới thiệu")
    overflow = page.evaluate("document.documentElement.scrollWidth - document.documentElement.clientWidth")
    assert overflow <= 0
    context.close()
