"""Security headers on every kind of page, and the pages shown when things fail."""

import pytest
from django.db import OperationalError
from django.db.backends.utils import CursorWrapper
from django.test import Client
from django.urls import path, reverse

pytestmark = pytest.mark.django_db


def boom(request):
    raise ValueError("lỗi lập trình")


def database_gone(request):
    raise OperationalError("could not connect to server: Connection refused")


urlpatterns = [path("loi/", boom), path("csdl/", database_gone)]


def assert_protective_headers(response):
    csp = response["Content-Security-Policy"]
    directives = {part.split()[0]: part.split()[1:] for part in csp.split(";") if part.strip()}
    assert directives["script-src"] == ["'self'"], csp
    assert directives["style-src"] == ["'self'"], csp
    assert directives["object-src"] == ["'none'"]
    assert directives["frame-ancestors"] == ["'none'"]
    assert directives["base-uri"] == ["'self'"] and directives["form-action"] == ["'self'"]
    assert "'unsafe-eval'" not in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert response["X-Frame-Options"] == "DENY"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"
    for feature in ("camera=()", "microphone=()", "geolocation=()"):
        assert feature in response["Permissions-Policy"]


@pytest.mark.parametrize("url", ["/", "/gioi-thieu/", "/robots.txt", "/sitemap.xml", "/khong-co-trang-nay/"])
def test_public_pages_send_the_protective_headers(client, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_protective_headers(response)


def test_admin_login_and_pages_send_the_protective_headers(client, superuser):
    assert_protective_headers(client.get("/quan-tri/login/"))
    client.force_login(superuser)
    for url in (
        reverse("admin:index"),
        reverse("admin:auth_user_changelist"),
        reverse("admin:auth_user_change", args=[superuser.pk]),
        reverse("data_inventory"),
    ):
        response = client.get(url)
        assert response.status_code == 200, url
        assert_protective_headers(response)
        assert "private" in response["Cache-Control"]  # never kept by a shared cache


def test_server_error_page_is_vietnamese_and_protected(settings):
    settings.ROOT_URLCONF = __name__
    settings.DEBUG = False
    response = Client(raise_request_exception=False).get("/loi/")
    assert response.status_code == 500
    html = response.content.decode()
    assert "sự cố" in html and "Traceback" not in html and "lỗi lập trình" not in html
    assert_protective_headers(response)


def test_database_error_in_a_view_gives_the_503_page(settings):
    settings.ROOT_URLCONF = __name__
    response = Client(raise_request_exception=False).get("/csdl/")
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    html = response.content.decode()
    assert "tạm thời ngừng phục vụ" in html
    assert "Connection refused" not in html
    assert_protective_headers(response)


@pytest.mark.parametrize("url", ["/", "/gioi-thieu/", "/quan-tri/"])
def test_every_query_failing_gives_the_503_page_not_a_traceback(monkeypatch, superuser, url):
    client = Client(raise_request_exception=False)
    client.force_login(superuser)

    def refuse(self, *args, **kwargs):
        raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(CursorWrapper, "execute", refuse)
    monkeypatch.setattr(CursorWrapper, "executemany", refuse)
    response = client.get(url)
    assert response.status_code == 503
    assert "tạm thời ngừng phục vụ" in response.content.decode()
    assert response["Cache-Control"] == "no-store"


def test_production_sends_hsts_and_secure_cookies(settings, client, superuser):
    settings.SECURE_HSTS_SECONDS = 31536000
    settings.SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    settings.SESSION_COOKIE_SECURE = True
    client.force_login(superuser)
    response = client.get("/quan-tri/", secure=True)
    assert response["Strict-Transport-Security"].startswith("max-age=31536000")
    assert response.cookies["sessionid"]["secure"]
    assert response.cookies["sessionid"]["httponly"]
