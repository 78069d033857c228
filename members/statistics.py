"""The year's statistics report (báo cáo thống kê đảng viên): DOMAIN.md.

``build_report(as_of)`` counts, by cell and in total, the members of the committee on
``as_of`` and the year's movements (1 January of that year to ``as_of``). Everything is read
from the registry's history, so a report for a past date gives the same numbers after later
events: the status on the day (``members.transfers.status_on``), the cell on the day
(closed cell periods), party age with the gaps before the day, age on the day. Personal
attributes (gender, ethnicity, religion, education, theory) are the record's current
values: the registry does not date them.

A fixed number of queries whatever the number of members: the members (plain rows), the
gaps, the status changes of the year, those of members whose status changed after the day,
the cell periods of the day and the cells.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from django.db.models import Q

from core.text import fold

from . import party_age
from .models import Member, MembershipGap, PartyCell, StatusChange
from .transfers import cells_on, status_on

S = Member.Status
K = StatusChange.Kind

# Counted in the committee's total (đảng số). A member attached here temporarily is not;
# one of ours attached elsewhere temporarily is (DOMAIN.md, "Transfers").
COUNTED = (S.FULL, S.PROBATIONARY, S.EXCUSED, S.SUSPENDED)


def default_as_of(today: date) -> date:
    """31/12 of the previous year."""
    return date(today.year - 1, 12, 31)


@dataclass
class Table:
    key: str
    title: str
    columns: list[str]
    rows: list[tuple[str, list[int]]] = field(default_factory=list)  # (cell name, values)
    total: list[int] = field(default_factory=list)


@dataclass
class Report:
    as_of: date
    year_start: date
    tables: list[Table]
    cells: list[str]

    def table(self, key: str) -> Table:
        return next(t for t in self.tables if t.key == key)


def _age_band(birth: date | None, on: date) -> int:
    if birth is None:
        return 5
    age = party_age.whole_months(birth, on) // 12
    for index, top in enumerate((30, 40, 50, 60)):
        if age <= top:
            return index
    return 4


def _party_age_band(months: int) -> int:
    years = months // 12
    for index, top in enumerate((9, 19, 29, 39)):
        if years <= top:
            return index
    return 4


@lru_cache(maxsize=4096)  # the same few texts repeat over thousands of members
def education_index(professional: str, general: str) -> int:
    """0 general schooling, 1 vocational/college, 2 university, 3 master, 4 doctor (highest named)."""
    text = fold(professional or "")
    if "tien si" in text:
        return 4
    if "thac si" in text:
        return 3
    if any(word in text for word in ("dai hoc", "cu nhan", "ky su", "bac si", "kien truc su", "luat su")):
        return 2
    if any(word in text for word in ("cao dang", "trung cap", "so cap", "nghe")):
        return 1
    return 0


@lru_cache(maxsize=4096)  # the same few texts repeat over thousands of members
def theory_index(theory: str) -> int:
    """0 sơ cấp, 1 trung cấp, 2 cao cấp/cử nhân, 3 none."""
    text = fold(theory or "")
    if "cao cap" in text or "cu nhan" in text:
        return 2
    if "trung cap" in text:
        return 1
    if "so cap" in text:
        return 0
    return 3


def leave_form_from_note(note: str) -> str:
    """The form of leaving, read from the note of a change recorded before the form had its own field."""
    text = fold(note or "")
    for words, form in (("khai tru", "khai_tru"), ("xoa ten", "xoa_ten"), ("xin ra", "xin_ra")):
        if words in text:
            return form
    return ""


@lru_cache(maxsize=4096)  # the same few texts repeat over thousands of members
def has_religion(religion: str) -> bool:
    return fold(religion or "").strip() not in ("", "khong")


@lru_cache(maxsize=4096)  # the same few texts repeat over thousands of members
def is_minority(ethnicity: str) -> bool:
    return fold(ethnicity or "").strip() not in ("", "kinh")


TABLES = (
    (
        "status",
        "Đảng viên theo tình trạng",
        ["Tổng số (đảng số)", "Chính thức", "Dự bị", "Miễn sinh hoạt", "Đình chỉ", "Sinh hoạt tạm thời (không tính)"],
    ),
    ("people", "Nữ, dân tộc thiểu số, tôn giáo", ["Nữ", "Dân tộc thiểu số", "Có tôn giáo"]),
    ("age", "Độ tuổi", ["Đến 30", "31–40", "41–50", "51–60", "Trên 60", "Chưa rõ ngày sinh"]),
    (
        "education",
        "Trình độ học vấn, chuyên môn",
        ["Giáo dục phổ thông", "Trung cấp, cao đẳng", "Đại học", "Thạc sĩ", "Tiến sĩ"],
    ),
    ("theory", "Lý luận chính trị", ["Sơ cấp", "Trung cấp", "Cao cấp, cử nhân", "Chưa có"]),
    ("party_age", "Tuổi Đảng", ["Dưới 10 năm", "10–19 năm", "20–29 năm", "30–39 năm", "Từ 40 năm"]),
    (
        "movements",
        "Biến động trong năm",
        [
            "Kết nạp",
            "Công nhận chính thức",
            "Xóa tên dự bị",
            "Chuyển đến",
            "Chuyển đi",
            "Từ trần",
            "Khai trừ",
            "Xóa tên",
            "Xin ra khỏi Đảng",
        ],
    ),
)
MOVEMENT_COLUMN = {
    K.FULL: 1,
    K.STRUCK_OFF_PROBATION: 2,
    K.TRANSFER_IN: 3,
    K.TRANSFER_OUT: 4,
    K.DECEASED: 5,
}
LEAVE_COLUMN = {
    StatusChange.LeaveForm.EXPELLED: 6,
    StatusChange.LeaveForm.STRUCK_OFF: 7,
    StatusChange.LeaveForm.RESIGNED: 8,
}

MEMBER_FIELDS = (
    "pk",
    "cell_id",
    "admission_date",
    "status",
    "status_date",
    "official_date",
    "gender",
    "date_of_birth",
    "ethnicity",
    "religion",
    "education_level",
    "professional_level",
    "theory_level",
)


def build_report(as_of: date) -> Report:
    """Counts by cell and in total on ``as_of``, and the movements from 1 January to ``as_of``."""
    year_start = date(as_of.year, 1, 1)
    cells = list(PartyCell.objects.all())
    cell_index = {cell.pk: i for i, cell in enumerate(cells)}
    counts = {key: [[0] * len(columns) for _ in cells] for key, _, columns in TABLES}

    gaps = defaultdict(list)
    for row in MembershipGap.objects.filter(start__lt=as_of).values_list("member_id", "start", "end", named=True):
        gaps[row.member_id].append(row)
    changes = defaultdict(list)
    changed_later = Member.objects.filter(status_date__gt=as_of).values("pk")
    for member_id, on, kind in (
        StatusChange.objects.filter(member_id__in=changed_later)
        .order_by("date", "id")
        .values_list("member_id", "date", "kind")
    ):
        changes[member_id].append((on, kind))
    moved = cells_on(as_of)

    members = Member.objects.filter(admission_date__lte=as_of).order_by().values_list(*MEMBER_FIELDS)
    member_cell = {}
    for (
        pk,
        cell_id,
        admission,
        status,
        status_date,
        official,
        gender,
        birth,
        ethnicity,
        religion,
        general,
        professional,
        theory,
    ) in members:
        cell_id = moved.get(pk, cell_id)
        member_cell[pk] = cell_id
        status, _ = status_on(
            as_of, status=status, status_date=status_date, official_date=official, changes=changes.get(pk, ())
        )
        if status == S.FULL and official and official > as_of:
            status = S.PROBATIONARY  # recorded as full later, without a dated history
        i = cell_index[cell_id]
        if status == S.TEMPORARY:
            counts["status"][i][5] += 1
            continue
        if status not in COUNTED:
            continue
        row = counts["status"][i]
        row[0] += 1
        row[{S.FULL: 1, S.PROBATIONARY: 2, S.EXCUSED: 3, S.SUSPENDED: 4}[status]] += 1
        people = counts["people"][i]
        people[0] += gender == Member.Gender.FEMALE
        people[1] += is_minority(ethnicity)
        people[2] += has_religion(religion)
        counts["age"][i][_age_band(birth, as_of)] += 1
        counts["education"][i][education_index(professional, general)] += 1
        counts["theory"][i][theory_index(theory)] += 1
        months = party_age.party_months(admission, gaps.get(pk, ()), as_of)
        counts["party_age"][i][_party_age_band(months)] += 1

    # Movements: admissions by their decision date, the rest from the dated status history.
    movements = counts["movements"]
    for pk in Member.objects.filter(admission_date__range=(year_start, as_of)).values_list("pk", flat=True):
        movements[cell_index[member_cell[pk]]][0] += 1
    year_changes = StatusChange.objects.filter(
        Q(kind__in=[*MOVEMENT_COLUMN, K.LEFT, K.READMITTED]), date__range=(year_start, as_of)
    ).order_by()
    for member_id, kind, leave_form, note, cell_id in year_changes.values_list(
        "member_id", "kind", "leave_form", "note", "member__cell_id"
    ):
        i = cell_index[member_cell.get(member_id, cell_id)]
        if kind == K.READMITTED:
            movements[i][0] += 1
        elif kind == K.LEFT:
            form = leave_form or leave_form_from_note(note)
            if form in LEAVE_COLUMN:
                movements[i][LEAVE_COLUMN[form]] += 1
        else:
            movements[i][MOVEMENT_COLUMN[kind]] += 1

    tables = []
    for key, title, columns in TABLES:
        table = Table(key, title, columns)
        for cell, values in zip(cells, counts[key], strict=True):
            table.rows.append((cell.name, values))
        table.total = [sum(values[c] for values in counts[key]) for c in range(len(columns))]
        tables.append(table)
    return Report(as_of=as_of, year_start=year_start, tables=tables, cells=[cell.name for cell in cells])


# --- output: bar charts (SVG, server-rendered) and the workbook ---------------------------


def bar_chart_svg(table: Table, width: int = 560) -> str:
    """A horizontal bar chart of a table's totals, as SVG markup (no script, no inline style)."""
    from django.utils.html import escape

    label_width, bar_height, gap = 210, 18, 6
    top = max(table.total or [0]) or 1
    height = len(table.columns) * (bar_height + gap) + gap
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="stats-chart" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" aria-label="{escape(table.title)}">'
    ]
    for index, (label, value) in enumerate(zip(table.columns, table.total, strict=True)):
        y = gap + index * (bar_height + gap)
        length = round((width - label_width - 50) * value / top)
        parts.append(
            f'<text x="{label_width - 6}" y="{y + 13}" text-anchor="end" font-size="12">{escape(label)}</text>'
            f'<rect x="{label_width}" y="{y}" width="{length}" height="{bar_height}" fill="#b71c1c"></rect>'
            f'<text x="{label_width + length + 4}" y="{y + 13}" font-size="12">{value}</text>'
        )
    parts.append("</svg>")
    return "".join(parts)


def _safe(text: str) -> str:
    # A cell name typed by the office must never become a formula in Excel.
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def report_workbook(report: Report, user=None):
    """One sheet per table, counts as numbers, the total row last."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    from core.audit import stamp_workbook

    workbook = Workbook()
    workbook.remove(workbook.active)
    for table in report.tables:
        sheet = workbook.create_sheet(table.title[:31])
        sheet.append([f"{table.title} – tính đến ngày {report.as_of:%d/%m/%Y}"])
        sheet.append(["Chi bộ", *table.columns])
        for name, values in table.rows:
            sheet.append([_safe(name), *values])
        sheet.append(["Tổng cộng", *table.total])
        for cell in (*sheet[2], *sheet[sheet.max_row]):
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 36
    if user is not None:
        stamp_workbook(workbook, user, header=False)
    return workbook
