"""The page cache serves anonymous readers fast and never shows them stale or private pages.

Against the project's real URLconf and views.
"""

import os
import subprocess
import sys
import time
import uuid
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.core.cache import caches
from django.http import HttpResponse
from django.test import Client, RequestFactory
from django.utils import timezone

from awards.models import BadgeAward, BadgeRound, Commendation, QualityRating
from core import cache as page_cache
from core.models import SiteProfile
from members.models import Member, PartyCell
from news.models import Article, Category
from news.view_counts import view_counter

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(autouse=True)
def _fresh_view_counter():
    # The profile row is created on first use, which (rightly) drops the cache once.
    SiteProfile.current()
    view_counter.flush()
    caches["pages"].clear()
    yield
    caches["pages"].clear()
    view_counter.discard()


@pytest.fixture
def news_category():
    return Category.objects.create(name="Tin hoạt động", slug="tin-hoat-dong")


def make_article(category, title, status=Article.Status.PUBLISHED, published_at=None, slug=None):
    return Article.objects.create(
        title=title,
        slug=slug or f"bai-{uuid.uuid4().hex[:8]}",
        body="<p>Nội dung bài viết.</p>",
        category=category,
        status=status,
        published_at=published_at or timezone.now() - timedelta(hours=1),
    )


def page_entries():
    """Keys of stored pages."""
    return [key for key in caches["pages"]._cache if f"{page_cache.PAGE_KEY_PREFIX}:" in key]


def stored(key):
    return caches["pages"].get(key.split(":", 2)[2])


# --- Served from the cache ----------------------------------------------------------------
def test_second_anonymous_request_is_a_hit_without_queries(client, django_assert_num_queries):
    first = client.get("/")
    assert first.status_code == 200
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = client.get("/")
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content


def test_cached_page_keeps_security_and_language_headers(client):
    client.get("/gioi-thieu/")
    hit = client.get("/gioi-thieu/")
    assert hit["X-Page-Cache"] == "hit"
    assert "script-src 'self'" in hit["Content-Security-Policy"]
    assert hit["Content-Language"] == "vi"
    assert hit["X-Frame-Options"] == "DENY"
    assert "camera=()" in hit["Permissions-Policy"]
    assert hit["X-Content-Type-Options"] == "nosniff"
    assert hit["Content-Type"].startswith("text/html")
    assert "Set-Cookie" not in hit.headers


def test_public_pages_ask_browsers_to_revalidate(client):
    response = client.get("/")
    cache_control = {part.strip() for part in response["Cache-Control"].split(",")}
    assert {"public", "max-age=0", "must-revalidate"} <= cache_control


def test_query_strings_are_cached_separately(client, news_category):
    make_article(news_category, "Hội nghị sơ kết quý III")
    assert "Hội nghị sơ kết quý III" in client.get("/tim-kiem/?q=hoi+nghi").content.decode()
    assert "Hội nghị sơ kết quý III" not in client.get("/tim-kiem/?q=khac").content.decode()
    assert client.get("/tim-kiem/?q=hoi+nghi")["X-Page-Cache"] == "hit"


# --- Invalidation ----------------------------------------------------------------------------
def test_published_article_is_visible_on_the_next_request(client, news_category):
    make_article(news_category, "Bài thứ nhất")
    client.get("/tin-tuc/")
    assert client.get("/tin-tuc/")["X-Page-Cache"] == "hit"

    make_article(news_category, "Trao Huy hiệu 30 năm tuổi Đảng")

    response = client.get("/tin-tuc/")
    assert "Trao Huy hiệu 30 năm tuổi Đảng" in response.content.decode()


def test_edited_and_unpublished_articles_change_at_once(client, news_category):
    article = make_article(news_category, "Tiêu đề cũ", slug="tieu-de")
    assert "Tiêu đề cũ" in client.get("/tin-tuc/tieu-de/").content.decode()
    client.get("/tin-tuc/tieu-de/")

    article.title = "Tiêu đề mới"
    article.save()
    assert "Tiêu đề mới" in client.get("/tin-tuc/tieu-de/").content.decode()

    article.status = Article.Status.DRAFT
    article.save()
    assert client.get("/tin-tuc/tieu-de/").status_code == 404


def test_category_rename_is_visible_on_the_next_request(client, news_category):
    make_article(news_category, "Bài", slug="bai")
    client.get("/tin-tuc/bai/")
    news_category.name = "Xây dựng Đảng"
    news_category.save()
    assert "Xây dựng Đảng" in client.get("/tin-tuc/bai/").content.decode()


def test_site_profile_change_is_visible_on_cached_pages(client):
    client.get("/")
    assert client.get("/")["X-Page-Cache"] == "hit"
    profile = SiteProfile.current()
    profile.name = "Đảng bộ Sở Tên Mới"
    profile.save()
    assert "Đảng bộ Sở Tên Mới" in client.get("/").content.decode()


def _cell():
    return PartyCell.objects.create(name=f"Chi bộ {uuid.uuid4().hex[:6]}")


def _member():
    return Member.objects.create(full_name="Nguyễn Văn An", admission_date=date(1990, 5, 1), cell=_cell())


CHANGES = {
    "news.Article": lambda: Article.objects.create(title="Tin mới", category=Category.objects.create(name="Tin")),
    "news.Category": lambda: Category.objects.create(name="Chuyển đổi số"),
    "members.PartyCell": _cell,
    "members.Member": _member,
    "awards.BadgeRound": lambda: BadgeRound.objects.create(date=date(2025, 9, 2)),
    "awards.BadgeAward": lambda: BadgeAward.objects.create(member=_member(), years=30, round_date=date(2025, 9, 2)),
    "awards.Commendation": lambda: Commendation.objects.create(
        cell=_cell(), form="giay_khen", title="Trong sạch, vững mạnh", year=2025, issuer="Đảng ủy Sở"
    ),
    "awards.QualityRating": lambda: QualityRating.objects.create(cell=_cell(), year=2025, level="htxsnv"),
}


@pytest.mark.parametrize("label", sorted(CHANGES))
def test_saving_or_deleting_a_public_model_drops_the_cache(label):
    before = page_cache.content_version()
    obj = CHANGES[label]()
    after_save = page_cache.content_version()
    assert after_save != before
    obj.delete()
    assert page_cache.content_version() != after_save


def test_an_unrelated_model_does_not_drop_the_cache(django_user_model):
    before = page_cache.content_version()
    django_user_model.objects.create_user(username="khach", password="mat-khau-dai-1234")
    assert page_cache.content_version() == before


def test_admin_post_drops_the_cache_for_bulk_updates(client, superuser):
    # Admin actions may use QuerySet.update(), which sends no signal.
    before = page_cache.content_version()
    client.force_login(superuser)
    response = client.post("/quan-tri/logout/")
    assert response.status_code < 400
    assert page_cache.content_version() != before


def test_scheduled_article_appears_when_its_time_comes(client, news_category):
    make_article(news_category, "Đã đăng")
    soon = timezone.now() + timedelta(seconds=1.5)
    make_article(news_category, "Hẹn giờ đăng", published_at=soon)

    first = client.get("/tin-tuc/")
    assert "Hẹn giờ đăng" not in first.content.decode()
    assert client.get("/tin-tuc/")["X-Page-Cache"] == "hit"
    [key] = page_entries()
    assert stored(key)["valid_until"] == pytest.approx(soon.timestamp())

    time.sleep(max(0.0, soon.timestamp() - time.time()) + 0.05)
    assert "Hẹn giờ đăng" in client.get("/tin-tuc/").content.decode()


def test_entries_live_the_full_ttl_without_scheduled_articles(client, news_category, settings):
    settings.PAGE_CACHE_SECONDS = 321
    make_article(news_category, "Đã đăng")
    client.get("/tin-tuc/")
    [key] = page_entries()
    assert stored(key)["valid_until"] == pytest.approx(time.time() + 321, abs=5)


# --- Never cached ------------------------------------------------------------------------------
def test_logged_in_staff_pages_are_neither_served_nor_stored(client, editor):
    anonymous = Client()
    anonymous.get("/")
    client.force_login(editor)
    staff = client.get("/")
    assert "X-Page-Cache" not in staff.headers
    assert "private" in staff["Cache-Control"]

    caches["pages"].clear()
    client.get("/")
    client.get("/gioi-thieu/")
    assert page_entries() == []


def test_draft_preview_never_enters_the_cache(client, news_category, editor):
    make_article(news_category, "Bản nháp bí mật", status=Article.Status.DRAFT, slug="nhap")
    client.force_login(editor)
    for _ in range(2):
        response = client.get("/tin-tuc/nhap/")
        assert response.status_code == 200
        assert "X-Page-Cache" not in response.headers
    assert page_entries() == []
    # Nor does the draft leak into a public page.
    assert Client().get("/tin-tuc/nhap/").status_code == 404


@pytest.mark.parametrize("method, path", [("get", "/khong-co-trang-nay/"), ("get", "/quan-tri/login/"), ("post", "/")])
def test_errors_admin_and_posts_are_not_stored(client, method, path):
    getattr(client, method)(path)
    getattr(client, method)(path)
    assert page_entries() == []


@pytest.mark.parametrize(
    "header, value", [("Cache-Control", "private"), ("Cache-Control", "no-store"), ("Set-Cookie", None)]
)
def test_private_answers_and_cookies_are_not_stored(rf, header, value):
    # Marked by the view itself (a staff preview reached by a link; a view that sets a cookie).
    def view(request):
        response = HttpResponse("riêng")
        if value:
            response[header] = value
        else:
            response.set_cookie("seen", "1")
        return response

    middleware = page_cache.PageCacheMiddleware(view)
    for _ in range(2):
        assert "X-Page-Cache" not in middleware(RequestFactory().get("/")).headers
    assert page_entries() == []


def test_a_session_cookie_bypasses_the_cache(client):
    client.get("/")
    client.cookies["sessionid"] = "abc"
    response = client.get("/")
    assert "X-Page-Cache" not in response.headers


def test_cache_can_be_turned_off(client, settings):
    settings.PAGE_CACHE_ENABLED = False
    client.get("/")
    response = client.get("/")
    assert "X-Page-Cache" not in response.headers
    assert page_entries() == []
    assert "public" in response["Cache-Control"]


# --- Conditional requests ------------------------------------------------------------------------
def test_etag_and_last_modified_give_304(client, news_category):
    make_article(news_category, "Bài", slug="bai")
    first = client.get("/tin-tuc/bai/")
    etag, last_modified = first["ETag"], first["Last-Modified"]
    assert client.get("/tin-tuc/bai/", headers={"If-None-Match": etag}).status_code == 304
    assert client.get("/tin-tuc/bai/", headers={"If-Modified-Since": last_modified}).status_code == 304
    assert client.get("/tin-tuc/rss/").status_code == 200
    rss_etag = client.get("/tin-tuc/rss/")["ETag"]
    assert client.get("/tin-tuc/rss/", headers={"If-None-Match": rss_etag}).status_code == 304


def test_changed_article_no_longer_matches_the_old_etag(client, news_category):
    article = make_article(news_category, "Bài", slug="bai")
    etag = client.get("/tin-tuc/bai/")["ETag"]
    article.title = "Bài đã sửa"
    article.save()
    response = client.get("/tin-tuc/bai/", headers={"If-None-Match": etag})
    assert response.status_code == 200
    assert "Bài đã sửa" in response.content.decode()


# --- View counts -----------------------------------------------------------------------------------
def test_views_served_from_the_cache_are_counted(client, news_category):
    article = make_article(news_category, "Bài được đọc nhiều", slug="doc-nhieu")
    responses = [client.get("/tin-tuc/doc-nhieu/") for _ in range(3)]
    assert [r["X-Page-Cache"] for r in responses] == ["miss", "hit", "hit"]

    assert view_counter.flush() == 1
    article.refresh_from_db()
    assert article.view_count == 3


def test_counts_are_flushed_every_few_seconds(client, news_category, settings):
    article = make_article(news_category, "Bài", slug="bai")
    settings.PAGE_VIEW_FLUSH_SECONDS = 0
    client.get("/tin-tuc/bai/")
    client.get("/tin-tuc/bai/")
    article.refresh_from_db()
    assert article.view_count == 2


def test_bots_staff_and_other_pages_are_not_counted(client, news_category, editor):
    make_article(news_category, "Bài", slug="bai")
    client.get("/tin-tuc/bai/", headers={"User-Agent": "Googlebot/2.1"})
    client.get("/tin-tuc/")
    staff = Client()
    staff.force_login(editor)
    staff.get("/tin-tuc/bai/")
    assert view_counter.pending() == {}


def test_writing_view_counts_keeps_the_cache(client, news_category):
    make_article(news_category, "Bài", slug="bai")
    client.get("/tin-tuc/bai/")
    before = page_cache.content_version()
    assert view_counter.flush() == 1
    assert page_cache.content_version() == before
    assert client.get("/tin-tuc/bai/")["X-Page-Cache"] == "hit"


# --- Several workers and Redis ---------------------------------------------------------------------
def test_a_bump_in_another_process_reaches_this_one(settings):
    # gunicorn workers do not share local memory: the version lives in a file under VAR_DIR.
    before = page_cache.content_version()
    env = {**os.environ, "PARTYSITE_VAR_DIR": str(settings.VAR_DIR), "DJANGO_SETTINGS_MODULE": "partysite.settings"}
    env.pop("CACHE_URL", None)
    env.pop("REDIS_URL", None)
    code = "import django; django.setup(); from core.cache import bump_content_version; bump_content_version()"
    subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=env, check=True, timeout=60)
    assert page_cache.content_version() != before


def test_version_never_repeats_within_one_second():
    versions = {page_cache.content_version()}
    for _ in range(3):
        page_cache.bump_content_version()
        versions.add(page_cache.content_version())
    assert len(versions) == 4


def test_redis_backend_keeps_the_version_in_redis_and_serves_hits(client, redis_caches, news_category):
    import redis

    make_article(news_category, "Bài đầu", slug="bai-dau")
    client.get("/tin-tuc/")
    assert client.get("/tin-tuc/")["X-Page-Cache"] == "hit"
    assert any(b"content-version" in key for key in redis.Redis.from_url(redis_caches.url).scan_iter())

    before = page_cache.content_version()
    make_article(news_category, "Bài mới trên Redis")
    assert page_cache.content_version() != before
    assert "Bài mới trên Redis" in client.get("/tin-tuc/").content.decode()


def test_an_unreachable_redis_degrades_to_uncached_pages(client, redis_caches, news_category):
    redis_caches.kill()
    assert page_cache.content_version() is None
    make_article(news_category, "Vẫn lưu được khi Redis ngừng")  # the save bumps, and must not fail
    response = client.get("/tin-tuc/")
    assert response.status_code == 200
    assert "X-Page-Cache" not in response.headers
    assert "Vẫn lưu được khi Redis ngừng" in response.content.decode()
