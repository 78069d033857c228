"""The demo library: a dozen documents with PDFs, some internal, several cited and linked by demo articles."""

import io

import pytest
from django.core.management import call_command

from demo.documents import DOCUMENTS
from demo.news import CITING_ARTICLES
from documents.models import Citation, Document
from news.models import Article

pytestmark = pytest.mark.django_db


def test_seed_demo_adds_the_library_once_with_links_from_articles(client):
    call_command("seed_demo", stdout=io.StringIO())
    assert Document.objects.count() >= 12
    assert Document.objects.filter(is_public=False).count() >= 2
    assert Document.objects.filter(status="review").exists()
    public = Document.objects.public()
    assert public.count() >= 10
    assert all(d.files.filter(kind="pdf").exclude(text="").exists() for d in Document.objects.all())

    citing = Article.objects.filter(title__in=[a[1] for a in CITING_ARTICLES])
    assert citing.count() == len(CITING_ARTICLES)
    linked = Citation.objects.filter(document__in=public).values_list("document", flat=True).distinct()
    assert len(linked) >= 5
    # The internal decision cited by an article is not linked.
    internal = Document.objects.get(number="27-QĐ/ĐU")
    assert not Citation.objects.filter(document=internal).exists()
    article = citing.get(title__startswith="Quán triệt")
    page = client.get(article.get_absolute_url()).content.decode()
    assert f'href="{Document.objects.get(number="09-CTr/TU").get_absolute_url()}"' in page

    call_command("seed_demo", stdout=io.StringIO())
    assert Document.objects.count() == len(DOCUMENTS)
