"""Public news pages: list with filters, category, article page with sharing metadata, feeds."""

import datetime as dt
import json
import re

import feedparser
import pytest
from django.urls import reverse
from django.utils import timezone

from news.models import Article

from .factories import ArticleFactory, CategoryFactory, image_upload

pytestmark = pytest.mark.django_db


def test_list_is_paginated_newest_first(client):
    ArticleFactory.create_batch(14)
    first = client.get(reverse("news:list"))
    assert len(first.context["articles"]) == 12
    dates = [a.published_at for a in first.context["articles"]]
    assert dates == sorted(dates, reverse=True)
    assert len(client.get(reverse("news:list"), {"page": 2}).context["articles"]) == 2


@pytest.mark.parametrize("page", ["3", "0", "-1", "abc", "1e9", "99999999999999999999"])
def test_bad_page_numbers_are_404_not_500(client, page):
    ArticleFactory.create_batch(3)
    assert client.get(reverse("news:list"), {"page": page}).status_code == 404


def test_list_filters_by_category_and_year(client):
    events = CategoryFactory(name="Sự kiện")
    other = CategoryFactory(name="Học tập")
    this_year = timezone.now().year
    ArticleFactory(title="Sự kiện năm nay", category=events)
    ArticleFactory(title="Sự kiện năm trước", category=events, published_at=timezone.now().replace(year=this_year - 1))
    ArticleFactory(title="Học tập năm nay", category=other)
    response = client.get(reverse("news:list"), {"chuyen_muc": "su-kien", "nam": str(this_year)})
    assert [a.title for a in response.context["articles"]] == ["Sự kiện năm nay"]
    html = response.content.decode()
    assert f'<option value="{this_year - 1}">{this_year - 1}</option>' in html
    assert "chuyen_muc=su-kien&amp;nam=" in html or "Trang 1" not in html


def test_unknown_category_or_year_in_the_list_gives_a_clear_message(client):
    ArticleFactory(title="Tin thật")
    response = client.get(reverse("news:list"), {"chuyen_muc": "khong-co", "nam": "1800"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Không có chuyên mục này." in html and "Không có tin nào đăng trong năm này." in html


def test_unknown_category_page_is_404(client):
    assert client.get(reverse("news:category", args=["khong-co"])).status_code == 404


def test_category_page_lists_its_own_articles(client):
    mine = CategoryFactory(name="Xây dựng Đảng", description="Tin về công tác xây dựng Đảng.")
    ArticleFactory(title="Tin của chuyên mục", category=mine)
    ArticleFactory(title="Tin chuyên mục khác")
    response = client.get(mine.get_absolute_url())
    assert mine.get_absolute_url() == "/chuyen-muc/xay-dung-dang/"
    assert [a.title for a in response.context["articles"]] == ["Tin của chuyên mục"]
    assert "Tin về công tác xây dựng Đảng." in response.content.decode()


def test_unknown_article_is_404(client):
    assert client.get(reverse("news:article", args=["khong-co-bai-nay"])).status_code == 404


@pytest.fixture
def article_with_cover():
    category = CategoryFactory(name="Sự kiện")
    article = ArticleFactory(
        title="Lễ trao Huy hiệu 30 năm tuổi Đảng",
        summary="Đảng ủy trao Huy hiệu cho 5 đồng chí.",
        category=category,
        byline="Chi bộ BCXB",
        cover_image=image_upload(size=(1200, 800)),
        cover_caption="Đồng chí Bí thư trao Huy hiệu",
        cover_alt="Bí thư trao huy hiệu cho đảng viên",
        published_at=timezone.make_aware(dt.datetime(2026, 2, 3, 9, 30)),
    )
    ArticleFactory.create_batch(5, category=category)
    return article


def test_article_page_shows_cover_caption_byline_date_and_views(client, article_with_cover):
    # Readings are written in batches by the page cache's counter; the page shows what is stored.
    Article.objects.filter(pk=article_with_cover.pk).update(view_count=41)
    response = client.get(article_with_cover.get_absolute_url())
    html = response.content.decode()
    a = article_with_cover
    assert f'srcset="{a.cover_thumb.url} 480w, {a.cover_webp.url} 960w"' in html
    # The cover is above the fold: loaded at once (it is the page's largest paint); cards are lazy.
    assert 'width="1200" height="800"' in html and 'loading="eager"' in html and 'fetchpriority="high"' in html
    assert 'alt="Bí thư trao huy hiệu cho đảng viên"' in html
    assert "<figcaption>Đồng chí Bí thư trao Huy hiệu</figcaption>" in html
    assert '<p class="byline">Chi bộ BCXB</p>' in html
    assert ">03/02/2026</time>" in html
    assert "Lượt xem: 41" in html
    assert len(response.context["related"]) == 4
    assert a not in response.context["related"]


def test_article_page_carries_sharing_metadata(client, article_with_cover):
    a = article_with_cover
    html = client.get(a.get_absolute_url()).content.decode()
    url = f"http://testserver{a.get_absolute_url()}"
    assert f'<link rel="canonical" href="{url}">' in html
    assert f'<meta property="og:url" content="{url}">' in html
    assert '<meta property="og:title" content="Lễ trao Huy hiệu 30 năm tuổi Đảng">' in html
    assert '<meta property="og:description" content="Đảng ủy trao Huy hiệu cho 5 đồng chí.">' in html
    assert f'<meta property="og:image" content="http://testserver{a.cover_image.url}">' in html
    assert '<meta name="twitter:card" content="summary_large_image">' in html
    data = json.loads(re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S).group(1))
    assert data["@type"] == "NewsArticle" and data["headline"] == a.title
    assert data["image"] == [f"http://testserver{a.cover_image.url}"]
    assert data["datePublished"].startswith("2026-02-03T09:30:00")


def test_json_ld_cannot_be_closed_by_a_title():
    article = ArticleFactory(title="</script><script>alert(1)</script>")
    from django.test import Client

    html = Client().get(article.get_absolute_url()).content.decode()
    assert "<script>alert(1)" not in html


def test_view_count_counts_readers_and_not_staff_previews(client, publisher):
    # Pages served from the page cache are counted too (news.view_counts); counts are written in batches.
    from news.view_counts import view_counter

    article = ArticleFactory()
    for _ in range(3):
        client.get(article.get_absolute_url())
    client.force_login(publisher)
    client.get(article.get_absolute_url())
    view_counter.flush()
    article.refresh_from_db()
    assert article.view_count == 3


def test_home_shows_featured_latest_and_category_blocks(client):
    events = CategoryFactory(name="Sự kiện", order=1)
    hidden_menu = CategoryFactory(name="Lưu hành nội bộ", show_in_menu=False)
    featured = ArticleFactory(
        title="Tin nổi bật cũ hơn",
        category=events,
        is_featured=True,
        published_at=timezone.now() - dt.timedelta(days=5),
    )
    ArticleFactory.create_batch(6, category=events)
    ArticleFactory(title="Tin ngoài trình đơn", category=hidden_menu)
    response = client.get("/")
    ctx = response.context
    assert ctx["featured"] == featured
    assert len(ctx["latest"]) == 6 and featured not in ctx["latest"]
    assert [b["category"] for b in ctx["category_blocks"]] == [events]
    assert len(ctx["category_blocks"][0]["articles"]) == 4
    html = response.content.decode()
    assert "Tin nổi bật cũ hơn" in html and 'href="/chuyen-muc/su-kien/"' in html
    # The menu shows menu categories only.
    nav = html.split('<nav class="site-nav"', 1)[1].split("</nav>", 1)[0]
    assert "Sự kiện" in nav and "Lưu hành nội bộ" not in nav


def test_home_without_articles_says_so(client):
    assert "Chưa có tin bài." in client.get("/").content.decode()


@pytest.mark.parametrize(
    "name, content_type", [("news:rss", "application/rss+xml"), ("news:atom", "application/atom+xml")]
)
def test_feeds_are_valid_xml_with_the_latest_20(client, name, content_type):
    ArticleFactory.create_batch(23)
    newest = ArticleFactory(title="Tin mới nhất & đầy đủ <dấu>", published_at=timezone.now())
    response = client.get(reverse(name))
    assert response["Content-Type"].startswith(content_type)
    parsed = feedparser.parse(response.content)
    assert parsed.bozo == 0
    assert len(parsed.entries) == 20
    assert parsed.entries[0].title == newest.title
    assert parsed.entries[0].link == f"http://testserver{newest.get_absolute_url()}"


def test_sitemap_lists_published_articles_categories_and_list(client):
    article = ArticleFactory(title="Tin trong sơ đồ")
    xml = client.get("/sitemap.xml").content.decode()
    assert f"http://testserver{article.get_absolute_url()}" in xml
    assert f"http://testserver{article.category.get_absolute_url()}" in xml
    assert "http://testserver/tin-tuc/</loc>" in xml
    assert "<lastmod>" in xml


def test_pages_link_the_feeds_for_readers(client):
    html = client.get(reverse("news:list")).content.decode()
    assert 'type="application/rss+xml"' in html and 'href="/tin-tuc/rss/"' in html


def test_cached_cards_follow_a_change_on_the_next_request(client, no_page_cache):
    # Cards are kept per content version (news/includes/card.html): a rename must show at once.
    article = ArticleFactory(title="Hội nghị sơ kết quý I")
    assert "Hội nghị sơ kết quý I" in client.get(reverse("news:list")).content.decode()
    article.title = "Hội nghị sơ kết quý I năm 2026"
    article.save()
    category = article.category
    category.name = "Chuyên mục đổi tên"
    category.save()
    html = client.get(reverse("news:list")).content.decode()
    assert "Hội nghị sơ kết quý I năm 2026" in html and "Chuyên mục đổi tên" in html


def test_year_filter_offers_every_year_from_the_first_to_the_latest_publication():
    from news.forms import _year_choices

    assert _year_choices() == []
    category = CategoryFactory(name="Sự kiện năm")
    at = lambda y: timezone.make_aware(dt.datetime(y, 6, 1, 8, 0))  # noqa: E731
    ArticleFactory(category=category, published_at=at(2019))
    ArticleFactory(category=category, published_at=at(2022))
    ArticleFactory(category=category, published_at=at(2016), status=Article.Status.DRAFT)
    ArticleFactory(category=category, published_at=timezone.now() + dt.timedelta(days=400))  # scheduled
    assert _year_choices() == [(str(y), str(y)) for y in (2022, 2021, 2020, 2019)]
