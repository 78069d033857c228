"""The rules of the annual quality rating (đánh giá, xếp loại chất lượng), as plain functions.

The numbers come from ``core.regulations.RATINGS`` (Quy định 366-QĐ/TW, Hướng dẫn
21-HD/BTCTW). Errors stop a save (a score outside its band, a duplicate, a year before
admission); everything else is a warning the office reads and decides on: the software
never changes a level by itself.
"""

import io
from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db import models
from django.db.models import Prefetch

from core.regulations import RATINGS
from members.models import Discipline, Member, PartyCell
from members.party_age import add_months

from .models import QualityRating

Level = QualityRating.Level
LEVEL_ORDER = [Level.EXCELLENT, Level.GOOD, Level.DONE, Level.NOT_DONE]
LEVEL_SHORT = {Level.EXCELLENT: "HTXSNV", Level.GOOD: "HTTNV", Level.DONE: "HTNV", Level.NOT_DONE: "KHTNV"}

# Members in these states are not rated that year (DOMAIN.md: excused or suspended).
NOT_RATED_STATUSES = {
    Member.Status.EXCUSED: "miễn công tác và sinh hoạt đảng",
    Member.Status.SUSPENDED: "đang bị đình chỉ sinh hoạt",
}
# Members no longer in the organisation are not on a cell's rating sheet at all.
GONE_STATUSES = {Member.Status.TRANSFERRED, Member.Status.DECEASED, Member.Status.LEFT}


def review_date(year: int) -> date:
    """The default day of the year-end review when the office does not give one."""
    return date(year, 12, 31)


# The review of a year is held at its end and finished early the next year: from this month on
# the year being reviewed is the current one, before it the previous one.
REVIEW_SEASON_FIRST_MONTH = 10


def current_review_year(today: date) -> int:
    """The year whose ratings the office is entering now (the default of every ratings screen)."""
    return today.year if today.month >= REVIEW_SEASON_FIRST_MONTH else today.year - 1


def missing_by_cell(year: int, review_on: date | None = None) -> list[tuple[PartyCell, int, bool]]:
    """[(cell, members to be rated without a rating, cell itself not rated)] for active cells
    missing something; two queries whatever the number of members.

    "To be rated" follows ``not_rated_reason``: not gone, not excused or suspended, admitted at
    least ``RATINGS.min_months_admitted`` months before the review (31/12 unless given).
    """
    review_on = review_on or review_date(year)
    latest_admission = add_months(review_on, -RATINGS.min_months_admitted)
    rated = QualityRating.objects.filter(year=year, member=models.OuterRef("pk"))
    missing = dict(
        Member.objects.filter(admission_date__lte=latest_admission)
        .exclude(status__in=[*GONE_STATUSES, *NOT_RATED_STATUSES])
        .filter(~models.Exists(rated))
        .order_by()
        .values_list("cell")
        .annotate(n=models.Count("pk"))
    )
    cells = PartyCell.objects.filter(is_active=True).annotate(
        rated=models.Exists(QualityRating.objects.filter(year=year, cell=models.OuterRef("pk")))
    )
    result = []
    for cell in cells:
        if missing.get(cell.pk) or not cell.rated:
            result.append((cell, missing.get(cell.pk, 0), not cell.rated))
    return result


def score_band(level: str) -> tuple[int, int]:
    """(lowest, highest) score of a level on the 100-point scale."""
    floors = RATINGS.score_floor
    low = floors[level]
    higher = [f for f in floors.values() if f > low]
    return low, (min(higher) - 1 if higher else 100)


def level_for_score(score: int) -> str:
    for level in LEVEL_ORDER:
        if score >= RATINGS.score_floor[level]:
            return level
    return Level.NOT_DONE


def score_error(level: str, score: int | None) -> str | None:
    """A message when the score does not fit the level's band (None when it fits or is empty)."""
    if score is None or not level:
        return None
    if score < 0 or score > 100:
        return "Điểm theo thang 100: từ 0 đến 100."
    low, high = score_band(level)
    if not low <= score <= high:
        return (
            f"Điểm {score} không khớp mức “{Level(level).label}” ({LEVEL_SHORT[level]}: từ {low} đến {high} "
            f"điểm); với {score} điểm, mức đúng là {LEVEL_SHORT[level_for_score(score)]}."
        )
    return None


def admission_year_error(member: Member, year: int) -> str | None:
    if member.admission_date and year < member.admission_date.year:
        return (
            f"Đồng chí {member.full_name} được kết nạp ngày {member.admission_date:%d/%m/%Y}: "
            f"không thể xếp loại năm {year}."
        )
    return None


def not_rated_reason(member: Member, review_on: date) -> str | None:
    """Why a member is not rated at this review (None when the member is rated)."""
    if member.status in GONE_STATUSES:
        return f"đã {member.get_status_display().lower()}"
    if member.status in NOT_RATED_STATUSES:
        return NOT_RATED_STATUSES[member.status]
    if member.admission_date and add_months(member.admission_date, RATINGS.min_months_admitted) > review_on:
        return (
            f"kết nạp ngày {member.admission_date:%d/%m/%Y}, chưa đủ {RATINGS.min_months_admitted} tháng "
            f"đến ngày đánh giá {review_on:%d/%m/%Y}"
        )
    return None


def disciplines_in_year(member: Member, year: int) -> list[Discipline]:
    # Reads the prefetch cache when the caller prefetched "disciplines".
    return [d for d in member.disciplines.all() if d.decided_on.year == year]


def discipline_warning(member: Member, year: int, level: str) -> str | None:
    """A member disciplined during the year is rated KHTNV unless the office records otherwise."""
    if not level or level == Level.NOT_DONE:
        return None
    found = disciplines_in_year(member, year)
    if not found:
        return None
    latest = max(found, key=lambda d: d.decided_on)
    return (
        f"Đồng chí {member.full_name} bị kỷ luật {latest.get_form_display().lower()} ngày "
        f"{latest.decided_on:%d/%m/%Y} mà được xếp loại {LEVEL_SHORT[level]}: theo quy định xếp KHTNV, "
        "trừ khi Văn phòng ghi rõ lý do khác."
    )


def quota_exceeded(levels) -> tuple[int, int] | None:
    """(HTXSNV count, HTTNV count) when HTXSNV is above the quota share of HTTNV, else None."""
    counts = Counter(levels)
    excellent, good = counts[Level.EXCELLENT], counts[Level.GOOD]
    if excellent and excellent > RATINGS.excellent_quota_of_good * good:
        return excellent, good
    return None


def quota_warning(levels, organisation: str) -> str | None:
    exceeded = quota_exceeded(levels)
    if not exceeded:
        return None
    excellent, good = exceeded
    allowed = int(RATINGS.excellent_quota_of_good * good)
    percent = round(RATINGS.excellent_quota_of_good * 100)
    return (
        f"{organisation}: {excellent} đảng viên HTXSNV, vượt {percent}% của {good} đảng viên HTTNV "
        f"(tối đa {allowed}; {RATINGS.source})."
    )


def member_warnings(member: Member, year: int, level: str, review_on: date | None = None) -> list[str]:
    """Warnings for one member's rating (not counting the quota, which needs the whole cell)."""
    warnings = []
    reason = not_rated_reason(member, review_on or review_date(year))
    if reason and level:
        warnings.append(f"Đồng chí {member.full_name} không thuộc diện xếp loại năm {year} ({reason}).")
    disc = discipline_warning(member, year, level)
    if disc:
        warnings.append(disc)
    return warnings


def year_member_ratings(year: int):
    return (
        QualityRating.objects.filter(year=year, member__isnull=False)
        .select_related("member__cell")
        .prefetch_related(Prefetch("member__disciplines", queryset=Discipline.objects.order_by("decided_on")))
    )


def year_warnings(year: int, review_on: date | None = None) -> list[str]:
    """Every warning about a year's member ratings: quota per cell and overall, and per member."""
    ratings = list(year_member_ratings(year))
    warnings = []
    by_cell: dict[PartyCell, list[str]] = {}
    for rating in ratings:
        by_cell.setdefault(rating.member.cell, []).append(rating.level)
    for cell in sorted(by_cell, key=lambda c: (c.order, c.name)):
        message = quota_warning(by_cell[cell], cell.name)
        if message:
            warnings.append(message)
    overall = quota_warning([r.level for r in ratings], "Toàn Đảng bộ")
    if overall:
        warnings.append(overall)
    for rating in ratings:
        warnings += member_warnings(rating.member, year, rating.level, review_on)
    return warnings


@dataclass
class SheetRow:
    """One member's row on the cell's rating sheet."""

    member: Member
    rating: QualityRating | None
    not_rated: str | None


def cell_sheet(cell: PartyCell, year: int, review_on: date | None = None) -> list[SheetRow]:
    """The members of a cell for the year's review, with their current rating and why some are not rated.

    Three queries whatever the size of the cell (members, their disciplines, the year's ratings).
    """
    review_on = review_on or review_date(year)
    members = list(
        Member.objects.filter(cell=cell, admission_date__lte=review_on)
        .exclude(status__in=GONE_STATUSES)
        .prefetch_related("disciplines")
        .order_by("sort_key", "id")
    )
    ratings = {r.member_id: r for r in QualityRating.objects.filter(year=year, member__in=members)}
    return [SheetRow(m, ratings.get(m.pk), not_rated_reason(m, review_on)) for m in members]


@dataclass
class SheetResult:
    created: int = 0
    changed: int = 0
    removed: int = 0


def save_cell_sheet(cell: PartyCell, year: int, entries: dict, user=None) -> SheetResult:
    """Store a cell's sheet: {member id or "cell": (level, score)}; an empty level removes a rating.

    Each changed row is saved one by one so the history keeps who changed what.
    """
    result = SheetResult()
    existing = {
        (r.member_id or "cell"): r
        for r in QualityRating.objects.filter(year=year).filter(models.Q(member__cell=cell) | models.Q(cell=cell))
    }
    for key, (level, score) in entries.items():
        rating = existing.get(key)
        if not level:
            if rating:
                rating.delete()
                result.removed += 1
            continue
        if rating is None:
            subject = {"cell": cell} if key == "cell" else {"member_id": key}
            QualityRating.objects.create(year=year, level=level, score=score, recorded_by=user, **subject)
            result.created += 1
        elif (rating.level, rating.score) != (level, score):
            rating.level, rating.score, rating.recorded_by = level, score, user
            rating.save()
            result.changed += 1
    return result


def preview_warnings(
    cell: PartyCell, year: int, rows: list[SheetRow], entries: dict, review_on: date | None = None
) -> list[str]:
    """The warnings a sheet *would* give, from the levels typed in, before anything is saved.

    ``entries`` is ``CellSheetForm.entries()``; members not on the form keep their stored level.
    """
    typed = {key: level for key, (level, _score) in entries.items() if key != "cell"}
    levels, warnings = [], []
    for row in rows:
        level = typed.get(row.member.pk, row.rating.level if row.rating else "")
        if level:
            levels.append(level)
            warnings += member_warnings(row.member, year, level, review_on)
    if quota := quota_warning(levels, cell.name):
        warnings.insert(0, quota)
    return warnings


def sheet_warnings(cell: PartyCell, year: int, review_on: date | None = None) -> list[str]:
    """Warnings for one cell's sheet after saving: the cell's quota and each member's rule."""
    rows = cell_sheet(cell, year, review_on)
    levels = [row.rating.level for row in rows if row.rating]
    warnings = []
    if quota := quota_warning(levels, cell.name):
        warnings.append(quota)
    for row in rows:
        if row.rating:
            warnings += member_warnings(row.member, year, row.rating.level, review_on)
    return warnings


# --- Export ------------------------------------------------------------------------------

EXPORT_HEADERS = [
    "STT",
    "Họ và tên / Tổ chức đảng",
    "Chi bộ",
    "Ngày kết nạp",
    "Năm đánh giá",
    "Xếp loại",
    "Ký hiệu",
    "Điểm",
    "Ghi chú",
]


def export_year_xlsx(year: int, committee_name: str = "") -> bytes:
    """A year's ratings (cells first, then members by cell and name) as an .xlsx workbook."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font
    from openpyxl.utils import get_column_letter

    from core.spreadsheets import append_row

    cell_ratings = (
        QualityRating.objects.filter(year=year, cell__isnull=False)
        .select_related("cell")
        .order_by("cell__order", "cell__name")
    )
    member_ratings = (
        QualityRating.objects.filter(year=year, member__isnull=False)
        .select_related("member__cell")
        .order_by("member__cell__order", "member__cell__name", "member__sort_key")
    )
    wb = Workbook()
    ws = wb.active
    ws.title = f"Xếp loại {year}"
    append_row(ws, [committee_name.upper()] if committee_name else [])
    ws.append([f"KẾT QUẢ ĐÁNH GIÁ, XẾP LOẠI CHẤT LƯỢNG NĂM {year}"])
    ws["A2"].font = Font(bold=True, size=13)
    ws.append([f"Ngày xuất: {date.today():%d/%m/%Y}"])
    ws.append(EXPORT_HEADERS)
    for col in range(1, len(EXPORT_HEADERS) + 1):
        ws.cell(row=4, column=col).font = Font(bold=True)
        ws.cell(row=4, column=col).alignment = Alignment(wrap_text=True, vertical="center")
    number = 0
    for rating in cell_ratings:
        number += 1
        append_row(
            ws,
            [
                number,
                rating.cell.name,
                "",
                None,
                year,
                rating.get_level_display(),
                LEVEL_SHORT[rating.level],
                rating.score,
                rating.note,
            ],
        )
    for rating in member_ratings:
        number += 1
        member = rating.member
        append_row(
            ws,
            [
                number,
                member.full_name,
                member.cell.name,
                member.admission_date,
                year,
                rating.get_level_display(),
                LEVEL_SHORT[rating.level],
                rating.score,
                rating.note,
            ],
        )
        ws.cell(row=ws.max_row, column=4).number_format = "DD/MM/YYYY"
    for index, width in enumerate([6, 32, 26, 14, 10, 32, 10, 8, 30], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
    ws.freeze_panes = "A5"
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
