"""Admin for news: the editorial workflow lives here for staff (rules in news/workflow.py)."""

from django import forms
from django.contrib import admin, messages
from django.template.response import TemplateResponse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from core.admin_concurrency import ConcurrentEditMixin
from core.admin_workflow import WorkflowAdminMixin

from . import workflow
from .forms import ArticleAdminForm
from .models import Article, Category, EditorImage
from .search import search_articles


@admin.register(Category)
class CategoryAdmin(admin.ModelAdmin):
    list_display = ["name", "slug", "order", "show_in_menu"]
    list_editable = ["order", "show_in_menu"]
    search_fields = ["name"]
    readonly_fields = ["slug"]
    fields = ["name", "slug", "description", "order", "show_in_menu"]


class ScheduleFilter(admin.SimpleListFilter):
    title = "hiển thị công khai"
    parameter_name = "hien_thi"

    def lookups(self, request, model_admin):
        return [("cong-khai", "Đang hiện trên trang"), ("hen-gio", "Hẹn giờ đăng")]

    def queryset(self, request, queryset):
        if self.value() == "cong-khai":
            return queryset.published()
        if self.value() == "hen-gio":
            return queryset.scheduled()
        return queryset


class ReviewNoteFilter(admin.SimpleListFilter):
    title = "ý kiến người duyệt"
    parameter_name = "y_kien"

    def lookups(self, request, model_admin):
        return [("co", "Bị trả lại hoặc gỡ xuống, chưa gửi lại")]

    def queryset(self, request, queryset):
        if self.value() == "co":
            return queryset.filter(status=Article.Status.DRAFT).exclude(review_note="")
        return queryset


@admin.register(Article)
class ArticleAdmin(WorkflowAdminMixin, ConcurrentEditMixin, SimpleHistoryAdmin):
    form = ArticleAdminForm
    workflow = workflow
    workflow_select_related = ["category"]
    search_function = staticmethod(search_articles)
    # The columns a person scans (the rest is on the article's page): fits 1366 px with the filters.
    list_display = ["title", "status_label", "category", "published_at", "author"]
    list_display_links = ["title"]
    list_filter = [
        "status",
        ScheduleFilter,
        ReviewNoteFilter,
        "category",
        "is_featured",
        "published_at",
        # Only people who wrote articles, not every staff account (issue 12.9).
        ("author", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["category", "author"]
    # Search goes through news.search (accent-insensitive); the field only turns the search box on.
    search_fields = ["title"]
    search_help_text = "Tìm theo tiêu đề và nội dung, gõ có dấu hay không dấu đều được."
    date_hierarchy = "published_at"
    readonly_fields = [
        "public_link",
        "author",
        "view_count",
        "created_at",
        "updated_at",
        "first_published_at",
        "review_note_display",
    ]
    actions = ["submit_for_review", "publish_now", "send_back", "unpublish", "archive", "feature", "unfeature"]
    history_list_display = ["status"]
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        publishing = ["status", "review_reason", "published_at", "is_featured", "refresh_slug"]
        if not workflow.can_publish(request.user):
            publishing = ["status"]
        if obj is None or not workflow.can_publish(request.user) or not obj.slug_is_fixed:
            publishing = [f for f in publishing if f != "refresh_slug"]
        if obj is None:
            publishing = [f for f in publishing if f != "review_reason"]
        # The publisher's reason comes first: it is what the editor opens the article for.
        note = [("Ý kiến người duyệt", {"fields": ["review_note_display"], "classes": ["review-note"]})]
        return [
            *(note if obj is not None and obj.review_note else []),
            (None, {"fields": ["title", "category", "summary", "body"]}),
            ("Ảnh đại diện", {"fields": ["cover_image", "cover_caption", "cover_alt"]}),
            ("Đăng bài", {"fields": [*publishing, "byline"]}),
            (
                "Thông tin",
                {
                    "fields": ["public_link", "author", "view_count", "created_at", "updated_at", "first_published_at"],
                    "classes": ["collapse"],
                },
            ),
        ]

    def get_exclude(self, request, obj=None):
        # Fields an editor may not set are left out of the form, so a crafted POST cannot set them.
        if not workflow.can_publish(request.user):
            return [*workflow.PUBLISHER_ONLY_FIELDS]
        return super().get_exclude(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not workflow.can_publish(request.user):
            allowed = {s.value for s in workflow.EDITOR_STATUSES}

            class EditorArticleForm(form_class):
                reason_required = False

                def __init__(self, *args, **kw):
                    super().__init__(*args, **kw)
                    self.fields["status"] = forms.TypedChoiceField(
                        label="Trạng thái",
                        choices=[c for c in Article.Status.choices if c[0] in allowed],
                        initial=Article.Status.DRAFT,
                        help_text="Chọn “Chờ duyệt” để gửi bài cho người duyệt.",
                    )

            return EditorArticleForm
        return form_class

    def revert_disabled(self, request, obj=None):
        return not workflow.can_publish(request.user) or super().revert_disabled(request, obj)

    def save_model(self, request, obj, form, change):
        before = Article.objects.get(pk=obj.pk) if change and obj.pk else None
        workflow.check_change(request.user, before, obj)
        workflow.record_status_change(
            obj,
            before.status if before else None,
            form.cleaned_data.get("review_reason", ""),
            by_publisher=workflow.can_publish(request.user),
        )
        if not obj.author_id:
            obj.author = request.user
        if form.cleaned_data.get("refresh_slug") and workflow.can_publish(request.user):
            old = obj.change_slug()
            if old:
                messages.info(request, f"Đường dẫn cũ “{old}” sẽ chuyển tiếp sang “{obj.slug}”.")
        super().save_model(request, obj, form, change)

    @admin.display(description="Trạng thái", ordering="status")
    def status_label(self, obj):
        if obj.is_scheduled:
            return format_html("Hẹn giờ ({})", timezone.localtime(obj.published_at).strftime("%d/%m/%Y %H:%M"))
        return obj.get_status_display()

    @admin.display(description="Ý kiến")
    def review_note_display(self, obj):
        if not obj or not obj.review_note:
            return "—"
        return obj.review_note

    @admin.display(description="Xem trên trang")
    def public_link(self, obj):
        if not obj or not obj.pk:
            return "—"
        label = "Mở tin" if obj.is_public else "Xem trước (chỉ cán bộ thấy)"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label)

    # --- bulk actions (has_publish_permission and _apply come from WorkflowAdminMixin) ---
    @admin.action(description="Gửi duyệt các tin đã chọn", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._apply(request, queryset, workflow.submit_for_review, "Đã gửi duyệt {count} tin.")

    @admin.action(description="Đăng ngay các tin đã chọn", permissions=["publish"])
    def publish_now(self, request, queryset):
        self._apply(request, queryset, workflow.publish_now, "Đã đăng {count} tin.")

    def _apply_with_reason(self, request, queryset, change, done_message, title, action):
        """A send-back or take-down: first a page asking the reason, then the change itself."""
        if not queryset.exists():
            wanted = "đang chờ duyệt" if action == "send_back" else "đang đăng"
            self.message_user(request, f"Không có tin nào {wanted} trong các tin đã chọn.", messages.WARNING)
            return None
        reason = request.POST.get("review_reason")
        error = None
        if reason is not None:
            try:
                text = workflow.clean_reason(reason)
            except ValueError as exc:
                error = str(exc)
            else:
                self._apply(request, queryset, lambda a: change(a, text), done_message)
                return None
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "opts": self.model._meta,
            "articles": queryset.select_related("author").order_by("title"),
            "action": action,
            "select_across": request.POST.get("select_across", "0"),
            "reason": reason or "",
            "error": error,
            "action_checkbox_name": admin.helpers.ACTION_CHECKBOX_NAME,
        }
        return TemplateResponse(request, "admin/news/article/reason_action.html", context)

    @admin.action(description="Trả lại biên tập viên (kèm lý do)", permissions=["publish"])
    def send_back(self, request, queryset):
        return self._apply_with_reason(
            request,
            queryset.filter(status=Article.Status.REVIEW),
            workflow.send_back,
            "Đã trả lại {count} tin cho biên tập viên.",
            "Trả lại tin cho biên tập viên",
            "send_back",
        )

    @admin.action(description="Gỡ xuống (về bản nháp, kèm lý do)", permissions=["publish"])
    def unpublish(self, request, queryset):
        return self._apply_with_reason(
            request,
            queryset.filter(status=Article.Status.PUBLISHED),
            workflow.unpublish,
            "Đã gỡ {count} tin.",
            "Gỡ tin xuống",
            "unpublish",
        )

    @admin.action(description="Lưu trữ các tin đã chọn", permissions=["publish"])
    def archive(self, request, queryset):
        self._apply(request, queryset, workflow.archive, "Đã lưu trữ {count} tin.")

    @admin.action(description="Đặt làm tin nổi bật", permissions=["publish"])
    def feature(self, request, queryset):
        self._apply(request, queryset, lambda a: workflow.set_featured(a, True), "Đã đặt {count} tin nổi bật.")

    @admin.action(description="Bỏ tin nổi bật", permissions=["publish"])
    def unfeature(self, request, queryset):
        self._apply(request, queryset, lambda a: workflow.set_featured(a, False), "Đã bỏ nổi bật {count} tin.")


@admin.register(EditorImage)
class EditorImageAdmin(admin.ModelAdmin):
    list_display = ["file", "width", "height", "uploaded_by", "uploaded_at"]
    list_select_related = ["uploaded_by"]
    readonly_fields = ["file", "width", "height", "uploaded_by", "uploaded_at"]

    def has_add_permission(self, request):
        return False
