"""A record of who viewed, changed, exported or imported personal data, and when.

Luật Bảo vệ dữ liệu cá nhân (91/2025/QH15) asks the office to know who saw member
records. Everything here writes ``core.models.DataAccessLog`` rows that carry
the model label and the record ids only, never the data itself.

- ``AuditedAdminMixin``: put it first in a ModelAdmin's bases; it logs list and
  record views, history views, saves, deletions and django-import-export's
  exports and imports.
- ``log_access(request, action, model, object_ids)``: for custom views (a badge
  list export, a printable page).
- ``stamp_workbook(workbook, user)``: writes who exported and when into an
  openpyxl workbook (its properties and, optionally, a header line).
"""

from __future__ import annotations

import getpass
import io
import ipaddress
import json
import os
from collections.abc import Iterable

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.views.autocomplete import AutocompleteJsonView
from django.utils import timezone

from core.models import DataAccessLog
from core.spreadsheets import csv_safe, dates_as_date_cells, neutralise_formulae, set_cell

Action = DataAccessLog.Action

# A list page shows at most a page of rows; an export may hold thousands of ids.
# The ids are kept (they are not personal data) but capped so one export cannot bloat the table.
MAX_IDS = 5000


def _model_label(model) -> str:
    if isinstance(model, str):
        return model.lower()
    return model._meta.label_lower


def _valid_address(value) -> str | None:
    try:
        return str(ipaddress.ip_address((value or "").strip()))
    except ValueError:
        return None


def client_ip_address(request) -> str | None:
    """The visitor's address: ``X-Forwarded-For`` read exactly ``PROXY_COUNT`` hops from the right.

    Each trusted proxy in front of the site (``DJANGO_PROXY_COUNT`` of them) appends the address
    it received the request from, so the client is the PROXY_COUNT-th entry counted from the
    right; anything further left was written by the client and is ignored. With no proxy (0)
    the header is ignored entirely and ``REMOTE_ADDR`` is the visitor. django-axes uses this
    (``AXES_CLIENT_IP_CALLABLE``) and so does the access log.
    """
    remote = _valid_address(request.META.get("REMOTE_ADDR"))
    hops = getattr(settings, "PROXY_COUNT", 0)
    if hops <= 0:
        return remote
    entries = [e.strip() for e in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if e.strip()]
    if len(entries) < hops:
        # Not through all our proxies (a direct hit on the app server): the peer is the client.
        return remote
    return _valid_address(entries[-hops]) or remote


def _client_ip(request) -> str | None:
    return client_ip_address(request)


def log_access(request, action: str, model, object_ids: Iterable = ()) -> DataAccessLog:
    """Record that ``request.user`` did ``action`` on ``object_ids`` of ``model``.

    ``model`` is a model class, an instance's class or a label such as ``"members.member"``.
    """
    if action not in Action.values:
        raise ValueError(f"Unknown access action {action!r}; use core.audit.Action.")
    ids = [str(pk) for pk in object_ids]
    user = getattr(request, "user", None)
    authenticated = bool(user is not None and user.is_authenticated)
    return DataAccessLog.objects.create(
        user=user if authenticated else None,
        username=user.get_username() if authenticated else "",
        action=action,
        model=_model_label(model),
        object_ids=ids[:MAX_IDS],
        object_count=len(ids),
        ip_address=_client_ip(request),
    )


def command_username(command: str) -> str:
    """Who ran a management command: the operating-system account (there is no web user)."""
    try:
        os_user = getpass.getuser()
    except (KeyError, OSError):  # no name for this uid (a container's anonymous user)
        os_user = f"uid {os.getuid()}" if hasattr(os, "getuid") else "?"
    return f"{os_user} (manage.py {command})"[:150]


def log_command_access(command: str, action: str, model, object_ids: Iterable = ()) -> DataAccessLog:
    """``log_access`` for a management command: the OS user is recorded as who did it."""
    if action not in Action.values:
        raise ValueError(f"Unknown access action {action!r}; use core.audit.Action.")
    ids = [str(pk) for pk in object_ids]
    return DataAccessLog.objects.create(
        user=None,
        username=command_username(command),
        action=action,
        model=_model_label(model),
        object_ids=ids[:MAX_IDS],
        object_count=len(ids),
        ip_address=None,
    )


class AuditedAutocompleteJsonView(AutocompleteJsonView):
    """The admin's autocomplete, logging the records it lists when their admin is audited.

    Typing a name in a "member" box lists members (name and id): a view of member data like
    the changelist. Mounted in partysite/urls.py before the admin's own URL of the same path.
    """

    def get(self, request, *args, **kwargs):
        response = super().get(request, *args, **kwargs)
        if response.status_code == 200 and isinstance(self.model_admin, AuditedAdminMixin):
            results = json.loads(response.content).get("results", [])
            log_access(request, Action.VIEWED, self.model_admin.model, [r["id"] for r in results])
        return response


def stamp_workbook(workbook, user, when=None, header: bool = True):
    """Write who made an export and when into an openpyxl workbook.

    The properties (creator, created, description) travel with the file; the header
    line, inserted above the first row of every sheet, is what a printed copy shows.
    Pass ``header=False`` for files meant to be imported back.
    """
    when = when or timezone.now()
    local = timezone.localtime(when)
    name = user.get_full_name() or user.get_username() if user is not None else ""
    line = f"Xuất bởi {name} lúc {local:%H:%M} ngày {local:%d/%m/%Y}"
    props = workbook.properties
    props.creator = name
    props.lastModifiedBy = name
    props.created = when.replace(tzinfo=None) if timezone.is_aware(when) else when
    props.description = line
    if header:
        for sheet in workbook.worksheets:
            sheet.insert_rows(1)
            set_cell(sheet, 1, 1, line)
    return workbook


def stamp_xlsx_bytes(data: bytes, user, header: bool = False) -> bytes:
    """``stamp_workbook`` for an .xlsx file held in memory (e.g. import-export's output)."""
    from openpyxl import load_workbook

    workbook = load_workbook(io.BytesIO(data))
    # django-import-export writes a text starting with "=" as a formula: store it as text.
    neutralise_formulae(workbook)
    dates_as_date_cells(workbook)
    stamp_workbook(workbook, user, header=header)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def retention_cutoff(now=None):
    """Rows older than this are pruned: ``DATA_ACCESS_LOG_RETENTION_YEARS`` before ``now``.

    Whole years on the calendar (29/02 becomes 28/02 in a common year), so the page can state
    the period in years and a row is kept at least that long.
    """
    now = now or timezone.now()
    years = settings.DATA_ACCESS_LOG_RETENTION_YEARS
    try:
        return now.replace(year=now.year - years)
    except ValueError:  # 29 February in a year that has none
        return now.replace(year=now.year - years, day=28)


def prune_access_log(now=None, dry_run: bool = False, batch_size: int = 2000) -> int:
    """Delete the access-log rows older than the retention period; returns how many (would) go.

    Safe to run every night and to run twice: it only ever removes rows past the cutoff, in
    small batches so a large first run does not hold one long lock on the table.
    """
    old = DataAccessLog.objects.filter(at__lt=retention_cutoff(now))
    if dry_run:
        return old.count()
    deleted = 0
    while True:
        ids = list(old.order_by("pk").values_list("pk", flat=True)[:batch_size])
        if not ids:
            return deleted
        deleted += DataAccessLog.objects.filter(pk__in=ids).delete()[0]


class AuditedAdminMixin:
    """Logs every look at and change of this ModelAdmin's records. Put it first in the bases."""

    def changelist_view(self, request, extra_context=None):
        response = super().changelist_view(request, extra_context)
        changelist = getattr(response, "context_data", None) and response.context_data.get("cl")
        if response.status_code == 200 and changelist is not None and request.method == "GET":
            log_access(request, Action.VIEWED, self.model, (obj.pk for obj in changelist.result_list))
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        response = super().change_view(request, object_id, form_url, extra_context)
        # Saving is logged by save_model; a GET that renders the form is a view of the record.
        if request.method == "GET" and response.status_code == 200:
            log_access(request, Action.VIEWED, self.model, [object_id])
        return response

    def history_view(self, request, object_id, extra_context=None):
        response = super().history_view(request, object_id, extra_context)
        if response.status_code == 200:
            log_access(request, Action.VIEWED, self.model, [object_id])
        return response

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        # django-simple-history's page showing a past version of the record.
        response = super().history_form_view(request, object_id, version_id, extra_context)
        if request.method == "GET" and response.status_code == 200:
            log_access(request, Action.VIEWED, self.model, [object_id])
        return response

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        log_access(request, Action.CHANGED if change else Action.ADDED, self.model, [obj.pk])

    def delete_model(self, request, obj):
        pk = obj.pk
        super().delete_model(request, obj)
        log_access(request, Action.DELETED, self.model, [pk])

    def delete_queryset(self, request, queryset):
        pks = list(queryset.values_list("pk", flat=True))
        super().delete_queryset(request, queryset)
        log_access(request, Action.DELETED, self.model, pks)

    # --- django-import-export (only called when the admin uses its mixins) ---------
    def get_export_data(self, file_format, request, queryset, **kwargs):
        data = super().get_export_data(file_format, request, queryset, **kwargs)
        log_access(request, Action.EXPORTED, self.model, queryset.values_list("pk", flat=True))
        if getattr(file_format, "CONTENT_TYPE", "").endswith("spreadsheetml.sheet"):
            # No header line: an exported file must stay importable.
            data = stamp_xlsx_bytes(data, request.user, header=False)
        return data

    def get_data_for_export(self, request, queryset, **kwargs):
        dataset = super().get_data_for_export(request, queryset, **kwargs)
        if not kwargs.get("force_native_type", True):
            # A text format (CSV, TSV…): a field starting with = + - @ gets a leading apostrophe,
            # or a spreadsheet program would run it (issue 12.1). .xlsx is handled in get_export_data.
            rows = [[csv_safe(value) for value in row] for row in dataset]
            del dataset[:]
            for row in rows:
                dataset.append(row)
        return dataset

    def process_result(self, result, request):
        pks = [row.object_id for row in result.rows if getattr(row, "object_id", None) is not None]
        log_access(request, Action.IMPORTED, self.model, pks)
        return super().process_result(result, request)


class DataAccessLogAdmin(admin.ModelAdmin):
    """Read-only, superusers only: the log must not be edited or read by the people it records."""

    list_display = ["at", "username", "action", "model", "object_count", "ip_address"]
    list_filter = ["action", "model", "at"]
    search_fields = ["username", "model"]
    date_hierarchy = "at"
    list_select_related = []
    readonly_fields = ["at", "user", "username", "action", "model", "object_ids", "object_count", "ip_address"]

    def has_module_permission(self, request):
        return request.user.is_active and request.user.is_superuser

    def has_view_permission(self, request, obj=None):
        return request.user.is_active and request.user.is_superuser

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
