"""Commendations (khen thưởng) and annual quality ratings (đánh giá, xếp loại)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from simple_history.models import HistoricalRecords

from members.models import Member, PartyCell
from members.storage import private_storage

# A commendation or a rating belongs to exactly one member or one cell, never both or neither.
MEMBER_OR_CELL = (Q(member__isnull=False) & Q(cell__isnull=True)) | (Q(member__isnull=True) & Q(cell__isnull=False))


class CommendationQuerySet(models.QuerySet):
    def confirmed(self):
        """The one definition of what the public honour roll may show: confirmed commendations."""
        return self.filter(confirmed_at__isnull=False)

    def unconfirmed(self):
        return self.filter(confirmed_at__isnull=True)


class Commendation(models.Model):
    """Khen thưởng: one recipient (a member or a cell), a form, an issuing body and a decision.

    Entered first, then confirmed by the office (awards.honours.rules.confirm): only confirmed ones
    reach the public honour roll.
    """

    class Form(models.TextChoices):
        PRAISE = "bieu_duong", "Biểu dương"
        CERTIFICATE = "giay_khen", "Giấy khen"
        MERIT = "bang_khen", "Bằng khen"
        FLAG = "co", "Cờ"

    class IssuerLevel(models.TextChoices):
        # Which body decided; awards.honours.rules.issuer_warning() says which forms each may give.
        CELL = "chi_bo", "Chi bộ"
        COMMITTEE = "dang_uy_co_so", "Đảng ủy cơ sở (Đảng ủy Sở)"
        HIGHER = "cap_tren", "Cấp ủy cấp trên (ví dụ Đảng ủy Khối)"
        PROVINCE = "tinh_uy", "Tỉnh ủy"

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="commendations", verbose_name="đảng viên"
    )
    cell = models.ForeignKey(
        PartyCell,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name="chi bộ",
    )
    form = models.CharField("hình thức", max_length=20, choices=Form.choices)
    title = models.CharField("danh hiệu / lý do", max_length=300)
    year = models.PositiveSmallIntegerField("năm")
    issuer = models.CharField("cấp khen", max_length=200, help_text="Ví dụ: Đảng ủy Sở, Tỉnh ủy.")
    issuer_level = models.CharField(
        "cấp ra quyết định",
        max_length=20,
        choices=IssuerLevel.choices,
        default=IssuerLevel.COMMITTEE,
        help_text="Dùng để nhắc khi một cấp tặng hình thức không thuộc thẩm quyền.",
    )
    decision_number = models.CharField("số quyết định", max_length=50, blank=True, help_text="Ví dụ: 15-QĐ/ĐU.")
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    article = models.ForeignKey(
        "news.Article",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="commendations",
        verbose_name="bài viết về lễ trao",
        help_text="Bài viết đã đăng về lễ trao (không bắt buộc); bảng vinh danh sẽ dẫn tới bài này.",
    )
    # Private storage: no public URL; the office opens it through an admin view.
    certificate = models.FileField(
        "bản chụp giấy khen",
        upload_to="certificates/",
        storage=private_storage,
        blank=True,
        help_text="Ảnh (JPEG, PNG, WebP) hoặc PDF; chỉ Văn phòng Đảng ủy xem được.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người nhập",
    )
    confirmed_at = models.DateTimeField("xác nhận lúc", null=True, blank=True, editable=False)
    confirmed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người xác nhận",
    )
    authority_override = models.CharField(
        "lý do xác nhận dù ngoài thẩm quyền",
        max_length=300,
        blank=True,
        editable=False,
        help_text="Văn phòng ghi khi xác nhận một khen thưởng mà cấp ra quyết định thường không tặng hình thức này.",
    )

    objects = CommendationQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["certificate"])

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        ordering = ["-year", "-decided_on", "id"]
        permissions = [
            ("confirm_commendation", "Được xác nhận khen thưởng (đưa lên bảng vinh danh)"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=MEMBER_OR_CELL,
                name="commendation_exactly_one_recipient",
            )
        ]

    def __str__(self):
        return f"{self.get_form_display()}: {self.title} ({self.year})"

    @property
    def recipient(self):
        return self.member if self.member_id else self.cell

    @property
    def is_confirmed(self) -> bool:
        return self.confirmed_at is not None


class QualityRating(models.Model):
    """Đánh giá, xếp loại chất lượng hằng năm of a member or a cell."""

    class Level(models.TextChoices):
        EXCELLENT = "htxsnv", "Hoàn thành xuất sắc nhiệm vụ"
        GOOD = "httnv", "Hoàn thành tốt nhiệm vụ"
        DONE = "htnv", "Hoàn thành nhiệm vụ"
        NOT_DONE = "khtnv", "Không hoàn thành nhiệm vụ"

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings", verbose_name="đảng viên"
    )
    cell = models.ForeignKey(
        PartyCell, on_delete=models.PROTECT, null=True, blank=True, related_name="ratings", verbose_name="chi bộ"
    )
    year = models.PositiveSmallIntegerField("năm")
    level = models.CharField("xếp loại", max_length=10, choices=Level.choices)
    score = models.PositiveSmallIntegerField(
        "điểm",
        null=True,
        blank=True,
        help_text="Thang 100 điểm (không bắt buộc): HTXSNV từ 90, HTTNV 70–89, HTNV 50–69, KHTNV dưới 50.",
    )
    note = models.CharField(
        "ghi chú",
        max_length=300,
        blank=True,
        help_text="Ví dụ: lý do xếp loại khác KHTNV dù bị kỷ luật trong năm.",
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người nhập",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=MEMBER_OR_CELL,
                name="rating_exactly_one_subject",
            ),
            models.UniqueConstraint(fields=["member", "year"], name="rating_once_per_member_year"),
            models.UniqueConstraint(fields=["cell", "year"], name="rating_once_per_cell_year"),
        ]

    def __str__(self):
        subject = self.member if self.member_id else self.cell
        return f"{subject} – {self.get_level_display()} ({self.year})"
