"""Demo content of the project package: the committee's profile and one account per role."""

import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

from core.models import SiteProfile
from core.roles import EDITORS, OFFICE, PUBLISHERS

DEMO_FOUNDED_YEAR = 2008

DEMO_ACCOUNTS = [
    # username, full name, group (None: superuser)
    ("quantri", "Quản trị viên", None),
    ("bientap", "Nguyễn Thu Hà", EDITORS),
    ("duyetbai", "Trần Minh Khoa", PUBLISHERS),
    ("vanphong", "Lê Thị Bích Ngọc", OFFICE),
]

INTRODUCTION = """Đảng bộ Sở Thông tin và Truyền thông là tổ chức cơ sở đảng trực thuộc Đảng bộ Khối các cơ quan \
và doanh nghiệp tỉnh, lãnh đạo toàn diện việc thực hiện nhiệm vụ chính trị của Sở.

Đảng bộ có 6 chi bộ trực thuộc với gần 150 đảng viên, công tác trong các lĩnh vực báo chí, xuất bản, \
bưu chính, viễn thông, công nghệ thông tin và chuyển đổi số."""

ORGANISATION = """Ban Chấp hành Đảng bộ nhiệm kỳ 2025–2030: 9 đồng chí
Ban Thường vụ Đảng ủy: 3 đồng chí
Ủy ban Kiểm tra Đảng ủy: 3 đồng chí
Chi bộ Văn phòng
Chi bộ Báo chí – Xuất bản
Chi bộ Viễn thông
Chi bộ Công nghệ thông tin
Chi bộ Trung tâm Chuyển đổi số
Chi bộ Thanh tra"""


def seed(stdout, accounts_file=None):
    profile = SiteProfile.current()
    if not profile.introduction:
        profile.name = "Đảng bộ Sở Thông tin và Truyền thông"
        profile.short_name = "Đảng bộ Sở TT&TT"
        profile.parent_body = "Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh"
        profile.province = "tỉnh Hòa Bình Xanh"
        profile.address = "Số 12 đường Trần Hưng Đạo, phường Trung Tâm, tỉnh Hòa Bình Xanh"
        profile.phone = "0218 3 123 456"
        profile.email = "vanphong.dangbo@example.vn"
        profile.content_responsible = "Đồng chí Phạm Quốc Hưng, Phó Bí thư Đảng ủy"
        profile.introduction = INTRODUCTION
        profile.organisation = ORGANISATION
        profile.save()
    if profile.founded_year is None:
        # Sở Thông tin và Truyền thông were set up in 2008 (Nghị định 13/2008/NĐ-CP): the demo's
        # honours start after that.
        profile.founded_year = DEMO_FOUNDED_YEAR
        profile.save()

    User = get_user_model()
    created = []
    for username, full_name, group_name in DEMO_ACCOUNTS:
        if User.objects.filter(username=username).exists():
            continue
        password = secrets.token_urlsafe(9)
        first, _, last = full_name.rpartition(" ")
        user = User(
            username=username,
            first_name=last,
            last_name=first,
            is_staff=True,
            is_superuser=group_name is None,
            email=f"{username}@example.vn",
        )
        user.set_password(password)
        user.save()
        if group_name:
            user.groups.add(Group.objects.get(name=group_name))
        created.append((username, password, group_name or "Quản trị hệ thống"))
    if created:
        lines = [f"  {u:<10} mật khẩu: {p:<14} ({g})" for u, p, g in created]
        text = "Tài khoản demo (mật khẩu chỉ in một lần):\n" + "\n".join(lines) + "\n"
        stdout.write(text)
        if accounts_file:
            accounts_file.parent.mkdir(parents=True, exist_ok=True)
            with open(accounts_file, "a", encoding="utf-8") as fh:
                fh.write(text)
            accounts_file.chmod(0o600)
