"""Slugs: Vietnamese-aware, unique, set on the server, fixed once published, old URLs redirect."""

import pytest
from django.urls import reverse

from news import workflow
from news.models import Article, OldSlug

from .factories import ArticleFactory, CategoryFactory
from .helpers import post_article

pytestmark = pytest.mark.django_db


def test_slug_folds_vietnamese_including_d_bar():
    article = ArticleFactory(title="Trao Huy hiệu 30 năm tuổi Đảng")
    assert article.slug == "trao-huy-hieu-30-nam-tuoi-dang"


def test_slug_is_unique():
    first = ArticleFactory(title="Đảng bộ tỉnh")
    second = ArticleFactory(title="Đảng bộ tỉnh")
    third = ArticleFactory(title="ĐẢNG BỘ TỈNH")
    assert [first.slug, second.slug, third.slug] == ["dang-bo-tinh", "dang-bo-tinh-2", "dang-bo-tinh-3"]


def test_slug_is_set_on_the_server_whatever_is_posted(client, editor):
    client.force_login(editor)
    post_article(client, CategoryFactory(), title="Đảng bộ tỉnh họp", slug="djng-b-tnh")
    assert Article.objects.get().slug == "dang-bo-tinh-hop"


def test_title_without_letters_still_gets_a_slug():
    assert ArticleFactory(title="!!!").slug == "tin-bai"


def test_draft_slug_follows_the_title_until_published():
    article = ArticleFactory(title="Bản thảo đầu", status=Article.Status.DRAFT, published_at=None)
    article.title = "Tiêu đề đã sửa"
    article.save()
    assert article.slug == "tieu-de-da-sua"
    workflow.publish_now(article)
    article.title = "Tiêu đề sửa sau khi đăng"
    article.save()
    assert Article.objects.get(pk=article.pk).slug == "tieu-de-da-sua"


def test_publisher_renames_url_and_old_url_redirects_permanently(client, publisher):
    article = ArticleFactory(title="Hội nghị sơ kết")  # the wrong word in the published title
    old_url = article.get_absolute_url()
    client.force_login(publisher)
    response = post_article(
        client,
        article.category,
        article=article,
        title="Hội nghị tổng kết",
        status=Article.Status.PUBLISHED,
        published_at_0=article.published_at.strftime("%d/%m/%Y"),
        published_at_1="00:00:00",
        refresh_slug="on",
        body=article.body,
    )
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.slug == "hoi-nghi-tong-ket" and old_url.endswith("/hoi-nghi-so-ket/")
    client.logout()
    redirect = client.get(old_url)
    assert redirect.status_code == 301 and redirect["Location"] == article.get_absolute_url()
    assert client.get(article.get_absolute_url()).status_code == 200


def test_old_slug_of_an_unpublished_article_does_not_leak_its_new_url(client):
    article = ArticleFactory(title="Tên cũ", status=Article.Status.DRAFT, published_at=None)
    article.title = "Tên mới"
    article.save()
    assert OldSlug.objects.filter(slug="ten-cu", article=article).exists()
    assert client.get(reverse("news:article", args=["ten-cu"])).status_code == 404


def test_a_new_article_cannot_take_a_slug_that_still_redirects():
    article = ArticleFactory(title="Tên cũ", status=Article.Status.DRAFT, published_at=None)
    article.title = "Tên mới"
    article.save()
    assert ArticleFactory(title="Tên cũ").slug == "ten-cu-2"
