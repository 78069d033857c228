"""Drafts, articles in review, archived and scheduled articles are invisible everywhere public."""

import datetime as dt

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

HIDDEN = {
    "draft": {"status": Article.Status.DRAFT},
    "review": {"status": Article.Status.REVIEW},
    "archived": {"status": Article.Status.ARCHIVED},
    "scheduled": {"status": Article.Status.PUBLISHED, "published_at_offset": dt.timedelta(days=3)},
}


@pytest.fixture(params=list(HIDDEN))
def hidden(request):
    spec = dict(HIDDEN[request.param])
    offset = spec.pop("published_at_offset", -dt.timedelta(days=1))
    category = CategoryFactory(name="Hoạt động")
    ArticleFactory(title="Tin công khai Quyết tâm", category=category, is_featured=False)
    return ArticleFactory(
        title="Tin ẩn Quyết tâm", category=category, is_featured=True, published_at=timezone.now() + offset, **spec
    )


def test_hidden_article_url_is_404_to_the_public(client, hidden):
    assert client.get(hidden.get_absolute_url()).status_code == 404


def test_hidden_article_absent_from_home(client, hidden):
    html = client.get("/").content.decode()
    assert "Tin công khai Quyết tâm" in html and "Tin ẩn" not in html


def test_hidden_article_absent_from_news_list(client, hidden):
    html = client.get(reverse("news:list")).content.decode()
    assert "Tin công khai Quyết tâm" in html and "Tin ẩn" not in html


def test_hidden_article_absent_from_category(client, hidden):
    html = client.get(hidden.category.get_absolute_url()).content.decode()
    assert "Tin công khai Quyết tâm" in html and "Tin ẩn" not in html


def test_hidden_article_absent_from_search(client, hidden):
    html = client.get(reverse("news:search"), {"q": "quyet tam"}).content.decode()
    assert "Tin công khai Quyết tâm" in html and "Tin ẩn" not in html


@pytest.mark.parametrize("feed", ["news:rss", "news:atom"])
def test_hidden_article_absent_from_feeds(client, hidden, feed):
    parsed = feedparser.parse(client.get(reverse(feed)).content)
    assert [e.title for e in parsed.entries] == ["Tin công khai Quyết tâm"]


def test_hidden_article_absent_from_sitemap(client, hidden):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/tin-tuc/tin-cong-khai-quyet-tam/" in xml and hidden.slug not in xml


def test_staff_preview_of_a_hidden_article_is_never_cached_nor_indexed(client, hidden, editor):
    client.force_login(editor)
    response = client.get(hidden.get_absolute_url())
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    assert "noindex" in response["X-Robots-Tag"]
    html = response.content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html and "Bản xem trước" in html
    hidden.refresh_from_db()
    assert hidden.view_count == 0  # previews are not readings


def test_office_staff_cannot_preview_drafts(client, office):
    draft = ArticleFactory(status=Article.Status.DRAFT)
    client.force_login(office)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_published_article_page_is_indexable(client):
    article = ArticleFactory()
    response = client.get(article.get_absolute_url())
    assert "noindex" not in response.content.decode() and "X-Robots-Tag" not in response
