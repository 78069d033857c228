"""/van-ban/: public documents only, filters, search, files, feed, sitemap, meta tags, site search group."""

import datetime as dt

import feedparser
import pytest
from django.urls import reverse

from documents.models import Document, DocumentType

from .factories import DocumentFactory, attach, issuer, pdf_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture
def library():
    public = DocumentFactory(
        number="04-CTr/TU",
        doc_type=DocumentType.CHUONG_TRINH,
        issuer=issuer("Tỉnh ủy"),
        issued_on=dt.date(2020, 12, 18),
        summary="Về hành động thực hiện Nghị quyết Đại hội XIX",
    )
    older = DocumentFactory(
        number="24-QĐ/TW",
        doc_type=DocumentType.QUY_DINH,
        issuer=issuer("Ban Chấp hành Trung ương"),
        issued_on=dt.date(2021, 7, 30),
        summary="Thi hành Điều lệ Đảng",
    )
    internal = DocumentFactory(
        number="15-QĐ/ĐU",
        doc_type=DocumentType.QUYET_DINH,
        is_public=False,
        issued_on=dt.date(2024, 3, 1),
        summary="Quyết định nội bộ về nhân sự chi bộ",
    )
    draft = DocumentFactory(
        number="16-KH/ĐU", status=Document.Status.DRAFT, published_at=None, summary="Kế hoạch chưa duyệt"
    )
    attach(public, pdf_upload(["Chương trình hành động", "Chuyển đổi số toàn diện"]))
    attach(internal, pdf_upload(["Danh sách nhân sự"]))
    return {"public": public, "older": older, "internal": internal, "draft": draft}


def test_list_shows_public_documents_newest_first(client, library):
    html = client.get(reverse("documents:list")).content.decode()
    assert html.index("24-QĐ/TW") < html.index("04-CTr/TU")
    assert "15-QĐ/ĐU" not in html and "16-KH/ĐU" not in html


@pytest.mark.parametrize(
    ("query", "shown", "hidden"),
    [
        ("?loai=quy_dinh", "24-QĐ/TW", "04-CTr/TU"),
        ("?nam=2020", "04-CTr/TU", "24-QĐ/TW"),
        ("?q=dai+hoi+xix", "04-CTr/TU", "24-QĐ/TW"),
        ("?q=Điều+lệ", "24-QĐ/TW", "04-CTr/TU"),
        ("?q=04-CTr/TU", "04-CTr/TU", "24-QĐ/TW"),
        ("?q=chuyen+doi+so", "04-CTr/TU", "24-QĐ/TW"),  # only in the PDF's text
    ],
)
def test_filters_and_accent_insensitive_search(client, library, query, shown, hidden):
    html = client.get(reverse("documents:list") + query).content.decode()
    assert shown in html and hidden not in html


def test_filter_by_issuer(client, library):
    url = reverse("documents:list") + f"?co_quan={issuer('Ban Chấp hành Trung ương').pk}"
    html = client.get(url).content.decode()
    assert "24-QĐ/TW" in html and "04-CTr/TU" not in html


def test_internal_text_is_never_found(client, library):
    html = client.get(reverse("documents:list") + "?q=nhan+su").content.decode()
    assert "15-QĐ/ĐU" not in html and "Không có văn bản nào phù hợp" in html


@pytest.mark.parametrize("page", ["0", "x", "²", "999"])
def test_bad_page_numbers_are_404(client, library, page):
    assert client.get(reverse("documents:list") + f"?page={page}").status_code == 404


def test_bad_filter_values_are_a_message_not_an_error(client, library):
    response = client.get(reverse("documents:list") + "?loai=xyz&co_quan=abc&nam=1800")
    assert response.status_code == 200
    assert "Không có loại văn bản này." in response.content.decode()


def test_detail_page_has_metadata_file_and_dublin_core(client, library):
    document = library["public"]
    response = client.get(document.get_absolute_url())
    html = response.content.decode()
    assert response.status_code == 200
    for text in ("04-CTr/TU", "Tỉnh ủy", "18/12/2020", "Bí thư Hoàng Minh Đức", "Đại hội XIX"):
        assert text in html
    file = document.files.get()
    assert f'href="{file.get_absolute_url()}" target="_blank"' in html
    assert "PDF, " in html and "trang)" in html
    assert '<meta name="dcterms.identifier" content="04-CTr/TU">' in html
    assert '<meta name="dcterms.issued" content="2020-12-18">' in html
    assert f'<link rel="canonical" href="http://testserver{document.get_absolute_url()}">' in html
    # The id answers too, with a permanent redirect to the address to keep.
    by_id = client.get(reverse("documents:detail", args=[document.pk]))
    assert by_id.status_code == 301 and by_id["Location"] == document.get_absolute_url()


def test_pdf_opens_in_the_browser(client, library):
    file = library["public"].files.get()
    response = client.get(file.get_absolute_url())
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("inline")
    assert b"".join(response.streaming_content).startswith(b"%PDF-")


def test_internal_and_draft_documents_and_their_files_are_hidden_from_the_public(client, library):
    internal = library["internal"]
    assert client.get(internal.get_absolute_url()).status_code == 404
    assert client.get(library["draft"].get_absolute_url()).status_code == 404
    assert client.get(internal.files.get().get_absolute_url()).status_code == 404


def test_staff_see_internal_documents_and_files_privately(client, library, editor):
    client.force_login(editor)
    internal = library["internal"]
    response = client.get(internal.get_absolute_url())
    assert response.status_code == 200 and "Bản xem trước" in response.content.decode()
    assert "no-store" in response["Cache-Control"]
    file_response = client.get(internal.files.get().get_absolute_url())
    assert file_response.status_code == 200 and "no-store" in file_response["Cache-Control"]


def test_a_file_is_only_found_under_its_own_document(client, library):
    file = library["public"].files.get()
    url = reverse("documents:file", args=[library["older"].pk, file.pk])
    assert client.get(url).status_code == 404


def test_rss_lists_public_documents_only(client, library):
    feed = feedparser.parse(client.get(reverse("documents:rss")).content)
    assert feed.bozo == 0
    titles = " ".join(entry.title for entry in feed.entries)
    assert "04-CTr/TU" in titles and "24-QĐ/TW" in titles
    assert "15-QĐ/ĐU" not in titles and "16-KH/ĐU" not in titles


def test_sitemap_lists_public_documents_only(client, library):
    xml = client.get("/sitemap.xml").content.decode()
    assert library["public"].get_absolute_url() in xml
    assert reverse("documents:list") in xml
    assert library["internal"].get_absolute_url() not in xml
    assert library["draft"].get_absolute_url() not in xml


def test_site_search_shows_documents_as_their_own_group(client, library):
    html = client.get(reverse("news:search") + "?q=dieu+le").content.decode()
    assert "Văn bản (1)" in html and "24-QĐ/TW" in html
    html = client.get(reverse("news:search") + "?q=nhan+su").content.decode()
    assert "15-QĐ/ĐU" not in html and "Văn bản (" not in html


def test_menu_links_to_the_library(client, library):
    assert f'href="{reverse("documents:list")}"' in client.get("/").content.decode()
