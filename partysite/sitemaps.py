"""Sitemaps of the public pages. Never lists anything about members."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse


class StaticPagesSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["home", "about"]

    def location(self, item):
        return reverse(item)


def _app_sitemaps():
    from documents.sitemaps import SITEMAPS as documents_sitemaps
    from news.sitemaps import SITEMAPS as news_sitemaps

    return {**news_sitemaps, **documents_sitemaps}


SITEMAPS = {"pages": StaticPagesSitemap, **_app_sitemaps()}
