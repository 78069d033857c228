"""What the home page shows from the news app: a featured story, the latest, a block per menu category.

Queries do not grow with the number of articles: the featured story and the latest come from
the publication-order indexes, and each menu category's block is one small query on the
(category, status, published_at) index. One ROW_NUMBER() query over every article did the
blocks at once but had to rank all of them: 126 ms at 10,000 articles on SQLite.
"""

from .models import Article, Category

LATEST_COUNT = 6
BLOCK_SIZE = 4


def home_sections() -> dict:
    published = Article.objects.published().for_lists()
    newest = list(published.order_by("-published_at", "-id")[: LATEST_COUNT + 1])
    # The newest featured story (a partial index of featured articles), or the newest story.
    featured = published.filter(is_featured=True).order_by("-published_at", "-id").first() if newest else None
    featured = featured or (newest[0] if newest else None)
    latest = [a for a in newest if a.pk != featured.pk][:LATEST_COUNT] if featured else []
    blocks = []
    for category in Category.objects.filter(show_in_menu=True):
        articles = list(published.filter(category=category).order_by("-published_at", "-id")[:BLOCK_SIZE])
        if articles:
            blocks.append({"category": category, "articles": articles})
    return {"featured": featured, "latest": latest, "category_blocks": blocks}
