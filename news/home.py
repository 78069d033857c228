"""What the home page shows from the news app: a featured story, the latest, a block per menu category.

Two queries whatever the number of articles or categories: the menu categories, then the articles
of every section at once: ``id IN (newest 7 UNION ALL newest featured UNION ALL newest 4 of
category 1 UNION ALL …)``, each a small LIMITed queryset of ``published()`` that walks an index
for a few rows. Each section is then the head of that union in Python: the newest featured story overall
is the newest featured one among them, and so on.

Compiling that queryset costs Django several times what SQLite needs to run it, so its SQL is
generated from the queryset once per process (per number of categories) and run with each
call's time and category ids: a change to ``published()`` still reaches it (bench/README.md).
"""

import datetime as dt
from functools import lru_cache

from django.db import connection
from django.db.models.expressions import RawSQL
from django.utils import timezone

from news.models import Article, Category

LATEST_COUNT = 6
BLOCK_SIZE = 4

# Stand-ins compiled into the SQL, replaced by each call's values: a time no article has, and
# category ids no category has.
_NOW = dt.datetime(1901, 2, 3, 4, 5, 6, tzinfo=dt.UTC)


def _category_mark(index: int) -> int:
    return -1 - index


def _newest_ids(published, limit):
    return published.order_by("-published_at", "-id").values("pk")[:limit]


@lru_cache(maxsize=32)
def _sections_sql(vendor: str, category_count: int) -> tuple[str, tuple]:
    """The ids of every section: each branch a LIMITed queryset of ``published()``, joined by
    UNION ALL (each in a derived table, where SQLite allows LIMIT). Not ``id IN (…) OR id IN (…)``:
    PostgreSQL cannot turn an OR of subqueries into a join and reads the whole article table."""
    published = Article.objects.published(now=_NOW)
    branches = [
        _newest_ids(published, LATEST_COUNT + 1),
        _newest_ids(published.filter(is_featured=True), 1),
        *(_newest_ids(published.filter(category_id=_category_mark(i)), BLOCK_SIZE) for i in range(category_count)),
    ]
    sqls, params = [], []
    for index, branch in enumerate(branches):
        sql, branch_params = branch.query.sql_with_params()
        sqls.append(f"SELECT * FROM ({sql}) AS section{index}")
        params.extend(branch_params)
    return " UNION ALL ".join(sqls), tuple(params)


def _sections_ids(category_ids: list[int]) -> RawSQL:
    sql, params = _sections_sql(connection.vendor, len(category_ids))
    now_mark = connection.ops.adapt_datetimefield_value(_NOW)
    now = connection.ops.adapt_datetimefield_value(timezone.now())
    values = {now_mark: now, **{_category_mark(i): pk for i, pk in enumerate(category_ids)}}
    return RawSQL(
        sql, [values.get(param, param) if isinstance(param, (str, int, dt.datetime)) else param for param in params]
    )


def home_sections() -> dict:
    categories = list(Category.objects.filter(show_in_menu=True))
    # No ORDER BY in SQL; a few dozen rows are sorted here.
    found = Article.objects.for_lists().filter(pk__in=_sections_ids([c.pk for c in categories])).order_by()
    newest = sorted(found, key=lambda a: (a.published_at, a.pk), reverse=True)

    # The newest featured story, or the newest story.
    featured = next((a for a in newest if a.is_featured), newest[0] if newest else None)
    latest = [a for a in newest if a is not featured][:LATEST_COUNT]
    by_category: dict[int, list] = {}
    for article in newest:
        by_category.setdefault(article.category_id, []).append(article)
    blocks = [
        {"category": category, "articles": by_category[category.pk][:BLOCK_SIZE]}
        for category in categories
        if by_category.get(category.pk)
    ]
    return {"featured": featured, "latest": latest, "category_blocks": blocks}
