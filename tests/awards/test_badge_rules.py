"""The badge rules of DOMAIN.md ("Party badges", "Who is proposed, precisely"), edge by edge."""

from datetime import date

import pytest

from awards.badges import rules as badges
from awards.badges.rules import EARLY, POSTHUMOUS, REGULAR, eligible_for_round
from members.models import Discipline, Member

from .factories import (
    AwardFactory,
    DisciplineFactory,
    EarlyRequestFactory,
    GapFactory,
    HoldFactory,
    MemberFactory,
)

pytestmark = pytest.mark.django_db

ROUND = date(2027, 2, 3)


def nominations_by_member(round_date=ROUND):
    return {n.member.pk: n for n in eligible_for_round(round_date)}


# --- reaching the milestone -----------------------------------------------------------


def test_milestone_on_the_round_date_is_proposed_at_that_round():
    member = MemberFactory(admission_date=date(1997, 2, 3))
    nomination = nominations_by_member()[member.pk]
    assert (nomination.years, nomination.milestone_date, nomination.kind) == (30, ROUND, REGULAR)
    assert nomination.hold_reason is None and nomination.deferred_until is None
    assert nomination.party_months == 360


def test_milestone_the_day_after_the_round_waits_for_the_next_round():
    member = MemberFactory(admission_date=date(1997, 2, 4))
    assert member.pk not in nominations_by_member()
    assert nominations_by_member(date(2027, 5, 19))[member.pk].milestone_date == date(2027, 2, 4)


def test_member_stays_listed_at_later_rounds_until_the_badge_is_recorded():
    member = MemberFactory(admission_date=date(1996, 6, 1))
    assert nominations_by_member(date(2026, 9, 2))[member.pk].years == 30
    assert nominations_by_member()[member.pk].years == 30
    AwardFactory(member=member, years=30, round_date=date(2026, 9, 2))
    assert member.pk not in nominations_by_member()


def test_badge_recorded_at_this_round_is_attached_and_the_member_still_listed():
    member = MemberFactory(admission_date=date(1996, 6, 1))
    award = AwardFactory(member=member, years=30, round_date=ROUND)
    assert nominations_by_member()[member.pk].award == award


def test_gap_pushes_the_milestone_past_the_round():
    member = MemberFactory(admission_date=date(1996, 12, 1))
    assert member.pk in nominations_by_member()
    GapFactory(member=member, start=date(2000, 3, 1), end=date(2000, 6, 1))  # 92 days
    assert member.pk not in nominations_by_member()
    assert nominations_by_member(date(2027, 5, 19))[member.pk].milestone_date == date(2027, 3, 3)


def test_worked_example_of_domain_a_year_out_of_contact_delays_30_years_to_2021():
    member = MemberFactory(admission_date=date(1990, 8, 25))
    GapFactory(member=member, start=date(2000, 3, 1), end=date(2001, 3, 1))
    assert member.pk not in nominations_by_member(date(2021, 2, 3))
    assert nominations_by_member(date(2021, 9, 2))[member.pk].milestone_date == date(2021, 8, 25)


def test_member_in_an_open_gap_is_not_proposed_for_a_milestone_after_the_gap_began():
    member = MemberFactory(admission_date=date(1996, 6, 1))
    GapFactory(member=member, start=date(2020, 1, 1), end=None)
    assert member.pk not in nominations_by_member()


def test_admission_on_29_february_reaches_30_years_on_28_february():
    member = MemberFactory(admission_date=date(1996, 2, 29))
    assert member.pk not in nominations_by_member(date(2026, 2, 27))
    assert nominations_by_member(date(2026, 2, 28))[member.pk].milestone_date == date(2026, 2, 28)


def test_admission_on_29_february_1992_reaches_30_years_on_28_february_2022():
    member = MemberFactory(admission_date=date(1992, 2, 29))
    assert member.pk not in nominations_by_member(date(2022, 2, 27))
    assert member.pk in nominations_by_member(date(2022, 2, 28))


def test_member_with_no_due_milestone_is_not_listed():
    young = MemberFactory(admission_date=date(2010, 5, 1))
    assert young.pk not in nominations_by_member()


# --- one nomination: the highest milestone due -----------------------------------------


def test_only_the_highest_milestone_reached_is_proposed_when_a_lower_one_was_never_awarded():
    member = MemberFactory(admission_date=date(1985, 1, 1))  # 40 years on 01/01/2025
    nominations = [n for n in eligible_for_round(ROUND) if n.member.pk == member.pk]
    assert [(n.years, n.milestone_date) for n in nominations] == [(40, date(2025, 1, 1))]


def test_already_awarded_milestone_is_not_proposed_again():
    member = MemberFactory(admission_date=date(1990, 1, 1))
    AwardFactory(member=member, years=30, round_date=date(2020, 2, 3))
    assert member.pk not in nominations_by_member()


def test_next_milestone_is_proposed_after_the_lower_one_was_awarded():
    member = MemberFactory(admission_date=date(1980, 6, 1))
    AwardFactory(member=member, years=40, round_date=date(2020, 9, 2))
    assert nominations_by_member()[member.pk].years == 45


def test_a_higher_badge_supersedes_a_lower_one_never_given():
    member = MemberFactory(admission_date=date(1985, 1, 1))
    AwardFactory(member=member, years=40, round_date=date(2025, 2, 3))
    assert member.pk not in nominations_by_member()


# --- early award ---------------------------------------------------------------------


def test_early_award_at_exactly_12_months_before_the_milestone():
    member = MemberFactory(admission_date=date(1998, 2, 3))  # 30 years on 03/02/2028
    EarlyRequestFactory(member=member, requested_on=date(2026, 12, 1))
    nomination = nominations_by_member()[member.pk]
    assert (nomination.years, nomination.kind, nomination.milestone_date) == (30, EARLY, date(2028, 2, 3))
    assert nomination.early_request_on == date(2026, 12, 1)


def test_early_award_one_day_beyond_12_months_is_not_proposed():
    member = MemberFactory(admission_date=date(1998, 2, 4))
    EarlyRequestFactory(member=member, requested_on=date(2026, 12, 1))
    assert member.pk not in nominations_by_member()


def test_early_window_needs_a_recorded_request():
    member = MemberFactory(admission_date=date(1997, 6, 1))
    assert member.pk not in nominations_by_member()


def test_request_made_after_the_round_date_does_not_open_the_window():
    member = MemberFactory(admission_date=date(1997, 6, 1))
    EarlyRequestFactory(member=member, requested_on=date(2027, 2, 4))
    assert member.pk not in nominations_by_member()
    # The same request opens the window at the next round.
    assert nominations_by_member(date(2027, 5, 19))[member.pk].kind == EARLY


def test_request_made_on_the_round_date_opens_the_window():
    member = MemberFactory(admission_date=date(1997, 6, 1))
    EarlyRequestFactory(member=member, requested_on=ROUND)
    assert nominations_by_member()[member.pk].kind == EARLY


def test_early_award_at_exactly_24_months_for_70_years():
    member = MemberFactory(admission_date=date(1959, 2, 3))  # 70 years on 03/02/2029
    AwardFactory(member=member, years=65, round_date=date(2024, 2, 3))
    EarlyRequestFactory(member=member, requested_on=date(2026, 11, 1))
    nomination = nominations_by_member()[member.pk]
    assert (nomination.years, nomination.kind, nomination.milestone_date) == (70, EARLY, date(2029, 2, 3))


def test_early_award_one_day_beyond_24_months_for_70_years_is_not_proposed():
    member = MemberFactory(admission_date=date(1959, 2, 4))
    AwardFactory(member=member, years=65, round_date=date(2024, 2, 3))
    EarlyRequestFactory(member=member, requested_on=date(2026, 11, 1))
    assert member.pk not in nominations_by_member()


def test_65_years_may_be_only_12_months_early_not_24():
    member = MemberFactory(admission_date=date(1963, 3, 3))  # 65 years on 03/03/2028: 13 months
    AwardFactory(member=member, years=60, round_date=date(2023, 5, 19))
    EarlyRequestFactory(member=member, requested_on=date(2026, 11, 1))
    assert member.pk not in nominations_by_member()


def test_early_request_is_used_up_by_a_badge_recorded_after_it():
    member = MemberFactory(admission_date=date(1987, 6, 1))  # 40 years on 01/06/2027
    EarlyRequestFactory(member=member, requested_on=date(2016, 12, 1))
    AwardFactory(member=member, years=30, round_date=date(2017, 2, 3))
    assert member.pk not in nominations_by_member()
    EarlyRequestFactory(member=member, requested_on=date(2026, 12, 1))
    assert nominations_by_member()[member.pk].kind == EARLY


def test_highest_due_may_be_early_when_a_lower_one_is_reached():
    member = MemberFactory(admission_date=date(1987, 6, 1))  # 30 reached, 40 on 01/06/2027
    EarlyRequestFactory(member=member, requested_on=date(2026, 12, 1))
    nomination = nominations_by_member()[member.pk]
    assert (nomination.years, nomination.kind) == (40, EARLY)


# --- posthumous ----------------------------------------------------------------------


def test_posthumous_for_a_milestone_exactly_12_months_after_death():
    member = MemberFactory(
        admission_date=date(1997, 5, 10), status=Member.Status.DECEASED, status_date=date(2026, 5, 10)
    )
    nomination = nominations_by_member()[member.pk]
    assert (nomination.years, nomination.kind, nomination.milestone_date) == (30, POSTHUMOUS, date(2027, 5, 10))
    assert nomination.death_date == date(2026, 5, 10)


def test_posthumous_window_is_measured_from_death_not_from_the_round():
    member = MemberFactory(
        admission_date=date(1997, 5, 11), status=Member.Status.DECEASED, status_date=date(2026, 5, 10)
    )
    assert member.pk not in nominations_by_member()
    assert member.pk not in nominations_by_member(date(2027, 9, 2))


def test_posthumous_at_any_round_after_death_for_a_milestone_reached_in_life():
    # 40 years on 01/01/2020; 45 years on 01/01/2025, more than 12 months after the death.
    member = MemberFactory(
        admission_date=date(1980, 1, 1), status=Member.Status.DECEASED, status_date=date(2023, 12, 31)
    )
    assert nominations_by_member(date(2030, 2, 3))[member.pk].years == 40
    assert nominations_by_member()[member.pk].kind == POSTHUMOUS


def test_member_who_died_after_the_round_is_judged_as_living_at_that_round():
    member = MemberFactory(admission_date=date(1980, 1, 1), status=Member.Status.DECEASED, status_date=date(2027, 3, 1))
    nomination = nominations_by_member()[member.pk]
    assert (nomination.years, nomination.kind) == (45, REGULAR)
    assert nominations_by_member(date(2027, 5, 19))[member.pk].kind == POSTHUMOUS


def test_suspension_that_began_after_the_round_does_not_hold_back_at_that_round():
    member = MemberFactory(
        admission_date=date(1980, 1, 1), status=Member.Status.SUSPENDED, status_date=date(2027, 3, 1)
    )
    assert not nominations_by_member()[member.pk].is_held
    assert nominations_by_member(date(2027, 5, 19))[member.pk].is_held


def test_deceased_member_is_not_proposed_early():
    member = MemberFactory(admission_date=date(1997, 6, 1), status=Member.Status.DECEASED, status_date=date(2020, 1, 1))
    EarlyRequestFactory(member=member, requested_on=date(2019, 12, 1))
    assert member.pk not in nominations_by_member()


# --- statuses ------------------------------------------------------------------------


@pytest.mark.parametrize("status", [Member.Status.PROBATIONARY, Member.Status.TRANSFERRED, Member.Status.LEFT])
def test_excluded_status_is_never_listed(status):
    member = MemberFactory(admission_date=date(1980, 1, 1), status=status, status_date=date(2025, 1, 1))
    assert member.pk not in nominations_by_member()


def test_excused_member_is_proposed_and_flagged():
    member = MemberFactory(admission_date=date(1980, 1, 1), status=Member.Status.EXCUSED)
    nomination = nominations_by_member()[member.pk]
    assert nomination.is_excused and not nomination.is_held


def test_temporarily_attached_member_is_proposed_and_flagged():
    member = MemberFactory(admission_date=date(1980, 1, 1), status=Member.Status.TEMPORARY)
    nomination = nominations_by_member()[member.pk]
    assert nomination.is_temporary and not nomination.is_held
    assert "tạm thời" in nomination.note


def test_probationary_readmitted_member_waits_for_full_membership():
    member = MemberFactory(admission_date=date(1985, 1, 1), status=Member.Status.PROBATIONARY)
    GapFactory(member=member, start=date(2000, 1, 1), end=date(2001, 1, 1), reason="xoa_ten")
    assert member.pk not in nominations_by_member()
    member.status = Member.Status.FULL
    member.save()
    # Counted from the first admission, pushed by the 366 days out (2000 is a leap year).
    assert nominations_by_member()[member.pk].milestone_date == date(2026, 1, 2)


def test_suspended_member_is_held_back_with_no_known_end():
    member = MemberFactory(
        admission_date=date(1980, 1, 1), status=Member.Status.SUSPENDED, status_date=date(2026, 10, 1)
    )
    nomination = nominations_by_member()[member.pk]
    assert nomination.is_held and nomination.hold_kinds == ("suspended",)
    assert "đình chỉ" in nomination.hold_reason and "01/10/2026" in nomination.hold_reason
    assert nomination.deferred_until is None


# --- discipline ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("form", "months", "decided_on"),
    [
        (Discipline.Form.REPRIMAND, 6, date(2026, 8, 3)),
        (Discipline.Form.WARNING, 9, date(2026, 5, 3)),
        (Discipline.Form.DISMISSAL, 12, date(2026, 2, 3)),
    ],
)
def test_discipline_ends_deferring_exactly_its_months_after_the_decision(form, months, decided_on):
    proposed = MemberFactory(admission_date=date(1980, 1, 1))
    DisciplineFactory(member=proposed, form=form, decided_on=decided_on)
    held = MemberFactory(admission_date=date(1980, 1, 1))
    DisciplineFactory(member=held, form=form, decided_on=date.fromordinal(decided_on.toordinal() + 1))
    nominations = nominations_by_member()
    assert not nominations[proposed.pk].is_held
    nomination = nominations[held.pk]
    assert nomination.hold_kinds == ("discipline",)
    assert nomination.deferred_until == date(2027, 2, 4)
    assert f"hoãn {months} tháng" in nomination.hold_reason


def test_discipline_decided_after_the_round_date_does_not_hold_back():
    member = MemberFactory(admission_date=date(1980, 1, 1))
    DisciplineFactory(member=member, form=Discipline.Form.WARNING, decided_on=date(2027, 2, 4))
    assert not nominations_by_member()[member.pk].is_held


def test_several_disciplines_hold_back_until_the_latest_end():
    member = MemberFactory(admission_date=date(1980, 1, 1))
    DisciplineFactory(member=member, form=Discipline.Form.REPRIMAND, decided_on=date(2026, 12, 1))  # to 01/06/2027
    DisciplineFactory(member=member, form=Discipline.Form.WARNING, decided_on=date(2026, 10, 1))  # to 01/07/2027
    DisciplineFactory(member=member, form=Discipline.Form.REPRIMAND, decided_on=date(2020, 1, 1))  # long over
    nomination = nominations_by_member()[member.pk]
    assert nomination.deferred_until == date(2027, 7, 1)
    assert "cảnh cáo" in nomination.hold_reason


def test_discipline_does_not_list_a_member_with_no_due_milestone():
    member = MemberFactory(admission_date=date(2005, 1, 1))
    DisciplineFactory(member=member, form=Discipline.Form.WARNING, decided_on=date(2026, 10, 1))
    assert member.pk not in nominations_by_member()


# --- the office's hold -------------------------------------------------------------------


def test_manual_hold_without_an_end_holds_back_with_open_end():
    member = MemberFactory(admission_date=date(1980, 1, 1))
    HoldFactory(member=member, reason="Đang xác minh đơn thư", until=None)
    nomination = nominations_by_member()[member.pk]
    assert nomination.hold_kinds == ("manual",) and "xác minh đơn thư" in nomination.hold_reason
    assert nomination.deferred_until is None


def test_manual_hold_with_an_end_holds_back_until_that_day():
    member = MemberFactory(admission_date=date(1980, 1, 1))
    HoldFactory(member=member, until=date(2027, 3, 1))
    assert nominations_by_member()[member.pk].deferred_until == date(2027, 3, 1)
    assert not nominations_by_member(date(2027, 3, 1))[member.pk].is_held


def test_open_hold_and_discipline_together_leave_the_end_open():
    member = MemberFactory(admission_date=date(1980, 1, 1))
    DisciplineFactory(member=member, form=Discipline.Form.WARNING, decided_on=date(2026, 10, 1))
    HoldFactory(member=member, until=None)
    nomination = nominations_by_member()[member.pk]
    assert nomination.hold_kinds == ("discipline", "manual")
    assert nomination.deferred_until is None


# --- order and queries -------------------------------------------------------------------


def test_nominations_are_in_vietnamese_name_order():
    for name in ["Lữ Văn Tâm", "Đỗ Hữu Quyết", "Đặng Thị An", "Bùi Minh Quyết"]:
        MemberFactory(full_name=name, admission_date=date(1980, 1, 1))
    names = [n.member.full_name for n in eligible_for_round(ROUND)]
    assert names == ["Đặng Thị An", "Bùi Minh Quyết", "Đỗ Hữu Quyết", "Lữ Văn Tâm"]


def _crowd(count):
    for i in range(count):
        member = MemberFactory(admission_date=date(1960 + i % 20, 1 + i % 12, 1))
        GapFactory(member=member, start=date(2001, 1, 1), end=date(2001, 3, 1))
        DisciplineFactory(member=member, decided_on=date(2026, 10, 1))
        EarlyRequestFactory(member=member)
        HoldFactory(member=member, until=date(2027, 1, 1))
        AwardFactory(member=member, years=30, round_date=date(2010, 2, 3) if i % 2 else ROUND)


@pytest.mark.parametrize("count", [2, 40])
def test_query_count_is_fixed_whatever_the_number_of_members(count, django_assert_num_queries):
    _crowd(count)
    # candidates, status history of those changed after the round, cells of the round date (members
    # moved since), gaps, disciplines, requests, badges (highest, dates, this round's), holds, cells
    with django_assert_num_queries(11):
        nominations = eligible_for_round(ROUND)
        for n in nominations:  # what the screens read
            str(n.member.cell), n.party_age_display, n.note
    assert len(nominations) == count


def test_listed_members_are_the_database_rows_in_name_order():
    _crowd(6)
    MemberFactory(full_name="Lê Văn An", admission_date=date(1990, 1, 1))
    MemberFactory(full_name="Trần Anh", admission_date=date(1990, 1, 1))
    nominations = eligible_for_round(ROUND)
    got = [n.member for n in nominations]
    expected = list(Member.objects.filter(pk__in=[m.pk for m in got]).order_by("sort_key", "id"))
    assert [m.pk for m in got] == [m.pk for m in expected]
    for mine, theirs in zip(got, expected, strict=True):
        for field in badges.LISTED_MEMBER_FIELDS:
            assert getattr(mine, field) == getattr(theirs, field), field
        assert mine.cell == theirs.cell and mine.get_status_display() == theirs.get_status_display()
