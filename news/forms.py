"""Forms: the admin's article form (CKEditor 5 body, checked cover) and the public search/filter forms."""

import django_filters
from django import forms
from django.core.files.uploadedfile import UploadedFile
from django.utils import timezone
from django_ckeditor_5.widgets import CKEditor5Widget

from core.storage import StorageFullError
from core.uploads import validate_image_upload

from . import workflow
from .models import Article, Category
from .search import MAX_QUERY_LENGTH

MEDIA_NOT_WRITABLE = (
    "Máy chủ không ghi được vào thư mục lưu ảnh nên ảnh chưa được lưu; nội dung bạn nhập vẫn còn, "
    "hãy báo quản trị viên rồi lưu lại sau."
)


class CheckedImageField(forms.ImageField):
    """An image field that runs the project's upload checks first (byte and pixel limits give their
    own message; Django's would call a decompression bomb merely "not an image")."""

    def to_python(self, data):
        if isinstance(data, UploadedFile):
            validate_image_upload(data)
        return super().to_python(data)


class ArticleAdminForm(forms.ModelForm):
    refresh_slug = forms.BooleanField(
        label="Đổi đường dẫn theo tiêu đề mới",
        required=False,
        help_text="Chỉ dùng khi tiêu đề đổi hẳn nghĩa. Đường dẫn cũ vẫn chuyển tiếp (301) sang đường dẫn mới.",
    )

    review_reason = forms.CharField(
        label="Lý do trả lại / gỡ xuống",
        required=False,
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Bắt buộc khi chuyển tin đang chờ duyệt hoặc đã đăng về “Bản nháp”: biên tập viên sẽ thấy lý do này.",
    )
    # Editors withdrawing their own article from review give no reason (their form sets False).
    reason_required = True

    class Meta:
        model = Article
        fields = [
            "title",
            "category",
            "summary",
            "body",
            "cover_image",
            "cover_caption",
            "cover_alt",
            "byline",
            "status",
            "published_at",
            "is_featured",
        ]
        field_classes = {"cover_image": CheckedImageField}
        widgets = {
            "body": CKEditor5Widget(config_name="default"),
            "summary": forms.Textarea(attrs={"rows": 3}),
        }

    def full_clean(self):
        super().full_clean()
        # Last, once everything else (including a concurrent-edit check) passed: write the new cover
        # now, so a read-only or full media folder shows this form again with what was typed.
        if self.is_bound and not self._errors and "cover_image" in self.changed_data and self.instance.cover_image:
            try:
                self.instance._prepare_cover()
            except StorageFullError as exc:
                self.add_error("cover_image", exc.messages)
            except OSError:
                self.add_error("cover_image", MEDIA_NOT_WRITABLE)

    def clean(self):
        cleaned = super().clean()
        status = cleaned.get("status")
        body = cleaned.get("body") or ""
        if status in (Article.Status.REVIEW, Article.Status.PUBLISHED) and not body.strip():
            self.add_error("body", "Tin gửi duyệt hoặc đăng phải có nội dung.")
        if cleaned.get("cover_image") and not (cleaned.get("cover_alt") or cleaned.get("cover_caption")):
            self.add_error("cover_alt", "Ảnh đại diện cần chú thích hoặc mô tả ảnh.")
        # Before _post_clean the instance still holds the stored status.
        old_status = self.instance.status if self.instance.pk else None
        if self.reason_required and status and workflow.needs_reason(old_status, status):
            try:
                cleaned["review_reason"] = workflow.clean_reason(cleaned.get("review_reason"))
            except ValueError as exc:
                self.add_error("review_reason", str(exc))
        return cleaned


def _year_choices():
    # From the first to the latest publication year: two index lookups (oldest, newest). One
    # MIN/MAX aggregate walked every published article on SQLite (bench/README.md), and
    # extracting the year of every row (DISTINCT) costs a Python call per article there.
    published = Article.objects.published().values_list("published_at", flat=True)
    last = published.order_by("-published_at").first()
    if last is None:
        return []
    first = published.order_by("published_at").first()
    first, last = timezone.localtime(first).year, timezone.localtime(last).year
    return [(str(y), str(y)) for y in range(last, first - 1, -1)]


class ArticleFilter(django_filters.FilterSet):
    """/tin-tuc/?chuyen_muc=<slug>&nam=<year>"""

    chuyen_muc = django_filters.ModelChoiceFilter(
        field_name="category",
        to_field_name="slug",
        queryset=Category.objects.all(),
        label="Chuyên mục",
        empty_label="Tất cả chuyên mục",
    )
    nam = django_filters.ChoiceFilter(
        field_name="published_at",
        lookup_expr="year",
        label="Năm",
        choices=_year_choices,
        empty_label="Tất cả các năm",
    )

    class Meta:
        model = Article
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.form.fields["chuyen_muc"].error_messages["invalid_choice"] = "Không có chuyên mục này."
        self.form.fields["nam"].error_messages["invalid_choice"] = "Không có tin nào đăng trong năm này."


class SearchForm(forms.Form):
    q = forms.CharField(label="Từ khóa", required=False, max_length=5000)

    def clean_q(self):
        # A long pasted query is shortened, never refused.
        return " ".join(self.cleaned_data["q"].split())[:MAX_QUERY_LENGTH]
