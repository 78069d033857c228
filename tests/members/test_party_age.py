"""Party age exactly as DOMAIN.md computes it (whole months, gaps in days, Điều 148 month ends)."""

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from core.regulations import BADGES
from members import party_age
from members.party_age import (
    add_months,
    format_party_age,
    gap_days_before,
    milestone_date,
    next_milestone,
    party_months,
    whole_months,
)

from .factories import GapFactory, MemberFactory


@dataclass
class Gap:
    start: date
    end: date | None


WORKED_GAP = [Gap(date(2000, 3, 1), date(2001, 3, 1))]
ADMITTED = date(1990, 8, 25)


# --- the worked example of DOMAIN.md -------------------------------------------------
def test_worked_example_thirty_years_reached_a_year_late():
    assert milestone_date(ADMITTED, WORKED_GAP, 30) == date(2021, 8, 25)


def test_worked_example_party_age_on_both_anniversaries():
    assert party_months(ADMITTED, WORKED_GAP, date(2020, 8, 25)) == 348
    assert party_months(ADMITTED, WORKED_GAP, date(2021, 8, 24)) == 359
    assert party_months(ADMITTED, WORKED_GAP, date(2021, 8, 25)) == 360


def test_gap_of_the_worked_example_is_365_days():
    assert gap_days_before(WORKED_GAP, date(2030, 1, 1)) == 365


# --- whole months and month ends (Bộ luật Dân sự 2015, Điều 148) ----------------------
def test_29_february_plus_360_months_is_28_february():
    assert add_months(date(1992, 2, 29), 360) == date(2022, 2, 28)
    assert milestone_date(date(1992, 2, 29), [], 30) == date(2022, 2, 28)
    assert party_months(date(1992, 2, 29), [], date(2022, 2, 27)) == 359
    assert party_months(date(1992, 2, 29), [], date(2022, 2, 28)) == 360


def test_29_february_lands_on_29_february_in_a_leap_year():
    assert milestone_date(date(1992, 2, 29), [], 40) == date(2032, 2, 29)


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (date(2000, 1, 31), date(2000, 2, 28), 0),
        (date(2000, 1, 31), date(2000, 2, 29), 1),
        (date(2000, 1, 31), date(2000, 3, 30), 1),
        (date(2000, 1, 31), date(2000, 3, 31), 2),
        (date(2000, 3, 31), date(2000, 4, 30), 1),
        (date(2000, 5, 15), date(2000, 5, 14), 0),
        (date(2000, 5, 15), date(2000, 5, 15), 0),
        (date(2000, 5, 15), date(2001, 5, 15), 12),
        (date(2000, 12, 31), date(2001, 2, 27), 1),
        (date(2000, 12, 31), date(2001, 2, 28), 2),
    ],
)
def test_whole_months_at_month_ends(start, end, months):
    assert whole_months(start, end) == months


def test_party_age_before_admission_is_zero():
    assert party_months(ADMITTED, [], date(1990, 1, 1)) == 0
    assert party_months(None, [], date(2020, 1, 1)) == 0


# --- gaps relative to the day D --------------------------------------------------------
def test_gap_after_the_day_is_not_subtracted():
    assert party_months(ADMITTED, WORKED_GAP, date(2000, 2, 29)) == party_months(ADMITTED, [], date(2000, 2, 29))


def test_gap_not_yet_ended_freezes_party_age():
    open_gap = [Gap(date(2010, 8, 25), None)]
    frozen = party_months(ADMITTED, open_gap, date(2010, 8, 25))
    assert frozen == 240
    assert party_months(ADMITTED, open_gap, date(2025, 1, 1)) == frozen


def test_gap_still_running_on_the_day_counts_up_to_the_day():
    gap = [Gap(date(2010, 8, 25), date(2012, 8, 25))]
    assert party_months(ADMITTED, gap, date(2011, 8, 25)) == 240
    assert gap_days_before(gap, date(2011, 8, 25)) == 365


def test_open_gap_before_a_milestone_means_never_reached():
    open_gap = [Gap(date(2010, 1, 1), None)]
    assert milestone_date(ADMITTED, open_gap, 30) is None
    assert next_milestone(ADMITTED, open_gap, date(2025, 1, 1), BADGES.milestones) is None


def test_open_gap_after_a_milestone_keeps_that_milestone():
    open_gap = [Gap(date(2022, 1, 1), None)]
    assert milestone_date(ADMITTED, open_gap, 30) == date(2020, 8, 25)
    assert milestone_date(ADMITTED, open_gap, 40) is None


def test_gap_starting_on_the_anniversary_does_not_delay_it():
    gap = [Gap(date(2020, 8, 25), date(2021, 1, 1))]
    assert milestone_date(ADMITTED, gap, 30) == date(2020, 8, 25)
    assert party_months(ADMITTED, gap, date(2020, 8, 25)) == 360


def test_gap_straddling_the_anniversary_pushes_it_by_its_whole_length():
    gap = [Gap(date(2020, 8, 1), date(2020, 9, 1))]  # 31 days
    assert milestone_date(ADMITTED, gap, 30) == date(2020, 9, 25)


def test_several_gaps_add_up():
    gaps = [Gap(date(1995, 1, 1), date(1995, 1, 11)), Gap(date(2005, 1, 1), date(2005, 1, 21))]
    assert milestone_date(ADMITTED, gaps, 30) == date(2020, 8, 25) + timedelta(days=30)


def test_readmission_counts_from_first_admission_minus_the_gap():
    """Expelled 01/06/2001, readmitted 01/06/2004: the 3 years out are the gap, not a fresh start."""
    first_admission = date(1985, 6, 1)
    expelled = [Gap(date(2001, 6, 1), date(2004, 6, 1))]  # 1096 days
    assert milestone_date(first_admission, expelled, 30) == date(2015, 6, 1) + timedelta(days=1096)
    assert party_months(first_admission, expelled, date(2025, 6, 1)) == 12 * 37


def test_restored_after_wrongful_expulsion_has_no_gap():
    # Restoration erases the interruption: nothing is recorded, so nothing is subtracted.
    assert milestone_date(date(1985, 6, 1), [], 30) == date(2015, 6, 1)
    assert party_months(date(1985, 6, 1), [], date(2025, 6, 1)) == 480


def test_next_milestone_skips_the_35_years_that_do_not_exist():
    assert next_milestone(date(1990, 1, 10), [], date(2025, 1, 10), BADGES.milestones) == (40, date(2030, 1, 10))


def test_next_milestone_is_strictly_after_the_day():
    assert next_milestone(date(1990, 1, 10), [], date(2020, 1, 10), BADGES.milestones) == (40, date(2030, 1, 10))
    assert next_milestone(date(1990, 1, 10), [], date(2020, 1, 9), BADGES.milestones) == (30, date(2020, 1, 10))


def test_no_next_milestone_after_90_years():
    assert next_milestone(date(1930, 2, 3), [], date(2026, 1, 1), BADGES.milestones) is None


@pytest.mark.parametrize(
    ("months", "text"), [(0, "0 tháng"), (5, "5 tháng"), (120, "10 năm"), (364, "30 năm 4 tháng"), (-3, "0 tháng")]
)
def test_format_party_age(months, text):
    assert format_party_age(months) == text


# --- properties --------------------------------------------------------------------------
admissions = st.dates(min_value=date(1930, 1, 1), max_value=date(2020, 12, 31))


@st.composite
def admission_and_gaps(draw):
    admission = draw(admissions)
    gaps = []
    cursor = admission
    for _ in range(draw(st.integers(0, 3))):
        start = cursor + timedelta(days=draw(st.integers(1, 4000)))
        end = start + timedelta(days=draw(st.integers(1, 2000)))
        gaps.append(Gap(start, end))
        cursor = end
    return admission, gaps


@settings(max_examples=300, deadline=None)
@given(admission_and_gaps(), st.sampled_from(BADGES.milestones))
def test_milestone_is_the_first_day_party_age_reaches_it(data, years):
    admission, gaps = data
    day = milestone_date(admission, gaps, years)
    assert party_months(admission, gaps, day) == 12 * years
    assert party_months(admission, gaps, day - timedelta(days=1)) < 12 * years


@settings(max_examples=200, deadline=None)
@given(admission_and_gaps(), st.dates(min_value=date(1930, 1, 1), max_value=date(2100, 1, 1)))
def test_next_milestone_agrees_with_a_scan_of_every_milestone(data, on):
    admission, gaps = data
    expected = None
    for years in BADGES.milestones:
        day = milestone_date(admission, gaps, years)
        if day > on:
            expected = (years, day)
            break
    assert next_milestone(admission, gaps, on, BADGES.milestones) == expected


@settings(max_examples=200, deadline=None)
@given(admission_and_gaps(), st.dates(min_value=date(1930, 1, 1), max_value=date(2100, 1, 1)))
def test_party_age_never_decreases(data, on):
    admission, gaps = data
    assert party_months(admission, gaps, on) <= party_months(admission, gaps, on + timedelta(days=1))


# --- the model methods use the same implementation ----------------------------------------
@pytest.mark.django_db
def test_member_methods_use_stored_gaps():
    member = MemberFactory(admission_date=ADMITTED, official_date=date(1991, 8, 25))
    GapFactory(member=member, start=date(2000, 3, 1), end=date(2001, 3, 1))
    assert member.milestone_date(30) == date(2021, 8, 25)
    assert member.party_months(date(2021, 8, 25)) == 360
    assert member.party_age_display(date(2021, 12, 31)) == "30 năm 4 tháng"
    assert member.next_milestone(date(2021, 8, 25)) == (40, date(2031, 8, 25))


def test_module_exposes_one_implementation():
    # The badge logic and every screen import these names; keep them.
    for name in ("add_months", "whole_months", "gap_days_before", "party_months", "milestone_date"):
        assert callable(getattr(party_age, name))
