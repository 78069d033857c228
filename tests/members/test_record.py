"""A member's whole record on one page and its print view (issue 13, item 3)."""

from datetime import date

import pytest
from django.urls import reverse

from core.models import DataAccessLog
from members import transfers
from members.models import Discipline, StatusChange
from members.record import _providers, build_record
from tests.awards.factories import AwardFactory, EarlyRequestFactory, HoldFactory

from .factories import DisciplineFactory, GapFactory, MemberFactory, PartyCellFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def member():
    first, second = PartyCellFactory(name="Chi bộ Viễn thông"), PartyCellFactory(name="Chi bộ Báo chí")
    member = MemberFactory(
        full_name="Hoàng Thị Lan",
        cell=first,
        admission_date=date(1990, 5, 1),
        admission_ceremony_date=date(1990, 5, 10),
        official_date=date(1991, 5, 10),
    )
    transfers.move_cell(member, second, date(2015, 7, 1))
    GapFactory(member=member, start=date(2000, 3, 1), end=date(2001, 3, 1))
    DisciplineFactory(
        member=member, form=Discipline.Form.REPRIMAND, decided_on=date(2019, 4, 2), decision_number="05-QĐ/ĐU"
    )
    StatusChange.objects.create(
        member=member, kind=StatusChange.Kind.EXCUSED, date=date(2024, 1, 2), decision_number="08-QĐ/ĐU"
    )
    AwardFactory(
        member=member, years=30, round_date=date(2021, 9, 2), badge_number="123456", decision_number="1234-QĐ/TU"
    )
    EarlyRequestFactory(member=member, requested_on=date(2026, 10, 1))
    HoldFactory(member=member, until=None)
    return member


def test_awards_register_their_sections_without_members_importing_awards():
    import members.record

    assert any(p.__module__ == "awards.record" for p in _providers)
    source = open(members.record.__file__, encoding="utf-8").read()
    assert "from awards" not in source and "import awards" not in source


def test_record_has_every_part_with_dates_and_decision_numbers(member):
    record = build_record(member, date(2026, 12, 7))
    assert record["party_age"] == "35 năm 7 tháng"  # 01/05/1990 to 07/12/2026, less the year out
    assert record["next_milestone"] == (40, date(2031, 5, 1))
    sections = {s.title: s.rows for s in record["sections"]}
    assert sections["Lịch sử sinh hoạt chi bộ"] == [
        ["Chi bộ Viễn thông", "10/05/1990", "01/07/2015", ""],
        ["Chi bộ Báo chí", "01/07/2015", "nay", ""],
    ]
    assert sections["Lịch sử tình trạng"][0][:3] == ["02/01/2024", "Miễn công tác và sinh hoạt đảng", "08-QĐ/ĐU"]
    assert sections["Thời gian gián đoạn (không tính tuổi Đảng)"][0][:3] == ["01/03/2000", "01/03/2001", "365"]
    assert sections["Kỷ luật"][0][:3] == ["02/04/2019", "Khiển trách", "05-QĐ/ĐU"]
    assert sections["Huy hiệu Đảng"] == [["30 năm", "02/09/2021", "123456", "1234-QĐ/TU"]]
    assert sections["Đề nghị tặng sớm"][0][0] == "01/10/2026"
    assert sections["Tạm dừng xét huy hiệu"][0][1] == "chưa xác định"
    assert "Khen thưởng" in sections and "Đánh giá, xếp loại chất lượng" in sections


def test_record_page_logs_the_access_and_links_from_the_change_page(client, office, member):
    client.force_login(office)
    url = reverse("admin:members_member_record", args=[member.pk])
    assert url in client.get(reverse("admin:members_member_change", args=[member.pk])).content.decode()
    DataAccessLog.objects.all().delete()
    html = client.get(url).content.decode()
    assert "Hoàng Thị Lan" in html and "1234-QĐ/TU" in html and "Chi bộ Viễn thông" in html
    log = DataAccessLog.objects.get()
    assert log.action == DataAccessLog.Action.VIEWED and log.object_ids == [str(member.pk)]


def test_print_view_is_a4_portrait_times_new_roman_and_post_only(client, office, member):
    client.force_login(office)
    url = reverse("admin:members_member_record_print", args=[member.pk])
    assert client.get(url).status_code == 405
    response = client.post(url)
    html = response.content.decode()
    assert response.status_code == 200 and "HỒ SƠ ĐẢNG VIÊN" in html and "<script" not in html
    assert "member-record-print.css" in html
    from django.contrib.staticfiles import finders

    css = open(finders.find("css/member-record-print.css"), encoding="utf-8").read()
    assert "A4 portrait" in css and "Times New Roman" in css


def test_record_page_query_count_is_fixed(client, office, member, django_assert_num_queries):
    client.force_login(office)
    url = reverse("admin:members_member_record", args=[member.pk])
    client.get(url)  # warm the session and site caches
    # More rows in every section cost no more queries.
    AwardFactory(member=member, years=40, round_date=date(2031, 5, 19))
    member.gaps.create(start=date(2010, 1, 1), end=date(2010, 2, 1), reason="khac")
    DisciplineFactory(member=member, decided_on=date(2020, 4, 2))
    # session, user, member+cell, two permission lookups, access log, gaps, cell periods with
    # their cells, status history, disciplines, five awards sections (badges, requests, holds,
    # commendations, ratings), the site profile, and the session save (savepoint, update, release)
    with django_assert_num_queries(19):
        assert client.get(url).status_code == 200


def test_other_roles_cannot_read_the_record(client, member, django_user_model):
    editor = django_user_model.objects.create_user("bientap", password="x", is_staff=True)
    client.force_login(editor)
    assert client.get(reverse("admin:members_member_record", args=[member.pk])).status_code in (302, 403)
