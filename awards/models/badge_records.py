"""Badge rounds and the records of badges, early-award requests and the office's holds."""

from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core.regulations import BADGES
from members.models import Member

MILESTONE_CHOICES = [(years, f"{years} năm") for years in BADGES.milestones]


class BadgeRound(models.Model):
    """Đợt xét tặng Huy hiệu Đảng (3/2, 19/5, 2/9, 7/11, or another occasion)."""

    class State(models.TextChoices):
        OPEN = "open", "Đang lập danh sách"
        SUBMITTED = "submitted", "Đã gửi đề nghị"
        DECIDED = "decided", "Đã có quyết định"

    date = models.DateField("ngày của đợt", unique=True, help_text="Ngày lễ của đợt, ví dụ 02/09/2026.")
    name = models.CharField("tên đợt", max_length=120, blank=True, help_text="Ví dụ: Đợt 02/09/2026.")
    state = models.CharField("trạng thái", max_length=10, choices=State.choices, default=State.OPEN)
    decision_number = models.CharField(
        "số quyết định", max_length=50, blank=True, help_text="Quyết định của Tỉnh ủy, ví dụ: 1234-QĐ/TU."
    )
    decided_on = models.DateField("ngày quyết định", null=True, blank=True)

    class Meta:
        verbose_name = "đợt huy hiệu"
        verbose_name_plural = "đợt huy hiệu"
        ordering = ["-date"]

    # The four great anniversaries (month, day): 3/2, 19/5, 2/9, 7/11.
    ANNIVERSARIES = ((2, 3), (5, 19), (9, 2), (11, 7))

    def __str__(self):
        return self.name or self.default_name(self.date)

    def save(self, *args, **kwargs):
        if not self.name:
            self.name = self.default_name(self.date)
        super().save(*args, **kwargs)

    @staticmethod
    def default_name(day: date) -> str:
        return f"Đợt {day:%d/%m/%Y}"

    @classmethod
    def create_year(cls, year: int) -> list["BadgeRound"]:
        """The four anniversary rounds of ``year``; rounds that exist are left as they are."""
        created = []
        for month, day in cls.ANNIVERSARIES:
            round_, was_created = cls.objects.get_or_create(date=date(year, month, day))
            if was_created:
                created.append(round_)
        return created


class BadgeAward(models.Model):
    """A badge the member received; each milestone at most once."""

    member = models.ForeignKey(Member, on_delete=models.PROTECT, related_name="badge_awards", verbose_name="đảng viên")
    years = models.PositiveSmallIntegerField("huy hiệu", choices=MILESTONE_CHOICES)
    round = models.ForeignKey(
        BadgeRound, on_delete=models.PROTECT, null=True, blank=True, related_name="awards", verbose_name="đợt"
    )
    round_date = models.DateField("ngày trao (đợt)", help_text="Lấy theo ngày của đợt khi chọn đợt.")
    badge_number = models.CharField("số huy hiệu", max_length=30, blank=True)
    decision_number = models.CharField("số quyết định", max_length=50, blank=True, help_text="Ví dụ: 1234-QĐ/TU.")
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        editable=False,
        related_name="+",
        verbose_name="người ghi nhận",
    )
    recorded_at = models.DateTimeField("ghi nhận lúc", auto_now_add=True, null=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "huy hiệu đã trao"
        verbose_name_plural = "huy hiệu đã trao"
        ordering = ["-round_date", "member__sort_key"]
        constraints = [models.UniqueConstraint(fields=["member", "years"], name="badge_once_per_milestone")]

    def __str__(self):
        return f"Huy hiệu {self.years} năm tuổi Đảng – {self.member}"

    def save(self, *args, **kwargs):
        if self.round_id and not self.round_date:
            self.round_date = self.round.date
        super().save(*args, **kwargs)

    def clean_fields(self, exclude=None):
        # The round's date is the award's date, filled before the required-field check.
        if self.round_id:
            self.round_date = self.round.date
        super().clean_fields(exclude)

    def clean(self):
        # The rules module decides whether the milestone is due at the round.
        if not self.member_id or not self.years or not self.round_date:
            return
        from awards.badges.rules import award_refusal

        existing = BadgeAward.objects.filter(member_id=self.member_id, years=self.years).exclude(pk=self.pk).first()
        if existing:
            raise ValidationError(
                f"Đồng chí {self.member} đã được ghi nhận Huy hiệu {self.years} năm tuổi Đảng "
                f"(đợt {existing.round_date:%d/%m/%Y})."
            )
        refusal = award_refusal(self.member, self.years, self.round_date)
        if refusal:
            raise ValidationError(refusal)


class EarlyAwardRequest(models.Model):
    """A written request for an early award because of serious illness (sensitive health data)."""

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="early_award_requests", verbose_name="đảng viên"
    )
    requested_on = models.DateField("ngày đề nghị")
    reason = models.TextField("lý do", help_text="Tóm tắt; hồ sơ bệnh án lưu tại Văn phòng, không nhập ở đây.")

    history = HistoricalRecords()

    class Meta:
        verbose_name = "đề nghị tặng sớm"
        verbose_name_plural = "đề nghị tặng sớm"
        ordering = ["-requested_on"]

    def __str__(self):
        return f"Đề nghị tặng sớm – {self.member} ({self.requested_on:%d/%m/%Y})"


class BadgeHold(models.Model):
    """The office's manual hold (e.g. under investigation); ``until`` may be open."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="badge_holds", verbose_name="đảng viên")
    reason = models.CharField("lý do", max_length=300)
    until = models.DateField(
        "đến ngày",
        null=True,
        blank=True,
        help_text="Ngày hết tạm dừng: đợt từ ngày này trở đi được xét lại. Để trống nếu chưa xác định.",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "tạm dừng xét huy hiệu"
        verbose_name_plural = "tạm dừng xét huy hiệu"
        ordering = ["member"]

    def __str__(self):
        return f"Tạm dừng – {self.member}: {self.reason}"
