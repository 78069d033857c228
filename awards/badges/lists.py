"""The official nomination lists of a round: 4-HHĐ (award) and 4B-HHĐ (posthumous).

Built from ``awards.badges.rules.eligible_for_round``: the same nominations the round screen
shows, held-back members left out (they are not proposed). Used by the admin's .xlsx
export and print page and by ``manage.py badge_list``.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from io import BytesIO

from openpyxl import Workbook, load_workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from awards.badges.rules import EARLY, POSTHUMOUS, REGULAR, Nomination
from core.spreadsheets import safe_cell, set_cell

# The groups of the round screen and of ``badge_list``, in order.
GROUPS = (
    (REGULAR, "Đề nghị tặng theo niên hạn"),
    (EARLY, "Đề nghị tặng sớm (có đơn đề nghị)"),
    (POSTHUMOUS, "Đề nghị truy tặng (mẫu 4B-HHĐ)"),
    ("held", "Chưa đề nghị: đang bị hoãn hoặc tạm dừng"),
)

TITLE = "DANH SÁCH ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG"
DATE_FORMAT = "DD/MM/YYYY"

# Columns of 4-HHĐ (Hướng dẫn 38-HD/BTCTW 2025), in order; 4A-HHĐ adds "Số HHĐ" after "Số TT".
COLUMNS_4 = (
    "Số TT",
    "Họ và tên",
    "Ngày sinh",
    "Quê quán",
    "Ngày cấp có thẩm quyền ra QĐ kết nạp",
    "Ngày kết nạp",
    "Ngày chính thức",
    "Số thẻ đảng viên",
    "Nơi đề nghị tặng",
    "Ghi chú",
)
COLUMN_WIDTHS = (6, 26, 12, 30, 16, 12, 12, 15, 24, 34)
BADGE_NUMBER_HEADER = "Số HHĐ"
CARD_HEADER = "Số thẻ đảng viên"


@dataclass
class OfficialList:
    """One form of the round: its code, heading and the proposed nominations, by milestone."""

    code: str  # "4-HHĐ" or "4B-HHĐ"
    heading: str
    subheading: str
    sections: list[tuple[int, list[Nomination]]]

    @property
    def count(self) -> int:
        return sum(len(rows) for _, rows in self.sections)


def round_label(round_date: date, name: str | None = None) -> str:
    """ "Đợt 03/02/2027" (the round's own name when it has one)."""
    return name or f"Đợt {round_date:%d/%m/%Y}"


def official_lists(nominations: list[Nomination], round_date: date, name: str | None = None) -> list[OfficialList]:
    """The 4-HHĐ list (regular and early) and the 4B-HHĐ list (posthumous); held-back members left out."""
    label = round_label(round_date, name)
    heading = f"{TITLE} – {label}"
    result = []
    for code, kinds, sub in (
        ("4-HHĐ", (REGULAR, EARLY), "Tặng"),
        ("4B-HHĐ", (POSTHUMOUS,), "Truy tặng"),
    ):
        chosen = [n for n in nominations if n.kind in kinds and not n.is_held]
        years = sorted({n.years for n in chosen})
        sections = [(y, [n for n in chosen if n.years == y]) for y in years]
        subheading = f"Mẫu {code} – {sub} đợt {round_date:%d/%m/%Y}"
        result.append(OfficialList(code=code, heading=heading, subheading=subheading, sections=sections))
    return result


def row_values(index: int, nomination: Nomination) -> list:
    member = nomination.member
    return [
        index,
        member.full_name,
        member.date_of_birth,
        member.hometown,
        member.admission_date,
        member.admission_ceremony_date,
        member.official_date,
        member.card_number or "",
        member.cell.name,
        nomination.note,
    ]


def display_value(value) -> str:
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return "" if value is None else str(value)


def build_workbook(
    nominations: list[Nomination], round_date: date, *, committee: str, parent_body: str = "", name: str | None = None
) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    thin = Side(style="thin")
    border = Border(left=thin, right=thin, top=thin, bottom=thin)
    bold = Font(bold=True)
    center = Alignment(horizontal="center", vertical="center", wrap_text=True)
    wrap = Alignment(vertical="top", wrap_text=True)
    last_col = get_column_letter(len(COLUMNS_4))

    for official in official_lists(nominations, round_date, name):
        sheet = workbook.create_sheet(official.code)
        # The committee's names are typed in the admin: text, never a formula.
        safe_cell(sheet["A1"], (parent_body or "").upper())
        safe_cell(sheet["A2"], committee.upper())
        sheet["A1"].font = sheet["A2"].font = bold
        sheet.merge_cells("A1:D1")
        sheet.merge_cells("A2:D2")
        sheet["G1"] = "ĐẢNG CỘNG SẢN VIỆT NAM"
        sheet["G1"].font = bold
        sheet.merge_cells(f"G1:{last_col}1")
        sheet["G1"].alignment = sheet["A1"].alignment = sheet["A2"].alignment = center
        sheet[f"{last_col}3"] = official.code
        sheet[f"{last_col}3"].alignment = Alignment(horizontal="right")

        safe_cell(sheet["A4"], official.heading)
        sheet["A4"].font = Font(bold=True, size=14)
        sheet.merge_cells(f"A4:{last_col}4")
        sheet["A5"] = official.subheading
        sheet.merge_cells(f"A5:{last_col}5")
        sheet["A4"].alignment = sheet["A5"].alignment = center

        header_row = 7
        for col, title in enumerate(COLUMNS_4, start=1):
            cell = sheet.cell(row=header_row, column=col, value=title)
            cell.font, cell.alignment, cell.border = bold, center, border
        for col, width in enumerate(COLUMN_WIDTHS, start=1):
            sheet.column_dimensions[get_column_letter(col)].width = width

        row = header_row + 1
        index = 0
        for years, members in official.sections:
            sheet.cell(row=row, column=1, value=f"Huy hiệu {years} năm tuổi Đảng: {len(members)} đồng chí").font = bold
            sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=len(COLUMNS_4))
            row += 1
            for nomination in members:
                index += 1
                for col, value in enumerate(row_values(index, nomination), start=1):
                    cell = set_cell(sheet, row, col, value)  # a name starting with "=" stays text
                    cell.border, cell.alignment = border, wrap
                    if isinstance(value, date):
                        cell.number_format = DATE_FORMAT
                    elif col == 8:
                        cell.number_format = "@"  # card numbers keep their leading zeros
                row += 1
        sheet.cell(row=row + 1, column=1, value=f"Tổng cộng: {index} đồng chí.").font = bold
        sheet.cell(row=row + 3, column=8, value="T/M ĐẢNG ỦY").font = bold
        sheet.cell(row=row + 4, column=8, value="BÍ THƯ").font = bold

        sheet.freeze_panes = sheet.cell(row=header_row + 1, column=1)
        sheet.print_title_rows = f"{header_row}:{header_row}"
        sheet.page_setup.orientation = sheet.ORIENTATION_LANDSCAPE
        sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
        sheet.page_setup.fitToWidth = 1
        sheet.page_setup.fitToHeight = 0
        sheet.sheet_properties.pageSetUpPr.fitToPage = True
        sheet.print_options.horizontalCentered = True
        sheet.page_margins.left = sheet.page_margins.right = 0.4
    return workbook


def workbook_bytes(workbook: Workbook) -> bytes:
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _text(value) -> str:
    # Excel turns typed digits into numbers: 12345.0 must read back as "12345".
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def read_badge_numbers(upload) -> dict[str, str]:
    """Badge numbers from a returned list: {card number: badge number}.

    Any sheet with a header row holding "Số thẻ đảng viên" and "Số HHĐ" (the 4A-HHĐ layout,
    or our 4-HHĐ list with a "Số HHĐ" column added). Raises ValueError with a message for the
    office when the file is not a readable .xlsx or has no such columns.
    """
    try:
        workbook = load_workbook(upload, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises several kinds for a file that is not .xlsx
        raise ValueError("Không đọc được tệp: hãy chọn tệp Excel .xlsx.") from exc
    numbers: dict[str, str] = {}
    found = False
    for sheet in workbook.worksheets:
        card_col = badge_col = None
        for row in sheet.iter_rows(values_only=True):
            cells = [_text(v) for v in row]
            if card_col is None:
                if CARD_HEADER in cells and BADGE_NUMBER_HEADER in cells:
                    card_col, badge_col = cells.index(CARD_HEADER), cells.index(BADGE_NUMBER_HEADER)
                    found = True
                continue
            card = cells[card_col] if card_col < len(cells) else ""
            badge = cells[badge_col] if badge_col < len(cells) else ""
            if card and badge:
                numbers[card] = badge
    workbook.close()
    if not found:
        raise ValueError("Tệp không có cột “Số thẻ đảng viên” và cột “Số HHĐ”.")
    return numbers
