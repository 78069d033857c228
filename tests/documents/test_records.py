"""The document record: numbers checked and unique per issuer and year; files checked by content."""

import datetime as dt
import io
import time

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from pypdf import PdfWriter

from core.uploads import clean_office_file
from documents.models import Document, DocumentFile, DocumentType, IssuingBody
from documents.pdf import extract_text, make_pdf

from .factories import DocumentFactory, attach, issuer, ooxml_upload, pdf_upload

pytestmark = pytest.mark.django_db


def _document(**kwargs):
    values = {
        "number": "04-CTr/TU",
        "doc_type": DocumentType.CHUONG_TRINH,
        "issuer": issuer("Tỉnh ủy"),
        "issued_on": dt.date(2020, 12, 18),
        "summary": "Về hành động thực hiện Nghị quyết Đại hội",
    }
    values.update(kwargs)
    return Document(**values)


def test_issuing_bodies_come_with_the_migration():
    names = set(IssuingBody.objects.values_list("name", flat=True))
    assert {"Ban Chấp hành Trung ương", "Tỉnh ủy", "Đảng ủy Khối các cơ quan tỉnh", "Đảng ủy Sở"} <= names


def test_malformed_number_is_refused_in_vietnamese():
    with pytest.raises(ValidationError) as error:
        _document(number="CTr 04 TU").full_clean()
    assert "không đúng dạng" in " ".join(error.value.message_dict["number"])


def test_year_in_a_state_number_must_match_the_issue_date():
    with pytest.raises(ValidationError) as error:
        _document(number="666/2015/QĐ-UBND", issued_on=dt.date(2016, 1, 1)).full_clean()
    assert "2015" in " ".join(error.value.message_dict["issued_on"])


def test_duplicate_number_from_the_same_issuer_in_the_same_year_is_refused():
    _document().save()
    duplicate = _document(number="4-CTr/TU", issued_on=dt.date(2020, 12, 30))
    with pytest.raises(ValidationError) as error:
        duplicate.full_clean()
    assert "Đã có văn bản số 4-CTr/TU của Tỉnh ủy năm 2020" in " ".join(error.value.message_dict["number"])


def test_same_number_in_another_year_or_from_another_issuer_is_allowed():
    _document().save()
    _document(issued_on=dt.date(2021, 1, 5)).full_clean()
    _document(issuer=issuer("Đảng ủy Sở")).full_clean()


def test_derived_fields_slug_key_year_and_search_text():
    document = _document()
    document.save()
    assert document.slug == "04-ctr-tu-2020"
    assert document.sign_key == "4-CTR/TU"
    assert document.year == 2020
    assert " 04 ctr tu " in document.search_text and " hanh dong " in document.search_text


# --- files ------------------------------------------------------------------------------------
def test_pdf_is_stored_outside_media_with_its_text(settings):
    document = DocumentFactory()
    attachment = attach(document, pdf_upload(["Chương trình hành động", "về chuyển đổi số"]))
    assert attachment.kind == "pdf" and attachment.pages == 1 and attachment.size > 0
    assert "chuyen doi so" in attachment.text.lower()
    assert str(settings.MEDIA_ROOT) not in attachment.file.path
    # Under VAR_DIR/private, which the web server never serves and manage.py backup copies.
    assert attachment.file.path.startswith(str(settings.VAR_DIR / "private" / "documents"))
    document.refresh_from_db()
    assert " chuyen doi so " in document.search_text


@pytest.mark.parametrize(
    "content",
    [
        b"<!DOCTYPE html><html><script>alert(1)</script></html>",
        b"%PDF-1.4\n<html><body><script>alert(1)</script></body></html>",
        b"#!/bin/sh\nrm -rf /\n",
        b"MZ\x90\x00 not a document",
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >> >> endobj\n%%EOF",
        b"%PDF-1.4\n1 0 obj << /OpenAction << /S /Launch /F (cmd.exe) >> >> endobj\n%%EOF",
    ],
)
def test_html_scripts_and_programs_named_pdf_are_refused(content):
    with pytest.raises(ValidationError) as error:
        clean_office_file(SimpleUploadedFile("nghi-quyet.pdf", content))
    assert "Tệp không đúng định dạng" in error.value.messages[0]


def test_word_and_excel_files_are_recognised_by_content():
    assert clean_office_file(ooxml_upload("word/document.xml", "a.bin"))[1] == "docx"
    assert clean_office_file(ooxml_upload("xl/workbook.xml", "a.pdf"))[1] == "xlsx"
    old_word = SimpleUploadedFile("a.doc", bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 600)
    assert clean_office_file(old_word)[1] == "doc"


def test_macro_packages_and_plain_zips_are_refused():
    with pytest.raises(ValidationError):
        clean_office_file(ooxml_upload("word/document.xml", "a.docx", {"word/vbaProject.bin": b"x"}))
    with pytest.raises(ValidationError):
        clean_office_file(ooxml_upload("notes.txt", "a.docx"))


def test_size_limit(settings):
    settings.DOCUMENT_UPLOAD_MAX_BYTES = 1024
    with pytest.raises(ValidationError) as error:
        clean_office_file(SimpleUploadedFile("a.pdf", b"%PDF-1.4\n" + b" " * 2000))
    assert "Tệp quá lớn" in error.value.messages[0]


def test_encrypted_pdf_is_stored_without_text():
    writer = PdfWriter(clone_from=io.BytesIO(make_pdf([["Tài liệu mật"]])))
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    buffer = io.BytesIO()
    writer.write(buffer)
    attachment = attach(DocumentFactory(), SimpleUploadedFile("mat.pdf", buffer.getvalue()))
    assert attachment.pk and attachment.kind == "pdf"
    assert attachment.text == "" and "mật khẩu" in attachment.text_note


def test_broken_pdf_is_stored_without_text():
    data = make_pdf([["Nghị quyết"]])
    attachment = attach(DocumentFactory(), SimpleUploadedFile("hong.pdf", data[: len(data) // 3]))
    assert attachment.pk and attachment.text == ""
    assert attachment.text_note


def test_text_of_a_300_page_pdf_is_bounded_in_pages_size_and_time():
    data = make_pdf([[f"Trang {i} nội dung nghị quyết"] * 30 for i in range(300)])
    started = time.monotonic()
    extracted = extract_text(data)
    assert time.monotonic() - started < 10
    assert extracted.pages == 300
    assert "Trang 59 " in extracted.text and "Trang 60 " not in extracted.text
    assert "trang đầu" in extracted.note
    short = extract_text(data, max_chars=1000)
    assert len(short.text) <= 1000


def test_deleting_an_attachment_removes_its_file():
    attachment = attach(DocumentFactory())
    storage, name = attachment.file.storage, attachment.file.name
    assert storage.exists(name)
    attachment.delete()
    assert not storage.exists(name)
    assert DocumentFile.objects.count() == 0


def test_scanned_pdf_without_text_is_found_by_its_metadata(client):
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (200, 280), (250, 250, 250)).save(buffer, format="PDF")
    document = DocumentFactory(number="33-KH/ĐU", summary="Kế hoạch tổ chức hội nghị sơ kết")
    attachment = attach(document, SimpleUploadedFile("ban-chup.pdf", buffer.getvalue()))
    assert attachment.text == "" and "bản chụp" in attachment.text_note
    html = client.get("/van-ban/?q=33-KH/ĐU").content.decode()
    assert document.get_absolute_url() in html
