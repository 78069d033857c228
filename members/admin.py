"""The party office's member registry in the admin.

Only the office group and superusers reach it (model permissions granted by
migrations); nobody deletes a member: leaving, dying and transfers are status changes.
"""

from collections import defaultdict
from datetime import date, timedelta
from types import SimpleNamespace

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.core.exceptions import PermissionDenied
from django.db.models import Count, Exists, OuterRef, Q
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from core.admin_concurrency import ConcurrentEditMixin
from core.audit import Action, AuditedAdminMixin, log_access
from core.exports import unless_post
from core.numbers import number_or_404
from core.regulations import BADGES
from core.text import fold_words

from . import party_age, probation
from .badge_window import NEVER_PROPOSED, age_reading_day, milestone_counts, next_milestone_worth_showing
from .forms import (
    CellPeriodInlineFormSet,
    GapInlineFormSet,
    MemberAdminForm,
    ProbationDecisionForm,
    StatusChangeInlineFormSet,
    TransferForm,
)
from .import_admin import BulkImportMixin
from .models import CellMembership, Discipline, Member, MembershipGap, PartyCell, StatusChange
from .resources import MemberResource


def member_search(queryset, term):
    """Accent-insensitive word-prefix search on the folded name and card number."""
    for word in fold_words(term).split():
        queryset = queryset.filter(search_text__contains=f" {word}")
    return queryset


def reaching_milestone_between(queryset, start, end):
    """Members whose party age reaches a badge milestone on a day in [start, end].

    Those who may be proposed only (members.badge_window, shared with awards.badges.rules):
    transferred-out and departed members never; a deceased member only inside the
    posthumous window.
    """
    return queryset.filter(pk__in=list(first_milestone_days(queryset, start, end)))


def first_milestone_days(queryset, start, end) -> dict[int, date]:
    """{member id: the first milestone day in [start, end]} for the members of ``queryset``.

    Without gaps the N-year milestone is the N-th anniversary, so a date range on
    ``admission_date`` (a few days wider, for month ends) finds the candidates in SQL;
    members with gaps are always candidates. The exact rule then runs on the candidates
    only (one implementation: members.party_age), read as plain rows in two queries: on
    100,000 members a 12-month window has ~8,000 candidates, and building a prefetch
    queryset per member cost two seconds.
    """
    slack = timedelta(days=3)
    near = Q(Exists(MembershipGap.objects.filter(member=OuterRef("pk"))))
    for years in BADGES.milestones:
        low = party_age.add_months(start, -12 * years) - slack
        high = party_age.add_months(end, -12 * years) + slack
        near |= Q(admission_date__range=(low, high))
    candidates = (
        Member.objects.filter(pk__in=queryset.values("pk")).filter(near).exclude(status__in=NEVER_PROPOSED).order_by()
    )
    gaps = defaultdict(list)
    for gap in (
        MembershipGap.objects.filter(member__in=candidates.values("pk"))
        .order_by()
        .values_list("member_id", "start", "end")
        .iterator()
    ):
        gaps[gap[0]].append(SimpleNamespace(start=gap[1], end=gap[2]))
    matching = {}
    rows = candidates.values_list("pk", "admission_date", "status", "status_date").iterator()
    for pk, admission_date, status, status_date in rows:
        for years in BADGES.milestones:
            day = party_age.milestone_date(admission_date, gaps.get(pk, ()), years)
            if day is None or day > end or not milestone_counts(status, status_date, day):
                break
            if day >= start:
                matching[pk] = day
                break
    return matching


class MilestoneSoonFilter(admin.SimpleListFilter):
    title = "đạt mốc huy hiệu trong"
    parameter_name = "dat_moc"
    CHOICES = {"3": 3, "6": 6, "12": 12, "24": 24}

    def lookups(self, request, model_admin):
        return [(key, f"{months} tháng tới") for key, months in self.CHOICES.items()]

    def queryset(self, request, queryset):
        months = self.CHOICES.get(self.value())
        if not months:
            return queryset
        today = timezone.localdate()
        return reaching_milestone_between(queryset, today, party_age.add_months(today, months))


class ProbationFilter(admin.SimpleListFilter):
    """Probationary members whose 12 months end soon, or whose decision is overdue (DOMAIN.md)."""

    title = "thời hạn dự bị"
    parameter_name = "du_bi"

    def lookups(self, request, model_admin):
        return [
            ("30", "Hết 12 tháng trong 30 ngày tới"),
            ("60", "Hết 12 tháng trong 60 ngày tới"),
            ("qua_han", "Quá hạn xét"),
        ]

    def queryset(self, request, queryset):
        today = timezone.localdate()
        if self.value() in ("30", "60"):
            return queryset.filter(pk__in=probation.member_ids(probation.DUE, today, int(self.value()), queryset))
        if self.value() == "qua_han":
            return queryset.filter(pk__in=probation.member_ids(probation.OVERDUE, today, 60, queryset))
        return queryset


class OfficialDateCheckFilter(admin.SimpleListFilter):
    """Existing records whose official date is under 12 months after the ceremony: shown, never refused."""

    title = "kiểm tra ngày chính thức"
    parameter_name = "kiem_tra_chinh_thuc"

    def lookups(self, request, model_admin):
        return [("som", "Chính thức chưa đủ 12 tháng sau lễ kết nạp")]

    def queryset(self, request, queryset):
        if self.value() == "som":
            return queryset.filter(pk__in=[row[0] for row in probation.official_too_early(queryset)])
        return queryset


class MembershipGapInline(admin.TabularInline):
    model = MembershipGap
    formset = GapInlineFormSet
    extra = 0
    fields = ("start", "end", "reason", "note")


class CellPeriodInline(admin.TabularInline):
    model = CellMembership
    formset = CellPeriodInlineFormSet
    extra = 0
    fields = ("cell", "start", "end", "note")
    autocomplete_fields = ("cell",)
    verbose_name_plural = "lịch sử sinh hoạt chi bộ (chuyển sinh hoạt: dùng nút “Chuyển sinh hoạt”)"


class DisciplineInline(admin.TabularInline):
    model = Discipline
    extra = 0
    fields = ("form", "decided_on", "decision_number", "reason")


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    formset = StatusChangeInlineFormSet
    extra = 0
    fields = ("kind", "date", "decision_number", "place", "leave_form", "note")
    verbose_name_plural = "lịch sử tình trạng (chuyển đi/đến, từ trần, ra khỏi Đảng, đình chỉ, miễn sinh hoạt)"


@admin.register(PartyCell)
class PartyCellAdmin(SimpleHistoryAdmin):
    list_display = ("name", "member_count", "order", "is_active")
    list_editable = ("order", "is_active")
    list_filter = ("is_active",)
    search_fields = ("name",)
    fields = ("name", "description", "order", "is_active")

    def get_queryset(self, request):
        active = Q(members__status__in=[s for s in Member.Status.values if s not in Member.INACTIVE_STATUSES])
        # Ordered again explicitly: with a GROUP BY, Django no longer counts the model's default
        # ordering as an order, and the cell autocomplete warned that its pages could shift.
        return (
            super()
            .get_queryset(request)
            .annotate(_member_count=Count("members", filter=active))
            .order_by(*PartyCell._meta.ordering)
        )

    @admin.display(description="số đảng viên đang sinh hoạt", ordering="_member_count")
    def member_count(self, cell):
        return cell._member_count

    def get_search_results(self, request, queryset, search_term):
        if not search_term:
            return queryset, False
        for word in fold_words(search_term).split():
            queryset = queryset.filter(search_name__contains=word)
        return queryset, False


@admin.register(Member)
class MemberAdmin(AuditedAdminMixin, ConcurrentEditMixin, BulkImportMixin, ImportExportMixin, SimpleHistoryAdmin):
    form = MemberAdminForm
    resource_classes = [MemberResource]
    import_formats = [XLSX, CSV]
    export_formats = [XLSX]
    skip_export_form = True
    import_template_name = "admin/members/member/import.html"
    import_export_change_list_template = "admin/members/member/change_list.html"

    # The columns the office scans, fitting 1366 px beside the filters (admission dates are on the record).
    list_display = (
        "name_display",
        "cell",
        "status",
        "party_age",
        "next_milestone_years",
        "next_milestone_date",
    )
    list_display_links = ("name_display",)
    list_filter = ("cell", "status", MilestoneSoonFilter, ProbationFilter, OfficialDateCheckFilter, "gender")
    list_select_related = ("cell",)
    list_per_page = 50
    search_fields = ("full_name",)  # shows the box; the search itself is member_search (folded)
    search_help_text = "Tìm theo họ tên (có dấu hoặc không dấu) hoặc số thẻ đảng viên."
    ordering = ("sort_key", "id")
    autocomplete_fields = ("cell",)
    inlines = (StatusChangeInline, CellPeriodInline, MembershipGapInline, DisciplineInline)
    fieldsets = (
        (None, {"fields": ("full_name", "other_name", "gender", "date_of_birth", "photo")}),
        (
            "Đảng",
            {
                "fields": (
                    "cell",
                    "card_number",
                    "dossier_number",
                    "admission_date",
                    "admission_ceremony_date",
                    "official_date",
                    "probation_info",
                    "party_age_summary",
                    "status",
                    "status_date",
                    "party_position",
                )
            },
        ),
        (
            "Lý lịch",
            {
                "classes": ("collapse",),
                "fields": (
                    "place_of_birth",
                    "hometown",
                    "ethnicity",
                    "religion",
                    "education_level",
                    "theory_level",
                    "professional_level",
                    "job_title",
                ),
            },
        ),
        (None, {"fields": ("notes",)}),
    )

    # --- who may do what --------------------------------------------------------
    def has_delete_permission(self, request, obj=None):
        # Members are never deleted, not even by a superuser: leaving is a status change.
        return False

    def has_import_permission(self, request):
        return request.user.has_perm("members.add_member")

    def has_export_permission(self, request):
        return request.user.has_perm("members.view_member")

    # --- list -------------------------------------------------------------------
    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("gaps")

    def get_search_results(self, request, queryset, search_term):
        if not search_term.strip():
            return queryset, False
        return member_search(queryset, search_term), False

    def _today(self):
        return timezone.localdate()

    def _age(self, member):
        """(party months, next milestone), computed once per row from the prefetched gaps.

        Membership ends at death or on leaving the Party: party age is shown as it stood
        that day, with no next milestone (posthumous awards are the badge list's work).
        """
        cached = getattr(member, "_age_cache", None)
        if cached is None:
            on, ended = age_reading_day(member, self._today())
            months, upcoming = party_age.party_age_and_next_milestone(
                member.admission_date, member.gaps.all(), on, BADGES.milestones
            )
            cached = member._age_cache = (months, next_milestone_worth_showing(member, upcoming, ended))
        return cached

    def _next(self, member):
        return self._age(member)[1]

    @admin.display(description="họ và tên", ordering="sort_key")
    def name_display(self, member):
        return member.full_name

    @admin.display(description="ngày QĐ kết nạp", ordering="admission_date")
    def admission_display(self, member):
        return member.admission_date.strftime("%d/%m/%Y")

    @admin.display(description="tuổi Đảng")
    def party_age(self, member):
        return party_age.format_party_age(self._age(member)[0])

    @admin.display(description="tuổi Đảng và các mốc huy hiệu")
    def party_age_summary(self, member):
        if member.pk is None or member.admission_date is None:
            return "Tính sau khi lưu."
        today = self._today()
        on, ended = age_reading_day(member, today)
        gaps = list(member.gaps.all())
        months = party_age.party_months(member.admission_date, gaps, on)
        head = f"{party_age.format_party_age(months)} (tính đến {on:%d/%m/%Y}"
        head += ", ngày thôi sinh hoạt đảng)" if ended else ")"
        parts = []
        for years in BADGES.milestones:
            day = party_age.milestone_date(member.admission_date, gaps, years)
            if day is None:
                parts.append(f"{years} năm: chưa xác định (đang gián đoạn)")
                break
            parts.append(f"{years} năm: {day:%d/%m/%Y}")
        return format_html("<strong>{}</strong><br>Ngày đạt mốc: {}", head, " · ".join(parts))

    @admin.display(description="dự bị")
    def probation_info(self, member):
        if member.pk is None or member.status != Member.Status.PROBATIONARY:
            return "–"
        end = probation.probation_end(member)
        link = reverse("admin:members_member_probation", args=[member.pk])
        if end is None:
            return format_html('Chưa có ngày lễ kết nạp. <a href="{}">Ghi nhận quyết định</a>', link)
        overdue = " (đã quá hạn xét)" if probation.is_overdue(member, self._today()) else ""
        return format_html(
            'Hết 12 tháng ngày {}; hạn xét {}{}. <a href="{}">Ghi nhận quyết định</a>',
            f"{end:%d/%m/%Y}",
            f"{probation.deadline_of(end):%d/%m/%Y}",
            overdue,
            link,
        )

    @admin.display(description="mốc tiếp theo")
    def next_milestone_years(self, member):
        nxt = self._next(member)
        return f"{nxt[0]} năm" if nxt else "–"

    @admin.display(description="ngày đạt mốc")
    def next_milestone_date(self, member):
        nxt = self._next(member)
        return nxt[1].strftime("%d/%m/%Y") if nxt else "–"

    # --- change form ------------------------------------------------------------
    def get_readonly_fields(self, request, obj=None):
        readonly = [*super().get_readonly_fields(request, obj), "party_age_summary", "probation_info"]
        if obj is not None and obj.status_changes.exists():
            # The status follows its dated history (the inline below).
            readonly += ["status", "status_date"]
        if obj is not None:
            # The cell follows the dated cell history: a move goes through "Chuyển sinh hoạt"
            # (members.transfers), so that lists "as of" a past date keep the old cell.
            readonly += ["cell"]
        return readonly

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        member = form.instance
        member.sync_status()
        # The member's cell is the cell of the open period, when the history says so.
        current = member.cell_periods.filter(end__isnull=True).order_by("-start").first()
        if current is not None and current.cell_id != member.cell_id:
            member.cell = current.cell
            Member.objects.filter(pk=member.pk).update(cell=current.cell)
        for warning in member.warnings():
            self.message_user(request, warning, messages.WARNING)

    # --- probation decision --------------------------------------------------------
    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/xet-chinh-thuc/", view(self.probation_view), name="members_member_probation"),
            path("<int:pk>/chuyen-sinh-hoat/", view(self.transfer_view), name="members_member_transfer"),
            path("bao-cao-thong-ke/", view(self.statistics_view), name="members_member_statistics"),
            path("<int:pk>/ho-so/", view(self.record_view), name="members_member_record"),
            path("<int:pk>/ho-so/in/", view(self.record_print_view), name="members_member_record_print"),
        ] + super().get_urls()

    def probation_view(self, request, pk):
        """Record the committee's decision on a probationary member (the rules: members.probation)."""
        member = get_object_or_404(Member, pk=pk)
        if not self.has_change_permission(request, member):
            raise PermissionDenied
        form = ProbationDecisionForm(request.POST or None, member=member)
        if request.method == "POST" and form.is_valid():
            data = form.cleaned_data
            if data["decision"] == form.RECOGNISED:
                probation.record_recognition(member, data["decided_on"], data["decision_number"])
                text = (
                    f"Đã công nhận đồng chí {member.full_name} là đảng viên chính thức "
                    f"từ ngày {member.official_date:%d/%m/%Y}."
                )
            else:
                probation.record_strike_off(member, data["decided_on"], data["reason"], data["decision_number"])
                text = f"Đã ghi nhận xóa tên đồng chí {member.full_name} trong danh sách đảng viên dự bị."
            self.log_change(request, member, text)
            self.message_user(request, text, messages.SUCCESS)
            return HttpResponseRedirect(reverse("admin:members_member_change", args=[member.pk]))
        # The form shows the member's dates: a read of personal data like the record page.
        log_access(request, Action.VIEWED, Member, [member.pk])
        end = probation.probation_end(member)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": member,
            "title": f"Xét công nhận đảng viên chính thức – {member.full_name}",
            "form": form,
            "probation_end": end,
            "deadline": probation.deadline_of(end),
            "overdue": probation.is_overdue(member, timezone.localdate()),
        }
        return TemplateResponse(request, "admin/members/member/probation.html", context)

    def transfer_view(self, request, pk):
        """Record a move between cells or a transfer out/in (the rules: members.transfers)."""
        from django.core.exceptions import ValidationError

        member = get_object_or_404(Member.objects.select_related("cell"), pk=pk)
        if not self.has_change_permission(request, member):
            raise PermissionDenied
        form = TransferForm(request.POST or None, member=member)
        if request.method == "POST" and form.is_valid():
            try:
                form.save()
            except ValidationError as error:
                form.add_error(None, error.messages)
            else:
                text = f"Đã ghi nhận chuyển sinh hoạt của đồng chí {member.full_name}."
                self.log_change(request, member, text)
                self.message_user(request, text, messages.SUCCESS)
                return HttpResponseRedirect(reverse("admin:members_member_change", args=[member.pk]))
        log_access(request, Action.VIEWED, Member, [member.pk])
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": member,
            "title": f"Chuyển sinh hoạt đảng – {member.full_name}",
            "form": form,
        }
        return TemplateResponse(request, "admin/members/member/transfer.html", context)

    def _record(self, request, pk):
        from .record import build_record

        member = get_object_or_404(Member.objects.select_related("cell"), pk=pk)
        if not self.has_view_permission(request, member):
            raise PermissionDenied
        # Who read the whole record, and when (Luật Bảo vệ dữ liệu cá nhân).
        log_access(request, Action.VIEWED, Member, [member.pk])
        return build_record(member, self._today())

    def record_view(self, request, pk):
        """The member's whole record on one page (members.record; awards add their sections)."""
        record = self._record(request, pk)
        context = {
            **self.admin_site.each_context(request),
            **record,
            "opts": self.model._meta,
            "original": record["member"],
            "title": f"Hồ sơ đảng viên – {record['member'].full_name}",
        }
        return TemplateResponse(request, "admin/members/member/record.html", context)

    def record_print_view(self, request, pk):
        """The record as the office prints it (A4 portrait, Times New Roman). POST, like every export."""
        from django.http import HttpResponseNotAllowed

        from core.models import SiteProfile

        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        record = self._record(request, pk)
        context = {**record, "profile": SiteProfile.current(), "today": self._today()}
        return TemplateResponse(request, "admin/members/member/record_print.html", context)

    def statistics_view(self, request):
        """The year's statistics report on screen (GET) and as .xlsx (POST, like every export).

        Aggregates, yet counts of a small cell can point at a person (the one member with a
        religion): viewing and exporting are written to the access log, without ids.
        """
        from django.http import HttpResponse
        from django.utils.safestring import mark_safe

        from . import statistics
        from .forms import StatisticsForm

        if not self.has_view_permission(request):
            raise PermissionDenied
        form = StatisticsForm(request.POST if request.method == "POST" else request.GET or None)
        as_of = statistics.default_as_of(self._today())
        if form.is_bound and form.is_valid() and form.cleaned_data.get("ngay"):
            as_of = form.cleaned_data["ngay"]
        report = statistics.build_report(as_of)
        if request.method == "POST" and (not form.is_bound or form.is_valid()):
            log_access(request, Action.EXPORTED, Member)
            workbook = statistics.report_workbook(report, request.user)
            response = HttpResponse(content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
            response["Content-Disposition"] = f'attachment; filename="bao-cao-thong-ke-{as_of:%Y%m%d}.xlsx"'
            workbook.save(response)
            return response
        log_access(request, Action.VIEWED, Member)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Báo cáo thống kê đảng viên – tính đến ngày {as_of:%d/%m/%Y}",
            "form": form if form.is_bound else StatisticsForm(initial={"ngay": as_of}),
            "report": report,
            "charts": [(table, mark_safe(statistics.bar_chart_svg(table))) for table in report.tables],
        }
        return TemplateResponse(request, "admin/members/member/statistics.html", context)

    # --- import (members.import_admin) / export ------------------------------------
    def export_action(self, request):
        # ``?format=`` picks one of export_formats by index; the changelist would otherwise take it
        # for a field lookup and answer 500 (issue 12.6). One parser for numbers from a URL.
        raw_format = request.GET.get("format")
        if raw_format is not None:
            number_or_404(
                raw_format, maximum=len(self.get_export_formats()) - 1, message="Định dạng xuất không hợp lệ."
            )
            params = request.GET.copy()
            params.pop("format")
            request.GET = params
        if not self.has_export_permission(request):
            raise PermissionDenied
        # Only a POST with the CSRF token exports (another page cannot fire it: issue 12.2).
        if (
            page := unless_post(
                request,
                title="Xuất danh sách đảng viên",
                button="Xuất .xlsx",
                note="Danh sách xuất theo bộ lọc đang chọn.",
            )
        ) is not None:
            return page
        return super().export_action(request)

    def get_export_queryset(self, request):
        try:
            return super().get_export_queryset(request)
        except IncorrectLookupParameters:
            raise Http404("Bộ lọc của danh sách không hợp lệ: hãy mở lại danh sách đảng viên rồi xuất.") from None

    def get_export_filename(self, request, queryset, file_format):
        return f"danh-sach-dang-vien-{timezone.localdate():%Y%m%d}.{file_format.get_extension()}"


# django-tasks-db registers its queue table in the admin; the office follows an import on its own
# progress page and the worker logs failures, so the raw queue (task arguments, tracebacks) stays out.
def _hide_task_queue():
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


_hide_task_queue()
