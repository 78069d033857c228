from django.core.cache import cache
from django.db import models

SITE_PROFILE_CACHE_KEY = "partysite:site-profile"


class SiteProfile(models.Model):
    """The committee's identity, shown in the header, footer and /gioi-thieu/. One row."""

    name = models.CharField(
        "tên Đảng bộ", max_length=200, default="Đảng bộ Sở Thông tin và Truyền thông",
        help_text="Tên đầy đủ, hiện ở đầu mọi trang, ví dụ: Đảng bộ Sở Thông tin và Truyền thông.",
    )
    short_name = models.CharField(
        "tên viết tắt", max_length=80, blank=True, help_text="Dùng trong tiêu đề trình duyệt, ví dụ: Đảng bộ Sở TT&TT."
    )
    parent_body = models.CharField(
        "cấp ủy cấp trên", max_length=200, blank=True, default="Đảng bộ Khối các cơ quan tỉnh",
        help_text="Tổ chức đảng cấp trên trực tiếp, ví dụ: Đảng bộ Khối các cơ quan và doanh nghiệp tỉnh.",
    )
    province = models.CharField("tỉnh/thành phố", max_length=100, blank=True, default="")
    address = models.CharField("địa chỉ", max_length=300, blank=True)
    phone = models.CharField("điện thoại", max_length=50, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    content_responsible = models.CharField(
        "người chịu trách nhiệm nội dung", max_length=200, blank=True,
        help_text="Họ tên và chức vụ người chịu trách nhiệm quản lý nội dung (Nghị định 42/2022/NĐ-CP).",
    )
    introduction = models.TextField(
        "giới thiệu", blank=True, help_text="Vài đoạn văn giới thiệu Đảng bộ: lịch sử, chức năng, nhiệm vụ."
    )
    organisation = models.TextField(
        "cơ cấu tổ chức", blank=True,
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
        # worker's local-memory cache at once (partysite.cache).
        from .cache import versioned_key

        key = versioned_key(SITE_PROFILE_CACHE_KEY)
        profile = cache.get(key)
        if profile is None:
            profile, _ = cls.objects.get_or_create(pk=1)
            cache.set(key, profile, 300)
        return profile
