"""The office's member list: columns, filters, folded search, order, inlines, warnings, no delete."""

from datetime import date

import pytest
from django.urls import reverse

from members.admin import reaching_milestone_between
from members.models import Member, MembershipGap, StatusChange

from .factories import GapFactory, MemberFactory, PartyCellFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:members_member_changelist")
ADD = reverse("admin:members_member_add")


@pytest.fixture
def frozen_today(monkeypatch):
    """Today is 28/11/2026 in Asia/Ho_Chi_Minh for the list columns and filters."""
    import members.admin

    monkeypatch.setattr(members.admin.timezone, "localdate", lambda *a, **k: date(2026, 11, 28))
    return date(2026, 11, 28)


def test_list_shows_party_age_next_milestone_and_its_date(client, office, frozen_today):
    member = MemberFactory(full_name="Hoàng Thị Lan", admission_date=date(1996, 7, 20), official_date=date(1997, 7, 20))
    GapFactory(member=member, start=date(2000, 3, 1), end=date(2001, 3, 1))
    client.force_login(office)
    html = client.get(CHANGELIST).content.decode()
    # 20/07/1996 → 28/11/2026 moved back 365 days = 28/11/2025: 29 years 4 months.
    assert "29 năm 4 tháng" in html
    assert "30 năm" in html and "20/07/2027" in html


def test_search_ignores_accents_and_finds_d_with_stroke(client, office):
    MemberFactory(full_name="Đỗ Hữu Quyết")
    MemberFactory(full_name="Lữ Văn Tâm")
    client.force_login(office)
    for term in ("do huu", "Đỗ", "quyet", "QUYẾT"):
        names = [m.full_name for m in client.get(CHANGELIST, {"q": term}).context["cl"].result_list]
        assert names == ["Đỗ Hữu Quyết"], term


def test_search_by_card_number(client, office):
    MemberFactory(full_name="Phan Văn Một", card_number="930000111222")
    MemberFactory(full_name="Phan Văn Hai", card_number="930000333444")
    client.force_login(office)
    names = [m.full_name for m in client.get(CHANGELIST, {"q": "930000333"}).context["cl"].result_list]
    assert names == ["Phan Văn Hai"]


def test_list_orders_by_given_name_with_d_among_d(client, office):
    for name in ("Lữ Văn Tâm", "Đỗ Hữu Quyết", "Nguyễn Thị Đào", "Trần Văn Dũng", "Lê Văn An"):
        MemberFactory(full_name=name)
    client.force_login(office)
    names = [m.full_name for m in client.get(CHANGELIST).context["cl"].result_list]
    assert names == ["Lê Văn An", "Nguyễn Thị Đào", "Trần Văn Dũng", "Đỗ Hữu Quyết", "Lữ Văn Tâm"]


def test_filters_by_cell_and_status(client, office):
    cell_a, cell_b = PartyCellFactory(name="Chi bộ Viễn thông"), PartyCellFactory(name="Chi bộ Văn phòng")
    MemberFactory(full_name="Người Ở A", cell=cell_a)
    MemberFactory(full_name="Người Ở B", cell=cell_b, status=Member.Status.DECEASED, status_date=date(2020, 1, 1))
    client.force_login(office)
    by_cell = client.get(CHANGELIST, {"cell__id__exact": cell_a.pk}).context["cl"].result_list
    assert [m.full_name for m in by_cell] == ["Người Ở A"]
    by_status = client.get(CHANGELIST, {"status__exact": "tu_tran"}).context["cl"].result_list
    assert [m.full_name for m in by_status] == ["Người Ở B"]


def test_milestone_filter_finds_members_reaching_one_within_the_months(client, office, frozen_today):
    MemberFactory(full_name="Sắp Ba Mươi", admission_date=date(1997, 2, 3), official_date=date(1998, 2, 3))
    MemberFactory(full_name="Còn Xa", admission_date=date(2000, 6, 1), official_date=date(2001, 6, 1))
    delayed = MemberFactory(full_name="Có Gián Đoạn", admission_date=date(1996, 7, 20), official_date=date(1997, 7, 20))
    GapFactory(member=delayed, start=date(2000, 3, 1), end=date(2000, 10, 1))  # 214 days: 30 years on 19/02/2027
    MemberFactory(full_name="Ba Mươi Lăm", admission_date=date(1992, 1, 10), official_date=date(1993, 1, 10))
    client.force_login(office)
    names = {m.full_name for m in client.get(CHANGELIST, {"dat_moc": "3"}).context["cl"].result_list}
    assert names == {"Sắp Ba Mươi", "Có Gián Đoạn"}  # no badge at 35 years
    names_12 = {m.full_name for m in client.get(CHANGELIST, {"dat_moc": "12"}).context["cl"].result_list}
    assert names_12 == {"Sắp Ba Mươi", "Có Gián Đoạn"}


def test_milestone_filter_matches_the_exact_rule_on_many_members():
    """The SQL pre-selection never drops a member the exact rule would keep."""
    cell = PartyCellFactory()
    start, end = date(2026, 11, 28), date(2027, 11, 28)
    members = []
    for i in range(400):
        admission = date(1935, 1, 1).fromordinal(date(1935, 1, 1).toordinal() + i * 83)
        members.append(MemberFactory.build(cell=cell, admission_date=admission, official_date=None, card_number=None))
    for m in members:
        m.fill_derived_fields()
    Member.objects.bulk_create(members)
    expected = set()
    for m in Member.objects.all():
        if any(start <= m.milestone_date(y) <= end for y in (30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90)):
            expected.add(m.pk)
    got = set(reaching_milestone_between(Member.objects.all(), start, end).values_list("pk", flat=True))
    assert got == expected and expected


def test_office_cannot_delete_a_member(client, office, superuser):
    member = MemberFactory()
    for user in (office, superuser):
        client.force_login(user)
        assert client.get(reverse("admin:members_member_delete", args=[member.pk])).status_code == 403
        assert client.post(reverse("admin:members_member_delete", args=[member.pk]), {"post": "yes"}).status_code == 403
        actions = client.get(CHANGELIST).context["cl"].model_admin.get_actions(client.get(CHANGELIST).wsgi_request)
        assert "delete_selected" not in actions
    assert Member.objects.filter(pk=member.pk).exists()
    assert not office.has_perm("members.delete_member")


def _post_data(cell, **overrides):
    data = {
        "full_name": "Trịnh Văn Mới",
        "gender": "nam",
        "admission_date": "03/02/2010",
        "official_date": "03/02/2011",
        "cell": cell.pk,
        "status": "chinh_thuc",
        "ethnicity": "Kinh",
        "religion": "Không",
        "card_number": "930000555666",
    }
    for prefix in ("status_changes", "cell_periods", "gaps", "disciplines"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    data.update(overrides)
    return data


def test_add_member_with_dates_in_vietnamese_format(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell))
    assert response.status_code == 302, response.context["adminform"].form.errors
    member = Member.objects.get(card_number="930000555666")
    assert member.admission_date == date(2010, 2, 3)


def test_official_date_not_about_a_year_later_is_a_warning_after_saving(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell, official_date="03/02/2015"), follow=True)
    assert Member.objects.filter(full_name="Trịnh Văn Mới").exists()
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert any("khoảng 12 tháng" in w for w in warnings)


def test_admission_before_18_is_a_warning(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell, date_of_birth="01/06/1993"), follow=True)
    assert Member.objects.filter(full_name="Trịnh Văn Mới").exists()
    warnings = [str(m) for m in response.context["messages"] if m.level_tag == "warning"]
    assert any("chưa đủ 18 tuổi" in w for w in warnings)


def test_official_date_before_admission_is_an_error(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell, official_date="01/01/2009"))
    assert response.status_code == 200
    assert "Ngày chính thức phải sau ngày ra quyết định kết nạp." in response.content.decode()
    assert not Member.objects.exists()


@pytest.mark.parametrize(
    ("card", "ok"), [("930000555666", True), ("12345678", True), ("1234567", False), ("93000055566A", False)]
)
def test_card_number_twelve_digits_or_old_eight(client, office, card, ok):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell, card_number=card))
    assert (response.status_code == 302) is ok
    if not ok:
        assert "12 chữ số" in response.content.decode()


def test_card_number_unique_with_a_vietnamese_message(client, office):
    cell = PartyCellFactory()
    MemberFactory(card_number="930000555666")
    client.force_login(office)
    response = client.post(ADD, _post_data(cell))
    assert response.status_code == 200
    assert "Số thẻ đảng viên này đã có trong danh sách." in response.content.decode()


def test_deceased_needs_the_date(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell, status="tu_tran"))
    assert response.status_code == 200
    assert "cần ngày bắt đầu" in response.content.decode()


def _gap_forms(*gaps):
    data = {"gaps-TOTAL_FORMS": str(len(gaps)), "gaps-INITIAL_FORMS": "0"}
    for i, (start, end) in enumerate(gaps):
        data.update({f"gaps-{i}-start": start, f"gaps-{i}-end": end, f"gaps-{i}-reason": "mat_lien_lac"})
    return data


def test_overlapping_gaps_are_refused_in_the_inline(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    data = _post_data(cell, **_gap_forms(("01/03/2012", "01/03/2013"), ("01/01/2013", "01/06/2013")))
    response = client.post(ADD, data)
    assert response.status_code == 200
    assert "chồng lên nhau" in response.content.decode()
    assert not Member.objects.exists()


def test_gap_before_admission_is_refused_in_the_inline(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell, **_gap_forms(("01/03/2009", "01/03/2010"))))
    assert response.status_code == 200
    assert "phải sau ngày kết nạp" in response.content.decode()


def test_an_open_gap_followed_by_another_is_refused(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell, **_gap_forms(("01/03/2012", ""), ("01/01/2015", "01/06/2015"))))
    assert "chồng lên nhau" in response.content.decode()


def test_valid_gaps_are_saved(client, office):
    cell = PartyCellFactory()
    client.force_login(office)
    response = client.post(ADD, _post_data(cell, **_gap_forms(("01/03/2012", "01/03/2013"), ("01/03/2013", ""))))
    assert response.status_code == 302
    assert MembershipGap.objects.count() == 2


def test_gap_model_clean_refuses_overlap_with_stored_gaps():
    from django.core.exceptions import ValidationError

    member = MemberFactory()
    GapFactory(member=member, start=date(2000, 1, 1), end=date(2001, 1, 1))
    overlapping = MembershipGap(member=member, start=date(2000, 6, 1), end=date(2002, 1, 1), reason="khac")
    with pytest.raises(ValidationError):
        overlapping.full_clean()


def test_status_change_inline_keeps_member_status_consistent(client, office):
    member = MemberFactory()
    client.force_login(office)
    url = reverse("admin:members_member_change", args=[member.pk])
    data = _post_data(
        member.cell,
        full_name=member.full_name,
        card_number=member.card_number,
        admission_date="10/03/1995",
        official_date="10/03/1996",
    )
    data.update(
        {
            "status_changes-TOTAL_FORMS": "2",
            "status_changes-0-kind": "chuyen_di",
            "status_changes-0-date": "01/04/2020",
            "status_changes-1-kind": "chuyen_den",
            "status_changes-1-date": "01/09/2021",
        }
    )
    assert client.post(url, data).status_code == 302
    member.refresh_from_db()
    assert (member.status, member.status_date) == ("chinh_thuc", date(2021, 9, 1))
    StatusChange.objects.create(member=member, kind="tu_tran", date=date(2026, 1, 5))
    member.refresh_from_db()
    assert (member.status, member.status_date) == ("tu_tran", date(2026, 1, 5))


def test_change_history_records_who_changed_what(client, office):
    member = MemberFactory(full_name="Võ Thị Sử")
    client.force_login(office)
    url = reverse("admin:members_member_change", args=[member.pk])
    data = _post_data(
        member.cell,
        full_name="Võ Thị Sử",
        card_number=member.card_number,
        admission_date="10/03/1995",
        official_date="10/03/1996",
        party_position="Bí thư Chi bộ",
    )
    assert client.post(url, data).status_code == 302
    latest = member.history.first()
    assert latest.history_user == office
    assert latest.party_position == "Bí thư Chi bộ"
    page = client.get(reverse("admin:members_member_history", args=[member.pk])).content.decode()
    assert "vanphong" in page and "Chức vụ Đảng" in page
    assert "Bí thư Chi bộ" in page and "&rarr;" in page


def test_change_view_records_the_access(client, office):
    from core.models import DataAccessLog

    member = MemberFactory()
    client.force_login(office)
    client.get(reverse("admin:members_member_change", args=[member.pk]))
    log = DataAccessLog.objects.get()
    assert (log.user, log.action, log.model, log.object_ids) == (office, "viewed", "members.member", [str(member.pk)])


def test_party_age_of_a_deceased_member_stops_at_death(client, office, frozen_today):
    MemberFactory(
        full_name="Lâm Văn Cố",
        admission_date=date(1980, 1, 10),
        official_date=date(1981, 1, 10),
        status=Member.Status.DECEASED,
        status_date=date(2020, 7, 15),
    )
    client.force_login(office)
    response = client.get(CHANGELIST)
    admin_obj = response.context["cl"].model_admin
    member = response.context["cl"].result_list[0]
    assert admin_obj.party_age(member) == "40 năm 6 tháng"
    assert admin_obj.next_milestone_years(member) == "–"


def test_change_form_lists_every_milestone_date(client, office, frozen_today):
    member = MemberFactory(admission_date=date(1990, 8, 25), official_date=date(1991, 8, 25))
    GapFactory(member=member, start=date(2000, 3, 1), end=date(2001, 3, 1))
    client.force_login(office)
    html = client.get(reverse("admin:members_member_change", args=[member.pk])).content.decode()
    assert "35 năm 3 tháng" in html  # 28/11/2026 moved back 365 days = 28/11/2025
    assert "30 năm: 25/08/2021" in html and "40 năm: 25/08/2031" in html and "35 năm:" not in html


def test_deceased_member_shows_a_milestone_inside_the_posthumous_window(client, office, frozen_today):
    MemberFactory(
        full_name="Kha Văn Truy",
        admission_date=date(1976, 12, 19),
        official_date=date(1977, 12, 19),
        status=Member.Status.DECEASED,
        status_date=date(2026, 8, 14),
    )
    client.force_login(office)
    response = client.get(CHANGELIST, {"dat_moc": "3"})
    admin_obj = response.context["cl"].model_admin
    (member,) = response.context["cl"].result_list
    assert admin_obj.party_age(member) == "49 năm 7 tháng"  # on the day of death
    assert (admin_obj.next_milestone_years(member), admin_obj.next_milestone_date(member)) == ("50 năm", "19/12/2026")


def test_milestone_filter_leaves_out_departed_transferred_and_late_posthumous(client, office, frozen_today):
    soon = {"admission_date": date(1976, 12, 19), "official_date": date(1977, 12, 19)}
    MemberFactory(full_name="Đã Ra Khỏi", status=Member.Status.LEFT, status_date=date(2020, 1, 1), **soon)
    MemberFactory(full_name="Đã Chuyển Đi", status=Member.Status.TRANSFERRED, status_date=date(2025, 1, 1), **soon)
    MemberFactory(full_name="Mất Đã Lâu", status=Member.Status.DECEASED, status_date=date(2024, 1, 1), **soon)
    MemberFactory(full_name="Vẫn Sinh Hoạt", status=Member.Status.EXCUSED, status_date=date(2024, 1, 1), **soon)
    client.force_login(office)
    names = [m.full_name for m in client.get(CHANGELIST, {"dat_moc": "3"}).context["cl"].result_list]
    assert names == ["Vẫn Sinh Hoạt"]


def test_import_reports_each_problem_once(client, office):
    import tablib

    from members.resources import MemberResource

    PartyCellFactory(name="Chi bộ Viễn thông")
    data = tablib.Dataset(headers=["Họ và tên", "Ngày ra quyết định kết nạp", "Chi bộ"])
    data.append(["", "01/02/2010", "Chi bộ Viễn thông"])
    result = MemberResource().import_data(data, dry_run=True)
    (invalid,) = result.invalid_rows
    assert invalid.error_dict["full_name"] == ["Dòng 2, cột “Họ và tên”: Họ và tên không được để trống."]
    assert not Member.objects.exists()
