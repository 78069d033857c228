"""Issue 13 items 5 and 8: the back-office lists fit the office's 1366×768 laptop and a
390×844 phone (the page never scrolls sideways and the columns a person scans are on screen),
and CKEditor's editing area looks like the public article."""

import io
from datetime import date

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from awards.models import BadgeRound
from core.roles import EDITORS, OFFICE, PUBLISHERS
from members.models import PartyCell

pytestmark = pytest.mark.django_db(transaction=True)

PASSWORD = "mat-khau-thu-nghiem"
VIEWPORTS = [(1366, 768), (390, 844)]
OVERFLOW = "document.scrollingElement.scrollWidth - window.innerWidth"


def _user(username, group):
    user = get_user_model().objects.create_user(username, password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    return user


def _log_in(browser, base, username, width, height):
    context = browser.new_context(viewport={"width": width, "height": height}, locale="vi-VN")
    page = context.new_page()
    page.set_default_timeout(15_000)
    page.goto(base + "/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(base + "/quan-tri/")
    return context, page


def _on_screen(page, selector):
    """The element is shown and lies inside the window's width (not scrolled away)."""
    locator = page.locator(selector).first
    if not locator.is_visible():
        return False
    box = locator.bounding_box()
    width = page.evaluate("window.innerWidth")
    return box is not None and box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5


def _check(page, url, key_columns):
    page.goto(url)
    problems = []
    overflow = page.evaluate(OVERFLOW)
    if overflow > 0:
        problems.append(f"trang tràn ngang {overflow}px")
    problems += [f"không thấy cột {sel}" for sel in key_columns if not _on_screen(page, sel)]
    return problems


@pytest.fixture
def seeded(settings, tmp_path):
    from demo import awards as awards_demo
    from demo import members as members_demo
    from demo import news as news_demo

    settings.MEDIA_ROOT = tmp_path
    for module in (members_demo, news_demo, awards_demo):
        module.seed(io.StringIO())


def test_office_lists_fit_laptop_and_phone(live_server, browser, seeded):
    _user("vanphong", OFFICE)
    round_ = BadgeRound.objects.get(date=date(2027, 2, 3))
    cell = PartyCell.objects.get(name="Chi bộ Văn phòng")
    screens = {
        "/quan-tri/members/member/": [
            "#result_list th.column-name_display",
            "#result_list th.column-status",
            "#result_list th.column-next_milestone_date",
        ],
        f"/quan-tri/awards/badgeround/{round_.pk}/danh-sach/": [
            "#nhom-regular th:has-text('Họ và tên')",
            "#nhom-regular th:has-text('Huy hiệu')",
            "#nhom-regular th:has-text('Ngày đủ niên hạn')",
        ],
        f"/quan-tri/awards/qualityrating/xep-loai-chi-bo/{cell.pk}/2025/": [
            ".rate-cell-sheet th:has-text('Họ và tên')",
            ".rate-cell-sheet th:has-text('Xếp loại')",
            ".rate-cell-sheet th:has-text('Điểm')",
        ],
    }
    problems = {}
    for width, height in VIEWPORTS:
        context, page = _log_in(browser, live_server.url, "vanphong", width, height)
        for path, columns in screens.items():
            found = _check(page, live_server.url + path, columns)
            if found:
                problems[f"{path} @{width}"] = found
        context.close()
    # A person who opened the navigation sidebar (Django remembers it) still sees the milestone date.
    context, page = _log_in(browser, live_server.url, "vanphong", 1366, 768)
    page.evaluate("localStorage.setItem('django.admin.navSidebarIsOpen', 'true')")
    found = _check(page, live_server.url + "/quan-tri/members/member/", screens["/quan-tri/members/member/"])
    assert page.locator("#nav-sidebar").is_visible()
    if found:
        problems["danh sách đảng viên, thanh điều hướng mở"] = found
    context.close()
    assert problems == {}


@pytest.mark.parametrize("username, group", [("bientap", EDITORS), ("duyetbai", PUBLISHERS)])
def test_article_list_fits_laptop_and_phone(live_server, browser, seeded, username, group):
    _user(username, group)
    for width, height in VIEWPORTS:
        context, page = _log_in(browser, live_server.url, username, width, height)
        assert (
            _check(
                page,
                live_server.url + "/quan-tri/news/article/",
                ["#result_list th.column-title", "#result_list th.column-status_label"],
            )
            == []
        )
        # Titles wrap as lines, not one word per line: a row is a few lines high at most.
        first_title = page.locator("#result_list td.field-title, #result_list th.field-title").first
        assert first_title.bounding_box()["height"] < 90
        if width == 1366:
            assert _on_screen(page, "#result_list th.column-published_at")
            assert page.evaluate("document.scrollingElement.scrollHeight") < 3000  # 31 articles
        context.close()


def test_editor_heading_looks_like_the_article_heading(live_server, browser):
    _user("bientap", EDITORS)
    context, page = _log_in(browser, live_server.url, "bientap", 1366, 768)
    page.goto(live_server.url + "/quan-tri/news/article/add/")
    editable = page.locator(".ck-editor__main > .ck-editor__editable")
    editable.click()
    page.keyboard.type("Đoạn văn thường của bài.")
    page.keyboard.press("Enter")
    page.locator(".ck-toolbar .ck-heading-dropdown button").first.click()
    page.locator(".ck-heading-dropdown .ck-list__item button:has-text('Tiêu đề 2')").click()
    page.keyboard.type("Tiêu đề mục")
    page.keyboard.press("Enter")
    page.locator(".ck-toolbar button[data-cke-tooltip-text='Trích dẫn']").click()
    page.keyboard.type("Lời trích dẫn")
    sizes = page.evaluate("""() => {
        const area = document.querySelector('.ck-editor__main > .ck-editor__editable');
        const px = el => parseFloat(getComputedStyle(el).fontSize);
        const quote = area.querySelector('blockquote');
        return {p: px(area.querySelector('p')), h2: px(area.querySelector('h2')),
                quoteBorder: quote ? getComputedStyle(quote).borderLeftWidth : null};
    }""")
    assert sizes["h2"] >= 1.4 * sizes["p"]  # as on the public page (24px over 16px)
    assert sizes["p"] >= 16
    assert sizes["quoteBorder"] == "4px"
    context.close()
