"""The year's statistics report (DOMAIN.md): counts by cell and in total, movements, history-stable,
fixed query count, screen with SVG charts, .xlsx with one sheet per table, access log."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from core.models import DataAccessLog
from members import probation, statistics, transfers
from members.models import Member, StatusChange

from .factories import GapFactory, MemberFactory, PartyCellFactory

pytestmark = pytest.mark.django_db
AS_OF = date(2025, 12, 31)
URL = reverse("admin:members_member_statistics")


@pytest.fixture
def registry():
    a, b = PartyCellFactory(name="Chi bộ Viễn thông"), PartyCellFactory(name="Chi bộ Báo chí")
    people = {
        "old": MemberFactory(
            cell=a,
            admission_date=date(1980, 5, 1),
            date_of_birth=date(1955, 1, 1),
            professional_level="Tiến sĩ Vật lý",
            theory_level="Cao cấp",
        ),
        "woman": MemberFactory(
            cell=a,
            gender=Member.Gender.FEMALE,
            admission_date=date(2000, 5, 1),
            date_of_birth=date(1978, 6, 1),
            ethnicity="Tày",
            religion="Phật giáo",
            professional_level="Thạc sĩ Kinh tế",
            theory_level="Trung cấp",
        ),
        "young": MemberFactory(
            cell=b,
            admission_date=date(2025, 3, 1),
            admission_ceremony_date=date(2025, 3, 10),
            official_date=None,
            status=Member.Status.PROBATIONARY,
            date_of_birth=date(2000, 2, 2),
            professional_level="Kỹ sư Điện tử",
        ),
        "guest": MemberFactory(cell=b, admission_date=date(2010, 5, 1)),
        "gap": MemberFactory(cell=b, admission_date=date(1995, 1, 10), date_of_birth=date(1970, 1, 1)),
        "died": MemberFactory(cell=a, admission_date=date(1970, 1, 10)),
        "left": MemberFactory(cell=b, admission_date=date(2005, 1, 10)),
    }
    GapFactory(member=people["gap"], start=date(2000, 1, 1), end=date(2006, 1, 1))  # 6 years out: 24 years, not 30
    StatusChange.objects.create(member=people["guest"], kind=StatusChange.Kind.TEMPORARY, date=date(2024, 9, 1))
    StatusChange.objects.create(member=people["died"], kind=StatusChange.Kind.DECEASED, date=date(2025, 6, 1))
    StatusChange.objects.create(
        member=people["left"],
        kind=StatusChange.Kind.LEFT,
        date=date(2025, 7, 1),
        leave_form=StatusChange.LeaveForm.RESIGNED,
    )
    return a, b, people


def row(table, name):
    return dict(table.rows)[name]


def test_counts_by_cell_and_in_total(registry):
    a, b, people = registry
    report = statistics.build_report(AS_OF)
    status = report.table("status")
    assert row(status, a.name)[:3] == [2, 2, 0]  # the deceased is not counted
    assert row(status, b.name) == [2, 1, 1, 0, 0, 1]  # the temporary guest is not in the total
    assert status.total[0] == 4
    assert report.table("people").total == [1, 1, 1]
    assert row(report.table("age"), a.name) == [0, 0, 1, 0, 1, 0]
    assert report.table("education").total == [1, 0, 1, 1, 1]
    assert row(report.table("theory"), a.name) == [0, 1, 1, 0]
    assert row(report.table("party_age"), b.name) == [1, 0, 1, 0, 0]  # the gap keeps 1995 under 30 years
    movements = report.table("movements")
    assert movements.total == [1, 0, 0, 0, 0, 1, 0, 0, 1]


def test_totals_match_the_registry(registry):
    report = statistics.build_report(AS_OF)
    in_total = Member.objects.filter(
        admission_date__lte=AS_OF, status__in=[Member.Status.FULL, Member.Status.PROBATIONARY]
    ).count()
    assert report.table("status").total[0] == in_total
    for table in report.tables:
        if table.key in ("age", "education", "theory", "party_age"):
            assert sum(table.total) == in_total, table.key


def test_a_past_report_gives_the_same_numbers_after_later_events(registry):
    a, b, people = registry
    before = statistics.build_report(AS_OF)
    # 2026: a recognition, a move, a transfer out, a death, a departure, a new admission.
    probation.record_recognition(people["young"], date(2026, 3, 20))
    transfers.move_cell(people["woman"], b, date(2026, 2, 1))
    transfers.transfer_out(people["old"], date(2026, 4, 1), "Đảng bộ Sở Y tế")
    StatusChange.objects.create(member=people["gap"], kind=StatusChange.Kind.DECEASED, date=date(2026, 5, 1))
    StatusChange.objects.create(
        member=people["guest"],
        kind=StatusChange.Kind.LEFT,
        date=date(2026, 5, 2),
        leave_form=StatusChange.LeaveForm.STRUCK_OFF,
    )
    MemberFactory(cell=a, admission_date=date(2026, 6, 1), official_date=None, status=Member.Status.PROBATIONARY)
    after = statistics.build_report(AS_OF)
    assert [(t.rows, t.total) for t in after.tables] == [(t.rows, t.total) for t in before.tables]
    later = statistics.build_report(date(2026, 12, 31))
    assert later.table("movements").total[:5] == [1, 1, 0, 0, 1]


@pytest.mark.parametrize("extra", [0, 25])
def test_query_count_does_not_grow_with_members(registry, extra, django_assert_num_queries):
    for i in range(extra):
        MemberFactory(admission_date=date(1990 + i % 30, 1, 1))
    # cells, gaps, status history of members changed later, cell periods of the day,
    # members, admissions of the year, the year's status changes
    with django_assert_num_queries(7):
        statistics.build_report(AS_OF)


def test_screen_shows_tables_and_svg_charts_and_logs_the_access(client, office, registry):
    client.force_login(office)
    response = client.get(URL, {"ngay": "31/12/2025"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "<svg" in html and "Biến động trong năm" in html and "31/12/2025" in html
    assert "<script>" not in html
    assert DataAccessLog.objects.filter(action=DataAccessLog.Action.VIEWED, model="members.member").exists()


def test_bad_date_is_a_vietnamese_error_not_a_500(client, office, registry):
    client.force_login(office)
    response = client.get(URL, {"ngay": "31/02/2025"})
    assert response.status_code == 200
    assert "errornote" in response.content.decode()


def test_xlsx_has_one_sheet_per_table_with_numbers_and_totals(client, office, registry):
    client.force_login(office)
    response = client.post(URL, {"ngay": "31/12/2025"})
    assert response.status_code == 200
    workbook = load_workbook(BytesIO(response.content))
    assert len(workbook.sheetnames) == len(statistics.TABLES)
    sheet = workbook[workbook.sheetnames[0]]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[1][0] == "Chi bộ" and rows[-1][0] == "Tổng cộng"
    total = rows[-1][1]
    assert (
        isinstance(total, int)
        and total == Member.objects.filter(status__in=[Member.Status.FULL, Member.Status.PROBATIONARY]).count()
    )
    assert DataAccessLog.objects.filter(action=DataAccessLog.Action.EXPORTED, model="members.member").exists()


def test_default_date_is_31_december_of_the_previous_year():
    assert statistics.default_as_of(date(2026, 12, 7)) == date(2025, 12, 31)


def test_education_and_theory_levels_are_read_from_the_free_text():
    assert statistics.education_index("Tiến sĩ Kinh tế", "12/12") == 4
    assert statistics.education_index("Cử nhân Luật", "") == 2
    assert statistics.education_index("Cao đẳng sư phạm", "") == 1
    assert statistics.education_index("", "12/12") == 0
    assert statistics.theory_index("Cử nhân chính trị") == 2
    assert statistics.theory_index("") == 3


def test_leaving_recorded_before_the_form_field_is_counted_by_the_note():
    member = MemberFactory(admission_date=date(2005, 8, 19))
    StatusChange.objects.create(
        member=member, kind=StatusChange.Kind.LEFT, date=date(2025, 10, 20), note="Khai trừ theo Quyết định 12-QĐ/ĐU"
    )
    assert statistics.build_report(AS_OF).table("movements").total[6] == 1


@pytest.mark.parametrize("extra", [0, 20])
def test_screen_query_count_does_not_grow_with_members(client, office, registry, extra, django_assert_num_queries):
    for i in range(extra):
        MemberFactory(admission_date=date(1990 + i % 30, 1, 1))
    client.force_login(office)
    client.get(URL)  # warm the session and the site profile (saving any record clears that cache)
    # session, user, two permission lookups, the report's 7, the access log, the session save (3)
    with django_assert_num_queries(15):
        assert client.get(URL, {"ngay": "31/12/2025"}).status_code == 200
