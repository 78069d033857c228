"""Commendations (khen thưởng) and annual quality ratings (đánh giá, xếp loại)."""

from django.db import models
from django.db.models import Q

from members.models import Member, PartyCell


class Commendation(models.Model):
    class Form(models.TextChoices):
        PRAISE = "bieu_duong", "Biểu dương"
        CERTIFICATE = "giay_khen", "Giấy khen"
        MERIT = "bang_khen", "Bằng khen"
        FLAG = "co", "Cờ"

    member = models.ForeignKey(
        Member, on_delete=models.PROTECT, null=True, blank=True, related_name="commendations", verbose_name="đảng viên"
    )
    cell = models.ForeignKey(
        PartyCell, on_delete=models.PROTECT, null=True, blank=True, related_name="commendations",
        verbose_name="chi bộ",
    )
    form = models.CharField("hình thức", max_length=20, choices=Form.choices)
    title = models.CharField("danh hiệu / lý do", max_length=300)
    year = models.PositiveSmallIntegerField("năm")
    issuer = models.CharField("cấp khen", max_length=200, help_text="Ví dụ: Đảng ủy Sở, Tỉnh ủy.")
    decision_number = models.CharField("số quyết định", max_length=50, blank=True, help_text="Ví dụ: 15-QĐ/ĐU.")
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)
    article = models.ForeignKey(
        "news.Article", on_delete=models.SET_NULL, null=True, blank=True, related_name="commendations",
        verbose_name="bài viết về lễ trao",
    )

    class Meta:
        verbose_name = "khen thưởng"
        verbose_name_plural = "khen thưởng"
        ordering = ["-year", "-decided_on", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(cell__isnull=True))
                | (Q(member__isnull=True) & Q(cell__isnull=False)),
                name="commendation_exactly_one_recipient",
            )
        ]

    def __str__(self):
        return f"{self.get_form_display()}: {self.title} ({self.year})"


class QualityRating(models.Model):
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
        "điểm", null=True, blank=True, help_text="Thang 100 điểm (không bắt buộc)."
    )

    class Meta:
        verbose_name = "xếp loại chất lượng"
        verbose_name_plural = "xếp loại chất lượng"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(member__isnull=False) & Q(cell__isnull=True))
                | (Q(member__isnull=True) & Q(cell__isnull=False)),
                name="rating_exactly_one_subject",
            ),
            models.UniqueConstraint(fields=["member", "year"], name="rating_once_per_member_year"),
            models.UniqueConstraint(fields=["cell", "year"], name="rating_once_per_cell_year"),
        ]

    def __str__(self):
        return f"{self.get_level_display()} ({self.year})"
