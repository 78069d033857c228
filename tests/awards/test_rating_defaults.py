"""Ratings open on the year being reviewed, and the 20% HTXSNV warning is seen before saving."""

from datetime import date
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from awards import ratings
from awards.models import QualityRating

from .factories import CellFactory, MemberFactory, RatingFactory
from .test_ratings import SHEET, _cell_with_members

pytestmark = pytest.mark.django_db
CHOOSER = "/quan-tri/awards/qualityrating/xep-loai-chi-bo/"


@pytest.mark.parametrize(
    ("today", "year"),
    [
        (date(2026, 12, 7), 2026),
        (date(2026, 10, 1), 2026),
        (date(2026, 9, 30), 2025),
        (date(2027, 1, 15), 2026),
    ],
)
def test_current_review_year(today, year):
    assert ratings.current_review_year(today) == year


def test_sheet_chooser_and_add_form_default_to_the_review_year(client, office):
    year = ratings.current_review_year(timezone.localdate())
    client.force_login(office)
    html = client.get(CHOOSER).content.decode()
    assert f'name="year" id="id_choice_year" min="1930" max="2100" value="{year}"' in html
    assert 'value="2024"' in client.get(CHOOSER, {"year": "2024"}).content.decode()
    form = client.get("/quan-tri/awards/qualityrating/add/").context["adminform"].form
    assert form.initial["year"] == year


def test_check_button_warns_on_quota_and_saves_nothing(client, office):
    cell, members, *_ = _cell_with_members()
    client.force_login(office)
    data = {"level_cell": "htxsnv", "score_cell": "92", "check": "Kiểm tra"}
    for i, member in enumerate(members):
        data[f"level_{member.pk}"] = "htxsnv" if i < 2 else "httnv"
    response = client.post(SHEET.format(cell=cell.pk, year=2024), data)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Kết quả kiểm tra (chưa lưu)" in html
    assert "2 đảng viên HTXSNV, vượt 20% của 4 đảng viên HTTNV" in html
    assert not QualityRating.objects.exists()
    # What was typed stays in the form, ready to save.
    assert '<option value="htxsnv" selected>' in html


def test_check_counts_stored_levels_of_members_not_typed(client, office):
    cell = CellFactory()
    typed = MemberFactory(cell=cell)
    rows = ratings.cell_sheet(cell, 2024)
    assert ratings.preview_warnings(cell, 2024, rows, {typed.pk: ("htxsnv", None)}) != []
    good = [MemberFactory(cell=cell) for _ in range(5)]
    for member in good:
        RatingFactory(member=member, year=2024, level="httnv")
    rows = ratings.cell_sheet(cell, 2024)
    assert ratings.preview_warnings(cell, 2024, rows, {typed.pk: ("htxsnv", None)}) == []


def test_check_without_problems_says_so(client, office):
    cell, members, *_ = _cell_with_members()
    client.force_login(office)
    data = {f"level_{m.pk}": "httnv" for m in members} | {"check": "Kiểm tra"}
    html = client.post(SHEET.format(cell=cell.pk, year=2024), data).content.decode()
    assert "Không có cảnh báo" in html and not QualityRating.objects.exists()


def test_sheet_loads_the_live_quota_script_from_static_files(client, office):
    cell, *_ = _cell_with_members()
    client.force_login(office)
    html = client.get(SHEET.format(cell=cell.pk, year=2024)).content.decode()
    assert 'src="/static/js/rating-sheet.js"' in html and 'data-quota="0.2"' in html
    assert "<script>" not in html  # CSP script-src 'self': no inline script
    script = Path(settings.BASE_DIR) / "static" / "js" / "rating-sheet.js"
    assert "htxsnv" in script.read_text()
