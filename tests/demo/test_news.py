import io

import pytest
from django.core.management import call_command

from news.models import Article, Category, EditorImage

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_news_once_with_photos_and_every_status():
    call_command("seed_demo", stdout=io.StringIO())
    assert Category.objects.count() == 6
    assert news_demo_articles().count() == 30
    assert len(set(news_demo_articles().values_list("title", flat=True))) == 30
    public = news_demo_articles().published()
    assert public.count() == 26
    assert set(Article.objects.values_list("status", flat=True)) == {"published", "review", "draft"}
    assert news_demo_articles().filter(status="published").exclude(pk__in=public).count() == 1  # scheduled
    sample = public.first()
    assert sample.cover_image and sample.cover_webp and sample.cover_width
    assert "<figcaption>" in sample.body and sample.author.username == "bientap"
    assert public.filter(is_featured=True).exists()

    call_command("seed_demo", stdout=io.StringIO())
    assert news_demo_articles().count() == 30 and EditorImage.objects.count() == 30


def news_demo_articles():
    # The awards demo adds its own article about the 2020 year-end conference.
    from demo.honours import ARTICLE_SLUG
    from demo.news import CITING_ARTICLES  # the articles citing the demo library (documents/demo.py)

    return Article.objects.exclude(slug=ARTICLE_SLUG).exclude(title__in=[a[1] for a in CITING_ARTICLES])
