"""Probation and full membership (DOMAIN.md): end of the 12 months, the cell's deadline in
working days, overdue, recording the decision, readmission, and the admin around it."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from core.regulations import PUBLIC_HOLIDAYS, public_holidays, working_days_after
from members import probation
from members.models import Member, StatusChange

from .factories import MemberFactory, StatusChangeFactory

CHANGELIST = reverse("admin:members_member_changelist")


def probationary(**kwargs):
    kwargs.setdefault("admission_date", kwargs.get("admission_ceremony_date") or date(2024, 3, 1))
    return MemberFactory(official_date=None, status=Member.Status.PROBATIONARY, **kwargs)


# --- working days (core.regulations) -----------------------------------------------


def test_domain_example_deadline_after_friday_05_09_2025_is_friday_17_10_2025():
    assert working_days_after(date(2025, 9, 5), 30) == date(2025, 10, 17)


def test_domain_example_gio_to_holiday_pushes_the_deadline_to_tuesday_15_04_2025():
    assert date(2025, 4, 7) in public_holidays(2025)
    assert working_days_after(date(2025, 3, 3), 30) == date(2025, 4, 15)


def test_counting_starts_the_next_day_and_skips_weekends():
    assert working_days_after(date(2025, 9, 5), 1) == date(2025, 9, 8)  # Friday → Monday
    assert working_days_after(date(2025, 9, 8), 1) == date(2025, 9, 9)


def test_tet_holidays_are_skipped():
    # Friday 24/01/2025: Tết Ất Tỵ runs Monday 27/01 to Friday 31/01.
    assert working_days_after(date(2025, 1, 24), 1) == date(2025, 2, 3)


def test_each_listed_year_is_one_line_of_weekday_dates():
    for year, line in PUBLIC_HOLIDAYS.items():
        days = public_holidays(year)
        assert len(days) == len(line.split())
        assert all(day.weekday() < 5 for day in days), year


def test_a_year_not_listed_still_skips_the_fixed_date_holidays():
    assert date(2040, 9, 2) in public_holidays(2040)
    assert working_days_after(date(2040, 8, 31), 1) == date(2040, 9, 3)  # Fri 31/08 → Mon 03/09 (02/09 is Sunday)


# --- end, deadline, overdue -----------------------------------------------------------


@pytest.mark.django_db
def test_probation_ends_12_months_after_the_ceremony_and_29_february_gives_28_february():
    member = probationary(admission_ceremony_date=date(2024, 2, 29))
    assert probation.probation_end(member) == date(2025, 2, 28)


@pytest.mark.django_db
def test_no_ceremony_date_gives_no_end_and_no_deadline():
    member = probationary(admission_ceremony_date=None)
    assert probation.probation_end(member) is None
    assert probation.decision_deadline(member) is None


@pytest.mark.django_db
def test_deadline_and_overdue_follow_the_domain_example():
    member = probationary(admission_ceremony_date=date(2024, 3, 3))
    assert probation.probation_end(member) == date(2025, 3, 3)
    assert probation.decision_deadline(member) == date(2025, 4, 15)
    assert not probation.is_overdue(member, date(2025, 4, 15))
    assert probation.is_overdue(member, date(2025, 4, 16))


@pytest.mark.django_db
def test_readmitted_member_starts_a_new_probation_from_the_readmission():
    member = MemberFactory(
        admission_date=date(1990, 5, 1), admission_ceremony_date=date(1990, 5, 10), official_date=date(1991, 5, 10)
    )
    StatusChangeFactory(member=member, kind=StatusChange.Kind.LEFT, date=date(2000, 1, 1))
    StatusChangeFactory(member=member, kind=StatusChange.Kind.READMITTED, date=date(2025, 9, 5))
    member.refresh_from_db()
    assert member.status == Member.Status.PROBATIONARY
    assert probation.probation_end(member) == date(2026, 9, 5)
    assert probation.decision_deadline(member) == working_days_after(date(2026, 9, 5), 30)
    # Party age still counts from the first admission decision.
    assert member.admission_date == date(1990, 5, 1)


@pytest.mark.django_db
def test_summary_counts_due_within_30_and_60_days_and_overdue_in_two_queries(django_assert_num_queries):
    today = date(2025, 6, 2)
    probationary(admission_ceremony_date=date(2024, 6, 20))  # ends 20/06/2025: within 30
    probationary(admission_ceremony_date=date(2024, 7, 20))  # ends 20/07/2025: within 60
    probationary(admission_ceremony_date=date(2024, 10, 1))  # later
    probationary(admission_ceremony_date=date(2024, 3, 1))  # ended 01/03/2025, deadline passed
    probationary(admission_ceremony_date=date(2024, 5, 20))  # ended 20/05, inside its 30 working days: due
    MemberFactory(admission_ceremony_date=date(2024, 6, 20))  # full member: not counted
    with django_assert_num_queries(2):
        summary = probation.probation_summary(today)
    assert summary == {"due_30": 2, "due_60": 3, "overdue": 1}


# --- recording the decision -----------------------------------------------------------


@pytest.mark.django_db
def test_late_recognition_is_full_from_the_day_the_12_months_ended():
    member = probationary(admission_ceremony_date=date(2024, 3, 3))
    change = probation.record_recognition(member, date(2025, 5, 20), "12-QĐ/ĐU")
    member.refresh_from_db()
    assert member.official_date == date(2025, 3, 3)
    assert member.status == Member.Status.FULL
    assert member.status_date == date(2025, 3, 3)
    assert change.kind == StatusChange.Kind.FULL and change.decision_number == "12-QĐ/ĐU"
    assert "20/05/2025" in change.note


@pytest.mark.django_db
def test_recognition_before_the_12_months_end_is_refused_and_saves_nothing():
    member = probationary(admission_ceremony_date=date(2024, 3, 3))
    with pytest.raises(ValidationError, match="Chưa hết 12 tháng dự bị"):
        probation.record_recognition(member, date(2025, 3, 2))
    member.refresh_from_db()
    assert member.official_date is None and member.status == Member.Status.PROBATIONARY
    assert not member.status_changes.exists()


@pytest.mark.django_db
def test_recognising_a_full_member_is_refused():
    member = MemberFactory(admission_ceremony_date=date(2000, 1, 1))
    with pytest.raises(ValidationError, match="không phải đảng viên dự bị"):
        probation.record_recognition(member, date(2025, 3, 2))


@pytest.mark.django_db
def test_strike_off_the_probationary_list_is_a_status_change_with_date_and_reason():
    member = probationary(admission_ceremony_date=date(2024, 3, 3))
    probation.record_strike_off(member, date(2025, 4, 1), "Không đủ tư cách đảng viên", "13-QĐ/ĐU")
    member.refresh_from_db()
    assert member.status == Member.Status.LEFT and member.status_date == date(2025, 4, 1)
    change = member.status_changes.get()
    assert change.kind == StatusChange.Kind.STRUCK_OFF_PROBATION and change.note == "Không đủ tư cách đảng viên"


@pytest.mark.django_db
def test_strike_off_without_a_reason_is_refused():
    member = probationary(admission_ceremony_date=date(2024, 3, 3))
    with pytest.raises(ValidationError, match="lý do"):
        probation.record_strike_off(member, date(2025, 4, 1), "  ")
    assert not member.status_changes.exists()


# --- admin ----------------------------------------------------------------------------


@pytest.fixture
def frozen_today(monkeypatch):
    import members.admin

    monkeypatch.setattr(members.admin.timezone, "localdate", lambda *a, **k: date(2025, 6, 2))


@pytest.mark.django_db
def test_admin_filters_due_within_30_and_overdue(client, office, frozen_today):
    soon = probationary(full_name="Trần Văn Sắp", admission_ceremony_date=date(2024, 6, 20))
    late = probationary(full_name="Lê Thị Trễ", admission_ceremony_date=date(2024, 3, 1))
    client.force_login(office)
    html = client.get(CHANGELIST, {"du_bi": "30"}).content.decode()
    assert soon.full_name in html and late.full_name not in html
    html = client.get(CHANGELIST, {"du_bi": "qua_han"}).content.decode()
    assert late.full_name in html and soon.full_name not in html


@pytest.mark.django_db
def test_admin_decision_form_refuses_an_early_recognition_in_vietnamese(client, office):
    member = probationary(admission_ceremony_date=date(2024, 3, 3))
    client.force_login(office)
    url = reverse("admin:members_member_probation", args=[member.pk])
    assert "03/03/2025" in client.get(url).content.decode()
    response = client.post(url, {"decision": "recognised", "decided_on": "01/03/2025"})
    assert response.status_code == 200
    assert "Chưa hết 12 tháng dự bị" in response.content.decode()
    member.refresh_from_db()
    assert member.official_date is None


@pytest.mark.django_db
def test_admin_decision_form_records_a_recognition(client, office):
    member = probationary(admission_ceremony_date=date(2024, 3, 3))
    client.force_login(office)
    url = reverse("admin:members_member_probation", args=[member.pk])
    response = client.post(url, {"decision": "recognised", "decided_on": "20/05/2025", "decision_number": "7-QĐ/ĐU"})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.official_date == date(2025, 3, 3) and member.status == Member.Status.FULL


@pytest.mark.django_db
def test_admin_lists_records_with_an_official_date_under_12_months_without_refusing_them(client, office):
    wrong = MemberFactory(
        full_name="Phạm Văn Sớm",
        admission_date=date(1997, 1, 20),
        admission_ceremony_date=date(1997, 1, 25),
        official_date=date(1998, 1, 15),
    )
    MemberFactory(
        full_name="Đỗ Thị Đúng",
        admission_date=date(1997, 1, 20),
        admission_ceremony_date=date(1997, 1, 25),
        official_date=date(1998, 1, 25),
    )
    client.force_login(office)
    html = client.get(CHANGELIST, {"kiem_tra_chinh_thuc": "som"}).content.decode()
    assert wrong.full_name in html and "Đỗ Thị Đúng" not in html
    assert client.get(reverse("admin:members_member_change", args=[wrong.pk])).status_code == 200


@pytest.mark.django_db
def test_an_official_date_under_12_months_after_the_ceremony_is_a_warning_not_an_error():
    member = MemberFactory(
        admission_date=date(1997, 1, 20), admission_ceremony_date=date(1997, 1, 25), official_date=date(1998, 1, 15)
    )
    member.full_clean()  # still loads and saves
    assert any("trước khi hết 12 tháng dự bị" in w for w in member.warnings())
