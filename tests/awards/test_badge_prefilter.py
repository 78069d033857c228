"""The database pre-filter of ``eligible_for_round`` never drops a member the rules would list.

Issue 14: a member admitted on 29/02 was dropped at a round on 28/02 twenty-nine years later
(the 30-year milestone, 28/02 the next year, is inside the early window), while
``award_refusal`` accepted the same badge. The sweep compares the pre-filter's predicate
(``admission_date <= horizon_bound(round)``) with the rules themselves (``due_kind``), in
Python, without the database.
"""

from datetime import date, timedelta

import pytest

from awards.badges.rules import MILESTONES, award_refusal, due_kind, eligible_for_round, horizon_bound
from members import party_age

from .factories import EarlyRequestFactory, MemberFactory


def rules_could_list(admission: date, years: int, round_date: date) -> bool:
    """Whether the rules list this milestone in the most favourable case.

    A living member with an early-award request (the widest window for the living) or a
    member who died on the round date (the widest posthumous window); no gaps (gaps only
    push a milestone later).
    """
    day = party_age.milestone_date(admission, [], years)
    common = {"years": years, "milestone_day": day, "round_date": round_date}
    return bool(
        due_kind(**common, deceased=False, death_date=None, has_early_request=True)
        or due_kind(**common, deceased=True, death_date=round_date, has_early_request=False)
    )


def admissions_around(year: int):
    """Every 28/02, 29/02 (leap years) and 01/03 from ``year - 1`` to ``year + 1``."""
    for y in (year - 1, year, year + 1):
        yield date(y, 2, 28)
        if y % 4 == 0 and (y % 100 != 0 or y % 400 == 0):
            yield date(y, 2, 29)
        yield date(y, 3, 1)


def test_prefilter_never_drops_a_member_the_rules_would_list_any_round_2000_to_2060():
    missed, checked = [], 0
    around = {year: tuple(admissions_around(year)) for year in range(1905, 2065)}
    day, last = date(2000, 1, 1), date(2060, 12, 31)
    while day <= last:
        bound = horizon_bound(day)
        # Admissions around each milestone's own boundary (where the rules switch) and around
        # the pre-filter's bound (where the filter does); only those the filter drops can be missed.
        candidates = {a for years in MILESTONES for a in around[day.year - years]} | set(around[bound.year])
        for admission in candidates:
            if admission <= bound:
                continue
            for years in MILESTONES:
                checked += 1
                if rules_could_list(admission, years, day):
                    missed.append((day, admission, years))
        day += timedelta(days=1)
    assert checked > 500_000  # the sweep really ran
    assert missed == []


def test_prefilter_is_not_wider_than_needed():
    # The bound is itself an admission the rules can list (30 years, early or posthumous):
    # the filter is exact, not merely safe.
    for round_date in (date(2025, 2, 28), date(2024, 2, 29), date(2026, 3, 1), date(2027, 9, 2)):
        bound = horizon_bound(round_date)
        assert rules_could_list(bound, 30, round_date)
        assert not any(rules_could_list(bound + timedelta(days=1), y, round_date) for y in MILESTONES)


@pytest.mark.django_db
def test_member_admitted_on_29_february_is_listed_early_29_years_later_on_28_february():
    round_date = date(2025, 2, 28)
    member = MemberFactory(admission_date=date(1996, 2, 29), official_date=date(1997, 3, 1))
    EarlyRequestFactory(member=member, requested_on=date(2025, 1, 10))
    listed = {n.member.pk: n for n in eligible_for_round(round_date)}
    assert listed[member.pk].years == 30
    assert listed[member.pk].milestone_date == date(2026, 2, 28)
    # The list and the recording check agree.
    assert award_refusal(member, 30, round_date) is None
