"""Who may still be proposed for a badge, read from the member's own record (members.badge_window).

The member list's milestone filter uses it; awards.badges.rules must give the same answers.
"""

from datetime import date

import pytest

from awards.badges.rules import due_kind
from members.badge_window import milestone_counts, posthumous_deadline
from members.models import Member

S = Member.Status


def test_the_posthumous_window_counts_twelve_months_forward_from_the_death():
    assert posthumous_deadline(date(2026, 8, 14)) == date(2027, 8, 14)
    assert posthumous_deadline(date(2024, 2, 29)) == date(2025, 2, 28)


@pytest.mark.parametrize(
    ("status", "status_date", "milestone", "counts"),
    [
        (S.FULL, None, date(2030, 1, 1), True),
        (S.SUSPENDED, date(2025, 1, 1), date(2030, 1, 1), True),  # held back at the round, not dropped
        (S.TRANSFERRED, date(2025, 1, 1), date(2020, 1, 1), False),
        (S.LEFT, date(2025, 1, 1), date(2020, 1, 1), False),
        (S.LEFT, None, date(2020, 1, 1), False),
        (S.DECEASED, date(2026, 8, 14), date(2027, 8, 14), True),  # the last day of the window
        (S.DECEASED, date(2026, 8, 14), date(2027, 8, 15), False),
        (S.DECEASED, None, date(2030, 1, 1), True),  # no date of death: the window cannot be measured
    ],
)
def test_departed_never_deceased_only_inside_the_window(status, status_date, milestone, counts):
    assert milestone_counts(status, status_date, milestone) is counts


@pytest.mark.parametrize("milestone", [date(2026, 1, 1), date(2027, 8, 14), date(2027, 8, 15), date(2028, 1, 1)])
def test_the_badge_rules_agree_on_the_posthumous_window(milestone):
    death = date(2026, 8, 14)
    kind = due_kind(
        years=50,
        milestone_day=milestone,
        round_date=date(2026, 9, 2),
        deceased=True,
        death_date=death,
        has_early_request=False,
    )
    assert (kind is not None) is milestone_counts(S.DECEASED, death, milestone)


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("status", "status_date", "shown"),
    [
        (S.DECEASED, date(2026, 8, 14), (50, date(2026, 12, 19))),  # inside the posthumous window
        (S.DECEASED, date(2024, 1, 1), None),  # the 50-year milestone falls after the window
        (S.LEFT, date(2026, 8, 14), None),
        (S.FULL, None, (50, date(2026, 12, 19))),
    ],
)
def test_the_member_list_and_the_record_page_show_the_same_next_milestone(client, office, status, status_date, shown):
    from members.admin import MemberAdmin
    from members.record import build_record

    from .factories import MemberFactory

    member = MemberFactory(admission_date=date(1976, 12, 19), status=status, status_date=status_date)
    today = date(2026, 11, 28)
    assert build_record(member, today)["next_milestone"] == shown
    admin = MemberAdmin(Member, None)
    admin._today = lambda: today
    member = Member.objects.prefetch_related("gaps").get(pk=member.pk)
    assert admin._next(member) == shown
