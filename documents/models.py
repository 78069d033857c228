"""The documents library (văn bản): party and state documents with their files.

A document is identified by its number and sign (``04-CTr/TU``) with the year and the issuing body
(DOMAIN.md, "Party documents"). It goes through the same workflow as an article (draft → review →
published → archived; editors prepare, publishers publish) and is shown to the public only when it
is also marked public: internal documents (lưu hành nội bộ, Mật) never leave the admin.
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.urls import reverse
from django.utils import timezone

from core.text import fold_words, slugify_vi

from . import numbers
from .storage import library_storage


class IssuingBody(models.Model):
    """Who issues documents: a short list the office keeps (Trung ương, Tỉnh ủy, …)."""

    name = models.CharField("tên cơ quan ban hành", max_length=200, unique=True)
    sign = models.CharField(
        "ký hiệu",
        max_length=20,
        blank=True,
        help_text="Ký hiệu trong số văn bản, ví dụ TW, TU, ĐUK, ĐU.",
    )
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Số nhỏ hiện trước trong danh sách.")

    class Meta:
        verbose_name = "cơ quan ban hành"
        verbose_name_plural = "cơ quan ban hành"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name


class DocumentType(models.TextChoices):
    NGHI_QUYET = "nghi_quyet", "Nghị quyết"
    CHI_THI = "chi_thi", "Chỉ thị"
    KET_LUAN = "ket_luan", "Kết luận"
    QUY_DINH = "quy_dinh", "Quy định"
    QUY_CHE = "quy_che", "Quy chế"
    QUYET_DINH = "quyet_dinh", "Quyết định"
    HUONG_DAN = "huong_dan", "Hướng dẫn"
    KE_HOACH = "ke_hoach", "Kế hoạch"
    CHUONG_TRINH = "chuong_trinh", "Chương trình"
    THONG_BAO = "thong_bao", "Thông báo"
    BAO_CAO = "bao_cao", "Báo cáo"
    TO_TRINH = "to_trinh", "Tờ trình"
    CONG_VAN = "cong_van", "Công văn"
    KHAC = "khac", "Văn bản khác"


class DocumentQuerySet(models.QuerySet):
    def public(self):
        """The one definition of what the public sees: published, publication time reached, marked public."""
        return self.filter(status=Document.Status.PUBLISHED, published_at__lte=timezone.now(), is_public=True)

    def for_lists(self):
        """What a list row needs in one query (the issuer's name), without the long search text."""
        return self.select_related("issuer").defer("search_text")


DUPLICATE_MESSAGE = "Đã có văn bản số %(number)s của %(issuer)s năm %(year)s trong thư viện."


class Document(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        REVIEW = "review", "Chờ duyệt"
        PUBLISHED = "published", "Đã đăng"
        ARCHIVED = "archived", "Lưu trữ"

    number = models.CharField(
        "số và ký hiệu",
        max_length=60,
        help_text="Viết đúng như trên văn bản: 04-CTr/TU, 24-QĐ/TW, 666/2015/QĐ-UBND, 123/UBND-VX.",
    )
    doc_type = models.CharField("loại văn bản", max_length=20, choices=DocumentType.choices)
    issuer = models.ForeignKey(
        IssuingBody, on_delete=models.PROTECT, related_name="documents", verbose_name="cơ quan ban hành"
    )
    issued_on = models.DateField("ngày ban hành", help_text="Ngày ghi trên văn bản, dạng dd/mm/yyyy.")
    signer = models.CharField("người ký", max_length=200, blank=True, help_text="Ví dụ: Bí thư Nguyễn Văn A.")
    summary = models.TextField("trích yếu", help_text="Nội dung tóm tắt ghi dưới số văn bản.")
    is_public = models.BooleanField(
        "công khai trên trang",
        default=False,
        help_text="Bỏ chọn với văn bản lưu hành nội bộ hoặc Mật: chỉ cán bộ xem được trong trang quản trị.",
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField("thời điểm đăng", null=True, blank=True, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="documents",
        verbose_name="người nhập",
        editable=False,
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    # Derived in fill_derived_fields().
    slug = models.SlugField("đường dẫn", max_length=120, unique=True, blank=True, editable=False)
    sign_key = models.CharField("khóa số hiệu", max_length=60, blank=True, editable=False, db_index=True)
    year = models.PositiveSmallIntegerField("năm ban hành", null=True, editable=False)
    search_text = models.TextField("nội dung tìm kiếm", blank=True, editable=False)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        verbose_name = "văn bản"
        verbose_name_plural = "văn bản"
        ordering = ["-issued_on", "-id"]
        permissions = [("publish_document", "Được đăng, gỡ và lưu trữ văn bản")]
        constraints = [
            # Number + sign + year identify a document of one issuer (the clean() message says it
            # in Vietnamese; this stops two saves racing past it).
            models.UniqueConstraint(fields=["issuer", "sign_key", "year"], name="documents_unique_number"),
        ]
        indexes = [models.Index(fields=["status", "is_public", "-issued_on", "-id"], name="documents_public_idx")]

    def __str__(self):
        return f"{self.get_doc_type_display()} {self.number}"

    def save(self, *args, **kwargs):
        self.fill_derived_fields()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("documents:detail", args=[self.slug or self.pk])

    @property
    def title(self) -> str:
        """ "Chương trình 04-CTr/TU": how the document is named on pages and in feeds."""
        return str(self)

    @property
    def is_visible(self) -> bool:
        return (
            self.is_public
            and self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    def clean(self):
        super().clean()
        if self.number:
            parsed = numbers.parse(self.number)
            if parsed is None:
                raise ValidationError({"number": ValidationError(numbers.MALFORMED, params={"value": self.number})})
            self.number = parsed.text
            if parsed.year and self.issued_on and parsed.year != self.issued_on.year:
                raise ValidationError(
                    {
                        "issued_on": ValidationError(
                            "Năm ban hành khác với năm trong số văn bản (%(year)s).", params={"year": parsed.year}
                        )
                    }
                )
        if self.number and self.issued_on and self.issuer_id:
            self.fill_derived_fields()
            clash = Document.objects.filter(issuer_id=self.issuer_id, sign_key=self.sign_key, year=self.year)
            if self.pk:
                clash = clash.exclude(pk=self.pk)
            if clash.exists():
                raise ValidationError(
                    {
                        "number": ValidationError(
                            DUPLICATE_MESSAGE,
                            code="duplicate",
                            params={"number": self.number, "issuer": self.issuer.name, "year": self.year},
                        )
                    }
                )

    def fill_derived_fields(self) -> None:
        parsed = numbers.parse(self.number)
        if parsed is not None:
            self.number = parsed.text
        self.sign_key = parsed.key if parsed else numbers.normalise(self.number).upper()
        self.year = self.issued_on.year if self.issued_on else None
        if not self.slug:
            self.slug = self._unique_slug()
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.search_text = self.build_search_text()

    def build_search_text(self, file_texts: list[str] | None = None) -> str:
        """Folded words of the number, type, issuer, signer, summary and the files' text."""
        if file_texts is None:
            file_texts = list(self.files.values_list("text", flat=True)) if self.pk else []
        # The number also as its parts ("04 ctr tu") and as the key ("4 ctr tu"): a reader types either.
        parts = [
            self.number,
            self.sign_key,
            self.get_doc_type_display(),
            self.signer,
            self.summary,
            getattr(self.issuer, "name", "") if self.issuer_id else "",
            *file_texts,
        ]
        return fold_words(" ".join(p for p in parts if p))

    def _unique_slug(self) -> str:
        base = (slugify_vi(f"{self.number} {self.year or ''}") or "van-ban")[:100].strip("-")
        candidate, n = base, 2
        while Document.objects.filter(slug=candidate).exclude(pk=self.pk).exists():
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def refresh_search_text(self) -> None:
        """After its files change: the search text includes what was read from them."""
        Document.objects.filter(pk=self.pk).update(search_text=self.build_search_text())


class DocumentFile(models.Model):
    class Kind(models.TextChoices):
        PDF = "pdf", "PDF"
        DOC = "doc", "Word (DOC)"
        DOCX = "docx", "Word (DOCX)"
        XLSX = "xlsx", "Excel (XLSX)"

    CONTENT_TYPES = {
        "pdf": "application/pdf",
        "doc": "application/msword",
        "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    }

    document = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="files", verbose_name="văn bản")
    file = models.FileField(
        "tệp",
        upload_to="documents/",
        storage=library_storage,
        help_text="PDF, Word (DOC, DOCX) hoặc Excel (XLSX). Tệp được kiểm tra nội dung khi tải lên.",
    )
    label = models.CharField("tên hiển thị", max_length=200, blank=True, help_text="Để trống thì dùng tên tệp gốc.")
    original_name = models.CharField("tên tệp gốc", max_length=255, blank=True, editable=False)
    kind = models.CharField("định dạng", max_length=4, choices=Kind.choices, editable=False)
    size = models.PositiveBigIntegerField("dung lượng (byte)", default=0, editable=False)
    pages = models.PositiveIntegerField("số trang", null=True, blank=True, editable=False)
    text = models.TextField("chữ đọc được", blank=True, editable=False)
    text_note = models.CharField("ghi chú đọc chữ", max_length=200, blank=True, editable=False)
    order = models.PositiveSmallIntegerField("thứ tự", default=0)
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "tệp đính kèm"
        verbose_name_plural = "tệp đính kèm"
        ordering = ["order", "id"]

    def __str__(self):
        return self.display_name

    def get_absolute_url(self):
        return reverse("documents:file", args=[self.document_id, self.pk])

    @property
    def display_name(self) -> str:
        return self.label or self.original_name or self.get_kind_display()

    @property
    def content_type(self) -> str:
        return self.CONTENT_TYPES.get(self.kind, "application/octet-stream")

    @property
    def download_name(self) -> str:
        base = slugify_vi(self.document.number) if self.document_id else "van-ban"
        return f"{base or 'van-ban'}-{self.pk}.{self.kind}"

    def set_upload(self, upload) -> None:
        """Check an uploaded file by content (core.uploads), keep it and read its text."""
        from core.uploads import clean_office_file

        from .pdf import extract_text

        cleaned, kind = clean_office_file(upload, folder="documents")
        self.original_name = (getattr(upload, "name", "") or "")[-255:].rsplit("/", 1)[-1]
        self.kind = kind
        self.size = cleaned.size
        self.text, self.pages, self.text_note = "", None, ""
        if kind == "pdf":
            extracted = extract_text(cleaned.read())
            cleaned.seek(0)
            self.text, self.pages, self.text_note = extracted.text, extracted.pages, extracted.note
        self.file.save(cleaned.name.rsplit("/", 1)[-1], cleaned, save=False)


class Citation(models.Model):
    """A text elsewhere on the site (an article) that cites a document number.

    Written when the citing text is saved (core.citations). Unresolved citations are kept
    too (``document`` empty), so that adding the document later links the texts that cite it.
    """

    source = models.CharField("nguồn", max_length=40)  # e.g. "news.article"
    source_id = models.PositiveBigIntegerField("mã nguồn")
    key = models.CharField("khóa số hiệu", max_length=60, db_index=True)
    document = models.ForeignKey(
        Document, on_delete=models.SET_NULL, null=True, blank=True, related_name="citations", verbose_name="văn bản"
    )

    class Meta:
        verbose_name = "trích dẫn"
        verbose_name_plural = "trích dẫn"
        indexes = [models.Index(fields=["source", "source_id"], name="documents_citation_source_idx")]

    def __str__(self):
        return f"{self.source}#{self.source_id} → {self.key}"
