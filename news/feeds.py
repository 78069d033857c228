"""RSS 2.0 and Atom feeds of the latest 20 published articles (the same `published()` as every page)."""

from django.contrib.syndication.views import Feed
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed, Rss201rev2Feed

from core.models import SiteProfile

from .models import Article

FEED_SIZE = 20


class LatestArticlesFeed(Feed):
    feed_type = Rss201rev2Feed
    language = "vi"

    def title(self):
        return f"Tin tức – {SiteProfile.current().name}"

    def link(self):
        return reverse("news:list")

    def description(self):
        return f"Tin bài mới nhất của {SiteProfile.current().name}"

    def feed_url(self):
        return reverse("news:rss")

    def items(self):
        return Article.objects.published().for_lists().order_by("-published_at", "-id")[:FEED_SIZE]

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_link(self, item):
        return item.get_absolute_url()

    def item_pubdate(self, item):
        return item.published_at

    def item_updateddate(self, item):
        return item.updated_at

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed

    def feed_url(self):
        return reverse("news:atom")

    def subtitle(self):
        return self.description()
