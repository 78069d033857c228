"""The member registry: party cells, members, interruptions and discipline.

Members are never deleted: leaving, dying and transfers are status changes with a date.
Personal data here is sensitive (Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15): only the
office group and superusers may see it, and no public page reads this module.
"""

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from simple_history.models import HistoricalRecords

from core.regulations import BADGES
from core.text import fold_words, name_sort_key, slugify_vi

from . import party_age
from .storage import private_storage


class PartyCell(models.Model):
    """Chi bộ: every member belongs to exactly one cell at a time."""

    name = models.CharField("tên chi bộ", max_length=200, unique=True, help_text="Ví dụ: Chi bộ Viễn thông.")
    slug = models.SlugField("đường dẫn", max_length=200, unique=True, blank=True, editable=False)
    description = models.TextField("mô tả", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Số nhỏ hiện trước.")
    is_active = models.BooleanField("đang hoạt động", default=True)
    search_name = models.CharField(max_length=220, editable=False, default="")

    history = HistoricalRecords(excluded_fields=["search_name"])

    class Meta:
        verbose_name = "chi bộ"
        verbose_name_plural = "chi bộ"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name)[:200] or "chi-bo"
        self.search_name = fold_words(self.name).strip()
        super().save(*args, **kwargs)


class Member(models.Model):
    """Đảng viên, with the fields of the official record forms (2-KNĐ, 2-HSĐV, 7-HSĐV)."""

    class Gender(models.TextChoices):
        MALE = "nam", "Nam"
        FEMALE = "nu", "Nữ"

    class Status(models.TextChoices):
        PROBATIONARY = "du_bi", "Dự bị"
        FULL = "chinh_thuc", "Chính thức"
        EXCUSED = "mien_sinh_hoat", "Miễn công tác và sinh hoạt đảng"
        TEMPORARY = "sinh_hoat_tam_thoi", "Sinh hoạt tạm thời"
        TRANSFERRED = "chuyen_di", "Chuyển đi"
        DECEASED = "tu_tran", "Từ trần"
        LEFT = "ra_khoi_dang", "Ra khỏi Đảng"
        SUSPENDED = "dinh_chi", "Đình chỉ sinh hoạt"

    # Statuses that need the date they began (death, leaving, transfer).
    DATED_STATUSES = {Status.TRANSFERRED, Status.DECEASED, Status.LEFT, Status.SUSPENDED}
    # No longer attached to a cell of this committee.
    INACTIVE_STATUSES = {Status.TRANSFERRED, Status.DECEASED, Status.LEFT}

    full_name = models.CharField("họ và tên", max_length=120)
    other_name = models.CharField("tên gọi khác", max_length=120, blank=True)
    gender = models.CharField("giới tính", max_length=3, choices=Gender.choices, default=Gender.MALE)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    place_of_birth = models.CharField("nơi sinh", max_length=200, blank=True)
    hometown = models.CharField("quê quán", max_length=200, blank=True)
    ethnicity = models.CharField("dân tộc", max_length=50, blank=True, default="Kinh")
    religion = models.CharField("tôn giáo", max_length=50, blank=True, default="Không")
    education_level = models.CharField("giáo dục phổ thông", max_length=50, blank=True, help_text="Ví dụ: 12/12.")
    theory_level = models.CharField("lý luận chính trị", max_length=80, blank=True, help_text="Ví dụ: Cao cấp.")
    professional_level = models.CharField(
        "chuyên môn, nghiệp vụ", max_length=200, blank=True, help_text="Ví dụ: Thạc sĩ Kinh tế."
    )
    job_title = models.CharField("chức vụ chính quyền", max_length=200, blank=True, help_text="Ví dụ: Giám đốc Sở.")
    party_position = models.CharField("chức vụ Đảng", max_length=200, blank=True, help_text="Ví dụ: Bí thư Chi bộ.")
    card_number = models.CharField(
        "số thẻ đảng viên",
        max_length=12,
        unique=True,
        null=True,
        blank=True,
        help_text="12 chữ số với thẻ mới; thẻ cũ 8 chữ số vẫn được nhận.",
        error_messages={"unique": "Số thẻ đảng viên này đã có trong danh sách."},
    )
    dossier_number = models.CharField("số lý lịch", max_length=30, blank=True)
    admission_date = models.DateField(
        "ngày ra quyết định kết nạp",
        help_text="Ngày cấp có thẩm quyền ra quyết định kết nạp (lần đầu, nếu được kết nạp lại). "
        "Tuổi Đảng tính từ ngày này. Nhập dd/mm/yyyy.",
    )
    admission_ceremony_date = models.DateField("ngày kết nạp (lễ kết nạp)", null=True, blank=True)
    official_date = models.DateField(
        "ngày chính thức", null=True, blank=True, help_text="Ngày được công nhận đảng viên chính thức."
    )
    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="members", verbose_name="chi bộ")
    status = models.CharField("tình trạng", max_length=20, choices=Status.choices, default=Status.FULL)
    status_date = models.DateField(
        "từ ngày",
        null=True,
        blank=True,
        help_text="Ngày bắt đầu tình trạng hiện tại; bắt buộc với từ trần, chuyển đi, ra khỏi Đảng, đình chỉ.",
    )
    notes = models.TextField("ghi chú", blank=True)
    photo = models.ImageField(
        "ảnh",
        upload_to="members/",
        storage=private_storage,
        blank=True,
        help_text="Ảnh 3×4; chỉ Văn phòng Đảng ủy xem được.",
    )
    search_text = models.CharField(max_length=300, editable=False, default="", db_index=False)
    sort_key = models.CharField(max_length=240, editable=False, default="", db_index=True)
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    history = HistoricalRecords(excluded_fields=["search_text", "sort_key"])

    class Meta:
        verbose_name = "đảng viên"
        verbose_name_plural = "đảng viên"
        ordering = ["sort_key", "id"]
        indexes = [models.Index(fields=["status", "admission_date"])]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def fill_derived_fields(self):
        """Search and sort columns; call before ``bulk_create`` too (it skips ``save``)."""
        given, rest = name_sort_key(self.full_name)
        self.sort_key = f"{given} {rest}".strip()
        # A space at each end, so that ``contains(" word")`` matches at the start of any word.
        self.search_text = f" {fold_words(self.full_name).strip()} {self.card_number or ''} ".replace("  ", " ")

    def clean(self):
        errors = {}
        if not (self.full_name or "").strip():
            errors["full_name"] = "Họ và tên không được để trống."
        self.full_name = " ".join((self.full_name or "").split())
        if self.full_name.startswith(("=", "+", "-", "@")):
            # No real name starts so; in a spreadsheet it would start a formula (issue 12.1).
            errors["full_name"] = "Họ và tên không được bắt đầu bằng dấu =, +, - hoặc @."
        if self.official_date and self.admission_date and self.official_date <= self.admission_date:
            errors["official_date"] = "Ngày chính thức phải sau ngày ra quyết định kết nạp."
        if self.status in self.DATED_STATUSES and not self.status_date:
            errors["status_date"] = f"Tình trạng “{self.get_status_display()}” cần ngày bắt đầu."
        if self.card_number:
            card = self.card_number.strip()
            if not card.isdigit() or len(card) not in (8, 12):
                errors["card_number"] = "Số thẻ đảng viên gồm 12 chữ số (thẻ cũ: 8 chữ số)."
            self.card_number = card
        else:
            self.card_number = None
        if errors:
            raise ValidationError(errors)

    def warnings(self) -> list[str]:
        """Unusual but possible facts the office should double-check (shown, never blocking)."""
        from .validation import member_warnings

        return member_warnings(self)

    def sync_status(self) -> None:
        """Make ``status``/``status_date`` follow the latest recorded status change."""
        latest = self.status_changes.order_by("-date", "-id").first() if self.pk else None
        if latest is None:
            return
        status = latest.resulting_status()
        if (self.status, self.status_date) != (status, latest.date):
            self.status, self.status_date = status, latest.date
            Member.objects.filter(pk=self.pk).update(status=status, status_date=latest.date)

    # --- Party age: one implementation (members.party_age) -------------------------
    def _gaps(self):
        # Uses the prefetch cache when the caller did prefetch_related("gaps").
        return list(self.gaps.all()) if self.pk else []

    def party_months(self, on: date) -> int:
        """Whole months of party age on ``on``, gaps subtracted."""
        return party_age.party_months(self.admission_date, self._gaps(), on)

    def milestone_date(self, years: int) -> date | None:
        """The first day party age reaches ``years`` years (None if an open gap stops it)."""
        return party_age.milestone_date(self.admission_date, self._gaps(), years)

    def party_age_display(self, on: date) -> str:
        return party_age.format_party_age(self.party_months(on))

    def next_milestone(self, on: date) -> tuple[int, date] | None:
        """The next badge milestone (years, date) strictly after ``on``; None past 90 or during an open gap."""
        return party_age.next_milestone(self.admission_date, self._gaps(), on, BADGES.milestones)

    @property
    def is_active_member(self) -> bool:
        return self.status not in self.INACTIVE_STATUSES


def status_after(kind: str, official_date: date | None, on: date) -> str:
    """The member status a status change of ``kind`` on ``on`` leads to.

    Coming back (transfer in, resuming, a temporary transfer out: still counted here) gives
    full or probationary membership by the official date as it stood on that day; a
    readmission starts a new probation; striking off the probationary list ends membership.
    """
    kinds = StatusChange.Kind
    if kind in (kinds.TRANSFER_IN, kinds.RESUMED, kinds.TRANSFER_OUT_TEMPORARY):
        return Member.Status.FULL if official_date and official_date <= on else Member.Status.PROBATIONARY
    if kind == kinds.READMITTED:
        return Member.Status.PROBATIONARY
    if kind == kinds.STRUCK_OFF_PROBATION:
        return Member.Status.LEFT
    return kind


def member_from_row(attnames: tuple[str, ...], row: tuple, using: str = "default") -> Member:
    """A Member loaded from a ``values_list(*attnames)`` row, as ``.only(*attnames)`` would give it.

    For lists of tens of thousands of members (a badge round): ``Model.__init__`` checks
    every field and sends two signals per row, which cost three times the query itself.
    Member has no ``pre_init``/``post_init`` receivers (its photo has no dimension fields),
    so skipping them changes nothing; fields not in ``attnames`` are deferred and load on
    access like any deferred field, and ``save()`` writes only the loaded fields.
    """
    member = Member.__new__(Member)
    member._state = models.base.ModelState()
    member._state.adding, member._state.db = False, using
    member.__dict__.update(zip(attnames, row, strict=True))
    return member


class MembershipGap(models.Model):
    """A period not counted in party age (Quy định 24-QĐ/TW, 4.5.1)."""

    class Reason(models.TextChoices):
        EXPELLED = "khai_tru", "Bị khai trừ"
        STRUCK_OFF = "xoa_ten", "Bị xóa tên"
        LEFT = "xin_ra", "Xin ra khỏi Đảng"
        OUT_OF_CONTACT = "mat_lien_lac", "Mất liên lạc với tổ chức đảng"
        NOT_ATTACHED = "chuyen_sinh_hoat", "Không sinh hoạt khi chuyển sinh hoạt đảng"
        OTHER = "khac", "Lý do khác"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="gaps", verbose_name="đảng viên")
    start = models.DateField("từ ngày", help_text="Ngày đầu tiên không sinh hoạt đảng.")
    end = models.DateField(
        "đến ngày",
        null=True,
        blank=True,
        help_text="Ngày được sinh hoạt lại (ngày này không bị trừ). Để trống nếu chưa sinh hoạt lại.",
    )
    reason = models.CharField("lý do", max_length=20, choices=Reason.choices)
    note = models.CharField("ghi chú", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thời gian gián đoạn"
        verbose_name_plural = "thời gian gián đoạn"
        ordering = ["member", "start"]

    def __str__(self):
        end = self.end.strftime("%d/%m/%Y") if self.end else "nay"
        return f"{self.get_reason_display()}: {self.start:%d/%m/%Y} – {end}"

    @property
    def days(self) -> int | None:
        return (self.end - self.start).days if self.end else None

    def clean(self):
        if self.end and self.start and self.end <= self.start:
            raise ValidationError({"end": "Ngày sinh hoạt lại phải sau ngày bắt đầu gián đoạn."})
        member = getattr(self, "member", None) if self.member_id else None
        if member and self.start and member.admission_date and self.start <= member.admission_date:
            raise ValidationError({"start": "Thời gian gián đoạn phải sau ngày kết nạp."})
        if member and self.start and not getattr(self, "_siblings_checked_by_formset", False):
            from .validation import gap_errors

            others = [g for g in member.gaps.all() if g.pk != self.pk]
            errors = gap_errors(member, [*others, self])
            if errors:
                raise ValidationError(errors)


class Discipline(models.Model):
    """A disciplinary decision; it defers the party badge (Quy định 24-QĐ/TW)."""

    class Form(models.TextChoices):
        REPRIMAND = "khien_trach", "Khiển trách"
        WARNING = "canh_cao", "Cảnh cáo"
        DISMISSAL = "cach_chuc", "Cách chức"
        EXPULSION = "khai_tru", "Khai trừ"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="disciplines", verbose_name="đảng viên")
    form = models.CharField("hình thức", max_length=20, choices=Form.choices)
    decided_on = models.DateField("ngày quyết định")
    decision_number = models.CharField("số quyết định", max_length=50, blank=True, help_text="Ví dụ: 05-QĐ/ĐU.")
    reason = models.CharField("lý do", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "kỷ luật"
        verbose_name_plural = "kỷ luật"
        ordering = ["member", "-decided_on"]

    def __str__(self):
        return f"{self.get_form_display()} ({self.decided_on:%d/%m/%Y})"


class StatusChange(models.Model):
    """A dated change of a member's status: the record of transfers, deaths and departures.

    The member's ``status``/``status_date`` always follow the latest change, so the
    history and the current status cannot disagree.
    """

    class Kind(models.TextChoices):
        TRANSFER_OUT = "chuyen_di", "Chuyển sinh hoạt đi"
        TRANSFER_OUT_TEMPORARY = "chuyen_tam_thoi", "Chuyển sinh hoạt tạm thời đi"
        TRANSFER_IN = "chuyen_den", "Chuyển sinh hoạt đến"
        FULL = "chinh_thuc", "Công nhận đảng viên chính thức"
        STRUCK_OFF_PROBATION = "xoa_ten_du_bi", "Xóa tên trong danh sách đảng viên dự bị"
        READMITTED = "ket_nap_lai", "Kết nạp lại"
        DECEASED = "tu_tran", "Từ trần"
        LEFT = "ra_khoi_dang", "Ra khỏi Đảng (khai trừ, xóa tên, xin ra)"
        SUSPENDED = "dinh_chi", "Đình chỉ sinh hoạt"
        EXCUSED = "mien_sinh_hoat", "Miễn công tác và sinh hoạt đảng"
        TEMPORARY = "sinh_hoat_tam_thoi", "Sinh hoạt tạm thời"
        RESUMED = "tro_lai", "Sinh hoạt trở lại bình thường"

    class LeaveForm(models.TextChoices):
        EXPELLED = "khai_tru", "Khai trừ"
        STRUCK_OFF = "xoa_ten", "Xóa tên"
        RESIGNED = "xin_ra", "Xin ra khỏi Đảng"

    member = models.ForeignKey(
        Member, on_delete=models.CASCADE, related_name="status_changes", verbose_name="đảng viên"
    )
    kind = models.CharField("thay đổi", max_length=20, choices=Kind.choices)
    date = models.DateField("ngày", help_text="Ngày có hiệu lực, nhập dd/mm/yyyy.")
    decision_number = models.CharField("số quyết định/giấy giới thiệu", max_length=50, blank=True)
    place = models.CharField(
        "nơi chuyển đi/đến", max_length=200, blank=True, help_text="Với chuyển sinh hoạt: đảng bộ, chi bộ nơi đi/đến."
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)
    leave_form = models.CharField(
        "hình thức ra khỏi Đảng",
        max_length=20,
        choices=LeaveForm.choices,
        blank=True,
        help_text="Chỉ với “Ra khỏi Đảng”: khai trừ, xóa tên hay xin ra (báo cáo thống kê đếm theo hình thức).",
    )

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thay đổi tình trạng"
        verbose_name_plural = "lịch sử tình trạng"
        ordering = ["member", "date", "id"]

    def __str__(self):
        return f"{self.get_kind_display()} ({self.date:%d/%m/%Y})"

    def save(self, *args, **kwargs):
        super().save(*args, **kwargs)
        self.member.sync_status()

    def delete(self, *args, **kwargs):
        member = self.member
        result = super().delete(*args, **kwargs)
        member.sync_status()
        return result

    def resulting_status(self) -> str:
        """The member status this change leads to."""
        return status_after(self.kind, self.member.official_date, self.date)

    def clean(self):
        member = getattr(self, "member", None) if self.member_id else None
        if member and self.date and member.admission_date and self.date < member.admission_date:
            raise ValidationError({"date": "Ngày thay đổi tình trạng không thể trước ngày kết nạp."})


class CellMembership(models.Model):
    """A period of a member in a cell (lịch sử sinh hoạt chi bộ): from ``start`` to ``end`` (not included).

    Lists and reports "as of" a date use the cell of the period covering it; ``Member.cell``
    is the cell of the open period (the current one). Periods of one member never overlap;
    the days between two periods, during a transfer, are a gap in party age
    (``members.transfers`` records it).
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="cell_periods", verbose_name="đảng viên")
    cell = models.ForeignKey(PartyCell, on_delete=models.PROTECT, related_name="periods", verbose_name="chi bộ")
    start = models.DateField("từ ngày", help_text="Ngày bắt đầu sinh hoạt tại chi bộ, nhập dd/mm/yyyy.")
    end = models.DateField(
        "đến ngày",
        null=True,
        blank=True,
        help_text="Ngày thôi sinh hoạt tại chi bộ (ngày này không tính). Để trống nếu đang sinh hoạt.",
    )
    note = models.CharField("ghi chú", max_length=300, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = "thời gian sinh hoạt tại chi bộ"
        verbose_name_plural = "lịch sử sinh hoạt chi bộ"
        ordering = ["member", "start"]
        indexes = [models.Index(fields=["start", "end"])]

    def __str__(self):
        end = f"{self.end:%d/%m/%Y}" if self.end else "nay"
        return f"{self.cell}: {self.start:%d/%m/%Y} – {end}"

    def clean(self):
        from .validation import cell_period_errors

        if self.end and self.start and self.end <= self.start:
            raise ValidationError({"end": "Ngày thôi sinh hoạt phải sau ngày bắt đầu."})
        member = getattr(self, "member", None) if self.member_id else None
        if member and self.start and not getattr(self, "_siblings_checked_by_formset", False):
            others = [p for p in member.cell_periods.all() if p.pk != self.pk]
            errors = cell_period_errors(member, [*others, self])
            if errors:
                raise ValidationError(errors)


# A background member import (members.import_jobs); imported here so Django finds the model.
from .import_jobs import ImportJob  # noqa: E402, F401
