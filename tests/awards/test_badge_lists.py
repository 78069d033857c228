"""The official lists: .xlsx in the 4-HHĐ/4B-HHĐ layout, the print page and ``badge_list``."""

import re
import shutil
import subprocess
from datetime import date, datetime
from io import BytesIO, StringIO

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from awards.badges import lists as badge_lists
from awards.badges.rules import eligible_for_round
from core.models import SiteProfile
from members.models import Member

from .factories import CellFactory, DisciplineFactory, MemberFactory

pytestmark = pytest.mark.django_db

ROUND = date(2027, 2, 3)
OFFICIAL_COLUMNS = [
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
]


@pytest.fixture
def people():
    return {
        "tam": MemberFactory(
            full_name="Lữ Văn Tâm",
            cell=CellFactory(name="Chi bộ Viễn thông"),
            admission_date=date(1996, 5, 1),
            card_number="012345678901",
            admission_ceremony_date=date(1996, 5, 19),
            official_date=date(1997, 5, 19),
        ),
        "quyet": MemberFactory(full_name="Đỗ Hữu Quyết", admission_date=date(1986, 5, 1)),
        "an": MemberFactory(full_name="Đặng Thị An", admission_date=date(1995, 1, 1)),
        "held": MemberFactory(full_name="Kiều Văn Sơn", admission_date=date(1990, 1, 1)),
        "dead": MemberFactory(
            full_name="Tạ Văn Phúc",
            admission_date=date(1990, 1, 1),
            status=Member.Status.DECEASED,
            status_date=date(2026, 9, 20),
        ),
    }


def workbook_for(round_date=ROUND):
    profile = SiteProfile.current()
    workbook = badge_lists.build_workbook(
        eligible_for_round(round_date), round_date, committee=profile.name, parent_body=profile.parent_body
    )
    return load_workbook(BytesIO(badge_lists.workbook_bytes(workbook)))


def header_row(sheet):
    for row in sheet.iter_rows(values_only=True):
        if row and row[0] == "Số TT":
            return [value for value in row if value is not None]
    raise AssertionError("no header row")


def data_rows(sheet):
    return [row for row in sheet.iter_rows(values_only=True) if isinstance(row[0], int)]


def test_xlsx_opens_with_the_official_columns_in_order(people):
    DisciplineFactory(member=people["held"], form="canh_cao", decided_on=date(2026, 10, 1))
    workbook = workbook_for()
    assert workbook.sheetnames == ["4-HHĐ", "4B-HHĐ"]
    for sheet in workbook.worksheets:
        assert header_row(sheet) == OFFICIAL_COLUMNS
    sheet = workbook["4-HHĐ"]
    assert sheet["A4"].value == "DANH SÁCH ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG – Đợt 03/02/2027"
    assert sheet["A2"].value == SiteProfile.current().name.upper()


def test_xlsx_lists_proposed_members_in_name_order_by_milestone_and_leaves_out_the_held(people):
    DisciplineFactory(member=people["held"], form="canh_cao", decided_on=date(2026, 10, 1))
    sheet = workbook_for()["4-HHĐ"]
    names = [row[1] for row in data_rows(sheet)]
    assert names == ["Đặng Thị An", "Lữ Văn Tâm", "Đỗ Hữu Quyết"]  # 30 years, then 40 years
    sections = [row[0] for row in sheet.iter_rows(values_only=True) if str(row[0]).startswith("Huy hiệu")]
    assert sections == ["Huy hiệu 30 năm tuổi Đảng: 2 đồng chí", "Huy hiệu 40 năm tuổi Đảng: 1 đồng chí"]
    posthumous = workbook_for()["4B-HHĐ"]
    assert [row[1] for row in data_rows(posthumous)] == ["Tạ Văn Phúc"]
    assert "Từ trần ngày 20/09/2026" in data_rows(posthumous)[0][9]


def test_xlsx_dates_show_dd_mm_yyyy_and_card_numbers_keep_leading_zeros(people):
    sheet = workbook_for()["4-HHĐ"]
    tam = next(row for row in sheet.iter_rows() if row[1].value == "Lữ Văn Tâm")
    assert tam[4].value == datetime(1996, 5, 1) and tam[4].number_format == "DD/MM/YYYY"
    assert tam[5].value == datetime(1996, 5, 19) and tam[6].number_format == "DD/MM/YYYY"
    assert tam[7].value == "012345678901"
    assert tam[8].value == "Chi bộ Viễn thông"


def test_xlsx_prints_on_a4_landscape_with_set_column_widths(people):
    sheet = workbook_for()["4-HHĐ"]
    assert sheet.page_setup.orientation == "landscape"
    assert int(sheet.page_setup.paperSize) == int(sheet.PAPERSIZE_A4) == 9
    assert sheet.column_dimensions["B"].width == badge_lists.COLUMN_WIDTHS[1]
    assert sheet.print_title_rows == "$7:$7"


def test_libreoffice_converts_the_xlsx_to_pdf(people, tmp_path):
    office = shutil.which("libreoffice") or shutil.which("soffice")
    if not office:
        pytest.skip("LibreOffice is not installed on this machine")
    path = tmp_path / "dot.xlsx"
    path.write_bytes(
        badge_lists.workbook_bytes(badge_lists.build_workbook(eligible_for_round(ROUND), ROUND, committee="Đảng bộ Sở"))
    )
    subprocess.run(
        [office, "--headless", "--convert-to", "pdf", "--outdir", str(tmp_path), str(path)],
        check=True,
        timeout=120,
        capture_output=True,
    )
    pdf = (tmp_path / "dot.pdf").read_bytes()
    pages = re.findall(rb"/MediaBox\s*\[\s*0 0 ([\d.]+) ([\d.]+)\s*\]", pdf)
    assert pages, "no page in the PDF"
    # A4 landscape: 842 x 595 points, on every page (one sheet per form).
    assert all(round(float(w)) == 842 and round(float(h)) == 595 for w, h in pages)


def test_badge_numbers_are_read_back_by_card_number(tmp_path):
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["DANH SÁCH"])
    sheet.append(["Số TT", "Số HHĐ", "Họ và tên", "Số thẻ đảng viên"])
    sheet.append([1, "HH0001", "Lữ Văn Tâm", "012345678901"])
    sheet.append([2, 1234.0, "Đỗ Hữu Quyết", 98765432.0])
    sheet.append([3, None, "Đặng Thị An", "000000000003"])
    assert badge_lists.read_badge_numbers(BytesIO(badge_lists.workbook_bytes(workbook))) == {
        "012345678901": "HH0001",
        "98765432": "1234",
    }


def test_reading_numbers_from_a_file_that_is_not_xlsx_gives_a_message():
    with pytest.raises(ValueError, match="xlsx"):
        badge_lists.read_badge_numbers(BytesIO(b"not a spreadsheet"))


def test_badge_list_command_prints_the_groups_and_writes_the_xlsx(people, tmp_path):
    DisciplineFactory(member=people["held"], form="khien_trach", decided_on=date(2026, 10, 15))
    out = StringIO()
    target = tmp_path / "dot.xlsx"
    call_command("badge_list", "--round", "2027-02-03", "--xlsx", str(target), stdout=out)
    text = out.getvalue()
    assert "DANH SÁCH ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG – Đợt 03/02/2027" in text
    assert text.index("Đặng Thị An") < text.index("Đỗ Hữu Quyết") < text.index("Lữ Văn Tâm")
    assert "Kiều Văn Sơn" in text and "15/04/2027" in text
    assert "30 năm: 3, 40 năm: 1" in text  # An, Tâm and Phúc (posthumously); Sơn is held back
    assert header_row(load_workbook(target)["4-HHĐ"]) == OFFICIAL_COLUMNS


def test_badge_list_command_refuses_a_bad_date():
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="YYYY-MM-DD"):
        call_command("badge_list", "--round", "2027-13-03", stdout=StringIO())
