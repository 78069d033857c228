"""The numbers of the Party's regulations, each named after the document it comes from.

When a regulation is re-issued (29 → 24 → 232 → 294-QĐ/TW so far), change it here only.
"""

from dataclasses import dataclass, field


@dataclass(frozen=True)
class BadgeRegulation:
    """Party badge rules (Huy hiệu Đảng)."""

    source: str
    milestones: tuple[int, ...]
    # Early award for serious illness: months before the milestone, by milestone band.
    early_months_until_65: int
    early_months_from_70: int
    # A deceased member may be awarded posthumously for a milestone reached within this
    # many months after death.
    posthumous_months: int
    # Discipline defers the badge by this many months from the decision.
    discipline_deferral_months: dict[str, int] = field(default_factory=dict)

    def early_months(self, years: int) -> int:
        return self.early_months_until_65 if years <= 65 else self.early_months_from_70


# Quy định 294-QĐ/TW (2025) on party badges; discipline deferral from Quy định 24-QĐ/TW.
QD294_BADGES = BadgeRegulation(
    source="Quy định 294-QĐ/TW (2025); Quy định 24-QĐ/TW, 4.5",
    milestones=(30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90),
    early_months_until_65=12,
    early_months_from_70=24,
    posthumous_months=12,
    discipline_deferral_months={"khien_trach": 6, "canh_cao": 9, "cach_chuc": 12},
)

# The regulation in force; everything reads the numbers through this name.
BADGES = QD294_BADGES


@dataclass(frozen=True)
class RatingRegulation:
    """Annual quality rating of members and organisations."""

    source: str
    # Lowest score of each level on the 100-point scale.
    score_floor: dict[str, int]
    # HTXSNV may not exceed this share of those rated HTTNV (Hướng dẫn 21-HD/BTCTW).
    excellent_quota_of_good: float
    # Members admitted less than this many months before the review are not rated.
    min_months_admitted: int


QD366_RATINGS = RatingRegulation(
    source="Quy định 366-QĐ/TW (2025); Hướng dẫn 21-HD/BTCTW",
    score_floor={"htxsnv": 90, "httnv": 70, "htnv": 50, "khtnv": 0},
    excellent_quota_of_good=0.20,
    min_months_admitted=6,
)

RATINGS = QD366_RATINGS


# --- Working days (Bộ luật Lao động 2019, Điều 112) ---------------------------------------
# Public holidays on weekdays that the civil service takes off, one line per year, as the
# Government announces them each year (Thông báo of the Ministry of Home Affairs / former
# Ministry of Labour on the Tết, 30/4–1/5 and 2/9 holidays for civil servants). Tết and
# Giỗ Tổ move with the lunar calendar, and the 2/9 extra day and the swapped days change
# each year, so a year is written out in full: to add a year, add its line.
# Saturdays and Sundays are never working days and are not listed.
PUBLIC_HOLIDAYS_SOURCE = (
    "Bộ luật Lao động 2019, Điều 112; thông báo nghỉ Tết Âm lịch, Giỗ Tổ Hùng Vương, 30/4–1/5 và Quốc khánh "
    "hằng năm của Bộ Lao động – Thương binh và Xã hội (từ 2025: Bộ Nội vụ) cho cán bộ, công chức, viên chức"
)
PUBLIC_HOLIDAYS: dict[int, str] = {
    2024: "01/01 08/02 09/02 12/02 13/02 14/02 18/04 29/04 30/04 01/05 02/09 03/09",
    2025: "01/01 27/01 28/01 29/01 30/01 31/01 07/04 30/04 01/05 02/05 01/09 02/09",
    2026: "01/01 02/01 16/02 17/02 18/02 19/02 20/02 27/04 30/04 01/05 01/09 02/09",
}
# 2026: Tết 14/02–22/02 as announced; Giỗ Tổ (Sunday 26/04) moved to Monday 27/04. To check against the
# year's announcement: the day swapped next to 01/01 and the day next to 2/9. A swapped Saturday worked
# in place of a weekday off is not counted as a working day (only weekdays are).
# Fixed-date holidays of the Code: the fallback for a year not yet listed above.
FIXED_HOLIDAYS = ("01/01", "30/04", "01/05", "02/09")


def _parse_days(year: int, days) -> frozenset:
    from datetime import date

    return frozenset(date(year, int(d[3:5]), int(d[0:2])) for d in days)


def public_holidays(year: int) -> frozenset:
    """The weekday public holidays of ``year`` (the fixed ones only when the year is not listed)."""
    listed = PUBLIC_HOLIDAYS.get(year)
    return _parse_days(year, listed.split() if listed else FIXED_HOLIDAYS)


def holidays_listed(year: int) -> bool:
    """Whether the year's full holiday list is written above (screens warn when it is not)."""
    return year in PUBLIC_HOLIDAYS


def is_working_day(day) -> bool:
    return day.weekday() < 5 and day not in public_holidays(day.year)


def working_days_after(day, n: int):
    """The ``n``-th working day after ``day``; counting starts the next day (Bộ luật Dân sự, Điều 147)."""
    from datetime import timedelta

    count = 0
    while count < n:
        day += timedelta(days=1)
        if is_working_day(day):
            count += 1
    return day


# Probation (Điều lệ Đảng, Điều 5; Quy định 24-QĐ/TW 2021): 12 months from the admission
# ceremony, then the cell decides within 30 working days.
PROBATION_MONTHS = 12
PROBATION_DECISION_WORKING_DAYS = 30
