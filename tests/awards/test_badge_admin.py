"""The round screen in the admin: who sees it, what it shows, exports and recording the decision."""

import re
from datetime import date
from io import BytesIO

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from awards.badges import lists as badge_lists
from awards.models import BadgeAward, BadgeRound
from core.models import DataAccessLog, SiteProfile
from members.models import Member

from .factories import (
    AwardFactory,
    DisciplineFactory,
    EarlyRequestFactory,
    GapFactory,
    HoldFactory,
    MemberFactory,
    RoundFactory,
)

pytestmark = pytest.mark.django_db

ROUND = date(2027, 2, 3)


def url(name, round_):
    return reverse(f"admin:awards_badgeround_{name}", args=[round_.pk])


@pytest.fixture
def round_():
    return RoundFactory(date=ROUND)


@pytest.fixture
def office_client(client, office):
    client.force_login(office)
    return client


def test_editor_and_publisher_may_not_open_the_round_screen(client, editor, publisher, round_):
    for user in (editor, publisher):
        client.force_login(user)
        assert client.get(url("screen", round_)).status_code == 403
        assert client.get(url("xlsx", round_)).status_code == 403


def test_anonymous_visitor_is_sent_to_the_login_page(client, round_):
    response = client.get(url("screen", round_))
    assert response.status_code == 302 and "login" in response["Location"]


def test_superuser_may_open_the_round_screen(client, superuser, round_):
    client.force_login(superuser)
    assert client.get(url("screen", round_)).status_code == 200


def test_round_screen_groups_members_with_reasons_and_hold_ends(office_client, round_):
    MemberFactory(full_name="Trần Văn Bình", admission_date=date(1997, 1, 15))
    early = MemberFactory(full_name="Đinh Công Hậu", admission_date=date(1997, 9, 2))
    EarlyRequestFactory(member=early, requested_on=date(2026, 11, 10))
    MemberFactory(
        full_name="Tạ Văn Phúc", admission_date=date(1997, 6, 10), status="tu_tran", status_date=date(2026, 9, 20)
    )
    held = MemberFactory(full_name="Mai Thị Xuân", admission_date=date(1986, 1, 10))
    DisciplineFactory(member=held, form="canh_cao", decided_on=date(2026, 7, 1))
    response = office_client.get(url("screen", round_))
    html = response.content.decode()
    sections = {key: html[html.index(f'id="nhom-{key}"') :] for key in ("regular", "early", "posthumous", "held")}
    assert "Trần Văn Bình" in sections["regular"].split('id="nhom-early"')[0]
    assert "Đinh Công Hậu" in sections["early"].split('id="nhom-posthumous"')[0]
    assert "Tạ Văn Phúc" in sections["posthumous"].split('id="nhom-held"')[0]
    held_part = sections["held"]
    assert "Mai Thị Xuân" in held_part and "cảnh cáo" in held_part and "01/04/2027" in held_part
    assert "15/01/2027" in html  # the milestone date, dd/mm/yyyy
    assert "30 năm" in html
    log = DataAccessLog.objects.get(action="viewed", model="members.member")
    assert len(log.object_ids) == log.object_count >= 4  # every member on the screen
    assert not re.search(r"<script(?![^>]*\bsrc=)|\son\w+=|<style", html)


def _members(count):
    for i in range(count):
        member = MemberFactory(admission_date=date(1960 + i % 30, 1 + i % 12, 1))
        if i % 3 == 0:
            GapFactory(member=member, start=date(2001, 1, 1), end=date(2001, 3, 1))
        if i % 4 == 0:
            DisciplineFactory(member=member, decided_on=date(2026, 10, 1))
        if i % 5 == 0:
            HoldFactory(member=member)
        if i % 2 == 0:
            AwardFactory(member=member, years=30, round_date=date(2000, 2, 3))


@pytest.mark.parametrize("count", [2, 30])
def test_round_screen_runs_a_fixed_number_of_queries(office_client, round_, count, django_assert_num_queries):
    _members(count)
    SiteProfile.current()  # cached, as it is after the first request
    # session read, user, office group, two permission lookups, the round, 11 for the nominations,
    # the log entry of the view, and the session save (savepoint, update, release)
    with django_assert_num_queries(21):
        response = office_client.get(url("screen", round_))
    assert response.status_code == 200


@pytest.mark.parametrize("view", ["xlsx", "print"])
def test_exports_read_no_field_the_list_did_not_load(office_client, round_, view):
    # eligible_for_round loads only LISTED_MEMBER_FIELDS; a field outside it would cost one
    # query per member here, so the count must not grow with the members listed.
    SiteProfile.current()
    counts = []
    for count in (2, 30):
        _members(count)
        with CaptureQueriesContext(connection) as queries:
            response = office_client.post(url(view, round_))  # exports and print are POST-only
        assert response.status_code == 200
        counts.append(len(queries))
    assert counts[0] == counts[1]


def test_xlsx_export_downloads_the_official_layout_and_is_recorded(office_client, office, round_):
    MemberFactory(full_name="Trần Văn Bình", admission_date=date(1997, 1, 15))
    response = office_client.post(url("xlsx", round_))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    assert 'filename="de-nghi-huy-hieu-dang-2027-02-03.xlsx"' in response["Content-Disposition"]
    workbook = load_workbook(BytesIO(response.content))
    assert workbook["4-HHĐ"]["A4"].value.endswith("Đợt 03/02/2027")
    log = DataAccessLog.objects.get(user=office, action="exported")
    member_id = str(Member.objects.get(full_name="Trần Văn Bình").pk)
    assert log.model == "members.member" and member_id in log.object_ids
    assert workbook.properties.creator in (office.get_username(), office.get_full_name())  # travels with the file


def test_print_page_is_a4_landscape_without_inline_style_or_script(office_client, round_):
    MemberFactory(full_name="Trần Văn Bình", admission_date=date(1997, 1, 15))
    response = office_client.post(url("print", round_))
    html = response.content.decode()
    assert "DANH SÁCH ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG – Đợt 03/02/2027" in html
    assert "Ngày cấp có thẩm quyền ra QĐ kết nạp" in html and "Trần Văn Bình" in html
    assert "css/badge-print.css" in html
    assert not re.search(r"<script|\son\w+=|<style|\sstyle=", html)
    from django.contrib.staticfiles import finders

    with open(finders.find("css/badge-print.css"), encoding="utf-8") as css:
        assert "A4 landscape" in css.read()


def _decision_post(round_, numbers, decision="1800-QĐ/TU", decided_on="28/01/2027"):
    data = {"decision_number": decision, "decided_on": decided_on}
    for member, years, number in numbers:
        data[f"hhd_{member.pk}_{years}"] = number
    return data


def test_recording_the_decision_creates_badges_and_decides_the_round(office_client, office, round_):
    binh = MemberFactory(full_name="Trần Văn Bình", admission_date=date(1997, 1, 15))
    vinh = MemberFactory(full_name="Phạm Quang Vinh", admission_date=date(1986, 11, 20))
    skipped = MemberFactory(full_name="Lê Văn Chưa", admission_date=date(1996, 1, 1))
    response = office_client.post(
        url("screen", round_), _decision_post(round_, [(binh, 30, "HH001"), (vinh, 40, "HH002")])
    )
    assert response.status_code == 302
    round_.refresh_from_db()
    assert (round_.state, round_.decision_number, round_.decided_on) == ("decided", "1800-QĐ/TU", date(2027, 1, 28))
    awards = {a.member_id: a for a in BadgeAward.objects.all()}
    assert set(awards) == {binh.pk, vinh.pk}
    assert (awards[vinh.pk].years, awards[vinh.pk].badge_number, awards[vinh.pk].round) == (40, "HH002", round_)
    assert awards[binh.pk].recorded_by == office and awards[binh.pk].decision_number == "1800-QĐ/TU"
    assert not BadgeAward.objects.filter(member=skipped).exists()
    # The decided round still lists its recipients with their numbers.
    assert "HH002" in office_client.get(url("screen", round_)).content.decode()


def test_recording_with_no_badge_number_or_a_bad_date_keeps_the_round_open(office_client, round_):
    binh = MemberFactory(admission_date=date(1997, 1, 15))
    response = office_client.post(url("screen", round_), _decision_post(round_, [(binh, 30, "")]))
    assert response.status_code == 200 and "Chưa nhập số huy hiệu nào" in response.content.decode()
    response = office_client.post(
        url("screen", round_), _decision_post(round_, [(binh, 30, "HH1")], decided_on="31/02/2027")
    )
    assert response.status_code == 200
    round_.refresh_from_db()
    assert round_.state == "open" and not BadgeAward.objects.exists()


def test_badge_for_a_milestone_not_reached_is_refused_with_a_clear_message():
    member = MemberFactory(full_name="Trần Văn Bình", admission_date=date(1998, 6, 1))  # 30 years on 01/06/2028
    award = BadgeAward(member=member, years=30, round_date=ROUND)
    with pytest.raises(ValidationError) as refused:
        award.full_clean()
    message = " ".join(refused.value.messages)
    assert "chưa đủ 30 năm tuổi Đảng vào ngày 03/02/2027" in message and "01/06/2028" in message


def test_badge_inside_the_early_window_with_a_request_is_accepted_and_beyond_it_refused():
    member = MemberFactory(admission_date=date(1998, 2, 3))  # 30 years on 03/02/2028: 12 months
    EarlyRequestFactory(member=member, requested_on=date(2026, 12, 1))
    BadgeAward(member=member, years=30, round_date=ROUND).full_clean()
    later = MemberFactory(admission_date=date(1998, 2, 4))
    EarlyRequestFactory(member=later, requested_on=date(2026, 12, 1))
    with pytest.raises(ValidationError, match="quá 12 tháng"):
        BadgeAward(member=later, years=30, round_date=ROUND).full_clean()


def test_second_badge_for_the_same_milestone_is_refused():
    member = MemberFactory(full_name="Trần Văn Bình", admission_date=date(1990, 1, 1))
    AwardFactory(member=member, years=30, round_date=date(2020, 2, 3))
    with pytest.raises(ValidationError, match="đã được ghi nhận Huy hiệu 30 năm"):
        BadgeAward(member=member, years=30, round_date=ROUND).full_clean()


def test_badge_round_date_follows_its_round(round_):
    member = MemberFactory(admission_date=date(1990, 1, 1))
    award = BadgeAward(member=member, years=30, round=round_)
    award.full_clean()
    award.save()
    assert award.round_date == ROUND


def test_badge_numbers_imported_from_xlsx_fill_the_form(office_client, round_):
    binh = MemberFactory(full_name="Trần Văn Bình", admission_date=date(1997, 1, 15), card_number="093000000101")
    workbook = Workbook()
    workbook.active.append(["Số TT", "Số HHĐ", "Họ và tên", "Số thẻ đảng viên"])
    workbook.active.append([1, "HH777", "Trần Văn Bình", "093000000101"])
    upload = BytesIO(badge_lists.workbook_bytes(workbook))
    upload.name = "so-huy-hieu.xlsx"
    response = office_client.post(url("import", round_), {"file": upload})
    assert response.status_code == 302
    html = office_client.get(url("screen", round_)).content.decode()
    assert f'name="hhd_{binh.pk}_30"' in html and 'value="HH777"' in html
    assert not BadgeAward.objects.exists()  # the office checks, then saves


def test_importing_a_file_that_is_not_xlsx_shows_a_message(office_client, round_):
    upload = BytesIO(b"hello")
    upload.name = "x.xlsx"
    response = office_client.post(url("import", round_), {"file": upload}, follow=True)
    assert "Không đọc được tệp" in response.content.decode()


def test_marking_the_round_submitted(office_client, round_):
    office_client.post(url("screen", round_), {"mark_submitted": "1"})
    round_.refresh_from_db()
    assert round_.state == "submitted"


def test_creating_the_four_rounds_of_a_year_is_idempotent(office_client):
    target = reverse("admin:awards_badgeround_create_year")
    office_client.post(target, {"year-year": "2028"})
    office_client.post(target, {"year-year": "2028"})
    dates = list(BadgeRound.objects.order_by("date").values_list("date", flat=True))
    assert dates == [date(2028, 2, 3), date(2028, 5, 19), date(2028, 9, 2), date(2028, 11, 7)]
    assert BadgeRound.objects.get(date=date(2028, 9, 2)).name == "Đợt 02/09/2028"


def test_admin_action_creates_the_rounds_of_the_selected_rounds_year(office_client):
    other = BadgeRound.objects.create(date=date(2029, 12, 22), name="Đợt kỷ niệm thành lập Đảng bộ tỉnh")
    office_client.post(
        reverse("admin:awards_badgeround_changelist"),
        {"action": "create_year_rounds", "_selected_action": [other.pk]},
    )
    assert BadgeRound.objects.filter(date__year=2029).count() == 5


def test_office_sees_the_badge_record_lists_and_finds_a_member_without_diacritics(office_client):
    AwardFactory(member=MemberFactory(full_name="Đỗ Hữu Quyết"), years=30)
    for model in ("badgeround", "badgeaward", "earlyawardrequest", "badgehold"):
        assert office_client.get(reverse(f"admin:awards_{model}_changelist")).status_code == 200
    found = office_client.get(reverse("admin:awards_badgeaward_changelist"), {"q": "do huu quyet"})
    assert "Đỗ Hữu Quyết" in found.content.decode()
    found = office_client.get(reverse("admin:awards_badgeaward_changelist"), {"q": "Đỗ Hữu"})
    assert "Đỗ Hữu Quyết" in found.content.decode()


def test_adding_a_badge_in_the_admin_takes_the_round_date_and_stamps_the_office(office_client, office, round_):
    member = MemberFactory(admission_date=date(1990, 1, 1))
    response = office_client.post(
        reverse("admin:awards_badgeaward_add"),
        {
            "member": member.pk,
            "years": 30,
            "round": round_.pk,
            "round_date": "",
            "badge_number": "HH9",
            "decision_number": "1800-QĐ/TU",
        },
    )
    assert response.status_code == 302
    award = BadgeAward.objects.get(member=member)
    assert (award.round_date, award.recorded_by) == (ROUND, office)


def test_adding_a_badge_not_yet_due_in_the_admin_shows_the_refusal(office_client, round_):
    member = MemberFactory(full_name="Trần Văn Bình", admission_date=date(2000, 1, 1))
    response = office_client.post(
        reverse("admin:awards_badgeaward_add"),
        {"member": member.pk, "years": 30, "round": round_.pk, "badge_number": "HH9"},
    )
    assert response.status_code == 200
    assert "chưa đủ 30 năm tuổi Đảng vào ngày 03/02/2027" in response.content.decode()
    assert not BadgeAward.objects.exists()


def test_past_badge_of_a_member_who_left_later_may_be_recorded_but_not_after_leaving():
    member = MemberFactory(admission_date=date(1980, 1, 1), status="chuyen_di", status_date=date(2025, 6, 1))
    BadgeAward(member=member, years=40, round_date=date(2020, 2, 3)).full_clean()
    with pytest.raises(ValidationError, match="Chuyển đi"):
        BadgeAward(member=member, years=45, round_date=ROUND).full_clean()


def test_early_request_used_up_by_an_earlier_badge_does_not_allow_another_early_badge():
    member = MemberFactory(admission_date=date(1987, 6, 1))  # 40 years on 01/06/2027
    EarlyRequestFactory(member=member, requested_on=date(2016, 12, 1))
    AwardFactory(member=member, years=30, round_date=date(2017, 2, 3))
    with pytest.raises(ValidationError, match="chưa đủ 40 năm"):
        BadgeAward(member=member, years=40, round_date=ROUND).full_clean()


def test_badge_record_history_shows_who_changed_it(office_client, round_):
    award = AwardFactory(member=MemberFactory(admission_date=date(1990, 1, 1)), years=30)
    award.badge_number = "HH-SUA"
    award.save()
    response = office_client.get(reverse("admin:awards_badgeaward_history", args=[award.pk]))
    assert response.status_code == 200 and award.history.count() == 2


def test_a_badge_keeps_who_recorded_it_while_honours_name_who_last_entered_them(rf, office, superuser):
    """One save_model for the awards admin (awards.admin_mixins.RecordedByMixin)."""
    from types import SimpleNamespace

    from awards.admin_mixins import RecordedByMixin
    from awards.badges.admin import BadgeAwardAdmin
    from awards.honours.admin import CommendationAdmin, QualityRatingAdmin

    assert all(issubclass(a, RecordedByMixin) for a in (BadgeAwardAdmin, CommendationAdmin, QualityRatingAdmin))

    class Saved:  # stands for the rest of the admin chain
        def save_model(self, request, obj, form, change):
            obj.saved = True

    def save(admin_class, obj, user, change):
        request = rf.post("/")
        request.user = user
        stub = type("Stub", (RecordedByMixin, Saved), {"restamp_on_change": admin_class.restamp_on_change})
        stub().save_model(request, obj, SimpleNamespace(), change)
        assert obj.saved
        return obj.recorded_by

    assert save(BadgeAwardAdmin, SimpleNamespace(recorded_by=office), superuser, change=True) == office
    assert save(BadgeAwardAdmin, SimpleNamespace(recorded_by=None), office, change=False) == office
    assert save(CommendationAdmin, SimpleNamespace(recorded_by=office), superuser, change=True) == superuser
