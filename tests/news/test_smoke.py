import pytest
from django.urls import reverse

from .factories import ArticleFactory

pytestmark = pytest.mark.django_db


def test_pages_render(client):
    a = ArticleFactory(is_featured=True)
    ArticleFactory.create_batch(5, category=a.category)
    for url in ["/", reverse("news:list"), a.get_absolute_url(), a.category.get_absolute_url(),
                reverse("news:search") + "?q=dang bo", reverse("news:rss"), reverse("news:atom"), "/sitemap.xml"]:
        r = client.get(url)
        assert r.status_code == 200, url
