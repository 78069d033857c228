import pytest
from django.db import OperationalError
from django.urls import reverse

from core.models import SiteProfile

pytestmark = pytest.mark.django_db


def test_about_page_presents_the_committee(client):
    profile = SiteProfile.current()
    profile.name = "Đảng bộ Sở Thử Nghiệm"
    profile.address = "Số 1 đường Hùng Vương"
    profile.phone = "0123 456 789"
    profile.content_responsible = "Đồng chí Phạm Văn Bình"
    profile.introduction = "Đảng bộ được thành lập năm 2008."
    profile.organisation = "Chi bộ Văn phòng\nChi bộ Viễn thông"
    profile.save()

    response = client.get(reverse("about"))

    html = response.content.decode()
    assert response.status_code == 200
    for text in (
        "Đảng bộ Sở Thử Nghiệm",
        "Số 1 đường Hùng Vương",
        "0123 456 789",
        "Đồng chí Phạm Văn Bình",
        "thành lập năm 2008",
        "<li>Chi bộ Viễn thông</li>",
    ):
        assert text in html


def test_site_profile_change_shows_on_next_request(client):
    client.get(reverse("home"))
    profile = SiteProfile.current()
    profile.name = "Đảng bộ Sở Tên Mới"
    profile.save()
    assert "Đảng bộ Sở Tên Mới" in client.get(reverse("home")).content.decode()


def test_site_profile_is_a_single_row():
    SiteProfile(name="Một").save()
    SiteProfile(name="Hai").save()
    assert SiteProfile.objects.count() == 1
    assert SiteProfile.current().name == "Hai"


def test_home_page_is_vietnamese_with_skip_link(client):
    response = client.get(reverse("home"))
    html = response.content.decode()
    assert response.status_code == 200
    assert '<html lang="vi">' in html
    assert 'href="#noi-dung"' in html and 'id="noi-dung"' in html


def test_robots_txt_points_to_sitemap_and_keeps_admin_out(client):
    response = client.get("/robots.txt")
    text = response.content.decode()
    assert response["Content-Type"].startswith("text/plain")
    assert "Disallow: /quan-tri/" in text
    assert "Sitemap: http://testserver/sitemap.xml" in text


def test_unknown_page_is_a_vietnamese_404(client):
    response = client.get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_admin_login_is_in_vietnamese_at_quan_tri(client):
    response = client.get("/quan-tri/login/")
    assert response.status_code == 200
    assert "Đăng nhập" in response.content.decode()


def test_database_down_gives_vietnamese_503():
    from django.test import RequestFactory

    from partysite.middleware import ErrorPageMiddleware

    middleware = ErrorPageMiddleware(lambda request: None)
    response = middleware.process_exception(RequestFactory().get("/"), OperationalError("down"))
    assert response.status_code == 503
    assert response["Retry-After"] == "60"
    assert "tạm thời ngừng phục vụ" in response.content.decode()
    assert middleware.process_exception(RequestFactory().get("/"), ValueError("bug")) is None


def test_server_error_handler_turns_database_errors_into_503():
    from django.test import RequestFactory

    from partysite.views import server_error

    request = RequestFactory().get("/")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = server_error(request)
    assert response.status_code == 503
    try:
        raise ValueError("bug")
    except ValueError:
        response = server_error(request)
    assert response.status_code == 500
    assert "sự cố" in response.content.decode()


def test_the_middleware_and_the_500_handler_name_the_same_errors():
    """One decision (partysite.views.page_for_exception) for the middleware and handler500."""
    from django.test import RequestFactory

    from core.storage import StorageFullError
    from partysite.middleware import ErrorPageMiddleware
    from partysite.views import server_error

    middleware = ErrorPageMiddleware(lambda request: None)
    request = RequestFactory().get("/")
    for exc, status in ((OperationalError("down"), 503), (StorageFullError(), 507)):
        assert middleware.process_exception(request, exc).status_code == status
        try:
            raise exc
        except Exception:
            assert server_error(request).status_code == status


def test_security_headers_on_public_pages(client):
    response = client.get(reverse("home"))
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "strict-origin-when-cross-origin"
    assert "camera=()" in response["Permissions-Policy"]
    assert "script-src 'self'" in response["Content-Security-Policy"]
    assert response["X-Frame-Options"] == "DENY"


def test_roles_exist_after_migrate():
    from django.contrib.auth.models import Group

    from core.roles import ALL_ROLES

    assert set(Group.objects.filter(name__in=ALL_ROLES).values_list("name", flat=True)) == set(ALL_ROLES)
