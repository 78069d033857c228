"""Import is all or nothing with precise Vietnamese errors; export gives the filtered list."""

import io
from datetime import date, datetime

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils.html import escape

from core.models import DataAccessLog
from members.models import Member, PartyCell
from members.resources import MemberResource

from .factories import MemberFactory, PartyCellFactory

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:members_member_import")
PROCESS = reverse("admin:members_member_process_import")
EXPORT = reverse("admin:members_member_export")
TEMPLATE = reverse("members:import_template")
HEADERS = [MemberResource().fields[f].column_name for f in MemberResource.IMPORT_FIELDS]


def _row(**values):
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Họ và tên": "Lò Văn Nhập",
            "Ngày ra quyết định kết nạp": "19/05/2015",
            "Chi bộ": "Chi bộ Viễn thông",
            "Ngày chính thức": "19/05/2016",
            "Số thẻ đảng viên": "930000777001",
        }
    )
    row.update(values)
    return row


def _xlsx(rows, headers=HEADERS):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile("dang-vien.xlsx", buffer.getvalue())


def _csv(rows):
    lines = [",".join(HEADERS)] + [",".join(str(r.get(h, "")) for h in HEADERS) for r in rows]
    return SimpleUploadedFile("dang-vien.csv", ("\n".join(lines) + "\n").encode("utf-8"))


def _import(client, upload, fmt=0):
    """Upload (preview, a dry run) then confirm when the preview allows it; returns the preview response."""
    preview = client.post(IMPORT, {"import_file": upload, "format": str(fmt), "resource": "0"})
    assert preview.status_code == 200
    confirm = preview.context.get("confirm_form") if preview.context else None
    if confirm is not None:
        data = {name: value for name, value in confirm.initial.items()}
        response = client.post(PROCESS, data)
        assert response.status_code == 302
    return preview


def _errors(response):
    return response.context.get("import_messages") or [
        str(e) for e in response.context["form"].errors.get("import_file", [])
    ]


@pytest.fixture
def cells(db):
    return [PartyCellFactory(name="Chi bộ Viễn thông"), PartyCellFactory(name="Chi bộ Báo chí – Xuất bản")]


@pytest.fixture
def logged_in(client, office, cells):
    client.force_login(office)
    return client


def test_good_file_imports_every_row_after_a_preview(logged_in):
    rows = [
        _row(),
        _row(
            **{
                "Họ và tên": "Hà Thị Hai",
                "Số thẻ đảng viên": "12345678",
                "Chi bộ": "chi bo bao chi - xuat ban",
                "Ngày sinh": "02/09/1980",
                "Giới tính": "nữ",
                "Tình trạng": "Dự bị",
                "Ngày chính thức": "",
            }
        ),
    ]
    preview = _import(logged_in, _xlsx(rows))
    assert "confirm_form" in preview.context
    lo, ha = Member.objects.get(card_number="930000777001"), Member.objects.get(card_number="12345678")
    expected = ("Hà Thị Hai", "Chi bộ Báo chí – Xuất bản", "nu", "du_bi")
    assert (ha.full_name, ha.cell.name, ha.gender, ha.status) == expected
    assert lo.admission_date == date(2015, 5, 19) and lo.status == "chinh_thuc"
    assert DataAccessLog.objects.filter(action="imported", model="members.member").exists()


def test_real_spreadsheet_dates_are_read(logged_in):
    dates = {
        "Ngày ra quyết định kết nạp": datetime(2015, 5, 19),
        "Ngày sinh": date(1980, 1, 2),
        "Ngày chính thức": datetime(2016, 5, 19),
    }
    _import(logged_in, _xlsx([_row(**dates)]))
    member = Member.objects.get()
    assert (member.admission_date, member.date_of_birth) == (date(2015, 5, 19), date(1980, 1, 2))


def test_csv_is_accepted(logged_in):
    _import(logged_in, _csv([_row()]), fmt=1)
    assert Member.objects.get().full_name == "Lò Văn Nhập"


def _assert_refused(client, upload, *fragments, fmt=0):
    before = list(Member.objects.values_list("pk", "full_name", "card_number"))
    response = _import(client, upload, fmt=fmt)
    assert "confirm_form" not in response.context
    assert list(Member.objects.values_list("pk", "full_name", "card_number")) == before
    messages = _errors(response)
    html = response.content.decode()
    for fragment in fragments:
        assert any(fragment in m for m in messages), (fragment, messages)
        assert escape(fragment) in html, fragment
    return messages


def test_wrong_date_format_names_line_column_and_reason(logged_in):
    rows = [_row(), _row(**{"Số thẻ đảng viên": "930000777002", "Ngày sinh": "1980-13-45"})]
    messages = _assert_refused(logged_in, _xlsx(rows), "Dòng 3, cột “Ngày sinh”: “1980-13-45” không phải ngày hợp lệ")
    assert len(messages) == 1


def test_month_first_date_is_refused_not_misread(logged_in):
    _assert_refused(
        logged_in,
        _xlsx([_row(**{"Ngày ra quyết định kết nạp": "05/19/2015"})]),
        "Dòng 2, cột “Ngày ra quyết định kết nạp”",
    )


def test_unknown_cell(logged_in):
    bad = _row(**{"Số thẻ đảng viên": "930000777002", "Chi bộ": "Chi bộ Mặt Trăng"})
    _assert_refused(logged_in, _xlsx([_row(), bad]), "Dòng 3, cột “Chi bộ”: Không có chi bộ “Chi bộ Mặt Trăng”")


def test_duplicate_card_number_in_the_file(logged_in):
    _assert_refused(
        logged_in,
        _xlsx([_row(), _row(**{"Họ và tên": "Người Thứ Hai"})]),
        "Dòng 3, cột “Số thẻ đảng viên”: Số thẻ 930000777001 trùng với dòng 2 trong tệp.",
    )


def test_duplicate_card_number_in_the_database(logged_in):
    MemberFactory(card_number="930000777001")
    _assert_refused(
        logged_in,
        _xlsx([_row()]),
        "Dòng 2, cột “Số thẻ đảng viên”: Số thẻ 930000777001 đã có trong danh sách đảng viên.",
    )


def test_card_number_of_the_wrong_length(logged_in):
    _assert_refused(logged_in, _xlsx([_row(**{"Số thẻ đảng viên": "12345"})]), "Dòng 2, cột “Số thẻ đảng viên”")


def test_empty_name(logged_in):
    _assert_refused(
        logged_in,
        _xlsx([_row(), _row(**{"Họ và tên": "  ", "Số thẻ đảng viên": "930000777002"})]),
        "Dòng 3, cột “Họ và tên”: Họ và tên không được để trống.",
    )


def test_missing_admission_date(logged_in):
    _assert_refused(
        logged_in,
        _xlsx([_row(**{"Ngày ra quyết định kết nạp": ""})]),
        "Dòng 2, cột “Ngày ra quyết định kết nạp”: Thiếu ngày ra quyết định kết nạp",
    )


def test_deceased_without_date(logged_in):
    _assert_refused(logged_in, _xlsx([_row(**{"Tình trạng": "Từ trần"})]), "Dòng 2, cột “Tình trạng từ ngày”")


def test_unknown_status(logged_in):
    _assert_refused(logged_in, _xlsx([_row(**{"Tình trạng": "Nghỉ hưu"})]), "Dòng 2, cột “Tình trạng”: “Nghỉ hưu”")


def test_several_bad_rows_are_all_listed(logged_in):
    rows = [_row(**{"Ngày sinh": "x"}), _row(**{"Số thẻ đảng viên": "930000777002", "Chi bộ": "Không Có"})]
    messages = _assert_refused(logged_in, _xlsx(rows), "Dòng 2, cột “Ngày sinh”", "Dòng 3, cột “Chi bộ”")
    assert len(messages) == 2


def test_missing_required_column(logged_in):
    headers = [h for h in HEADERS if h != "Chi bộ"]
    _assert_refused(logged_in, _xlsx([_row()], headers=headers), "Tệp thiếu cột: “Chi bộ”")


def test_a_file_that_is_not_a_spreadsheet(logged_in):
    upload = SimpleUploadedFile("dang-vien.xlsx", b"%PDF-1.4 not a spreadsheet at all")
    _assert_refused(logged_in, upload, "Không đọc được tệp này như một bảng tính")


def test_an_image_renamed_csv_changes_nothing(logged_in):
    upload = SimpleUploadedFile("dang-vien.csv", bytes(range(256)) * 4)
    response = logged_in.post(IMPORT, {"import_file": upload, "format": "1", "resource": "0"})
    assert response.status_code == 200
    assert "confirm_form" not in response.context
    assert not Member.objects.exists()


def test_blank_lines_at_the_end_are_ignored(logged_in):
    _import(logged_in, _xlsx([_row(), dict.fromkeys(HEADERS, "")]))
    assert Member.objects.count() == 1


def test_template_downloads_with_vietnamese_headers_and_round_trips(logged_in, cells):
    response = logged_in.get(TEMPLATE)
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    book = openpyxl.load_workbook(io.BytesIO(response.content))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers == HEADERS
    assert "Họ và tên" in headers and "Ngày ra quyết định kết nạp" in headers
    assert sheet.cell(row=2, column=1).value == "Nguyễn Văn Mẫu"
    preview = _import(logged_in, SimpleUploadedFile("mau.xlsx", response.content))
    assert "confirm_form" in preview.context
    member = Member.objects.get()
    first_cell = PartyCell.objects.first()
    assert (member.full_name, member.admission_date, member.cell) == ("Nguyễn Văn Mẫu", date(2010, 2, 3), first_cell)


def test_export_gives_the_filtered_list_with_vietnamese_headers(logged_in, cells):
    MemberFactory(full_name="Ở Viễn Thông", cell=cells[0], admission_date=date(1996, 1, 5))
    MemberFactory(full_name="Ở Báo Chí", cell=cells[1])
    response = logged_in.post(f"{EXPORT}?cell__id__exact={cells[0].pk}")  # exports are POST-only
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith('.xlsx"')
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    assert rows[0][:3] == ("Họ và tên", "Giới tính", "Ngày sinh")
    assert "Tuổi Đảng" in rows[0] and "Mốc huy hiệu tiếp theo" in rows[0]
    assert [r[0] for r in rows[1:]] == ["Ở Viễn Thông"]
    # A real date cell (Excel sorts and filters it as a date), shown dd/mm/yyyy.
    admitted = sheet.cell(row=2, column=rows[0].index("Ngày ra quyết định kết nạp") + 1)
    assert (admitted.is_date, admitted.value, admitted.number_format) == (True, datetime(1996, 1, 5), "DD/MM/YYYY")
    assert rows[1][rows[0].index("Chi bộ")] == "Chi bộ Viễn thông"
    assert DataAccessLog.objects.filter(action="exported", model="members.member").exists()


def test_export_then_import_reports_every_card_as_already_on_file(logged_in, cells):
    MemberFactory(full_name="Đã Có", cell=cells[0], card_number="930000888001")
    exported = logged_in.post(EXPORT).content
    _assert_refused(logged_in, SimpleUploadedFile("xuat.xlsx", exported), "đã có trong danh sách đảng viên")


def test_import_page_is_in_vietnamese(logged_in):
    html = logged_in.get(IMPORT).content.decode()
    assert "Tệp cần nhập" in html and "Định dạng" in html
    assert "File to import" not in html


def test_gaps_are_imported_and_count_in_party_age(logged_in):
    row = _row(
        **{
            "Ngày ra quyết định kết nạp": "25/08/1990",
            "Ngày chính thức": "25/08/1991",
            "Thời gian gián đoạn": "01/03/2000 – 01/03/2001; 10/10/2010 - 20/10/2010",
        }
    )
    _import(logged_in, _xlsx([row]))
    member = Member.objects.get()
    assert [(g.start, g.end) for g in member.gaps.all()] == [
        (date(2000, 3, 1), date(2001, 3, 1)),
        (date(2010, 10, 10), date(2010, 10, 20)),
    ]
    assert member.milestone_date(30) == date(2021, 9, 4)


def test_an_open_gap_is_imported(logged_in):
    _import(logged_in, _xlsx([_row(**{"Thời gian gián đoạn": "01/04/2024 –"})]))
    (gap,) = Member.objects.get().gaps.all()
    assert (gap.start, gap.end) == (date(2024, 4, 1), None)


def test_overlapping_gaps_in_the_file_are_refused(logged_in):
    row = _row(**{"Thời gian gián đoạn": "01/03/2017 – 01/03/2019; 01/01/2018 – 01/06/2018"})
    _assert_refused(
        logged_in, _xlsx([row]), "Dòng 2, cột “Thời gian gián đoạn”: Hai thời gian gián đoạn chồng lên nhau"
    )


def test_gap_before_admission_in_the_file_is_refused(logged_in):
    row = _row(**{"Thời gian gián đoạn": "01/03/2010 – 01/03/2011"})
    _assert_refused(
        logged_in, _xlsx([row]), "Dòng 2, cột “Thời gian gián đoạn”: Thời gian gián đoạn từ 01/03/2010 phải sau"
    )


def test_gap_text_that_is_not_dates_is_refused(logged_in):
    _assert_refused(
        logged_in,
        _xlsx([_row(**{"Thời gian gián đoạn": "năm 2018"})]),
        "Dòng 2, cột “Thời gian gián đoạn”: “năm 2018” không đúng dạng",
    )


def test_exported_gaps_read_back_the_same(logged_in, cells):
    member = MemberFactory(cell=cells[0], admission_date=date(1990, 8, 25), card_number="930000888002")
    member.gaps.create(start=date(2000, 3, 1), end=date(2001, 3, 1), reason="mat_lien_lac")
    member.gaps.create(start=date(2024, 4, 1), end=None, reason="mat_lien_lac")
    sheet = openpyxl.load_workbook(io.BytesIO(logged_in.post(EXPORT).content)).worksheets[0]
    rows = list(sheet.iter_rows(values_only=True))
    text = rows[1][rows[0].index("Thời gian gián đoạn")]
    from members.resources import parse_gaps

    expected = [(date(2000, 3, 1), date(2001, 3, 1)), (date(2024, 4, 1), None)]
    assert [(g.start, g.end) for g in parse_gaps(text)] == expected
