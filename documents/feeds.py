"""RSS of the newest public documents (the same ``public()`` as every page)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Rss201rev2Feed

from core.models import SiteProfile

from .models import Document

FEED_SIZE = 20


class LatestDocumentsFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def title(self):
        return f"Văn bản – {SiteProfile.current().name}"

    def link(self):
        return reverse("documents:list")

    def description(self):
        return f"Văn bản mới đăng của {SiteProfile.current().name}"

    def feed_url(self):
        return reverse("documents:rss")

    def items(self):
        return Document.objects.public().for_lists().order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return f"{item.get_doc_type_display()} số {item.number} ({item.issued_on:%d/%m/%Y})"

    def item_description(self, item):
        return f"{item.summary} – {item.issuer.name}"

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_categories(self, item):
        return [item.get_doc_type_display(), item.issuer.name]
