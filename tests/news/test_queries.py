"""Each public news page runs a fixed number of queries, whatever the number of articles."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from news.home import home_sections

from .factories import ArticleFactory, CategoryFactory, image_upload

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture(params=[5, 50], ids=["5-articles", "50-articles"])
def articles(request):
    categories = [CategoryFactory(name=f"Chuyên mục {i}") for i in range(3)]
    made = [
        ArticleFactory(
            category=categories[i % 3],
            is_featured=(i == 0),
            cover_image=image_upload(size=(64, 40)) if i < 3 else "",
            cover_caption="Ảnh",
        )
        for i in range(request.param)
    ]
    # Warm the site profile cache as every request after the first finds it.
    from core.models import SiteProfile

    SiteProfile.current()
    return made


# (url builder, queries): the site profile, and the header and footer (with the menu), are
# cached per content version after the first request.
PAGES = {
    # menu categories, the articles of every section (one query), and the honours block
    "home": (lambda a: "/", 3),
    # count, page, category choices, newest and oldest publication (the years)
    "list": (lambda a: reverse("news:list"), 5),
    # + category lookup and the filter's validation of the chosen category
    "list-filtered": (lambda a: reverse("news:list") + f"?chuyen_muc={a[0].category.slug}", 6),
    # category, count, page
    "category": (lambda a: a[0].category.get_absolute_url(), 3),
    # article, related (readings are counted by the page cache middleware, in batches)
    "detail": (lambda a: a[0].get_absolute_url(), 2),
    # count, page; the documents group (core.search_groups)
    "search": (lambda a: reverse("news:search") + "?q=dang+bo", 3),
    "rss": (lambda a: reverse("news:rss"), 1),
    "atom": (lambda a: reverse("news:atom"), 1),
    # articles (count + page), categories (count + page), documents (count; no page when none)
    "sitemap": (lambda a: "/sitemap.xml", 5),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_articles(client, articles, page, django_assert_num_queries):
    url_for, expected = PAGES[page]
    url = url_for(articles)
    client.get("/gioi-thieu/")  # another page renders (and caches) the header and footer
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200


def test_home_sections_query_count_is_fixed(articles, django_assert_num_queries):
    # menu categories, the articles of every section: not one per category
    with django_assert_num_queries(2):
        sections = home_sections()
    # Touching what the template touches must not query again.
    with CaptureQueriesContext(connection) as ctx:
        for block in sections["category_blocks"]:
            [a.category.name for a in block["articles"]]
        [a.category.name for a in sections["latest"]]
    assert len(ctx.captured_queries) == 0
