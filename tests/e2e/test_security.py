"""In a real browser: the admin works under the Content Security Policy, and an editor cannot
open the member registry while the office can.

Run: DJANGO_ALLOW_ASYNC_UNSAFE=true .venv/bin/python -m pytest -q tests/e2e/test_security.py \
     -o addopts="-p no:cacheprovider" --liveserver=127.0.0.1
"""

from datetime import date

import pytest
from django.urls import reverse

from members.models import Member, PartyCell

pytestmark = [pytest.mark.e2e, pytest.mark.django_db(transaction=True)]
PASSWORD = "mat-khau-thu-nghiem"

SITE = "admin"


@pytest.fixture
def member(db):
    cell = PartyCell.objects.create(name="Chi bộ Trình Duyệt")
    return Member.objects.create(
        full_name="Hoàng Thị Kín", admission_date=date(1992, 3, 4), cell=cell, card_number="556677889900"
    )


def log_in(page, live_server, username):
    page.goto(f"{live_server.url}/quan-tri/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    page.wait_for_url(f"{live_server.url}/quan-tri/")


def test_admin_login_list_and_change_form_work_without_csp_violations(page, live_server, superuser, csp_violations):
    log_in(page, live_server, "quantri")
    assert page.locator("#site-name").is_visible()

    page.goto(f"{live_server.url}{reverse('admin:auth_user_changelist')}")
    page.wait_for_selector("#result_list")
    # The admin's own scripts must run: the select-all checkbox drives the action counter.
    page.check("#action-toggle")
    page.wait_for_function("document.querySelector('input.action-select').checked")

    page.goto(f"{live_server.url}{reverse('admin:auth_user_change', args=[superuser.pk])}")
    page.wait_for_selector("#user_form")
    # The filter_horizontal widget is built by admin JavaScript: it exists only if scripts ran.
    page.wait_for_selector("#id_groups_from", state="attached")
    page.fill("#id_first_name", "Quản")
    page.click("input[name=_save]")
    page.wait_for_selector(".messagelist .success")

    page.goto(f"{live_server.url}{reverse('data_inventory')}")
    assert "Số thẻ đảng viên" in page.content()
    assert csp_violations == []


def test_editor_is_refused_the_member_registry_and_the_office_is_not(
    browser, live_server, editor, office, member, csp_violations
):
    url = f"{live_server.url}{reverse(f'{SITE}:members_member_changelist')}"
    change = f"{live_server.url}{reverse(f'{SITE}:members_member_change', args=[member.pk])}"

    context = browser.new_context(locale="vi-VN")
    editor_page = context.new_page()
    log_in(editor_page, live_server, "bientap")
    for target in (url, change):
        response = editor_page.goto(target)
        assert response.status == 403
        assert "Hoàng Thị Kín" not in editor_page.content()
        assert "556677889900" not in editor_page.content()
    editor_page.goto(f"{live_server.url}/quan-tri/")
    assert "Hoàng Thị Kín" not in editor_page.content()
    context.close()

    context = browser.new_context(locale="vi-VN")
    office_page = context.new_page()
    office_page.on("console", lambda m: csp_violations.append(m.text) if "Content Security Policy" in m.text else 0)
    log_in(office_page, live_server, "vanphong")
    response = office_page.goto(url)
    assert response.status == 200
    assert "Hoàng Thị Kín" in office_page.content()
    context.close()
    assert csp_violations == []
