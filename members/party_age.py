"""Party age (tuổi Đảng): the one implementation every screen and the badge logic use.

DOMAIN.md: party age on a day D is the number of whole months from the admission
date to D moved back by the days of gap that lie before D. A gap runs from its
first day out (``start``) to the day the member is attached again (``end``, not
counted); a gap not yet ended by D counts up to D. Whole months follow Bộ luật Dân
sự 2015, Điều 148: a day missing in the target month becomes that month's last day.
"""

import calendar
from collections.abc import Iterable
from datetime import date, timedelta
from typing import Protocol


class GapLike(Protocol):
    start: date
    end: date | None


def add_months(day: date, months: int) -> date:
    """``day`` plus ``months`` calendar months; 31/01 + 1 month = 28/02 (or 29/02)."""
    month_index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(month_index, 12)
    month += 1
    if day.day <= 28:  # every month has the day: skip the calendar (the common, fast case)
        return date(year, month, day.day)
    last_day = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last_day))


def whole_months(start: date, end: date) -> int:
    """The largest m such that start + m months <= end (0 when end is before start)."""
    if end < start:
        return 0
    months = (end.year - start.year) * 12 + (end.month - start.month)
    if add_months(start, months) > end:
        months -= 1
    return max(months, 0)


def gap_days_before(gaps: Iterable[GapLike], on: date) -> int:
    """Days of interruption that lie before ``on`` (an open or unfinished gap counts up to ``on``)."""
    total = 0
    for gap in gaps:
        if gap.start >= on:
            continue
        end = on if gap.end is None or gap.end > on else gap.end
        total += (end - gap.start).days
    return total


def party_months(admission: date | None, gaps: Iterable[GapLike], on: date) -> int:
    """Whole months of party age on ``on``."""
    if admission is None or on < admission:
        return 0
    days = gap_days_before(gaps, on) if gaps else 0
    return whole_months(admission, on - timedelta(days=days) if days else on)


def milestone_date(admission: date | None, gaps: Iterable[GapLike], years: int) -> date | None:
    """The first day on which party age reaches ``12 * years`` months.

    The N-th anniversary of the admission date, pushed by every gap that starts
    before the (pushed) date. ``None`` when an open gap means it is never reached.
    """
    if admission is None:
        return None
    day = add_months(admission, 12 * years)
    for gap in sorted(gaps, key=lambda g: g.start):
        if gap.start >= day:
            break
        if gap.end is None:
            return None
        day += timedelta(days=(gap.end - gap.start).days)
    return day


def format_party_age(months: int) -> str:
    """120 → "10 năm", 364 → "30 năm 4 tháng", 5 → "5 tháng"."""
    years, rest = divmod(max(months, 0), 12)
    if years and rest:
        return f"{years} năm {rest} tháng"
    if years:
        return f"{years} năm"
    return f"{rest} tháng"


def next_milestone(
    admission: date | None, gaps: Iterable[GapLike], on: date, milestones: Iterable[int]
) -> tuple[int, date] | None:
    """The first milestone (years, date) reached strictly after ``on``.

    Party age on ``on`` tells which milestones are already reached (``milestone_date(N) <= on``
    exactly when ``party_months(on) >= 12 N``), so only one milestone date is computed.
    ``None`` past the last milestone or when an open gap stops party age before it.
    """
    return party_age_and_next_milestone(admission, gaps, on, milestones)[1]


def party_age_and_next_milestone(
    admission: date | None, gaps: Iterable[GapLike], on: date, milestones: Iterable[int]
) -> tuple[int, tuple[int, date] | None]:
    """Party months on ``on`` and the next milestone, in one pass (for long lists)."""
    if admission is None:
        return 0, None
    gaps = list(gaps)
    months = party_months(admission, gaps, on)
    for years in milestones:
        if 12 * years > months:
            day = milestone_date(admission, gaps, years)
            return months, ((years, day) if day is not None else None)
    return months, None
