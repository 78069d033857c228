"""Annual quality ratings: the rules (plain functions), the form errors, the cell sheet and the export."""

import io
from datetime import date

import pytest
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from openpyxl import load_workbook

from awards import ratings
from awards.forms import QualityRatingForm
from awards.honours.rules import exemplary_cells
from awards.models import QualityRating
from members.models import Member

from .factories import CellFactory, DisciplineFactory, MemberFactory, RatingFactory

pytestmark = pytest.mark.django_db
L = QualityRating.Level
SHEET = "/quan-tri/awards/qualityrating/xep-loai-chi-bo/{cell}/{year}/"


# --- rule functions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("level", "score", "ok"),
    [
        ("htxsnv", 90, True),
        ("htxsnv", 100, True),
        ("htxsnv", 89, False),
        ("httnv", 70, True),
        ("httnv", 89, True),
        ("httnv", 90, False),
        ("httnv", 69, False),
        ("htnv", 50, True),
        ("htnv", 69, True),
        ("htnv", 49, False),
        ("htnv", 70, False),
        ("khtnv", 0, True),
        ("khtnv", 49, True),
        ("khtnv", 50, False),
        ("htxsnv", 101, False),
        ("htxsnv", None, True),
    ],
)
def test_score_must_fit_the_level_band(level, score, ok):
    assert (ratings.score_error(level, score) is None) is ok


def test_score_error_names_the_right_level():
    assert "mức đúng là HTTNV" in ratings.score_error("htxsnv", 85)


@pytest.mark.parametrize(
    ("excellent", "good", "warns"),
    [(0, 0, False), (1, 5, False), (2, 10, False), (3, 10, True), (1, 4, True), (1, 0, True), (2, 11, False)],
)
def test_quota_is_twenty_percent_of_httnv(excellent, good, warns):
    levels = [L.EXCELLENT] * excellent + [L.GOOD] * good + [L.DONE] * 3
    assert (ratings.quota_warning(levels, "Chi bộ A") is not None) is warns


def test_not_rated_six_months_excused_or_suspended():
    review = date(2024, 12, 31)
    assert ratings.not_rated_reason(MemberFactory(admission_date=date(2024, 6, 30)), review) is None
    assert "chưa đủ 6 tháng" in ratings.not_rated_reason(MemberFactory(admission_date=date(2024, 7, 1)), review)
    assert ratings.not_rated_reason(MemberFactory(status=Member.Status.EXCUSED), review)
    assert ratings.not_rated_reason(MemberFactory(status=Member.Status.SUSPENDED, status_date=date(2024, 3, 1)), review)
    assert (
        ratings.not_rated_reason(
            MemberFactory(status=Member.Status.PROBATIONARY, admission_date=date(2024, 1, 5)), review
        )
        is None
    )


def test_discipline_in_the_year_warns_above_khtnv_only():
    member = DisciplineFactory(decided_on=date(2024, 5, 10)).member
    assert ratings.discipline_warning(member, 2024, L.GOOD)
    assert ratings.discipline_warning(member, 2024, L.NOT_DONE) is None
    assert ratings.discipline_warning(member, 2023, L.EXCELLENT) is None
    assert ratings.discipline_warning(member, 2025, L.EXCELLENT) is None


def test_year_warnings_per_cell_and_member():
    cell = CellFactory(name="Chi bộ Quá Chỉ Tiêu")
    for _ in range(2):
        RatingFactory(member=MemberFactory(cell=cell), level=L.EXCELLENT)
    RatingFactory(member=MemberFactory(cell=cell), level=L.GOOD)
    excused = MemberFactory(cell=cell, status=Member.Status.EXCUSED, full_name="Vũ Miễn")
    RatingFactory(member=excused, level=L.GOOD)
    warnings = ratings.year_warnings(2024)
    assert any(w.startswith("Chi bộ Quá Chỉ Tiêu: 2 đảng viên HTXSNV") for w in warnings)
    assert any("Vũ Miễn" in w and "không thuộc diện" in w for w in warnings)
    assert QualityRating.objects.get(member=excused).level == L.GOOD  # warned, not changed


def test_database_refuses_a_duplicate_year():
    member = MemberFactory()
    RatingFactory(member=member, year=2023)
    with pytest.raises(IntegrityError), transaction.atomic():
        QualityRating.objects.create(member=member, year=2023, level=L.DONE)


# --- the form ---------------------------------------------------------------------------------


def _form(**data):
    base = {"year": 2024, "level": "httnv"}
    base.update(data)
    return QualityRatingForm(data=base)


def test_form_refuses_score_outside_band_with_a_clear_message():
    form = _form(member=MemberFactory().pk, level="htxsnv", score=75)
    assert not form.is_valid()
    assert "không khớp mức" in form.errors["score"][0]


def test_form_refuses_duplicate_year_with_a_clear_message():
    member = MemberFactory(full_name="Đinh Văn Lặp")
    RatingFactory(member=member, year=2024)
    form = _form(member=member.pk)
    assert not form.is_valid()
    assert "Đinh Văn Lặp đã có xếp loại năm 2024" in form.errors["year"][0]
    assert QualityRating.objects.count() == 1


def test_form_refuses_a_year_before_admission():
    form = _form(member=MemberFactory(admission_date=date(2022, 3, 1)).pk, year=2021)
    assert not form.is_valid()
    assert "01/03/2022" in form.errors["year"][0]


def test_form_refuses_two_subjects_or_none():
    assert "không chọn cả hai" in _form(member=MemberFactory().pk, cell=CellFactory().pk).errors["member"][0]
    assert "Chưa chọn" in _form().errors["member"][0]


def test_admin_add_warns_on_quota_and_discipline(client, office):
    client.force_login(office)
    cell = CellFactory()
    RatingFactory(member=MemberFactory(cell=cell), level=L.GOOD)
    member = DisciplineFactory(member=MemberFactory(cell=cell), decided_on=date(2024, 8, 1)).member
    response = client.post(
        "/quan-tri/awards/qualityrating/add/",
        {"member": member.pk, "year": 2024, "level": "htxsnv", "score": 95},
        follow=True,
    )
    texts = " ".join(str(m) for m in response.context["messages"])
    assert QualityRating.objects.get(member=member).recorded_by == office
    assert "vượt 20%" in texts
    assert "kỷ luật khiển trách" in texts


def test_changelist_with_a_year_shows_its_warnings(client, office):
    client.force_login(office)
    RatingFactory(member=MemberFactory(), level=L.EXCELLENT)
    response = client.get("/quan-tri/awards/qualityrating/", {"year__exact": 2024})
    assert any("vượt 20%" in str(m) for m in response.context["messages"])
    assert "/quan-tri/awards/qualityrating/xuat/2024/" in response.content.decode()


# --- the cell sheet ---------------------------------------------------------------------------


def _cell_with_members():
    cell = CellFactory(name="Chi bộ Bảng Điểm")
    members = [
        MemberFactory(cell=cell, full_name=f"Ngô Văn {name}")
        for name in ("An", "Bình", "Cường", "Dũng", "Giang", "Hải")
    ]
    newcomer = MemberFactory(cell=cell, full_name="Tạ Mới Vào", admission_date=date(2024, 9, 1))
    excused = MemberFactory(cell=cell, full_name="Lý Được Miễn", status=Member.Status.EXCUSED)
    gone = MemberFactory(
        cell=cell, full_name="Mã Chuyển Đi", status=Member.Status.TRANSFERRED, status_date=date(2023, 1, 1)
    )
    return cell, members, newcomer, excused, gone


def test_sheet_lists_members_and_who_is_not_rated(client, office):
    cell, members, newcomer, excused, gone = _cell_with_members()
    client.force_login(office)
    html = client.get(SHEET.format(cell=cell.pk, year=2024)).content.decode()
    for member in members:
        assert f'name="level_{member.pk}"' in html
    assert "Tạ Mới Vào" in html and f'name="level_{newcomer.pk}"' not in html
    assert "Lý Được Miễn" in html and f'name="level_{excused.pk}"' not in html
    assert "Mã Chuyển Đi" not in html
    assert "Không xếp loại" in html


def test_sheet_saves_a_whole_cell_and_warns_on_quota(client, office):
    cell, members, *_ = _cell_with_members()
    client.force_login(office)
    data = {"level_cell": "htxsnv", "score_cell": "92"}
    for i, member in enumerate(members):
        data[f"level_{member.pk}"] = "htxsnv" if i < 2 else "httnv"
        data[f"score_{member.pk}"] = "91" if i < 2 else ""
    response = client.post(SHEET.format(cell=cell.pk, year=2024), data, follow=True)
    texts = " ".join(str(m) for m in response.context["messages"])
    assert QualityRating.objects.filter(member__cell=cell, year=2024).count() == 6
    assert QualityRating.objects.get(cell=cell, year=2024).score == 92
    assert "thêm 7" in texts
    assert "2 đảng viên HTXSNV, vượt 20% của 4 đảng viên HTTNV" in texts
    assert QualityRating.objects.filter(level=L.EXCELLENT, member__cell=cell).count() == 2  # not changed


def test_sheet_refuses_a_score_outside_its_band_and_saves_nothing(client, office):
    cell, members, *_ = _cell_with_members()
    client.force_login(office)
    data = {
        f"level_{members[0].pk}": "htnv",
        f"score_{members[0].pk}": "85",
        f"level_{members[1].pk}": "httnv",
        f"score_{members[1].pk}": "abc",
    }
    response = client.post(SHEET.format(cell=cell.pk, year=2024), data)
    assert response.status_code == 200
    assert "không khớp mức" in response.content.decode()
    assert not QualityRating.objects.exists()


def test_sheet_takes_a_review_date(client, office):
    cell, _members, newcomer, *_ = _cell_with_members()
    client.force_login(office)
    url = SHEET.format(cell=cell.pk, year=2025)
    assert f'name="level_{newcomer.pk}"' in client.get(url).content.decode()
    html = client.get(url, {"review_on": "15/01/2025"}).content.decode()
    assert f'name="level_{newcomer.pk}"' not in html
    assert client.get(url, {"review_on": "không phải ngày"}).status_code == 200


def test_sheet_query_count_does_not_grow_with_the_cell(client, office):
    client.force_login(office)
    client.get(SHEET.format(cell=CellFactory().pk, year=2024))  # warm the per-process caches
    counts = []
    for size in (3, 30):
        cell = CellFactory()
        for _ in range(size):
            RatingFactory(member=MemberFactory(cell=cell))
        with CaptureQueriesContext(connection) as ctx:
            client.get(SHEET.format(cell=cell.pk, year=2024))
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], "\n".join(q["sql"][:200] for q in ctx.captured_queries)


# --- export and titles --------------------------------------------------------------------------


def test_export_has_vietnamese_headers_and_dd_mm_yyyy(client, office):
    cell = CellFactory(name="Chi bộ Xuất Bản")
    RatingFactory(
        member=MemberFactory(cell=cell, full_name="Trịnh Thị Xuân", admission_date=date(1999, 2, 3)),
        level=L.EXCELLENT,
        score=95,
    )
    RatingFactory(member=None, cell=cell, level=L.GOOD)
    client.force_login(office)
    response = client.post("/quan-tri/awards/qualityrating/xuat/2024/")  # POST-only
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[4]] == ratings.EXPORT_HEADERS
    assert sheet["B5"].value == "Chi bộ Xuất Bản"
    row = [c.value for c in sheet[6]]
    assert row[1] == "Trịnh Thị Xuân" and row[6] == "HTXSNV" and row[7] == 95
    assert sheet["D6"].number_format == "DD/MM/YYYY"
    assert sheet["D6"].value.date() == date(1999, 2, 3)


def test_five_years_in_a_row_title():
    cell, other = CellFactory(), CellFactory()
    for year in (2019, 2020, 2021, 2022, 2023, 2024):
        RatingFactory(member=None, cell=cell, year=year, level=L.EXCELLENT)
    for year in (2020, 2021, 2023, 2024):
        RatingFactory(member=None, cell=other, year=year, level=L.EXCELLENT)
    RatingFactory(member=None, cell=other, year=2022, level=L.GOOD)
    titles = {(t.cell, t.year): t for t in exemplary_cells()}
    assert titles[(cell, 2024)].title == "Trong sạch, vững mạnh tiêu biểu 5 năm liền (2020–2024)"
    assert titles[(cell, 2023)].five_years and not titles[(cell, 2022)].five_years
    assert titles[(other, 2024)].title == "Trong sạch, vững mạnh tiêu biểu"
    assert (other, 2022) not in titles
