from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.utils import timezone

SITE_PROFILE_CACHE_KEY = "partysite:site-profile"


class SiteProfile(models.Model):
    """The committee's identity, shown in the header, footer and /gioi-thieu/. One row."""

    name = models.CharField(
        "tên Đảng bộ",
        max_length=200,
        default="Đảng bộ Sở Thông tin và Truyền thông",
        help_text="Tên đầy đủ, hiện ở đầu mọi trang, ví dụ: Đảng bộ Sở Thông tin và Truyền thông.",
    )
    short_name = models.CharField(
        "tên viết tắt", max_length=80, blank=True, help_text="Dùng trong tiêu đề trình duyệt, ví dụ: Đảng bộ Sở TT&TT."
    )
    parent_body = models.CharField(
        "cấp ủy cấp trên",
        max_length=200,
        blank=True,
        default="Đảng bộ Khối các cơ quan tỉnh",
        help_text="Tổ chức đảng cấp trên trực tiếp, ví dụ: Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh.",
    )
    province = models.CharField("tỉnh/thành phố", max_length=100, blank=True, default="")
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    content_responsible = models.CharField(
        "người chịu trách nhiệm nội dung",
        max_length=200,
        blank=True,
        help_text="Họ tên và chức vụ người chịu trách nhiệm quản lý nội dung (Nghị định 42/2022/NĐ-CP).",
    )
    founded_year = models.PositiveSmallIntegerField(
        "năm thành lập",
        null=True,
        blank=True,
        help_text="Năm thành lập Đảng bộ, ví dụ 2008. Trang khen thưởng không hiện năm nào trước năm này.",
    )
    introduction = models.TextField(
        "giới thiệu", blank=True, help_text="Vài đoạn văn giới thiệu Đảng bộ: lịch sử, chức năng, nhiệm vụ."
    )
    organisation = models.TextField(
        "cơ cấu tổ chức",
        blank=True,
        help_text="Ban Chấp hành, Ban Thường vụ, các chi bộ trực thuộc; mỗi dòng một mục.",
    )
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    class Meta:
        verbose_name = "thông tin Đảng bộ"
        verbose_name_plural = "thông tin Đảng bộ"

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        # One row only: whatever is saved becomes row 1.
        self.pk = 1
        super().save(*args, **kwargs)
        cache.delete(SITE_PROFILE_CACHE_KEY)

    def delete(self, *args, **kwargs):
        raise models.ProtectedError("Không thể xóa thông tin Đảng bộ; hãy sửa nội dung.", {self})

    @property
    def display_short_name(self) -> str:
        return self.short_name or self.name

    @property
    def organisation_lines(self) -> list[str]:
        return [line.strip() for line in self.organisation.splitlines() if line.strip()]

    @classmethod
    def current(cls) -> "SiteProfile":
        """The profile, cached; created with defaults on first use."""
        # Keyed on the content version: a change made through one worker reaches every
        # worker's local-memory cache at once (core.cache).
        from core.cache import versioned_key

        key = versioned_key(SITE_PROFILE_CACHE_KEY)
        profile = cache.get(key)
        if profile is None:
            profile, created = cls.objects.get_or_create(pk=1)
            if created:
                # Creating the row bumped the version: store under the new one.
                key = versioned_key(SITE_PROFILE_CACHE_KEY)
            cache.set(key, profile, 300)
        return profile


class DataAccessLog(models.Model):
    """Who viewed, changed, exported or imported which records, and when (Luật 91/2025/QH15).

    Holds no personal data of the records themselves: only the model label and the ids,
    so the log can be read by the administrator without exposing member data.
    """

    class Action(models.TextChoices):
        VIEWED = "viewed", "Xem"
        ADDED = "added", "Thêm"
        CHANGED = "changed", "Sửa"
        DELETED = "deleted", "Xóa"
        EXPORTED = "exported", "Xuất dữ liệu"
        IMPORTED = "imported", "Nhập dữ liệu"

    at = models.DateTimeField("thời điểm", default=timezone.now, db_index=True, editable=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người thực hiện",
    )
    # Kept beside the foreign key so the entry still says who when the account is removed.
    username = models.CharField("tên đăng nhập", max_length=150, blank=True, editable=False)
    action = models.CharField("hành động", max_length=10, choices=Action.choices, editable=False)
    model = models.CharField(
        "loại dữ liệu", max_length=100, editable=False, help_text="Nhãn mô hình, ví dụ: members.member."
    )
    object_ids = models.JSONField("mã bản ghi", default=list, blank=True, editable=False)
    object_count = models.PositiveIntegerField("số bản ghi", default=0, editable=False)
    ip_address = models.GenericIPAddressField("địa chỉ IP", null=True, blank=True, editable=False)

    class Meta:
        verbose_name = "nhật ký truy cập dữ liệu"
        verbose_name_plural = "nhật ký truy cập dữ liệu"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "at"])]

    def __str__(self):
        local = timezone.localtime(self.at)
        return f"{local:%d/%m/%Y %H:%M} {self.username or '—'} {self.get_action_display()} {self.model}"
