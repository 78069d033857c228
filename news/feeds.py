"""RSS 2.0 and Atom feeds of the latest 20 published articles (the same `published()` as every page)."""

from django.utils.feedgenerator import Atom1Feed

from core.feeds import SiteFeed

from .models import Article


class LatestArticlesFeed(SiteFeed):
    title_format = "Tin tức – {site}"
    description_format = "Tin bài mới nhất của {site}"
    link_name = "news:list"
    feed_url_name = "news:rss"

    def public_items(self):
        return Article.objects.published().for_lists()

    def item_title(self, item):
        return item.title

    def item_description(self, item):
        return item.summary

    def item_author_name(self, item):
        return item.byline or None

    def item_categories(self, item):
        return [item.category.name]


class LatestArticlesAtomFeed(LatestArticlesFeed):
    feed_type = Atom1Feed
    feed_url_name = "news:atom"

    def subtitle(self):
        return self.description()
