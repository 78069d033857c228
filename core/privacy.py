"""The admin page listing what the site stores about members and why (Luật 91/2025/QH15).

Rows are built from the models themselves, so a field added later shows up here at once;
``tests/partysite/test_audit.py`` fails until its purpose is written in ``FIELD_PURPOSES``.
"""

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import PermissionDenied
from django.template.response import TemplateResponse

from core import roles

OFFICE_ONLY = "Văn phòng Đảng ủy và quản trị viên"
SENSITIVE = "nhạy cảm"

# Why each member field is kept. "sensitive" marks the sensitive data of Luật 91/2025/QH15
# (political affiliation, religion, ethnicity, health).
FIELD_PURPOSES = {
    "full_name": ("Nhận biết đảng viên trong hồ sơ, danh sách đề nghị", False),
    "other_name": ("Đối chiếu với lý lịch 2-KNĐ", False),
    "gender": ("Thống kê báo cáo cấp trên", False),
    "date_of_birth": ("Cột “Ngày sinh” của danh sách 4-HHĐ; đối chiếu hồ sơ", False),
    "place_of_birth": ("Đối chiếu lý lịch 2-KNĐ", False),
    "hometown": ("Cột “Quê quán” của danh sách 4-HHĐ", False),
    "ethnicity": ("Thống kê báo cáo cấp trên (phiếu 2-HSĐV)", True),
    "religion": ("Thống kê báo cáo cấp trên (phiếu 2-HSĐV)", True),
    "education_level": ("Phiếu đảng viên 2-HSĐV", False),
    "theory_level": ("Phiếu đảng viên 2-HSĐV; quy hoạch, đào tạo", False),
    "professional_level": ("Phiếu đảng viên 2-HSĐV", False),
    "job_title": ("Danh sách, tin bài (chỉ chức vụ, được hiện công khai)", False),
    "party_position": ("Danh sách, tin bài (chỉ chức vụ, được hiện công khai)", False),
    "card_number": ("Cột “Số thẻ đảng viên” của danh sách 4-HHĐ", True),
    "dossier_number": ("Tra cứu hồ sơ giấy tại Văn phòng", False),
    "admission_date": ("Tính tuổi Đảng và mốc Huy hiệu Đảng", True),
    "admission_ceremony_date": ("Cột “Ngày kết nạp” của danh sách 4-HHĐ", True),
    "official_date": ("Cột “Ngày chính thức” của danh sách 4-HHĐ", True),
    "cell": ("Chi bộ sinh hoạt; danh sách theo chi bộ", True),
    "status": ("Ai được xét huy hiệu, đánh giá; đảng viên không bao giờ bị xóa", True),
    "status_date": ("Ngày bắt đầu tình trạng (từ trần: xét truy tặng)", True),
    "notes": ("Ghi chú nghiệp vụ của Văn phòng", False),
    "photo": ("Ảnh 3×4 trong hồ sơ; lưu ngoài thư mục công khai", False),
    "created_at": ("Theo dõi hồ sơ", False),
    "updated_at": ("Theo dõi hồ sơ", False),
}
# Columns the software fills itself (search and sort keys of the name): not separate data.
DERIVED_FIELDS = {"id", "search_text", "sort_key"}

# Related records: (model label, why, sensitive).
RELATED_RECORDS = [
    ("members.membershipgap", "Thời gian gián đoạn: trừ khi tính tuổi Đảng (Quy định 24-QĐ/TW)", True),
    ("members.discipline", "Kỷ luật: hoãn xét Huy hiệu Đảng 6/9/12 tháng", True),
    ("awards.earlyawardrequest", "Đề nghị tặng sớm vì ốm nặng: dữ liệu sức khỏe", True),
    ("awards.badgehold", "Tạm dừng xét huy hiệu do Văn phòng quyết định", True),
    ("awards.badgeaward", "Huy hiệu đã trao: mỗi mốc một lần", True),
    ("awards.commendation", "Khen thưởng (có thể được đăng trên bảng vinh danh công khai)", False),
    ("awards.qualityrating", "Xếp loại chất lượng hằng năm", True),
    (
        "partysite.dataaccesslog",
        "Nhật ký ai xem, sửa, xuất, nhập dữ liệu đảng viên (không chứa dữ liệu đảng viên)",
        False,
    ),
]

RETENTION = (
    "Hồ sơ đảng viên không bị xóa: chuyển đi, từ trần, ra khỏi Đảng là thay đổi tình trạng có ngày; "
    "hồ sơ được giữ theo quy định lưu trữ hồ sơ đảng viên. Bản sao lưu giữ theo lịch sao lưu "
    "(xem docs/deploy.md). Nhật ký truy cập được giữ {years} năm để kiểm tra, chỉ quản trị viên xem; "
    "mục cũ hơn {years} năm được tự động xóa mỗi đêm."
)


def retention_text() -> str:
    """The retention sentence with the configured period of the access log."""
    return RETENTION.format(years=settings.DATA_ACCESS_LOG_RETENTION_YEARS)


def member_field_rows():
    """One row per stored member field: (name, label, purpose, sensitive)."""
    Member = apps.get_model("members", "Member")
    rows = []
    for field in Member._meta.concrete_fields:
        if field.name in DERIVED_FIELDS:
            continue
        purpose, sensitive = FIELD_PURPOSES.get(field.name, ("Chưa ghi mục đích: cần bổ sung", False))
        rows.append((field.name, str(field.verbose_name), purpose, sensitive))
    return rows


def related_rows():
    rows = []
    for label, why, sensitive in RELATED_RECORDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        rows.append((label, str(model._meta.verbose_name_plural), why, sensitive))
    return rows


def can_see_inventory(user) -> bool:
    return roles.user_in(user, roles.OFFICE)


def data_inventory(request):
    if not can_see_inventory(request.user):
        raise PermissionDenied
    context = {
        **admin.site.each_context(request),
        "title": "Dữ liệu cá nhân của đảng viên được lưu trữ",
        "field_rows": member_field_rows(),
        "related_rows": related_rows(),
        "who": OFFICE_ONLY,
        "retention": retention_text(),
        "sensitive_word": SENSITIVE,
    }
    return TemplateResponse(request, "admin/partysite/data_inventory.html", context)


data_inventory_view = admin.site.admin_view(data_inventory)
