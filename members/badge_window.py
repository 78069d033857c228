"""Whose milestones can still lead to a party badge: the part of the badge rules that reads
only the member's own record (status and the day it began), and the day party age is read on.

DOMAIN.md: transferred-out and departed members are never proposed; a deceased member only
posthumously, for a milestone reached on or before the date of death plus 12 months.
``awards.badges.rules`` (the round's full rules) and the member list's "reaching a milestone soon"
filter both need it; ``members`` knows nothing of awards (the arrow runs awards → members),
so it is written here once.
"""

from datetime import date

from core.regulations import BADGES

from . import party_age
from .models import Member

# Never proposed, whatever their party age.
NEVER_PROPOSED = frozenset({Member.Status.TRANSFERRED, Member.Status.LEFT})


def posthumous_deadline(death_date: date) -> date:
    """The last day a milestone may fall on and still be awarded posthumously.

    The window counts forward from the death, as a period counts from its start.
    """
    return party_age.add_months(death_date, BADGES.posthumous_months)


def milestone_counts(status: str, status_date: date | None, milestone_day: date) -> bool:
    """Whether a milestone reached on ``milestone_day`` can still lead to a badge.

    Departed never; deceased only inside the posthumous window. Without a date of death the
    window cannot be measured, so the milestone counts (the round then asks for milestones
    reached by its date only).
    """
    if status in NEVER_PROPOSED:
        return False
    if status == Member.Status.DECEASED and status_date is not None:
        return milestone_day <= posthumous_deadline(status_date)
    return True


def age_reading_day(member, today: date) -> tuple[date, bool]:
    """The day party age is read on, and whether membership has ended.

    Today, or the day membership ended (death, leaving the Party) when that came first.
    """
    if member.status in (Member.Status.DECEASED, Member.Status.LEFT) and member.status_date:
        return min(today, member.status_date), True
    return today, False


def next_milestone_worth_showing(member, upcoming: tuple[int, date] | None, ended: bool):
    """The next milestone the member list and the record page show: none after leaving; after
    death only inside the posthumous window (the rule above)."""
    if upcoming is None or not ended:
        return upcoming
    return upcoming if milestone_counts(member.status, member.status_date, upcoming[1]) else None
