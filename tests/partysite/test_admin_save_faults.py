"""An upload that cannot be written while an admin form saves (read-only or full disk, real tmpfs
mounts): the same form comes back with a Vietnamese reason and what was typed; nothing is saved."""

from pathlib import Path

import pytest
from django.conf import settings

from members.models import Member
from tests.members.factories import MemberFactory
from tests.news.factories import image_upload

from .test_concurrent_edits import change_url, open_form

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("options", "reason"), [(("ro", "size=1m"), "không ghi được"), (("size=4k",), "hết chỗ lưu trữ")]
)
def test_member_photo_on_a_read_only_or_full_disk_keeps_the_form(office, mount_tmpfs, options, reason):
    member = MemberFactory(full_name="Hoàng Thị Lan", job_title="Chuyên viên")
    browser, data = open_form(office, member)
    folder = mount_tmpfs(Path(settings.VAR_DIR) / "private", *options)
    fields = {key: data.getlist(key) for key in data}
    fields["job_title"] = "Trưởng phòng Tổ chức – đã gõ"
    fields["photo"] = image_upload(size=(800, 1000))
    response = browser.post(change_url(member), fields)
    assert response.status_code == 200
    html = response.content.decode()
    assert reason in html
    assert "Trưởng phòng Tổ chức – đã gõ" in html
    member.refresh_from_db()
    assert member.job_title == "Chuyên viên" and not member.photo
    assert [p for p in folder.rglob("*") if p.is_file()] == []
    assert Member.history.filter(id=member.pk).count() == 1
