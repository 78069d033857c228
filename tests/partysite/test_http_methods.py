"""Methods the public pages answer, and the Vietnamese pages for requests Django refuses itself."""

import pytest
from django.test import Client

from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db

PAGES = ["/", "/gioi-thieu/", "/tin-tuc/", "/tim-kiem/", "/tim-kiem/?q=huy+hieu", "/khen-thuong/", "/robots.txt"]


@pytest.mark.parametrize("url", PAGES)
def test_get_pages_answer_head_like_get(client, url):
    got = client.get(url)
    head = client.head(url)
    assert got.status_code == 200
    assert head.status_code == 200
    assert head["Content-Type"] == got["Content-Type"]


def test_article_page_answers_head(client):
    article = ArticleFactory(status="published")
    assert client.head(article.get_absolute_url()).status_code == 200


@pytest.mark.parametrize("url", PAGES)
def test_get_pages_answer_options_with_their_methods(client, url):
    response = client.options(url)
    assert response.status_code == 200
    assert {m.strip() for m in response["Allow"].split(",")} == {"GET", "HEAD", "OPTIONS"}
    assert response.content == b""


@pytest.mark.parametrize("url", ["/", "/tin-tuc/", "/tim-kiem/", "/sitemap.xml", "/tin-tuc/rss/", "/quan-tri/login/"])
def test_trace_is_never_answered(client, url):
    response = client.generic("TRACE", url)
    assert response.status_code == 405
    assert b"Cookie" not in response.content


def test_read_only_pages_refuse_writes(client):
    assert Client().put("/tin-tuc/").status_code == 405
    assert Client().delete("/").status_code == 405


def test_csrf_failure_page_is_vietnamese(db):
    browser = Client(enforce_csrf_checks=True)
    response = browser.post("/quan-tri/login/", {"username": "a", "password": "b"})
    assert response.status_code == 403
    text = response.content.decode()
    assert "Không gửi được biểu mẫu" in text and "tải lại trang" in text
    assert "CSRF verification failed" not in text and "Forbidden" not in text


def test_bad_host_page_is_vietnamese(client):
    response = client.get("/", HTTP_HOST="ke-mao-danh.example")
    assert response.status_code == 400
    text = response.content.decode()
    assert "Yêu cầu không hợp lệ" in text
    assert "Bad Request" not in text
