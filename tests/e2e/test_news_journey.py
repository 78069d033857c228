"""The issue's "done when": an editor writes an article with two captioned photos in the real
CKEditor 5 and submits it; a publisher publishes it; it shows on the home page, in search typed
without accents, in RSS and in the sitemap. No CSP violation on the way."""

import io
import re
import time

import feedparser
import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from news.models import Article
from tests.e2e.helpers import log_in, staff_window, watch_csp
from tests.news.factories import CategoryFactory

pytestmark = pytest.mark.django_db(transaction=True)

TITLE = "Chi bộ Viễn thông trao Huy hiệu Đảng cho đảng viên"
EDITABLE = ".ck-editor__main > .ck-editor__editable"
# The editor runs in Vietnamese ("language": "vi"), so its tooltips are Vietnamese too.
UPLOAD_BUTTON = ".ck-toolbar button[data-cke-tooltip-text='Tải hình ảnh lên từ máy tính']"
CAPTION_BUTTON = ".ck-balloon-panel_visible button[data-cke-tooltip-text='Hiện chú thích']"
ALT_BUTTON = ".ck-balloon-panel_visible button[data-cke-tooltip-text='Đổi chữ alt của ảnh']"
UPLOADED = "figure.image img[src^='/media/'][width]"


def _photo(tmp_path, name, color):
    image = Image.new("RGB", (800, 500), color)
    ImageDraw.Draw(image).ellipse([250, 100, 550, 400], fill=(250, 220, 60))
    path = tmp_path / name
    image.save(path, format="JPEG")
    return path


def _upload_with_caption(page, path, caption, expected_count, alt):
    with page.expect_file_chooser() as chooser:
        page.click(UPLOAD_BUTTON)
    chooser.value.set_files(str(path))
    expect(page.locator(UPLOADED)).to_have_count(expected_count)
    page.locator(UPLOADED).nth(expected_count - 1).click()
    page.click(ALT_BUTTON)
    page.fill(".ck-balloon-panel_visible input.ck-input-text", alt)
    page.click(".ck-balloon-panel_visible button[type=submit]")
    page.locator(UPLOADED).nth(expected_count - 1).click()
    page.click(CAPTION_BUTTON)
    figcaption = page.locator("figure.image figcaption").nth(expected_count - 1)
    # wait_for_function would eval a string, which the admin's CSP rightly forbids: poll instead.
    _wait_until(
        page,
        "n => { const c = document.querySelectorAll('figure.image figcaption')[n];"
        " return !!c && c.contains(window.getSelection().anchorNode); }",
        expected_count - 1,
    )
    page.keyboard.type(caption)
    assert caption in figcaption.inner_text()


def _wait_until(page, function, arg=None, timeout=10.0):
    deadline = time.monotonic() + timeout
    while not page.evaluate(function, arg):
        if time.monotonic() > deadline:
            raise AssertionError(f"timed out waiting for {function}")
        time.sleep(0.05)


def _move_to_end(page):
    page.evaluate(
        """() => { const editor = window.editors['id_body'];
        editor.model.change(writer => {
            const root = editor.model.document.getRoot();
            const paragraph = writer.createElement('paragraph');
            writer.insert(paragraph, root, 'end');
            writer.setSelection(paragraph, 'in');
        });
        editor.editing.view.focus(); }"""
    )


def test_editor_writes_publisher_publishes_reader_finds(live_server, browser, editor, publisher, tmp_path):
    base = live_server.url
    category = CategoryFactory(name="Hoạt động Đảng bộ")
    violations = []

    # --- the editor writes and submits ---------------------------------------
    context, page = staff_window(browser, violations)
    log_in(page, base, "bientap")
    page.goto(base + "/quan-tri/news/article/add/")
    page.fill("#id_title", TITLE)
    page.select_option("#id_category", str(category.pk))
    page.fill("#id_summary", "Lễ trao Huy hiệu 30 năm tuổi Đảng được tổ chức trang trọng.")
    assert page.locator("#id_published_at_0").count() == 0  # editors cannot date or publish
    page.click(EDITABLE)
    page.keyboard.type("Sáng nay, Chi bộ Viễn thông tổ chức lễ trao Huy hiệu Đảng.")
    page.keyboard.press("Enter")
    _upload_with_caption(
        page, _photo(tmp_path, "mot.jpg", (168, 20, 27)), "Quang cảnh buổi lễ", 1, alt="Hội trường trang trí cờ đỏ"
    )
    _move_to_end(page)
    page.keyboard.type("Các đảng viên chụp ảnh lưu niệm.")
    _upload_with_caption(
        page, _photo(tmp_path, "hai.jpg", (25, 78, 140)), "Chụp ảnh lưu niệm", 2, alt="Đảng viên đứng thành hàng"
    )
    data = page.evaluate("window.editors['id_body'].getData()")
    assert data.count("<figcaption>") == 2
    assert 'alt="Hội trường trang trí cờ đỏ"' in data and 'alt="Đảng viên đứng thành hàng"' in data
    page.select_option("#id_status", "review")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/quan-tri/news/article/$"))
    article = Article.objects.get(title=TITLE)
    assert article.status == Article.Status.REVIEW and article.body.count("<figcaption>") == 2
    assert "Quang cảnh buổi lễ" in article.body and "Chụp ảnh lưu niệm" in article.body
    assert page.goto(base + article.get_absolute_url()).ok  # the editor can preview the draft
    context.close()

    # not public yet
    anonymous = browser.new_context()
    assert anonymous.request.get(base + article.get_absolute_url()).status == 404

    # --- the publisher publishes ---------------------------------------------
    context, page = staff_window(browser, violations)
    log_in(page, base, "duyetbai")
    page.goto(base + f"/quan-tri/news/article/{article.pk}/change/")
    page.wait_for_selector(EDITABLE)
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/quan-tri/news/article/$"))
    article.refresh_from_db()
    assert article.is_public
    context.close()

    # --- a reader finds it ---------------------------------------------------
    page = anonymous.new_page()
    watch_csp(page, violations)
    page.goto(base + "/")
    assert page.get_by_role("link", name=TITLE).first.is_visible()
    page.fill("#header-q", "chi bo vien thong trao huy hieu")
    page.press("#header-q", "Enter")
    page.wait_for_url(re.compile(r".*/tim-kiem/\?q=.*"))
    page.get_by_role("link", name=TITLE).first.click()
    page.wait_for_url(base + article.get_absolute_url())
    captions = page.locator(".article-body figcaption").all_inner_texts()
    assert captions == ["Quang cảnh buổi lễ", "Chụp ảnh lưu niệm"]

    rss = feedparser.parse(anonymous.request.get(base + "/tin-tuc/rss/").body())
    assert rss.bozo == 0 and rss.entries[0].title == TITLE
    sitemap = anonymous.request.get(base + "/sitemap.xml").text()
    assert article.get_absolute_url() in sitemap
    anonymous.close()
    assert violations == []


def test_bad_upload_shows_the_servers_message_not_a_crash(live_server, page, editor, csp_violations):
    base = live_server.url
    CategoryFactory(name="Hoạt động")
    log_in(page, base, "bientap")
    page.goto(base + "/quan-tri/news/article/add/")
    page.click(EDITABLE)
    buffer = io.BytesIO(b"this is not an image at all")
    fake = {"name": "gia.jpg", "mimeType": "image/jpeg", "buffer": buffer.getvalue()}
    messages = []
    page.on("dialog", lambda d: (messages.append(d.message), d.dismiss()))
    with page.expect_response("**/ckeditor5/image_upload/") as response_info:
        with page.expect_file_chooser() as chooser:
            page.click(UPLOAD_BUTTON)
        chooser.value.set_files(files=[fake])
    response = response_info.value
    assert response.status == 400
    assert "không phải là ảnh" in response.json()["error"]["message"]
    assert page.locator(UPLOADED).count() == 0
    assert csp_violations == []
