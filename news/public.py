"""What the home page shows from the news app: a featured story, the latest, a block per menu category.

Three queries whatever the number of articles or categories: the menu categories, the ids of
every section in one UNION ALL of small LIMITed selects (each walks an index for a few rows),
and the articles of those ids. Two designs measured worse at 10,000 articles:
- one queryset per section (11 at 8 categories): Django spends about 1 ms compiling each
  queryset, which was two thirds of the page's time;
- one ROW_NUMBER() over every article: it ranks all of them, 126 ms on SQLite.
"""

from django.db import connection
from django.utils import timezone

from .models import Article, Category

LATEST_COUNT = 6
BLOCK_SIZE = 4

_LATEST, _FEATURED = -1, -2  # section tags beside the category ids


def _section_sql(category_count: int) -> str:
    """The UNION ALL: (section, article id) rows, at most LATEST_COUNT + 1 newest, the newest
    featured story, BLOCK_SIZE per category. Written by hand because the ORM compiles each
    branch on every call; it must select what ``ArticleQuerySet.published()`` selects, and
    tests/news/test_home_sections.py checks the two agree on every status and on scheduled rows."""
    table = connection.ops.quote_name(Article._meta.db_table)
    published = "status = %s AND published_at <= %s"
    order = "ORDER BY published_at DESC, id DESC"

    def branch(tag: str, condition: str, limit: int, alias: str) -> str:
        return (f"SELECT {tag} AS section, id FROM (SELECT id FROM {table} "
                f"WHERE {published}{condition} {order} LIMIT {limit}) AS {alias}")

    branches = [
        branch(str(_LATEST), "", LATEST_COUNT + 1, "latest"),
        branch(str(_FEATURED), " AND is_featured", 1, "featured"),
        *(branch("%s", " AND category_id = %s", BLOCK_SIZE, f"block{i}") for i in range(category_count)),
    ]
    return " UNION ALL ".join(branches)


def _section_params(category_ids: list[int], now) -> list:
    status, now = Article.Status.PUBLISHED, connection.ops.adapt_datetimefield_value(now)
    params = [status, now, status, now]
    for category_id in category_ids:
        params += [category_id, status, now, category_id]
    return params


def _newest_first(articles):
    return sorted(articles, key=lambda a: (a.published_at, a.pk), reverse=True)


def home_sections() -> dict:
    categories = list(Category.objects.filter(show_in_menu=True))
    with connection.cursor() as cursor:
        cursor.execute(_section_sql(len(categories)), _section_params([c.pk for c in categories], timezone.now()))
        rows = cursor.fetchall()
    articles = Article.objects.for_lists().in_bulk({article_id for _, article_id in rows})
    sections: dict[int, list] = {}
    for section, article_id in rows:
        sections.setdefault(section, []).append(articles[article_id])

    newest = _newest_first(sections.get(_LATEST, []))
    # The newest featured story, or the newest story.
    featured = (sections.get(_FEATURED) or newest or [None])[0]
    latest = [a for a in newest if a.pk != featured.pk][:LATEST_COUNT] if featured else []
    blocks = [
        {"category": category, "articles": _newest_first(sections[category.pk])}
        for category in categories if sections.get(category.pk)
    ]
    return {"featured": featured, "latest": latest, "category_blocks": blocks}
