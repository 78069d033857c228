"""News as a source of citations (core.citations): articles cite library documents.

Registered in NewsConfig.ready(). The library asks which of the citing articles are public
(``describe``) and asks to re-link articles when a document they cite changes (``relink``).
"""

from django.db.models.signals import post_delete
from django.utils import timezone

from core import citations

from .models import Article

SOURCE = "news.article"


def describe(ids: list[int]) -> list[citations.CitingItem]:
    articles = Article.objects.published().filter(pk__in=ids).only("title", "slug", "published_at").order_by()
    return [citations.CitingItem(a.title, a.get_absolute_url(), timezone.localtime(a.published_at)) for a in articles]


def relink(ids: list[int]) -> None:
    """Recompute the linked body only: no new history entry, no change of ``updated_at``."""
    for article in Article.objects.filter(pk__in=ids).only("id", "body", "body_linked"):
        article.link_citations()
        Article.objects.filter(pk=article.pk).update(body_linked=article.body_linked)
        citations.record(SOURCE, article.pk, article._cited)


def _forget(sender, instance, **kwargs):
    citations.forget(SOURCE, instance.pk)


def register() -> None:
    citations.register_source(SOURCE, describe=describe, relink=relink)
    post_delete.connect(_forget, sender=Article, dispatch_uid="news-citations-forget")
