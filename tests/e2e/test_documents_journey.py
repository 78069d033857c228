"""The documents library in a real browser: an editor enters a document and uploads its PDF, a
publisher publishes it, a reader finds it without accents and opens the PDF. No CSP violation."""

import re

import pytest
from playwright.sync_api import expect

from documents.models import Document
from documents.pdf import make_pdf
from tests.documents.factories import issuer
from tests.e2e.helpers import log_in, staff_window, watch_csp

pytestmark = pytest.mark.django_db(transaction=True)


def test_editor_uploads_publisher_publishes_reader_opens_the_pdf(live_server, browser, editor, publisher, tmp_path):
    base = live_server.url
    body = issuer("Đảng ủy Sở")
    violations = []
    pdf = tmp_path / "nghi-quyet.pdf"
    pdf.write_bytes(make_pdf([["NGHỊ QUYẾT", "Về nâng cao chất lượng sinh hoạt chi bộ", "Sổ tay điện tử"]]))
    fake = tmp_path / "gia.pdf"
    fake.write_bytes(b"<html><script>alert(1)</script></html>")

    # --- the editor enters the document; a fake PDF is refused first ---------------------
    context, page = staff_window(browser, violations)
    log_in(page, base, "bientap")
    page.goto(base + "/quan-tri/documents/document/add/")
    assert page.locator("#id_is_public").count() == 0  # editors do not decide what is public
    page.fill("#id_number", "40-NQ/ĐU")
    page.select_option("#id_doc_type", "nghi_quyet")
    page.select_option("#id_issuer", str(body.pk))
    page.fill("#id_issued_on", "12/09/2025")
    page.fill("#id_signer", "Bí thư Hoàng Minh Đức")
    page.fill("#id_summary", "Về nâng cao chất lượng sinh hoạt chi bộ giai đoạn 2025–2030")
    page.select_option("#id_status", "review")
    page.set_input_files("#id_files-0-upload", str(fake))
    page.click("input[name=_save]")
    expect(page.locator(".errorlist").filter(has_text="Tệp không đúng định dạng").first).to_be_visible()
    assert not Document.objects.exists()
    page.set_input_files("#id_files-0-upload", str(pdf))
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/quan-tri/documents/document/$"))
    document = Document.objects.get(number="40-NQ/ĐU")
    assert document.status == "review" and document.files.get().kind == "pdf"
    context.close()

    anonymous = browser.new_context()
    assert anonymous.request.get(base + document.get_absolute_url()).status == 404

    # --- the publisher marks it public and publishes --------------------------------------
    context, page = staff_window(browser, violations)
    log_in(page, base, "duyetbai")
    page.goto(base + f"/quan-tri/documents/document/{document.pk}/change/")
    page.check("#id_is_public")
    page.select_option("#id_status", "published")
    page.click("input[name=_save]")
    page.wait_for_url(re.compile(r".*/quan-tri/documents/document/$"))
    document.refresh_from_db()
    assert document.is_visible
    context.close()

    # --- a reader finds it without accents and opens the PDF ------------------------------
    page = anonymous.new_page()
    watch_csp(page, violations)
    page.goto(base + "/van-ban/")
    page.fill("#id_q", "so tay dien tu")  # words only in the PDF's text
    page.click(".filters button[type=submit]")
    page.get_by_role("link", name="40-NQ/ĐU").click()
    page.wait_for_url(base + document.get_absolute_url())
    assert page.locator(".document-meta").inner_text().count("12/09/2025") == 1
    link = page.locator(".document-files a").first
    href = link.get_attribute("href")
    response = anonymous.request.get(base + href)
    assert response.status == 200 and response.headers["content-type"] == "application/pdf"
    assert response.headers["content-disposition"].startswith("inline")
    anonymous.close()
    assert violations == []
