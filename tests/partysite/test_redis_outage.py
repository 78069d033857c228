"""A Redis outage (killed or hung) costs the site its cache, never an answer.

A real redis-server of the test's own (tests/partysite/redis_server.py) is killed with SIGKILL
or hung with SIGSTOP; every public page and the admin login still answer 200, a hung Redis
costs a request well under a second, and the outage is logged once, not per request.
"""

import logging
import time

import pytest
from django.core.cache import cache
from django.test import Client

from awards.honours.roll import home_honours, year_counts
from core import cache as page_cache
from core.models import SiteProfile
from news.models import Article, Category

pytestmark = pytest.mark.django_db

PAGES = [
    "/",
    "/tin-tuc/",
    "/tin-tuc/tin-mot/",
    "/chuyen-muc/tin-hoat-dong/",
    "/tim-kiem/?q=hoi+nghi",
    "/tin-tuc/rss/",
    "/khen-thuong/",
    "/gioi-thieu/",
    "/quan-tri/login/",
]


@pytest.fixture
def content(db):
    category = Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")
    Article.objects.create(
        title="Hội nghị một",
        slug="tin-mot",
        category=category,
        body="<p>Hội nghị.</p>",
        status=Article.Status.PUBLISHED,
    )


def answers(pages=PAGES):
    """Status and seconds of each page for a fresh anonymous visitor."""
    result = {}
    for path in pages:
        start = time.monotonic()
        status = Client().get(path).status_code
        result[path] = (status, time.monotonic() - start)
    return result


def test_pages_use_redis_while_it_answers(redis_caches, content):
    assert {status for status, _ in answers().values()} == {200}
    assert cache.get(page_cache.VERSION_KEY) is not None
    assert Client().get("/tin-tuc/")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("outage", ["kill", "hang"])
def test_every_page_and_the_admin_login_answer_during_an_outage(redis_caches, content, outage, caplog):
    answers()  # warm: the profile, fragments and pages are in Redis and in memory
    getattr(redis_caches, outage)()
    try:
        with caplog.at_level(logging.WARNING, logger="core.redis_cache"):
            first = answers()
            again = answers()
    finally:
        redis_caches.resume() if outage == "hang" else None
    assert {path: status for path, (status, _) in first.items()} == dict.fromkeys(PAGES, 200)
    assert {path: status for path, (status, _) in again.items()} == dict.fromkeys(PAGES, 200)
    slowest = max(seconds for _, seconds in [*first.values(), *again.values()])
    assert slowest < 1.0, f"a request took {slowest:.2f} s with Redis {outage}ed"
    assert len([r for r in caplog.records if "unreachable" in r.getMessage()]) == 1  # once, not per request


def test_cached_reads_fall_back_to_the_database(redis_caches, content):
    redis_caches.kill()
    assert SiteProfile.current().name
    assert year_counts() == {}
    assert home_honours() == []
    assert cache.get_or_set("khoa", lambda: "giá trị") == "giá trị"
    cache.set("khoa", 1)
    cache.delete("khoa")


def test_a_change_made_during_an_outage_is_shown_after_it(redis_caches, content, client):
    assert "Hội nghị một" in client.get("/tin-tuc/").content.decode()
    redis_caches.hang()
    article = Article.objects.get(slug="tin-mot")
    article.title = "Hội nghị đã sửa"
    article.save()  # its bump cannot reach Redis
    redis_caches.resume()
    from core import redis_cache

    redis_cache._down_until.clear()  # as after RETRY_SECONDS
    assert "Hội nghị đã sửa" in client.get("/tin-tuc/").content.decode()
