"""Admin for the library: the same editorial workflow as news (rules in documents/workflow.py)."""

from django import forms
from django.contrib import admin
from django.template.defaultfilters import filesizeformat
from django.utils.html import format_html

from core.admin_workflow import WorkflowAdminMixin

from . import workflow
from .forms import DocumentAdminForm, DocumentFileForm
from .models import Document, DocumentFile, IssuingBody
from .search import search_documents


@admin.register(IssuingBody)
class IssuingBodyAdmin(admin.ModelAdmin):
    list_display = ["name", "sign", "order"]
    list_editable = ["sign", "order"]
    search_fields = ["name", "sign"]


class DocumentFileInline(admin.TabularInline):
    model = DocumentFile
    form = DocumentFileForm
    extra = 1
    fields = ["upload", "current_file", "label", "order", "text_status"]
    readonly_fields = ["current_file", "text_status"]

    def get_fields(self, request, obj=None):
        # "upload" is a form field, not a model field: on a document this person may only read,
        # the admin would show its missing value as "None".
        fields = super().get_fields(request, obj)
        if obj is not None and not workflow.can_edit(request.user, obj):
            fields = [name for name in fields if name != "upload"]
        return fields

    @admin.display(description="Tệp hiện có")
    def current_file(self, obj):
        if not obj or not obj.pk:
            return "—"
        return format_html(
            '<a href="{}" target="_blank" rel="noopener">{}</a> ({}, {})',
            obj.get_absolute_url(),
            obj.original_name or obj.display_name,
            obj.get_kind_display(),
            filesizeformat(obj.size),
        )

    @admin.display(description="Chữ để tìm kiếm")
    def text_status(self, obj):
        if not obj or not obj.pk:
            return "—"
        if obj.kind != DocumentFile.Kind.PDF:
            return "Không đọc (chỉ đọc chữ trong PDF)"
        read = f"{len(obj.text):,} ký tự".replace(",", ".") if obj.text else "Không có chữ"
        return f"{read}. {obj.text_note}".strip() if obj.text_note else read


@admin.register(Document)
class DocumentAdmin(WorkflowAdminMixin, admin.ModelAdmin):
    form = DocumentAdminForm
    workflow = workflow
    workflow_select_related = ["issuer"]
    search_function = staticmethod(search_documents)
    inlines = [DocumentFileInline]
    list_display = ["number", "doc_type", "issuer", "issued_on", "is_public", "status", "updated_at"]
    list_filter = ["status", "is_public", "doc_type", "issuer", "year"]
    list_select_related = ["issuer"]
    # Search goes through documents.search (accent-insensitive); the field only turns the box on.
    search_fields = ["number"]
    search_help_text = "Tìm theo số, ký hiệu, trích yếu và chữ trong tệp PDF, có dấu hay không dấu đều được."
    date_hierarchy = "issued_on"
    readonly_fields = ["public_link", "author", "published_at", "created_at", "updated_at"]
    actions = ["submit_for_review", "publish_now", "unpublish", "archive"]
    list_per_page = 50

    def get_fieldsets(self, request, obj=None):
        publishing = ["status", "is_public"] if workflow.can_publish(request.user) else ["status"]
        return [
            (None, {"fields": ["number", "doc_type", "issuer", "issued_on", "signer", "summary"]}),
            ("Đăng văn bản", {"fields": publishing}),
            (
                "Thông tin",
                {
                    "fields": ["public_link", "author", "published_at", "created_at", "updated_at"],
                    "classes": ["collapse"],
                },
            ),
        ]

    def get_exclude(self, request, obj=None):
        # Fields an editor may not set are not in the form: a crafted POST cannot set them.
        if not workflow.can_publish(request.user):
            return [*workflow.PUBLISHER_ONLY_FIELDS]
        return super().get_exclude(request, obj)

    def get_form(self, request, obj=None, change=False, **kwargs):
        form_class = super().get_form(request, obj, change=change, **kwargs)
        if not workflow.can_publish(request.user):
            allowed = {s.value for s in workflow.EDITOR_STATUSES}

            class EditorDocumentForm(form_class):
                def __init__(self, *args, **kw):
                    super().__init__(*args, **kw)
                    self.fields["status"] = forms.TypedChoiceField(
                        label="Trạng thái",
                        choices=[c for c in Document.Status.choices if c[0] in allowed],
                        initial=Document.Status.DRAFT,
                        help_text="Chọn “Chờ duyệt” để gửi văn bản cho người duyệt.",
                    )

            return EditorDocumentForm
        return form_class

    def save_model(self, request, obj, form, change):
        before = Document.objects.get(pk=obj.pk) if change and obj.pk else None
        workflow.check_change(request.user, before, obj)
        if not obj.author_id:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    @admin.display(description="Xem trên trang")
    def public_link(self, obj):
        if not obj or not obj.pk:
            return "—"
        label = "Mở văn bản" if obj.is_visible else "Xem trước (chỉ cán bộ thấy)"
        return format_html('<a href="{}" target="_blank" rel="noopener">{}</a>', obj.get_absolute_url(), label)

    # --- bulk actions (has_publish_permission and _apply come from WorkflowAdminMixin) ---
    @admin.action(description="Gửi duyệt các văn bản đã chọn", permissions=["change"])
    def submit_for_review(self, request, queryset):
        self._apply(request, queryset, workflow.submit_for_review, "Đã gửi duyệt {count} văn bản.")

    @admin.action(description="Đăng ngay các văn bản đã chọn", permissions=["publish"])
    def publish_now(self, request, queryset):
        self._apply(request, queryset, workflow.publish_now, "Đã đăng {count} văn bản.")

    @admin.action(description="Gỡ xuống (về bản nháp)", permissions=["publish"])
    def unpublish(self, request, queryset):
        self._apply(request, queryset, workflow.unpublish, "Đã gỡ {count} văn bản.")

    @admin.action(description="Lưu trữ các văn bản đã chọn", permissions=["publish"])
    def archive(self, request, queryset):
        self._apply(request, queryset, workflow.archive, "Đã lưu trữ {count} văn bản.")
