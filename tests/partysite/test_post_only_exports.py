"""Exports and print views need a POST with the CSRF token; the sanitiser keeps images to our media (issue 12.2).

The attack: an article body with ``<img src="/media/../quan-tri/members/member/export/">`` made
the office user's browser download the registry (and log an export nobody made) just by
opening the public article; another site could do the same with a meta refresh.
"""

import re
from datetime import date

import pytest
from django.test import Client

from awards.models import BadgeRound
from core.models import DataAccessLog
from news.sanitize import clean_body, image_source
from tests.awards.factories import RatingFactory
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def export_urls():
    member = MemberFactory(admission_date=date(1996, 1, 1))
    RatingFactory(member=member, year=2024)
    round_ = BadgeRound.objects.create(date=date(2027, 2, 3))
    return {
        "member export": "/quan-tri/members/member/export/",
        "badge list xlsx": f"/quan-tri/awards/badgeround/{round_.pk}/xlsx/",
        "badge list print": f"/quan-tri/awards/badgeround/{round_.pk}/in/",
        "ratings export": "/quan-tri/awards/qualityrating/xuat/2024/",
    }


def _form_posting_to(html: str, url: str) -> bool:
    for form in re.findall(r"<form\b[^>]*>.*?</form>", html, flags=re.S):
        if 'method="post"' in form and f'action="{url}' in form and "csrfmiddlewaretoken" in form and "<button" in form:
            return True
    return False


def test_a_get_shows_a_button_and_exports_nothing(client, office, export_urls):
    client.force_login(office)
    for name, url in export_urls.items():
        response = client.get(url)
        assert response.status_code == 200, name
        assert response["Content-Type"].startswith("text/html"), name
        assert "Content-Disposition" not in response, name
        assert _form_posting_to(response.content.decode(), url), name
    assert not DataAccessLog.objects.filter(action="exported").exists()
    assert not DataAccessLog.objects.filter(model="members.member", action="viewed").exists()


def test_other_methods_are_refused(client, office, export_urls):
    client.force_login(office)
    for name, url in export_urls.items():
        assert client.put(url).status_code == 405, name
        assert client.delete(url).status_code == 405, name


def test_a_post_without_the_csrf_token_is_refused(office, export_urls):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(office)
    for name, url in export_urls.items():
        assert browser.post(url).status_code == 403, name
    assert not DataAccessLog.objects.filter(action="exported").exists()


def test_a_post_with_the_token_exports_and_is_logged(office, export_urls):
    browser = Client(enforce_csrf_checks=True)
    browser.force_login(office)
    for name, url in export_urls.items():
        page = browser.get(url)
        token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.content.decode()).group(1)
        response = browser.post(url, {"csrfmiddlewaretoken": token})
        assert response.status_code == 200, name
        if "print" in name:
            assert "DANH SÁCH ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG" in response.content.decode()
        else:
            assert response["Content-Type"].startswith("application/vnd.openxmlformats"), name
    assert DataAccessLog.objects.filter(action="exported").count() == 3


def test_the_office_reaches_each_export_in_one_click(client, office, export_urls):
    client.force_login(office)
    round_id = export_urls["badge list xlsx"].split("/")[4]
    screens = {
        "/quan-tri/members/member/": ["member export"],
        f"/quan-tri/awards/badgeround/{round_id}/danh-sach/": ["badge list xlsx", "badge list print"],
        "/quan-tri/awards/qualityrating/?year__exact=2024": ["ratings export"],
    }
    for screen, names in screens.items():
        html = client.get(screen).content.decode()
        for name in names:
            assert _form_posting_to(html, export_urls[name]), f"{screen}: no button for {name}"
        assert "<script>" not in html  # no inline script (CSP script-src 'self')


# --- the sanitiser: images from our own media folder only --------------------------------------
PATH_TRICKS = [
    "/media/../quan-tri/members/member/export/",
    "/media/./../quan-tri/",
    "/media/x/../../quan-tri/",
    "/media//quan-tri/members/member/export/",
    "//evil.example/x.png",
    "/media/..\\quan-tri\\",
    "/media\\..\\quan-tri/",
    "/media/%2e%2e/quan-tri/",
    "/media/%2E%2E%2Fquan-tri%2F",
    "/media/.%2e/quan-tri/",
    "/media/%252e%252e/quan-tri/",
    "/media/%5c..%5cquan-tri/",
    "/media/..%2fquan-tri/",
    "/media/%2f%2fevil.example/",
    "/media/a.png?next=/quan-tri/",
    "/media/a.png#x",
    "/media/",
    "/media/．．/quan-tri/",
    "/media/..／quan-tri/",
    "/MEDIA/a.png",
    "/quan-tri/members/member/export/",
    "https://evil.example/pixel.gif",
    "http://tracker.example/pixel.gif",
    "HTTPS://evil.example/a.png",
    "javascript:alert(1)",
    "data:image/png;base64,AAAA",
    "/media/a b.png",
    "/media/a.png\n/../quan-tri/",
]


@pytest.mark.parametrize("src", PATH_TRICKS)
def test_an_image_outside_our_media_folder_is_removed(src):
    assert image_source(src) is None
    cleaned = clean_body(f'<p>Trước<img src="{src}" alt="ảnh">Sau</p>')
    assert "<img" not in cleaned and "quan-tri" not in cleaned and "evil" not in cleaned
    assert "Trước" in cleaned and "Sau" in cleaned


def test_entity_encoded_dots_are_caught_after_decoding():
    assert "<img" not in clean_body('<img src="/media/&#46;&#46;/quan-tri/members/member/export/">')
    assert "<img" not in clean_body('<img src="/media/&#x2e;&#x2E;/quan-tri/">')


@pytest.mark.parametrize(
    "src", ["/media/editor/a1b2c3.png", "/media/covers/2026/anh-bia_1.webp", " /media/editor/x.jpg "]
)
def test_our_own_media_images_are_kept(src):
    cleaned = clean_body(
        f'<figure class="image"><img src="{src}" alt="Lễ trao"><figcaption>Chú thích</figcaption></figure>'
    )
    assert f'src="{src.strip()}"' in cleaned and "<figcaption>Chú thích</figcaption>" in cleaned


def test_the_repro_article_no_longer_exports_anything(client, office):
    from tests.news.factories import ArticleFactory

    article = ArticleFactory(body='<p>Tin</p><img src="/media/../quan-tri/members/member/export/">')
    assert "export" not in article.body
    client.force_login(office)
    html = client.get(article.get_absolute_url()).content.decode()
    assert "/quan-tri/members/member/export/" not in html


def test_bodies_stored_before_the_fix_are_cleaned_by_the_migration():
    import importlib

    from django.apps import apps

    from news.models import Article
    from tests.news.factories import ArticleFactory

    article = ArticleFactory()
    Article.objects.filter(pk=article.pk).update(body='<p>Tin</p><img src="/media/../quan-tri/members/member/export/">')
    migration = importlib.import_module("news.migrations.0008_resanitize_bodies_sec")
    migration.resanitize(apps, None)
    assert Article.objects.get(pk=article.pk).body == "<p>Tin</p>"
