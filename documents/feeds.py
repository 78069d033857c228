"""RSS of the newest public documents (the same ``public()`` as every page)."""

from core.feeds import SiteFeed

from .models import Document


class LatestDocumentsFeed(SiteFeed):
    title_format = "Văn bản – {site}"
    description_format = "Văn bản mới đăng của {site}"
    link_name = "documents:list"
    feed_url_name = "documents:rss"

    def public_items(self):
        return Document.objects.public().for_lists()

    def item_title(self, item):
        return f"{item.get_doc_type_display()} số {item.number} ({item.issued_on:%d/%m/%Y})"

    def item_description(self, item):
        return f"{item.summary} – {item.issuer.name}"

    def item_categories(self, item):
        return [item.get_doc_type_display(), item.issuer.name]
