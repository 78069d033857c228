"""The article list's "author" filter offers the people who wrote articles, nobody else (issue 12.9)."""

import pytest

from .factories import ArticleFactory


@pytest.mark.django_db
def test_author_filter_lists_only_people_who_wrote_articles(client, editor, publisher, office, superuser):
    ArticleFactory(author=editor)
    client.force_login(editor)
    response = client.get("/quan-tri/news/article/")
    assert response.status_code == 200
    spec = next(s for s in response.context["cl"].filter_specs if getattr(s, "lookup_kwarg", "") == "author__id__exact")
    offered = {label for _pk, label in spec.lookup_choices}
    assert offered == {str(editor)}
    page = response.content.decode()
    for outsider in (publisher, office, superuser):
        assert f"author__id__exact={outsider.pk}" not in page
