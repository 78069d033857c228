"""The office's round in a real browser: the demo's next round, the export, recording the decision."""

from datetime import date
from io import BytesIO, StringIO

import pytest
from openpyxl import load_workbook

pytestmark = pytest.mark.django_db(transaction=True)


def test_office_opens_the_next_round_exports_and_records_the_decision(
    live_server, page, csp_violations, django_user_model
):
    from awards.models import BadgeAward, BadgeRound
    from demo import badges as demo_badges

    demo_badges.seed(StringIO())
    django_user_model.objects.create_user("quantri-e2e", password="mat-khau-e2e", is_staff=True, is_superuser=True)
    round_ = BadgeRound.objects.get(date=date(2027, 2, 3))

    page.goto(live_server.url + "/quan-tri/login/")
    page.fill("#id_username", "quantri-e2e")
    page.fill("#id_password", "mat-khau-e2e")
    page.click("input[type=submit]")
    page.goto(live_server.url + "/quan-tri/awards/badgeround/")
    page.get_by_role("row", name="Đợt 03/02/2027").get_by_role("link", name="Mở danh sách").click()

    assert "Vũ Đình Khang" in page.locator("#nhom-regular").inner_text()
    assert "Đinh Công Hậu" in page.locator("#nhom-early").inner_text()
    assert "Tạ Văn Phúc" in page.locator("#nhom-posthumous").inner_text()
    held = page.locator("#nhom-held").inner_text()
    assert "Kỷ luật cảnh cáo" in held and "01/04/2027" in held and "đình chỉ" in held

    # Exports and the print page are buttons (a POST with the CSRF token), one click each.
    with page.expect_download() as download:
        page.get_by_role("button", name="Xuất .xlsx (4-HHĐ, 4B-HHĐ)").click()
    workbook = load_workbook(BytesIO(open(download.value.path(), "rb").read()))
    assert workbook.sheetnames == ["4-HHĐ", "4B-HHĐ"]
    page.get_by_role("button", name="Trang in").click()
    assert "DANH SÁCH ĐỀ NGHỊ TẶNG HUY HIỆU ĐẢNG" in page.content()
    page.go_back()

    page.fill("#id_decision_number", "1801-QĐ/TU")
    page.fill("#id_decided_on", "28/01/2027")
    page.get_by_label("Trần Văn Bình").fill("HH3002701")
    page.get_by_label("Tạ Văn Phúc").fill("HH3002702")
    page.get_by_role("button", name="Ghi nhận quyết định").click()
    assert "Đã ghi nhận 2 huy hiệu" in page.locator(".messagelist").inner_text()

    round_.refresh_from_db()
    assert round_.state == BadgeRound.State.DECIDED and round_.decision_number == "1801-QĐ/TU"
    assert set(BadgeAward.objects.filter(round=round_).values_list("badge_number", flat=True)) == {
        "HH3002701",
        "HH3002702",
    }
    # The registry's export is a button too.
    page.goto(live_server.url + "/quan-tri/members/member/")
    with page.expect_download() as download:
        page.get_by_role("button", name="Xuất .xlsx").click()
    assert load_workbook(BytesIO(open(download.value.path(), "rb").read())).worksheets
    assert csp_violations == []
