"""Editors prepare documents, publishers publish them: roles, admin forms and actions."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from core import roles
from documents import workflow
from documents.models import Document, DocumentType

from .factories import DocumentFactory, issuer, pdf_upload

pytestmark = pytest.mark.django_db

ADD_URL = reverse("admin:documents_document_add")


def _post_data(**overrides):
    data = {
        "number": "05-NQ/ĐU",
        "doc_type": DocumentType.NGHI_QUYET,
        "issuer": issuer("Đảng ủy Sở").pk,
        "issued_on": "15/03/2025",
        "signer": "Bí thư Hoàng Minh Đức",
        "summary": "Về lãnh đạo chuyển đổi số trong Đảng bộ",
        "status": "review",
        "files-TOTAL_FORMS": "1",
        "files-INITIAL_FORMS": "0",
        "files-MIN_NUM_FORMS": "0",
        "files-MAX_NUM_FORMS": "1000",
        "files-0-label": "",
        "files-0-order": "0",
    }
    data.update(overrides)
    return data


def test_groups_have_their_permissions():
    editors = set(Group.objects.get(name=roles.EDITORS).permissions.values_list("codename", flat=True))
    publishers = set(Group.objects.get(name=roles.PUBLISHERS).permissions.values_list("codename", flat=True))
    assert {"add_document", "change_document", "add_documentfile"} <= editors
    assert "publish_document" not in editors
    assert {"publish_document", "delete_document", "change_issuingbody"} <= publishers


def test_editor_uploads_a_pdf_and_sends_for_review(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, _post_data(**{"files-0-upload": pdf_upload(["Nghị quyết chuyển đổi số"])}))
    assert response.status_code == 302, response.content.decode()[:3000]
    document = Document.objects.get(number="05-NQ/ĐU")
    assert document.status == "review" and not document.is_public and document.author == editor
    assert document.files.get().kind == "pdf"
    assert " chuyen doi so " in document.search_text


def test_editor_cannot_publish_or_make_public(client, editor):
    client.force_login(editor)
    response = client.post(ADD_URL, _post_data(status="published", is_public="on"))
    assert response.status_code == 200  # the status choice is refused by the form
    assert not Document.objects.exists()
    with pytest.raises(PermissionDenied):
        workflow.check_change(editor, None, Document(status="draft", is_public=True))


def test_html_renamed_pdf_is_refused_in_the_admin_with_a_message(client, editor):
    from django.core.files.uploadedfile import SimpleUploadedFile

    client.force_login(editor)
    fake = SimpleUploadedFile("nghi-quyet.pdf", b"<html><script>alert(1)</script></html>")
    response = client.post(ADD_URL, _post_data(**{"files-0-upload": fake}))
    assert response.status_code == 200
    assert "Tệp không đúng định dạng" in response.content.decode()
    assert not Document.objects.exists()


def test_duplicate_is_refused_in_the_admin(client, editor):
    DocumentFactory(number="05-NQ/ĐU", issuer=issuer("Đảng ủy Sở"), issued_on=dt.date(2025, 1, 2))
    client.force_login(editor)
    response = client.post(ADD_URL, _post_data())
    assert response.status_code == 200
    assert "Đã có văn bản số 05-NQ/ĐU của Đảng ủy Sở năm 2025" in response.content.decode()


def test_publisher_publishes_with_the_action(client, publisher):
    document = DocumentFactory(status=Document.Status.REVIEW, published_at=None, is_public=True)
    client.force_login(publisher)
    response = client.post(
        reverse("admin:documents_document_changelist"), {"action": "publish_now", "_selected_action": [document.pk]}
    )
    assert response.status_code == 302
    document.refresh_from_db()
    assert document.status == "published" and document.published_at is not None
    assert client.get(document.get_absolute_url()).status_code == 200


def test_editor_has_no_publish_action_and_cannot_edit_published(client, editor):
    document = DocumentFactory()
    client.force_login(editor)
    changelist = client.get(reverse("admin:documents_document_changelist")).content.decode()
    assert "publish_now" not in changelist
    assert not workflow.can_edit(editor, document)


def test_admin_search_is_accent_insensitive(client, publisher):
    DocumentFactory(number="04-CTr/TU", summary="Về chuyển đổi số", issuer=issuer("Tỉnh ủy"))
    client.force_login(publisher)
    html = client.get(reverse("admin:documents_document_changelist") + "?q=chuyen+doi").content.decode()
    assert "04-CTr/TU" in html


def test_editor_sees_a_published_document_with_its_files_read_only(client, editor):
    from .factories import attach

    document = DocumentFactory()
    attach(document)
    client.force_login(editor)
    response = client.get(reverse("admin:documents_document_change", args=[document.pk]))
    assert response.status_code == 200
    html = response.content.decode()
    assert 'name="_save"' not in html and document.files.get().get_absolute_url() in html
