"""Sitemap of public documents (merged into /sitemap.xml by partysite.sitemaps). Never internal ones."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from .models import Document


class DocumentSitemap(Sitemap):
    changefreq = "monthly"
    priority = 0.6
    limit = 5000

    def items(self):
        return Document.objects.public().only("id", "slug", "updated_at").order_by("-issued_on", "-id")

    def lastmod(self, item):
        return item.updated_at


class LibraryIndexSitemap(Sitemap):
    changefreq = "weekly"
    priority = 0.5

    def items(self):
        return ["documents:list"]

    def location(self, item):
        return reverse(item)


SITEMAPS = {"documents-index": LibraryIndexSitemap, "documents": DocumentSitemap}
