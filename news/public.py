"""What the home page shows from the news app: a featured story, the latest, a block per menu category.

A fixed number of queries whatever the number of articles or categories: the category blocks come
from one query with ROW_NUMBER() per category (Django filters on window functions since 4.2).
"""

from django.db.models import F, Window
from django.db.models.functions import RowNumber

from .models import Article, Category

LATEST_COUNT = 6
BLOCK_SIZE = 4


def home_sections() -> dict:
    published = Article.objects.published().for_lists()
    # The newest featured story, or the newest story when none is featured.
    featured = published.order_by("-is_featured", "-published_at", "-id").first()
    latest = []
    if featured:
        latest = list(published.exclude(pk=featured.pk).order_by("-published_at", "-id")[:LATEST_COUNT])
    categories = list(Category.objects.filter(show_in_menu=True))
    ranked = (
        published.filter(category__show_in_menu=True)
        .annotate(rank=Window(RowNumber(), partition_by=[F("category_id")],
                              order_by=[F("published_at").desc(), F("id").desc()]))
        .filter(rank__lte=BLOCK_SIZE)
        .order_by("category_id", "rank")
    )
    by_category = {}
    for article in ranked if categories else []:
        by_category.setdefault(article.category_id, []).append(article)
    blocks = [{"category": c, "articles": by_category[c.pk]} for c in categories if c.pk in by_category]
    return {"featured": featured, "latest": latest, "category_blocks": blocks}
