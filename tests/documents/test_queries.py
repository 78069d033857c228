"""The library's public pages run a fixed number of queries, whatever the number of documents."""

import pytest
from django.urls import reverse

from tests.news.factories import ArticleFactory

from .factories import DocumentFactory, attach

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("no_page_cache")]


@pytest.fixture(params=[3, 30], ids=["3-documents", "30-documents"])
def documents(request):
    made = [DocumentFactory() for _ in range(request.param)]
    for document in made[:3]:
        attach(document)
        attach(document)
    # Articles citing the first document: its page lists them.
    for i in range(request.param // 3):
        ArticleFactory(body=f"<p>Thực hiện Nghị quyết số {made[0].number} (tin {i}).</p>")
    from core.models import SiteProfile

    SiteProfile.current()
    return made


PAGES = {
    # issuers (the filter's choices), years (the filter's choices), count, page
    "list": (lambda d: reverse("documents:list"), 4),
    # + the search runs inside count and page
    "list-search": (lambda d: reverse("documents:list") + "?q=nhiem+vu&loai=nghi_quyet", 4),
    # document with its issuer, its files, the citations, the citing articles
    "detail": (lambda d: d[0].get_absolute_url(), 4),
    "rss": (lambda d: reverse("documents:rss"), 1),
    # the file with its document
    "file": (lambda d: d[0].files.first().get_absolute_url(), 1),
}


@pytest.mark.parametrize("page", list(PAGES))
def test_query_count_does_not_grow_with_documents(client, documents, page, django_assert_num_queries):
    url_for, expected = PAGES[page]
    url = url_for(documents)
    client.get("/gioi-thieu/")  # another page renders (and caches) the header and footer
    with django_assert_num_queries(expected):
        response = client.get(url)
    assert response.status_code == 200
