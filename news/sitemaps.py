"""Sitemaps of published news and categories (merged into /sitemap.xml by partysite.sitemaps)."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Article, Category


class ArticleSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.7
    limit = 5000

    def items(self):
        return Article.objects.published().only("slug", "updated_at", "published_at").order_by("-published_at", "-id")

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self):
        return Category.objects.all()


class NewsIndexSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.6

    def items(self):
        return ["news:list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"news-index": NewsIndexSitemap, "news": ArticleSitemap, "categories": CategorySitemap}
