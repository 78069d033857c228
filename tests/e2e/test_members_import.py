"""The party office imports members from the template in a real browser.

One bad row: a precise Vietnamese error (line, column, reason) and no change at all;
fixed: a preview, a confirmation, and the members in the list.
"""

import io

import openpyxl
import pytest
from django.contrib.auth.models import Group

from core import roles

pytestmark = pytest.mark.django_db(transaction=True)
PASSWORD = "mat-khau-thu-nghiem-e2e"


@pytest.fixture
def office_login(django_user_model):
    user = django_user_model.objects.create_user(username="vanphong_e2e", password=PASSWORD, is_staff=True)
    user.groups.add(Group.objects.get(name=roles.OFFICE))
    return user


def _login(page, live_server):
    page.goto(live_server.url + "/quan-tri/login/?next=/quan-tri/members/member/")
    page.fill("#id_username", "vanphong_e2e")
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url("**/quan-tri/members/member/")


def _fill_template(template_bytes, rows, path):
    book = openpyxl.load_workbook(io.BytesIO(template_bytes))
    sheet = book.worksheets[0]
    headers = [c.value for c in sheet[1]]
    sheet.delete_rows(2, sheet.max_row)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    book.save(path)
    return path


def test_office_imports_template_fixes_bad_row_and_sees_members(
    live_server, page, office_login, tmp_path, csp_violations
):
    from members.models import Member, PartyCell

    PartyCell.objects.create(name="Chi bộ Viễn thông")
    PartyCell.objects.create(name="Chi bộ Văn phòng")
    _login(page, live_server)

    # The template comes from the list page's own link.
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải tệp mẫu nhập").click()
    template = download_info.value.path().read_bytes()

    good = {
        "Họ và tên": "Quách Thị Nhập",
        "Ngày ra quyết định kết nạp": "03/02/2012",
        "Ngày chính thức": "03/02/2013",
        "Chi bộ": "chi bo vien thong",
        "Số thẻ đảng viên": "930000999001",
        "Giới tính": "Nữ",
    }
    bad = {
        "Họ và tên": "Tạ Văn Sai",
        "Ngày ra quyết định kết nạp": "19/05/2014",
        "Ngày chính thức": "19/05/2015",
        "Chi bộ": "Chi bộ Văn phòng",
        "Số thẻ đảng viên": "930000999002",
        "Ngày sinh": "31/02/1985",
    }
    broken = _fill_template(template, [good, bad], tmp_path / "dang-vien-loi.xlsx")

    page.get_by_role("link", name="Nhập từ tệp").click()
    page.set_input_files("input[name=import_file]", str(broken))
    page.select_option("select[name=format]", "0")
    page.click("form input[type=submit]")
    errors = page.locator("#import-errors li")
    errors.first.wait_for()
    assert errors.count() == 1
    text = errors.first.inner_text()
    assert "Dòng 3" in text and "cột “Ngày sinh”" in text and "“31/02/1985” không phải ngày hợp lệ" in text
    assert page.locator("input[name=confirm]").count() == 0
    assert Member.objects.count() == 0

    bad["Ngày sinh"] = "28/02/1985"
    fixed = _fill_template(template, [good, bad], tmp_path / "dang-vien-dung.xlsx")
    page.set_input_files("input[name=import_file]", str(fixed))
    page.select_option("select[name=format]", "0")
    page.click("form input[type=submit]")
    page.locator("input[name=confirm]").click()
    page.wait_for_url("**/quan-tri/members/member/")

    rows = page.locator("#result_list tbody tr")
    assert rows.count() == 2
    listing = page.locator("#result_list").inner_text()
    assert "Quách Thị Nhập" in listing and "Tạ Văn Sai" in listing and "Chi bộ Viễn thông" in listing
    assert Member.objects.count() == 2
    assert csp_violations == []


def test_office_edits_a_member_and_sees_who_changed_what(live_server, page, office_login, csp_violations):
    from datetime import date

    from members.models import Member, PartyCell

    cell = PartyCell.objects.create(name="Chi bộ Văn phòng")
    Member.objects.create(
        full_name="Đoàn Văn Sửa",
        admission_date=date(1996, 7, 20),
        official_date=date(1997, 7, 20),
        cell=cell,
        card_number="930000999101",
    )
    _login(page, live_server)
    page.fill("#searchbar", "doan van")
    page.press("#searchbar", "Enter")
    page.get_by_role("link", name="Đoàn Văn Sửa").click()
    assert "30 năm: 20/07/2026" in page.locator(".field-party_age_summary").inner_text()
    page.fill("#id_party_position", "Bí thư Chi bộ")
    page.click("input[name=_continue]")
    page.locator(".messagelist .success").wait_for()
    page.get_by_role("link", name="Lịch sử thay đổi").click()
    history = page.locator("#change-history").inner_text()
    assert "vanphong_e2e" in history and "Chức vụ Đảng" in history and "→" in history and "Bí thư Chi bộ" in history
    assert csp_violations == []


def test_office_watches_a_background_import_finish(live_server, page, office_login, tmp_path, settings, csp_violations):
    """A large file goes to the worker; the progress page follows it (static JS polling) to the end."""
    from django.core.management import call_command

    from members.models import Member, PartyCell

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PARTYSITE_IMPORT_BACKGROUND_ROWS = 5
    PartyCell.objects.create(name="Chi bộ Viễn thông")
    headers = ["Họ và tên", "Ngày ra quyết định kết nạp", "Ngày chính thức", "Chi bộ", "Số thẻ đảng viên"]
    book = openpyxl.Workbook()
    book.active.append(headers)
    for i in range(1, 21):
        book.active.append([f"Người Nhập {i}", "03/02/2012", "03/02/2013", "Chi bộ Viễn thông", f"9300009{i:05d}"])
    path = tmp_path / "lon.xlsx"
    book.save(path)
    _login(page, live_server)

    page.goto(live_server.url + "/quan-tri/members/member/import/")
    page.set_input_files("input[name=import_file]", str(path))
    page.select_option("select[name=format]", "0")
    page.click("form input[type=submit]")
    assert "chạy nền" in page.locator(".import-background").inner_text()
    page.locator("input[name=confirm]").click()
    page.wait_for_url("**/import/job/*/")
    assert "Đang chờ" in page.locator("#import-status").inner_text()
    assert Member.objects.count() == 0

    import signal

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
    finally:  # the worker leaves its own signal handlers behind
        for sig, handler in saved.items():
            signal.signal(sig, handler)

    # The page's script notices the end and reloads with the result.
    page.locator(".import-done").wait_for(timeout=15000)
    assert "Đã nhập 20 đảng viên" in page.locator(".import-done").inner_text()
    assert page.locator("#import-progress").get_attribute("value") == "100"
    assert Member.objects.count() == 20
    assert csp_violations == []
