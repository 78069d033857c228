"""News: categories and articles with an editorial workflow (draft → review → published → archived)."""

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from partysite.text import slugify_vi


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
    def published(self):
        """The one definition of "published": status published and publication time reached."""
        return self.filter(status=Article.Status.PUBLISHED, published_at__lte=timezone.now())


class Article(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Bản nháp"
        REVIEW = "review", "Chờ duyệt"
        PUBLISHED = "published", "Đã đăng"
        ARCHIVED = "archived", "Lưu trữ"

    title = models.CharField("tiêu đề", max_length=250)
    slug = models.SlugField(
        "đường dẫn", max_length=255, unique=True, blank=True, editable=False,
        help_text="Tạo tự động từ tiêu đề; không đổi sau khi đăng.",
    )
    summary = models.TextField("tóm tắt", blank=True, help_text="Một hai câu hiện dưới tiêu đề và khi chia sẻ.")
    body = models.TextField("nội dung", blank=True)
    cover_image = models.ImageField("ảnh đại diện", upload_to="covers/", blank=True)
    cover_caption = models.CharField("chú thích ảnh", max_length=300, blank=True)
    byline = models.CharField("tác giả / nguồn", max_length=200, blank=True, help_text="Ví dụ: Chi bộ BCXB.")
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, related_name="articles", verbose_name="chuyên mục"
    )
    status = models.CharField("trạng thái", max_length=10, choices=Status.choices, default=Status.DRAFT)
    published_at = models.DateTimeField(
        "thời điểm đăng", null=True, blank=True,
        help_text="Để một thời điểm trong tương lai để hẹn giờ đăng.",
    )
    is_featured = models.BooleanField("tin nổi bật", default=False)
    view_count = models.PositiveIntegerField("lượt xem", default=0, editable=False)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="articles", verbose_name="người viết", editable=False,
    )
    created_at = models.DateTimeField("tạo lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)

    objects = ArticleQuerySet.as_manager()

    class Meta:
        verbose_name = "tin bài"
        verbose_name_plural = "tin bài"
        ordering = ["-published_at", "-id"]
        # Public lists filter on status and publication time (a year is a range of it) and
        # order newest first; category pages add the category.
        indexes = [
            models.Index(fields=["status", "-published_at", "-id"], name="news_article_public_idx"),
            models.Index(fields=["category", "status", "-published_at", "-id"], name="news_article_category_idx"),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("news:article", args=[self.slug])
