"""Transfers and cell history (DOMAIN.md, "Transfers"): internal moves, out and in, gaps, "as of" readings,
and bad dates refused in Vietnamese with nothing saved."""

from datetime import date

import pytest
from django.core.exceptions import ValidationError

from members import transfers
from members.models import CellMembership, Member, MembershipGap, StatusChange

from .factories import MemberFactory, PartyCellFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def cells():
    return PartyCellFactory(name="Chi bộ Viễn thông"), PartyCellFactory(name="Chi bộ Báo chí – Xuất bản")


def test_internal_move_closes_the_period_and_opens_one_in_the_new_cell(cells):
    first, second = cells
    member = MemberFactory(cell=first, admission_date=date(2000, 5, 1), admission_ceremony_date=date(2000, 5, 10))
    transfers.move_cell(member, second, date(2020, 7, 1))
    member.refresh_from_db()
    assert member.cell == second
    periods = [(p.cell, p.start, p.end) for p in transfers.cell_history(member)]
    assert periods == [(first, date(2000, 5, 10), date(2020, 7, 1)), (second, date(2020, 7, 1), None)]


def test_lists_as_of_a_date_use_the_cell_of_that_date(cells):
    first, second = cells
    member = MemberFactory(cell=first, admission_date=date(2000, 5, 1))
    transfers.move_cell(member, second, date(2020, 7, 1))
    assert transfers.cells_on(date(2020, 6, 30)) == {member.pk: first.pk}
    # On and after the move, the current cell (no closed period covers the day).
    assert transfers.cells_on(date(2020, 7, 1)) == {}


def test_member_without_history_has_one_implied_period_from_the_ceremony(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1), admission_ceremony_date=None)
    (period,) = transfers.cell_history(member)
    assert (period.cell, period.start, period.end, period.pk) == (cells[0], date(2000, 5, 1), None, None)


def test_official_transfer_out_ends_the_cell_period_and_the_membership_here(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    transfers.transfer_out(member, date(2024, 3, 1), "Đảng bộ Sở Y tế", official=True)
    member.refresh_from_db()
    assert member.status == Member.Status.TRANSFERRED and member.status_date == date(2024, 3, 1)
    assert transfers.cell_history(member)[-1].end == date(2024, 3, 1)
    assert member.status_changes.get().place == "Đảng bộ Sở Y tế"


def test_temporary_transfer_out_keeps_the_member_counted_and_the_cell(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    transfers.transfer_out(member, date(2024, 3, 1), "Trường Chính trị tỉnh", official=False)
    member.refresh_from_db()
    assert member.status == Member.Status.FULL
    assert transfers.cell_history(member)[-1].end is None


def test_transfer_in_after_a_transfer_out_makes_the_days_between_a_gap(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(1990, 5, 1))
    transfers.transfer_out(member, date(2024, 3, 1), "Đảng bộ Sở Y tế")
    transfers.transfer_in(member, date(2024, 5, 1), "Đảng bộ Sở Y tế", cells[1])
    member.refresh_from_db()
    assert member.status == Member.Status.FULL and member.cell == cells[1]
    gap = member.gaps.get()
    assert (gap.start, gap.end, gap.reason) == (date(2024, 3, 1), date(2024, 5, 1), MembershipGap.Reason.NOT_ATTACHED)
    assert "quá 30 ngày" in gap.note
    # Party age does not grow during those 61 days.
    assert member.milestone_date(40) == date(2030, 7, 1)


def test_member_received_from_elsewhere_with_the_letter_date_gets_the_gap(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(1990, 5, 1))
    CellMembership.objects.all().delete()
    transfers.transfer_in(member, date(2024, 5, 10), "Đảng bộ huyện Ba Vì", cells[1], left_on=date(2024, 5, 1))
    assert member.gaps.get().end == date(2024, 5, 10)
    assert StatusChange.objects.get(member=member).kind == StatusChange.Kind.TRANSFER_IN


def test_transfer_in_before_the_transfer_out_is_refused_and_saves_nothing(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(1990, 5, 1))
    transfers.transfer_out(member, date(2024, 3, 1), "Đảng bộ Sở Y tế")
    with pytest.raises(ValidationError, match="không thể trước ngày chuyển sinh hoạt đi 01/03/2024"):
        transfers.transfer_in(member, date(2024, 2, 1), "Đảng bộ Sở Y tế", cells[1])
    assert member.status_changes.count() == 1 and not member.gaps.exists()
    member.refresh_from_db()
    assert member.cell == cells[0]


def test_cell_move_before_admission_is_refused_and_saves_nothing(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    with pytest.raises(ValidationError, match="không thể trước ngày kết nạp 01/05/2000"):
        transfers.move_cell(member, cells[1], date(1999, 1, 1))
    assert not CellMembership.objects.filter(member=member).exists()


def test_cell_move_before_the_current_period_began_is_refused(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    transfers.move_cell(member, cells[1], date(2020, 7, 1))
    with pytest.raises(ValidationError, match="phải sau ngày bắt đầu sinh hoạt"):
        transfers.move_cell(member, cells[0], date(2019, 1, 1))
    assert member.cell_periods.count() == 2


def test_overlapping_cell_periods_are_refused_in_vietnamese(cells):
    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    CellMembership.objects.create(member=member, cell=cells[0], start=date(2000, 5, 1), end=date(2010, 1, 1))
    overlapping = CellMembership(member=member, cell=cells[1], start=date(2009, 1, 1))
    with pytest.raises(ValidationError, match="chồng lên nhau"):
        overlapping.full_clean()


def test_status_on_a_date_reads_the_history():
    kinds = StatusChange.Kind
    changes = [(date(2024, 3, 1), kinds.TRANSFER_OUT)]
    args = {"status": Member.Status.TRANSFERRED, "status_date": date(2024, 3, 1), "official_date": date(1991, 5, 1)}
    assert transfers.status_on(date(2024, 2, 29), **args, changes=changes)[0] == Member.Status.FULL
    assert transfers.status_on(date(2024, 3, 1), **args, changes=changes)[0] == Member.Status.TRANSFERRED
    came = [(date(2024, 5, 1), kinds.TRANSFER_IN)]
    assert transfers.status_on(
        date(2024, 4, 1),
        status="chinh_thuc",
        status_date=date(2024, 5, 1),
        official_date=date(1991, 5, 1),
        changes=came,
    ) == (None, None)


def test_admin_transfer_form_records_a_move_and_links_from_the_change_page(client, office, cells):
    from django.urls import reverse

    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    client.force_login(office)
    url = reverse("admin:members_member_transfer", args=[member.pk])
    assert url in client.get(reverse("admin:members_member_change", args=[member.pk])).content.decode()
    response = client.post(url, {"kind": "move", "on": "01/07/2020", "cell": cells[1].pk})
    assert response.status_code == 302
    member.refresh_from_db()
    assert member.cell == cells[1]


def test_admin_transfer_form_shows_the_vietnamese_error_and_saves_nothing(client, office, cells):
    from django.urls import reverse

    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    client.force_login(office)
    url = reverse("admin:members_member_transfer", args=[member.pk])
    response = client.post(url, {"kind": "move", "on": "01/07/1999", "cell": cells[1].pk})
    assert response.status_code == 200
    assert "không thể trước ngày kết nạp 01/05/2000" in response.content.decode()
    assert not CellMembership.objects.filter(member=member).exists()


def test_admin_inline_refuses_overlapping_cell_periods(client, office, cells):
    from django.forms import inlineformset_factory
    from django.urls import reverse

    from members.forms import CellPeriodInlineFormSet

    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    client.force_login(office)
    html = client.get(reverse("admin:members_member_change", args=[member.pk])).content.decode()
    assert "cell_periods-TOTAL_FORMS" in html  # the inline is on the change page
    # The inline's formset, on its own: two periods overlapping.
    FormSet = inlineformset_factory(
        Member, CellMembership, formset=CellPeriodInlineFormSet, fields=("cell", "start", "end"), extra=2
    )
    formset = FormSet(
        {
            "cell_periods-TOTAL_FORMS": "2",
            "cell_periods-INITIAL_FORMS": "0",
            "cell_periods-0-cell": cells[0].pk,
            "cell_periods-0-start": "01/05/2000",
            "cell_periods-0-end": "01/01/2010",
            "cell_periods-1-cell": cells[1].pk,
            "cell_periods-1-start": "01/01/2009",
        },
        instance=member,
    )
    assert not formset.is_valid()
    assert "chồng lên nhau" in str(formset.non_form_errors())


def test_the_cell_is_read_only_on_the_change_form_so_moves_keep_their_history(client, office, cells):
    from django.urls import reverse

    member = MemberFactory(cell=cells[0], admission_date=date(2000, 5, 1))
    client.force_login(office)
    response = client.get(reverse("admin:members_member_change", args=[member.pk]))
    assert "cell" not in response.context["adminform"].form.fields
