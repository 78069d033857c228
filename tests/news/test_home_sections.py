"""The home page's sections select exactly what the ORM's published() selects, and follow it when it changes."""

import datetime as dt

import pytest
from django.utils import timezone

from news.home import BLOCK_SIZE, LATEST_COUNT, home_sections
from news.models import Article

from .factories import ArticleFactory, CategoryFactory

pytestmark = pytest.mark.django_db

STATUSES = [Article.Status.DRAFT, Article.Status.REVIEW, Article.Status.PUBLISHED, Article.Status.ARCHIVED]


def orm_sections():
    """The same sections written plainly with the ORM: what home_sections() must return."""
    from news.models import Category

    published = Article.objects.published().order_by("-published_at", "-id")
    newest = list(published[: LATEST_COUNT + 1])
    featured = published.filter(is_featured=True).first() or (newest[0] if newest else None)
    blocks = [
        (category.pk, [a.pk for a in published.filter(category=category)[:BLOCK_SIZE]])
        for category in Category.objects.filter(show_in_menu=True)
    ]
    return {
        "featured": featured.pk if featured else None,
        "latest": [a.pk for a in newest if a.pk != featured.pk][:LATEST_COUNT] if featured else [],
        "blocks": [(pk, ids) for pk, ids in blocks if ids],
    }


def as_ids(sections):
    return {
        "featured": sections["featured"].pk if sections["featured"] else None,
        "latest": [a.pk for a in sections["latest"]],
        "blocks": [(b["category"].pk, [a.pk for a in b["articles"]]) for b in sections["category_blocks"]],
    }


def test_empty_site_has_no_sections():
    CategoryFactory(name="Tin tức")
    assert home_sections() == {"featured": None, "latest": [], "category_blocks": []}


def test_every_status_schedule_and_menu_flag_agree_with_the_orm():
    now = timezone.now()
    in_menu = [CategoryFactory(name=f"Chuyên mục {i}", order=i) for i in range(3)]
    hidden = CategoryFactory(name="Ẩn", show_in_menu=False)
    categories = [*in_menu, hidden]
    # Every status, past and future times (scheduled), featured and not, two sharing one
    # publication time (the id breaks the tie), a category with fewer than BLOCK_SIZE.
    for i in range(40):
        ArticleFactory(
            category=categories[i % 4] if i < 36 else in_menu[2] if i % 2 else in_menu[0],
            status=STATUSES[i % 4] if i % 5 else Article.Status.PUBLISHED,
            published_at=now + dt.timedelta(hours=(3 if i % 7 == 0 else -i)),
            is_featured=i in (6, 13, 20),
        )
    same_time = now - dt.timedelta(minutes=30)
    ArticleFactory(category=in_menu[1], published_at=same_time)
    ArticleFactory(category=in_menu[1], published_at=same_time)
    expected = orm_sections()
    assert expected["blocks"], "the data must give some blocks"
    assert as_ids(home_sections()) == expected


def test_newest_story_is_featured_when_none_is_marked():
    category = CategoryFactory(name="Tin tức")
    older = ArticleFactory(category=category, published_at=timezone.now() - dt.timedelta(days=2))
    newer = ArticleFactory(category=category, published_at=timezone.now() - dt.timedelta(days=1))
    sections = home_sections()
    assert sections["featured"] == newer
    assert sections["latest"] == [older]


def test_a_scheduled_featured_story_waits_for_its_time():
    category = CategoryFactory(name="Tin tức")
    current = ArticleFactory(category=category, is_featured=True, published_at=timezone.now() - dt.timedelta(days=1))
    ArticleFactory(category=category, is_featured=True, published_at=timezone.now() + dt.timedelta(hours=1))
    assert home_sections()["featured"] == current


def test_a_category_block_holds_its_newest_articles_in_order():
    category = CategoryFactory(name="Tin tức")
    made = [ArticleFactory(category=category, published_at=timezone.now() - dt.timedelta(hours=h)) for h in range(1, 8)]
    block = home_sections()["category_blocks"][0]
    assert block["category"] == category
    assert block["articles"] == made[:BLOCK_SIZE]


def test_a_change_to_published_reaches_the_home_sections(monkeypatch):
    from news import home as public
    from news.models import ArticleQuerySet

    kept = ArticleFactory(title="Tin vẫn hiện", is_featured=True)
    hidden = ArticleFactory(title="Tin bị ẩn")
    original = ArticleQuerySet.published
    monkeypatch.setattr(
        ArticleQuerySet, "published", lambda self, now=None: original(self, now).exclude(title__startswith="Tin bị")
    )
    public._sections_sql.cache_clear()  # the SQL is generated once per process
    try:
        sections = home_sections()
    finally:
        public._sections_sql.cache_clear()
    shown = {sections["featured"].pk, *(a.pk for a in sections["latest"])}
    assert kept.pk in shown and hidden.pk not in shown
