"""The member import screens in the admin: upload and preview, confirm, follow a background import.

Kept on django-import-export's URLs, forms and templates (the office already knows the
screens), but the checking and the writing are members.importing's bulk path, and:
- a file over the limits is refused before it is parsed;
- the file waits in a private folder under a random token, which is all the form carries;
  a token this session did not upload is refused and never deletes anything;
- files with more than ``PARTYSITE_IMPORT_BACKGROUND_ROWS`` rows are imported by the
  background worker, with a progress page that can be left and found again.
"""

import unicodedata

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.http import Http404, JsonResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse

from . import importing
from .import_jobs import ImportJob

SESSION_KEY = "members_import_files"
PREVIEW_COLUMNS = (
    ("line", "Dòng"),
    ("full_name", "Họ và tên"),
    ("date_of_birth", "Ngày sinh"),
    ("card_number", "Số thẻ đảng viên"),
    ("admission_date", "Ngày ra quyết định kết nạp"),
    ("official_date", "Ngày chính thức"),
    ("cell", "Chi bộ"),
    ("status", "Tình trạng"),
    ("gaps", "Thời gian gián đoạn"),
)


def _format_ext(input_format) -> str:
    return "csv" if input_format.get_extension() == "csv" else "xlsx"


class BulkImportMixin:
    """Put before ImportExportMixin in the ModelAdmin's bases."""

    import_job_template_name = "admin/members/member/import_job.html"

    # --- URLs -----------------------------------------------------------------------
    def get_urls(self):
        urls = super().get_urls()
        prefix = f"{self.opts.app_label}_{self.opts.model_name}"
        return [
            path("import/job/<int:pk>/", self.admin_site.admin_view(self.import_job_view), name=f"{prefix}_import_job"),
            path(
                "import/job/<int:pk>/status/",
                self.admin_site.admin_view(self.import_job_status),
                name=f"{prefix}_import_job_status",
            ),
            *urls,
        ]

    # --- step 1: upload and preview -------------------------------------------------------
    def _context(self, request, form, **extra):
        context = self.get_import_context_data()
        context.update(self.admin_site.each_context(request))
        resource = self.get_import_resource_classes(request)[0]()
        context.update(
            title="Nhập đảng viên từ tệp",
            form=form,
            opts=self.model._meta,
            media=self.media + form.media,
            # NFC: the column names are shown in a normal font; decomposed marks rendered
            # apart from their letters ("Sô´ thẻ") in the library's monospace list.
            import_columns=[unicodedata.normalize("NFC", f.column_name) for f in resource.get_import_fields()],
            recent_jobs=self._jobs_for(request)[:5],
            max_rows=importing.count_vi(importing.limit("PARTYSITE_IMPORT_MAX_ROWS")),
            max_mb=importing.limit("PARTYSITE_IMPORT_MAX_BYTES") // (1024 * 1024),
            preview_columns=PREVIEW_COLUMNS,
        )
        context.update(extra)
        return context

    def _render(self, request, context):
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_template_name], context)

    def import_action(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        form = self.create_import_form(request)
        if request.method != "POST" or not form.is_valid():
            return self._render(request, self._context(request, form))

        input_format = self.get_import_formats()[int(form.cleaned_data["format"])]()
        fmt = _format_ext(input_format)
        upload = form.cleaned_data["import_file"]
        max_bytes = importing.limit("PARTYSITE_IMPORT_MAX_BYTES")
        try:
            if upload.size > max_bytes:
                # Refused before a byte is read into memory.
                raise importing.ImportRefused(
                    f"Tệp nặng {upload.size / (1024 * 1024):.0f} MB, quá giới hạn {max_bytes // (1024 * 1024)} MB: "
                    "hãy chia thành nhiều tệp."
                )
            data = upload.read()
            importing.check_limits(data, fmt)
            result = importing.check_file(data, fmt)
        except importing.ImportRefused as exc:
            form.add_error("import_file", str(exc))
            return self._render(request, self._context(request, form))
        if not result.ok:
            return self._render(
                request,
                self._context(
                    request,
                    form,
                    import_messages=result.errors,
                    error_count=result.error_count,
                    check=result,
                ),
            )
        storage = self.get_tmp_storage_class()(**self.get_tmp_storage_class_kwargs())
        storage.save(data)
        # The tokens this session uploaded (the last ten), with their row counts from the check.
        waiting = dict(list(request.session.get(SESSION_KEY, {}).items())[-9:])
        waiting[storage.name] = result.rows
        request.session[SESSION_KEY] = waiting
        confirm_form = self.get_confirm_form_class(request)(
            initial={
                "import_file_name": storage.name,
                "original_file_name": upload.name,
                "format": form.cleaned_data["format"],
                "resource": form.cleaned_data.get("resource", ""),
            }
        )
        background = result.rows > importing.limit("PARTYSITE_IMPORT_BACKGROUND_ROWS")
        return self._render(
            request,
            self._context(
                request,
                form,
                confirm_form=confirm_form,
                check=result,
                background=background,
                hidden_rows=result.rows - len(result.preview),
            ),
        )

    # --- step 2: confirm ---------------------------------------------------------------------
    def process_import(self, request, **kwargs):
        if not self.has_import_permission(request):
            raise PermissionDenied
        if request.method != "POST":
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import"))
        confirm_form = self.get_confirm_form_class(request)(data=request.POST)
        name = request.POST.get("import_file_name", "")
        import_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import")
        waiting = request.session.get(SESSION_KEY, {})
        formats = self.get_import_formats()
        valid = confirm_form.is_valid() and confirm_form.cleaned_data["format"] in [str(i) for i in range(len(formats))]
        if not valid or name not in waiting:
            # Only a file this session uploaded; anything else is ignored, never opened or deleted.
            messages.error(request, "Tệp chờ nhập không hợp lệ hoặc đã hết hạn: hãy tải tệp lên lại.")
            return redirect(import_url)
        input_format = formats[int(confirm_form.cleaned_data["format"])]()
        fmt = _format_ext(input_format)
        try:
            storage = self.get_tmp_storage_class()(name=name, **self.get_tmp_storage_class_kwargs())
            data = storage.read()
            importing.check_limits(data, fmt)
        except importing.ImportRefused as exc:
            messages.error(request, str(exc))
            return redirect(import_url)
        rows = waiting.pop(name)
        request.session[SESSION_KEY] = waiting
        original = confirm_form.cleaned_data["original_file_name"][:255]

        if rows > importing.limit("PARTYSITE_IMPORT_BACKGROUND_ROWS"):
            job = ImportJob.objects.create(
                created_by=request.user,
                original_name=original,
                file_name=name,
                file_format=fmt,
                total_rows=rows,
            )
            from .tasks import run_import_job

            transaction.on_commit(lambda: run_import_job.enqueue(job.pk))
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_import_job", args=[job.pk]))

        try:
            result = importing.import_file(data, fmt, user=request.user)
        except importing.ImportRefused as exc:
            messages.error(request, str(exc))
            return redirect(import_url)
        finally:
            storage.remove()
        if not result.ok:
            for message in result.errors[:20]:
                messages.error(request, message)
            return redirect(import_url)
        messages.success(request, f"Đã nhập {len(result.created_ids)} đảng viên từ tệp “{original}”.")
        return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist"))

    # --- a background import's page ----------------------------------------------------------------
    def _jobs_for(self, request):
        jobs = ImportJob.objects.select_related("created_by")
        return jobs if request.user.is_superuser else jobs.filter(created_by=request.user)

    def _job(self, request, pk):
        if not self.has_import_permission(request):
            raise PermissionDenied
        try:
            return self._jobs_for(request).get(pk=pk)
        except ImportJob.DoesNotExist:
            raise Http404("Không có lần nhập này.") from None

    def import_job_view(self, request, pk):
        job = self._job(request, pk)
        context = self.admin_site.each_context(request)
        context.update(
            title=f"Nhập đảng viên: {job.original_name}", job=job, opts=self.model._meta, stale=_is_stale(job)
        )
        request.current_app = self.admin_site.name
        return TemplateResponse(request, [self.import_job_template_name], context)

    def import_job_status(self, request, pk):
        job = self._job(request, pk)
        return JsonResponse(
            {
                "status": job.status,
                "status_display": job.get_status_display(),
                "percent": job.percent,
                "done_rows": job.done_rows,
                "total_rows": job.total_rows,
                "active": job.is_active,
            },
            headers={"Cache-Control": "no-store"},
        )


def _is_stale(job) -> bool:
    """A job that has not moved for a long time: its worker probably died (nothing was written)."""
    from django.utils import timezone

    limit = getattr(settings, "PARTYSITE_IMPORT_STALE_SECONDS", 15 * 60)
    return job.is_active and (timezone.now() - job.updated_at).total_seconds() > limit
