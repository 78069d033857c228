"""In a browser at 1366×768: each role's start page fits and shows its blocks; the rating sheet warns
about the 20% HTXSNV quota while levels are chosen, before anything is saved."""

import datetime as dt

import pytest

from awards.models import QualityRating
from news.models import Article
from tests.awards.factories import CellFactory, CommendationFactory, MemberFactory
from tests.news.factories import ArticleFactory

pytestmark = pytest.mark.django_db(transaction=True)


def _login(page, base, user):
    page.goto(base + "/quan-tri/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", "mat-khau-thu-nghiem")
    page.click("input[type=submit]")
    page.wait_for_url(base + "/quan-tri/")


@pytest.mark.parametrize(
    ("role", "titles"),
    [
        ("editor", ["Tin của tôi"]),
        ("publisher", ["Chờ duyệt", "Hẹn giờ đăng", "Vừa đăng"]),
        ("office", ["Sắp đạt mốc tuổi Đảng", "Khen thưởng chờ xác nhận", "Đảng viên dự bị đến hạn xét chính thức"]),
        ("superuser", ["Tin của tôi", "Chờ duyệt", "Khen thưởng chờ xác nhận", "Nhật ký truy cập dữ liệu cá nhân"]),
    ],
)
def test_start_page_fits_a_laptop_and_shows_the_role_blocks(
    live_server, page, csp_violations, role_users, role, titles
):
    from news import workflow

    article = ArticleFactory(author=role_users["editor"], status=Article.Status.REVIEW, published_at=None)
    workflow.send_back(article, "Bổ sung nguồn ảnh.")
    CommendationFactory(confirmed_at=None)
    page.set_viewport_size({"width": 1366, "height": 768})
    _login(page, live_server.url, role_users[role])
    headings = page.locator(".start-block h3").all_inner_texts()
    for title in titles:
        assert any(h.startswith(title) for h in headings), headings
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    assert page.locator("#app-list-heading").is_visible()
    if role == "editor":
        assert "Bổ sung nguồn ảnh." in page.inner_text(".start-block")
    assert not csp_violations


def test_rating_sheet_shows_the_quota_line_before_saving(live_server, page, csp_violations, office):
    cell = CellFactory(name="Chi bộ Kiểm Tra Trước")
    members = [
        MemberFactory(cell=cell, full_name=f"Đỗ Văn {n}", admission_date=dt.date(2000, 1, 1))
        for n in ("Ánh", "Bảo", "Cẩn", "Đạt", "Hòa", "Khánh", "Lâm")
    ]
    page.set_viewport_size({"width": 1366, "height": 768})
    _login(page, live_server.url, office)
    page.goto(f"{live_server.url}/quan-tri/awards/qualityrating/xep-loai-chi-bo/{cell.pk}/2024/")
    quota = page.locator("#rating-quota")
    assert quota.is_visible() and "0 HTXSNV" in quota.inner_text()
    for member in members[2:]:
        page.select_option(f"#id_level_{member.pk}", "httnv")
    page.select_option(f"#id_level_{members[0].pk}", "htxsnv")
    assert "Vượt tỷ lệ" not in quota.inner_text()  # 20% of 5 HTTNV: one HTXSNV allowed
    page.select_option(f"#id_level_{members[1].pk}", "htxsnv")
    assert "Vượt tỷ lệ" in quota.inner_text()
    page.click("input[name=check]")
    assert "vượt 20%" in page.inner_text(".rating-preview")
    assert not QualityRating.objects.exists()
    assert not csp_violations
