"""What the home page shows from the news app: a featured story, the latest, a block per menu category.

Two queries whatever the number of articles or categories: the menu categories, then the articles
of every section at once: ``id IN (newest 7) OR id IN (newest featured) OR id IN (newest 4 of
category 1) OR …``, each a small LIMITed subquery of ``published()`` that walks an index for a few
rows. Each section is then the head of that union in Python: the newest featured story overall
is the newest featured one among them, and so on (bench/README.md has the measurements).
"""

from django.db.models import Q

from .models import Article, Category

LATEST_COUNT = 6
BLOCK_SIZE = 4


def _newest_ids(published, limit):
    return published.order_by("-published_at", "-id").values("pk")[:limit]


def home_sections() -> dict:
    categories = list(Category.objects.filter(show_in_menu=True))
    published = Article.objects.published()
    wanted = Q(pk__in=_newest_ids(published, LATEST_COUNT + 1)) | Q(pk__in=_newest_ids(
        published.filter(is_featured=True), 1))
    for category in categories:
        wanted |= Q(pk__in=_newest_ids(published.filter(category_id=category.pk), BLOCK_SIZE))
    # No ORDER BY in SQL (it would sort the whole article table's index); a few dozen rows here.
    found = Article.objects.for_lists().filter(wanted).order_by()
    newest = sorted(found, key=lambda a: (a.published_at, a.pk), reverse=True)

    # The newest featured story, or the newest story.
    featured = next((a for a in newest if a.is_featured), newest[0] if newest else None)
    latest = [a for a in newest if a is not featured][:LATEST_COUNT]
    by_category: dict[int, list] = {}
    for article in newest:
        by_category.setdefault(article.category_id, []).append(article)
    blocks = [
        {"category": category, "articles": by_category[category.pk][:BLOCK_SIZE]}
        for category in categories if by_category.get(category.pk)
    ]
    return {"featured": featured, "latest": latest, "category_blocks": blocks}
