"""The public honour roll /khen-thuong/ and the home page block."""

from datetime import date, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from awards.honours.roll import BADGE_FORM, HonourPages, home_honours, honour_keys
from awards.models import Commendation, QualityRating
from core.models import SiteProfile

from .factories import (
    ArticleFactory,
    BadgeAwardFactory,
    CellFactory,
    CommendationFactory,
    MemberFactory,
    RatingFactory,
)

pytestmark = pytest.mark.django_db
URL = "/khen-thuong/"


def _awards(n, year=2024):
    """Two collectives, then n individuals and n badges: the first page holds every group."""
    cell = CellFactory(name=f"Chi bộ Số Lượng {n}")
    article = ArticleFactory()
    for i in range(2):
        CommendationFactory(
            member=None,
            cell=CellFactory(),
            year=year,
            form=Commendation.Form.PRAISE,
            title=f"Tập thể tiêu biểu {i}",
            article=article,
        )
    for _ in range(n):
        CommendationFactory(member=MemberFactory(cell=cell), year=year, article=article)
        badge_member = MemberFactory(cell=cell, admission_date=date(1994, 1, 1))
        BadgeAwardFactory(member=badge_member, round_date=date(year, 5, 19))
        RatingFactory(member=None, cell=CellFactory(), year=year, level=QualityRating.Level.EXCELLENT)


def test_url_name_is_kept():
    assert reverse("awards:honour_roll") == URL


def test_groups_collectives_individuals_and_badges_with_names_and_cells(client):
    cell = CellFactory(name="Chi bộ Viễn thông")
    member = MemberFactory(full_name="Trần Thị Mai", cell=cell)
    CommendationFactory(member=member, title="Hoàn thành xuất sắc nhiệm vụ năm 2024")
    CommendationFactory(
        member=None,
        cell=CellFactory(name="Chi bộ Văn phòng"),
        form=Commendation.Form.CERTIFICATE,
        title="Trong sạch, vững mạnh năm 2024",
    )
    BadgeAwardFactory(member=MemberFactory(full_name="Lê Văn Hùng", cell=cell), years=40, round_date=date(2024, 9, 2))

    html = client.get(URL).content.decode()

    collective, individual = html.index("Tập thể</h3>"), html.index("Cá nhân</h3>")
    badges = html.index("Huy hiệu Đảng</h3>")
    assert collective < individual < badges
    assert html.index("Chi bộ Văn phòng") > collective
    assert individual < html.index("Trần Thị Mai") < badges
    assert "Huy hiệu 40 năm tuổi Đảng" in html[badges:]
    assert "Lê Văn Hùng" in html[badges:]
    assert "Chi bộ Viễn thông" in html[badges:]


def test_personal_data_never_appears(client):
    member = MemberFactory(
        full_name="Phạm Văn Kín", date_of_birth=date(1968, 7, 23), hometown="Xã Đồng Quê Ẩn", card_number="093012345678"
    )
    CommendationFactory(member=member)
    BadgeAwardFactory(
        member=MemberFactory(
            full_name="Đỗ Thị Riêng",
            date_of_birth=date(1961, 2, 14),
            hometown="Phường Bí Mật",
            card_number="093087654321",
        )
    )

    html = client.get(URL).content.decode() + client.get("/").content.decode()

    assert "Phạm Văn Kín" in html and "Đỗ Thị Riêng" in html
    for secret in (
        "23/07/1968",
        "1968-07-23",
        "Xã Đồng Quê Ẩn",
        "093012345678",
        "14/02/1961",
        "Phường Bí Mật",
        "093087654321",
        "26/03/2000",
        "2000-03-26",
    ):
        assert secret not in html, secret


def test_filter_by_year_and_form(client):
    CommendationFactory(year=2020, title="Khen năm hai mươi")
    CommendationFactory(year=2024, title="Khen năm hai mươi tư", form=Commendation.Form.MERIT)
    BadgeAwardFactory(round_date=date(2020, 2, 3))

    html_2020 = client.get(URL, {"nam": 2020}).content.decode()
    merit = client.get(URL, {"hinh_thuc": "bang_khen"}).content.decode()
    badges = client.get(URL, {"nam": 2020, "hinh_thuc": "huy_hieu"}).content.decode()

    assert "Khen năm hai mươi<" in html_2020.replace("</span>", "<") and "hai mươi tư" not in html_2020
    assert "Huy hiệu 30 năm" in html_2020
    assert "hai mươi tư" in merit and "Khen năm hai mươi<" not in merit.replace("</span>", "<")
    assert "Huy hiệu 30 năm" not in merit
    assert "Huy hiệu 30 năm" in badges and "Khen năm" not in badges


def test_bad_filter_values_do_not_break_the_page(client):
    CommendationFactory()
    for params in ({"nam": "abc"}, {"nam": "1800"}, {"hinh_thuc": "<script>"}, {"page": "999"}, {"page": "x"}):
        assert client.get(URL, params).status_code == 200
    html = client.get(URL, {"nam": "abc"}).content.decode()
    assert 'aria-invalid="true"' in html and 'id="id_nam-loi"' in html


def test_links_only_published_ceremony_articles(client):
    published = ArticleFactory(slug="le-trao-giay-khen-2024")
    draft = ArticleFactory(slug="ban-nhap-le-trao", status="draft")
    scheduled = ArticleFactory(slug="hen-gio-le-trao", published_at=timezone.now() + timedelta(days=3))
    CommendationFactory(article=published)
    CommendationFactory(article=draft)
    CommendationFactory(article=scheduled)

    html = client.get(URL).content.decode()

    assert published.get_absolute_url() in html
    assert draft.get_absolute_url() not in html
    assert scheduled.get_absolute_url() not in html


def test_exemplary_cells_with_five_years_in_a_row_are_shown(client):
    cell = CellFactory(name="Chi bộ Bền Bỉ")
    for year in range(2020, 2025):
        RatingFactory(member=None, cell=cell, year=year, level=QualityRating.Level.EXCELLENT)
    CommendationFactory(year=2024)

    html = client.get(URL, {"nam": 2024}).content.decode()

    assert "Chi bộ Bền Bỉ" in html
    assert "Trong sạch, vững mạnh tiêu biểu 5 năm liền (2020–2024)" in html


def test_is_paginated(client):
    cell = CellFactory()
    for i in range(55):
        CommendationFactory(member=MemberFactory(cell=cell, full_name=f"Người Thứ {i:02d}"))
    first = client.get(URL).content.decode()
    second = client.get(URL, {"page": 2}).content.decode()
    assert first.count('class="honour-name"') == 50
    assert second.count('class="honour-name"') == 5
    assert 'rel="next"' in first


@pytest.mark.parametrize("form", [None, BADGE_FORM, Commendation.Form.CERTIFICATE])
def test_pages_over_years_are_the_slices_of_the_whole_ordered_roll(form):
    # Years of different sizes, one with nothing of some forms, a gap year (2021): every page
    # size must cut the roll exactly where ordering all of it would.
    cell = CellFactory()
    for year, commendations, badges in [(2019, 3, 0), (2020, 1, 4), (2022, 5, 2), (2023, 0, 3), (2024, 2, 1)]:
        for i in range(commendations):
            CommendationFactory(
                member=MemberFactory(cell=cell, full_name=f"Ân {year} {i}"),
                year=year,
                form=Commendation.Form.CERTIFICATE if i % 2 else Commendation.Form.PRAISE,
            )
        for i in range(badges):
            BadgeAwardFactory(
                member=MemberFactory(cell=cell, full_name=f"Bá {year} {i}", admission_date=date(1960, 1, 1)),
                round_date=date(year, 9, 2),
                years=30 + 10 * (i % 2),
            )
    whole = list(honour_keys(None, form))
    assert whole
    pages = HonourPages(None, form)
    assert pages.count() == len(whole)
    for size in (1, 2, 3, 5, 7, len(whole), len(whole) + 3):
        cut = [pages[start : start + size] for start in range(0, len(whole), size)]
        assert [key for page in cut for key in page] == whole, size
    one_year = HonourPages(2022, form)
    assert list(one_year[0:100]) == [key for key in whole if key[2] == 2022]


@pytest.mark.parametrize("n", [2, 40])
def test_query_count_is_fixed(client, django_assert_num_queries, no_page_cache, n):
    _awards(n)
    SiteProfile.current()  # created once in a site's life; creating it changes the content version
    client.get(URL)  # warm the site profile and session caches
    # page keys, commendations, badges, cell titles (the count per year, hence the filter's
    # years and the roll's count, the header and the footer are kept per content version)
    with django_assert_num_queries(4):
        response = client.get(URL)
    assert response.status_code == 200
    with django_assert_num_queries(4):
        client.get(URL, {"nam": 2024})


@pytest.mark.parametrize("n", [5, 40])
def test_home_block_query_count_is_fixed(django_assert_num_queries, n):
    _awards(n)
    SiteProfile.current()  # every page has loaded (and cached) the profile before this block
    # page keys, then commendations (the six newest are two collectives and four individuals)
    with django_assert_num_queries(2):
        entries = home_honours()
    assert len(entries) == 6


def test_home_page_shows_latest_honours(client):
    CommendationFactory(member=MemberFactory(full_name="Hoàng Thị Lan"), year=2025)
    html = client.get("/").content.decode()
    assert "Hoàng Thị Lan" in html
    assert reverse("awards:honour_roll") in html
