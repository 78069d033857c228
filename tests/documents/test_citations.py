"""Articles link the library documents they cite (at save time); a document lists the articles citing it."""

import datetime as dt
import html as html_lib
from pathlib import Path

import pytest

from documents.models import Citation, Document, DocumentType
from news.models import Article
from tests.news.factories import ArticleFactory

from .factories import DocumentFactory, issuer

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]

# shared/ lies beside the checkout, on a developer's machine and in CI alike.
SEED_ARTICLE = Path(__file__).resolve().parents[3] / "shared" / "seed" / "sample-article.txt"


def _seed_body() -> str:
    lines = SEED_ARTICLE.read_text(encoding="utf-8").splitlines()
    return "".join(f"<p>{html_lib.escape(line)}</p>" for line in lines[1:] if line.strip())


@pytest.fixture
def program():
    return DocumentFactory(
        number="04-CTr/TU",
        doc_type=DocumentType.CHUONG_TRINH,
        issuer=issuer("Tỉnh ủy"),
        issued_on=dt.date(2020, 12, 18),
        summary="Về hành động thực hiện Nghị quyết Đại hội Đảng bộ tỉnh lần thứ XIX",
    )


def test_seed_article_links_the_program_and_the_program_lists_the_article(client, program):
    article = ArticleFactory(title="Trao Huy hiệu 30 năm tuổi Đảng", body=_seed_body())
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'<a href="{program.get_absolute_url()}" title="Chương trình 04-CTr/TU: Về hành động' in page
    assert ">04-CTr/TU</a> ngày 18/12/2020 của Tỉnh ủy Thanh Hóa" in page
    document_page = client.get(program.get_absolute_url()).content.decode()
    assert "Tin bài nhắc đến văn bản này" in document_page
    assert f'<a href="{article.get_absolute_url()}">Trao Huy hiệu 30 năm tuổi Đảng</a>' in document_page


def test_linking_is_stored_at_save_time_not_made_per_request(program):
    article = ArticleFactory(body="<p>Quán triệt Chương trình số 04-CTr/TU.</p>")
    stored = Article.objects.values_list("body_linked", "body").get(pk=article.pk)
    assert program.get_absolute_url() in stored[0]
    assert "<a" not in stored[1]  # the editor's text itself is untouched


@pytest.mark.parametrize(
    "text",
    [
        "Chương trình hành động số 04-CTr/TU ngày 18/12/2020 của Tỉnh ủy",
        "Chương trình 04-CTr/TU",
        "chương trình số 04-CTr/TU ngày 18-12-2020",
        "theo 4-CTr/TU",
    ],
)
def test_every_written_form_is_linked(program, text):
    article = ArticleFactory(body=f"<p>{text}.</p>")
    assert program.get_absolute_url() in article.body_linked


def test_a_date_of_another_year_does_not_link_the_wrong_document(program):
    article = ArticleFactory(body="<p>Chương trình 04-CTr/TU ngày 05/01/2016 của Tỉnh ủy.</p>")
    assert not article.body_linked
    assert Citation.objects.get(source_id=article.pk).document is None


def test_existing_links_are_left_alone(program):
    article = ArticleFactory(body='<p>Xem <a href="https://example.org/x">04-CTr/TU</a>.</p>')
    assert not article.body_linked


def test_numbers_inside_attributes_are_left_alone(program):
    article = ArticleFactory(
        body='<p>Ảnh <img src="/media/a.png" alt="bảng > 04-CTr/TU" width="2" height="2"> '
        "và Chương trình 04-CTr/TU.</p>"
    )
    assert 'alt="bảng &gt; 04-CTr/TU"' in article.body_linked
    assert article.body_linked.count("<a ") == 1


def test_internal_or_unpublished_documents_are_not_linked():
    DocumentFactory(number="15-QĐ/ĐU", is_public=False)
    DocumentFactory(number="16-KH/ĐU", status=Document.Status.REVIEW, published_at=None)
    article = ArticleFactory(body="<p>Quyết định 15-QĐ/ĐU và Kế hoạch 16-KH/ĐU.</p>")
    assert not article.body_linked


def test_a_document_published_later_links_the_articles_that_already_cite_it(client):
    article = ArticleFactory(body="<p>Thực hiện Nghị quyết số 21-NQ/TW.</p>")
    assert not article.body_linked
    document = DocumentFactory(
        number="21-NQ/TW", issuer=issuer("Ban Chấp hành Trung ương"), status=Document.Status.REVIEW, published_at=None
    )
    article.refresh_from_db()
    assert not article.body_linked
    document.status = Document.Status.PUBLISHED
    document.save()
    article.refresh_from_db()
    assert document.get_absolute_url() in article.body_linked
    # Made internal again: the link goes.
    document.is_public = False
    document.save()
    article.refresh_from_db()
    assert not article.body_linked


def test_unpublished_or_deleted_articles_are_not_listed_on_the_document_page(client, program):
    draft = ArticleFactory(
        title="Bản nháp nhắc văn bản", status=Article.Status.DRAFT, published_at=None, body="<p>04-CTr/TU</p>"
    )
    gone = ArticleFactory(title="Tin sẽ xóa", body="<p>04-CTr/TU</p>")
    gone.delete()
    page = client.get(program.get_absolute_url()).content.decode()
    assert "Bản nháp nhắc văn bản" not in page and "Tin sẽ xóa" not in page
    assert not Citation.objects.filter(source_id=gone.pk).exists()
    assert Citation.objects.filter(source_id=draft.pk, document=program).exists()
