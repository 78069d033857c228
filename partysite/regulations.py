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
