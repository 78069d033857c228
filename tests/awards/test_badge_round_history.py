"""A round's list uses the status and the cell each member had on the round date (DOMAIN.md,
"Readings settled"): a decided round's list does not change when a member later moves, dies or leaves."""

from datetime import date

import pytest

from awards.badges.rules import POSTHUMOUS, REGULAR, eligible_for_round
from members import transfers
from members.models import Member, StatusChange

from .factories import CellFactory, MemberFactory

pytestmark = pytest.mark.django_db
ROUND = date(2025, 2, 3)


def listed(round_date=ROUND):
    return {n.member.pk: n for n in eligible_for_round(round_date)}


def snapshot(round_date=ROUND):
    return sorted(
        (n.member.pk, n.years, n.kind, n.member.cell.name, n.member.status) for n in eligible_for_round(round_date)
    )


def test_past_round_list_is_unchanged_after_members_move_die_and_leave():
    first, second = CellFactory(name="Chi bộ Viễn thông"), CellFactory(name="Chi bộ Báo chí")
    movers = MemberFactory(admission_date=date(1994, 5, 1), cell=first)
    dies = MemberFactory(admission_date=date(1994, 6, 1), cell=first)
    leaves = MemberFactory(admission_date=date(1994, 7, 1), cell=first)
    goes = MemberFactory(admission_date=date(1994, 8, 1), cell=first)
    before = snapshot()
    assert {row[0] for row in before} == {movers.pk, dies.pk, leaves.pk, goes.pk}

    transfers.move_cell(movers, second, date(2025, 6, 1))
    StatusChange.objects.create(member=dies, kind=StatusChange.Kind.DECEASED, date=date(2025, 7, 1))
    StatusChange.objects.create(
        member=leaves, kind=StatusChange.Kind.LEFT, date=date(2025, 8, 1), leave_form=StatusChange.LeaveForm.RESIGNED
    )
    transfers.transfer_out(goes, date(2025, 9, 1), "Đảng bộ Sở Y tế")

    assert snapshot() == before
    assert listed()[movers.pk].member.cell == first
    assert listed()[dies.pk].kind == REGULAR  # alive at the round
    # At a later round the new facts count.
    later = listed(date(2025, 9, 2))
    assert later[movers.pk].member.cell == second
    assert later[dies.pk].kind == POSTHUMOUS
    assert leaves.pk not in later and goes.pk not in later


def test_member_received_after_the_round_was_not_ours_at_that_round():
    member = MemberFactory(admission_date=date(1994, 5, 1))
    transfers.transfer_in(member, date(2025, 6, 1), "Đảng bộ huyện Ba Vì", member.cell, left_on=date(2025, 5, 25))
    assert member.pk not in listed()
    assert member.pk in listed(date(2025, 9, 2))


def test_member_recognised_full_after_the_round_was_probationary_at_it():
    # Readmitted long ago-admitted member: probationary at the round, full later.
    member = MemberFactory(admission_date=date(1990, 5, 1), official_date=None, status=Member.Status.PROBATIONARY)
    StatusChange.objects.create(member=member, kind=StatusChange.Kind.READMITTED, date=date(2024, 4, 1))
    Member.objects.filter(pk=member.pk).update(official_date=date(2025, 4, 1))
    StatusChange.objects.create(member=member, kind=StatusChange.Kind.FULL, date=date(2025, 4, 1))
    assert member.pk not in listed()
    assert member.pk in listed(date(2025, 5, 19))
