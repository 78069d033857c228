"""News: categories and articles with an editorial workflow (draft → review → published → archived)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.html import strip_tags
from simple_history.models import HistoricalRecords

from core import citations
from core.text import fold_html, fold_words, slugify_vi

from .sanitize import clean_body

# Counters raised by F() updates elsewhere (core.cache's view counter): a save of a copy
# loaded earlier must not write its stale number back.
NEVER_WRITTEN_BY_SAVE = {"view_count"}
COVER_WEBP_WIDTH = 960
COVER_THUMB_WIDTH = 480


class Category(models.Model):
    name = models.CharField("tên chuyên mục", max_length=120, unique=True)
    slug = models.SlugField("đường dẫn", max_length=140, unique=True, blank=True)
    description = models.TextField("mô tả", blank=True)
    order = models.PositiveSmallIntegerField("thứ tự", default=0, help_text="Số nhỏ hiện trước trong trình đơn.")
    show_in_menu = models.BooleanField("hiện trên trình đơn", default=True)

    class Meta:
        verbose_name = "chuyên mục"
        verbose_name_plural = "chuyên mục"
        ordering = ["order", "name"]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        if not self.slug:
            self.slug = slugify_vi(self.name)[:140]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("news:category", args=[self.slug])


class ArticleQuerySet(models.QuerySet):
    # The one definition of "published" and "scheduled": status published, and the publication
    # time reached or still to come. Every page, feed, sitemap, the search, the home sections, the
    # admin's filter and the page cache's expiry go through these two methods.
    def published(self, now=None):
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=now or timezone.now())

    def scheduled(self, now=None):
        return self.filter(status=Article.Status.PUBLISHED, published_at__gt=now or timezone.now())

    def next_scheduled_time(self):
        """When the next scheduled article appears (an aware datetime), or None."""
        return self.scheduled().order_by("published_at").values_list("published_at", flat=True).first()

    def for_lists(self):
        """What every public list needs in one query (category names on cards)."""
        return self.select_related("category").defer("body", "body_linked", "search_text")


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        REVIEW = "review", "Chờ duyệt"
        PUBLISHED = "published", "Đã đăng"
        ARCHIVED = "archived", "Lưu trữ"

    title = models.CharField("tiêu đề", max_length=250)
    slug = models.SlugField(
        "đường dẫn",
        max_length=255,
        unique=True,
        blank=True,
        editable=False,
        help_text="Tạo tự động từ tiêu đề; không đổi sau khi đăng.",
    )
    summary = models.TextField("tóm tắt", blank=True, help_text="Một hai câu hiện dưới tiêu đề và khi chia sẻ.")
    body = models.TextField("nội dung", blank=True)
    cover_image = models.ImageField(
        "ảnh đại diện",
        upload_to="covers/",
        blank=True,
        help_text="JPEG, PNG, WebP hoặc GIF. Ảnh được làm sạch (bỏ EXIF, vị trí GPS) khi lưu.",
    )
    cover_caption = models.CharField("chú thích ảnh", max_length=300, blank=True)
    cover_alt = models.CharField(
        "mô tả ảnh (cho người khiếm thị)",
        max_length=300,
        blank=True,
        help_text="Tả ngắn nội dung ảnh; để trống thì dùng chú thích ảnh.",
    )
    cover_width = models.PositiveIntegerField("chiều rộng ảnh", null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField("chiều cao ảnh", null=True, blank=True, editable=False)
    cover_webp = models.ImageField("ảnh WebP", upload_to="renditions/", blank=True, editable=False)
    cover_thumb = models.ImageField("ảnh WebP nhỏ", upload_to="renditions/", blank=True, editable=False)
    byline = models.CharField("tác giả / nguồn", max_length=200, blank=True, help_text="Ví dụ: Chi bộ BCXB.")
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="articles", verbose_name="chuyên mục")
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "thời điểm đăng",
        null=True,
        blank=True,
        help_text="Để một thời điểm trong tương lai để hẹn giờ đăng.",
    )
    is_featured = models.BooleanField("tin nổi bật", default=False)
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="articles",
        verbose_name="người viết",
        editable=False,
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    first_published_at = models.DateTimeField("đăng lần đầu lúc", null=True, blank=True, editable=False)
    # The publisher's reason for sending the article back or taking it down, shown to the editor
    # until it is submitted again; the history keeps every reason (as the change reason too).
    review_note = models.CharField("ý kiến người duyệt", max_length=500, blank=True, editable=False)

    # Derived columns, filled by fill_derived_fields() (bulk_create skips save()); the search index
    # (news/search.py) reads them.
    title_folded = models.TextField("tiêu đề không dấu", blank=True, editable=False)
    search_text = models.TextField("nội dung tìm kiếm", blank=True, editable=False)
    # The body with the documents it cites linked to the library (core.citations), made at
    # save time so the public page does no work per request; NULL when it cites none. Nullable so
    # that SQLite adds the column in place: a copied table would lose the search triggers.
    body_linked = models.TextField("nội dung có liên kết văn bản", null=True, blank=True, editable=False)  # noqa: DJ001

    objects = ArticleQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["title_folded", "search_text", "view_count", "body_linked"])

    class Meta:
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"
        ordering = ["-published_at", "-id"]
        permissions = [
            ("publish_article", "Được đăng, hẹn giờ, gỡ, lưu trữ và đặt tin nổi bật"),
        ]
        # Public lists filter on status and publication time (a year is a range of it) and
        # order newest first; category pages add the category.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="news_article_public_idx"),
            models.Index(fields=["category", "status", "-published_at", "-id"], name="news_article_category_idx"),
            # The home page's featured story: few rows, found without walking every article.
            models.Index(
                fields=["-published_at", "-id"],
                condition=models.Q(is_featured=True),
                name="news_article_featured_idx",
            ),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        self._prepare_cover()
        # Before first publication the slug follows the title; afterwards it is fixed.
        if self.pk and self.slug and not self.slug_is_fixed:
            self.change_slug()
        self.fill_derived_fields()
        if self._is_update(kwargs):
            # Never write back the view counter: it is raised by F() updates while this copy was
            # open in a form, and writing the copy's number would lose those readings.
            deferred = self.get_deferred_fields()
            kwargs["update_fields"] = [
                f.name
                for f in self._meta.concrete_fields
                if not f.primary_key and f.name not in deferred and f.name not in NEVER_WRITTEN_BY_SAVE
            ]
        super().save(*args, **kwargs)
        citations.record("news.article", self.pk, self._cited)

    def get_absolute_url(self):
        return reverse("news:article", args=[self.slug])

    def _is_update(self, save_kwargs) -> bool:
        if self.pk is None or save_kwargs.get("update_fields") is not None or save_kwargs.get("force_insert"):
            return False
        # A copy rebuilt from history (a revert) is "adding" but may update an existing row.
        return not self._state.adding or type(self)._default_manager.filter(pk=self.pk).exists()

    # --- state ---------------------------------------------------------------
    @property
    def is_public(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at <= timezone.now()
        )

    @property
    def is_scheduled(self) -> bool:
        return (
            self.status == self.Status.PUBLISHED
            and self.published_at is not None
            and self.published_at > timezone.now()
        )

    @property
    def slug_is_fixed(self) -> bool:
        """Once an article has been public its URL is shared: the slug no longer follows the title."""
        return self.first_published_at is not None

    @property
    def share_description(self) -> str:
        return self.summary or strip_tags(self.body)[:200]

    @property
    def cover_alt_text(self) -> str:
        return self.cover_alt or self.cover_caption or self.title

    @property
    def cover_srcset(self) -> str:
        """WebP renditions with their real widths, for the `srcset` attribute."""
        if not self.cover_width:
            return ""
        parts = []
        if self.cover_thumb:
            parts.append(f"{self.cover_thumb.url} {min(COVER_THUMB_WIDTH, self.cover_width)}w")
        if self.cover_webp and self.cover_width > COVER_THUMB_WIDTH:
            parts.append(f"{self.cover_webp.url} {min(COVER_WEBP_WIDTH, self.cover_width)}w")
        return ", ".join(parts)

    # --- derived fields -----------------------------------------------------
    def fill_derived_fields(self) -> None:
        """Set every derived column: sanitised body, slug, folded title and search text.

        ``save()`` calls it; code that uses ``bulk_create`` must call it itself (the search index
        then follows by trigger). A missing slug is
        made unique against the database only, not against the rest of a batch: a bulk loader with
        repeated titles sets ``slug`` itself (as bench/bench_search.py does).
        """
        self.body = clean_body(self.body)
        if not self.slug:
            self.slug = self._unique_slug()
        self.title_folded = fold_words(self.title)
        self.search_text = fold_words(
            " ".join([fold_words(self.title), fold_words(self.summary), fold_html(self.body), fold_words(self.byline)])
        )
        if self.status == self.Status.PUBLISHED and self.published_at is None:
            self.published_at = timezone.now()
        self.link_citations()
        if self.status == self.Status.PUBLISHED and self.first_published_at is None:
            self.first_published_at = self.published_at

    def link_citations(self) -> None:
        """Link the documents the body cites (``self._cited`` is what ``save()`` records)."""
        linked, self._cited = citations.link(self.body)
        self.body_linked = linked if linked != self.body else None

    def _unique_slug(self, exclude_pk=None) -> str:
        base = (slugify_vi(self.title) or "tin-bai")[:240].strip("-")
        candidate, n = base, 2
        taken = Article.objects.exclude(pk=exclude_pk) if exclude_pk else Article.objects.all()
        while (
            taken.filter(slug=candidate).exists()
            or OldSlug.objects.filter(slug=candidate).exclude(article_id=exclude_pk).exists()
        ):
            candidate, n = f"{base}-{n}", n + 1
        return candidate

    def change_slug(self) -> str | None:
        """Make the slug follow the title again; the old one is kept for a permanent redirect."""
        new_slug = slugify_vi(self.title)[:240].strip("-") or "tin-bai"
        if new_slug == self.slug:
            return None
        old = self.slug
        self.slug = self._unique_slug(exclude_pk=self.pk)
        if old and self.pk:
            OldSlug.objects.filter(slug=self.slug).delete()
            OldSlug.objects.get_or_create(slug=old, defaults={"article_id": self.pk})
        return old

    def _prepare_cover(self) -> None:
        """A newly uploaded cover is cleaned (EXIF out, random name) and gets WebP renditions."""
        from core.uploads import clean_image, webp_rendition

        cover = self.cover_image
        if not cover or getattr(cover, "_committed", True):
            if not cover:
                self.cover_webp = self.cover_thumb = ""
                self.cover_width = self.cover_height = None
            return
        upload, before = cover.file, (self.cover_webp.name, self.cover_thumb.name)
        written = []
        try:
            cleaned, width, height = clean_image(upload, folder="covers")
            self.cover_image.save(cleaned.name.rsplit("/", 1)[-1], cleaned, save=False)
            written.append(self.cover_image)
            self.cover_width, self.cover_height = width, height
            large, _w, _h = webp_rendition(cleaned, COVER_WEBP_WIDTH)
            small, _w, _h = webp_rendition(cleaned, COVER_THUMB_WIDTH)
            self.cover_webp.save(large.name.rsplit("/", 1)[-1], large, save=False)
            written.append(self.cover_webp)
            self.cover_thumb.save(small.name.rsplit("/", 1)[-1], small, save=False)
        except BaseException:
            # A disk that fills (or turns read-only) half-way must not leave files without a record.
            for field_file in written:
                field_file.storage.delete(field_file.name)
            self.cover_image = upload
            self.cover_webp, self.cover_thumb = before
            raise


class OldSlug(models.Model):
    """A slug an article had before: its URL answers with a permanent redirect."""

    slug = models.SlugField("đường dẫn cũ", max_length=255, unique=True)
    article = models.ForeignKey(Article, on_delete=models.CASCADE, related_name="old_slugs", verbose_name="tin bài")
    created_at = models.DateTimeField("đổi lúc", auto_now_add=True)

    class Meta:
        verbose_name = "đường dẫn cũ"
        verbose_name_plural = "đường dẫn cũ"
        ordering = ["-created_at"]

    def __str__(self):
        return self.slug


class EditorImage(models.Model):
    """An image uploaded from the editor, so that unused uploads can be found and removed."""

    file = models.ImageField("tệp", upload_to="editor/")
    width = models.PositiveIntegerField("chiều rộng")
    height = models.PositiveIntegerField("chiều cao")
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, verbose_name="người tải lên"
    )
    uploaded_at = models.DateTimeField("tải lên lúc", auto_now_add=True)

    class Meta:
        verbose_name = "ảnh trong bài"
        verbose_name_plural = "ảnh trong bài"
        ordering = ["-uploaded_at"]

    def __str__(self):
        return self.file.name
