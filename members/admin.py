"""The party office's member registry in the admin.

Only the office group and superusers reach it (model permissions granted by
migrations); nobody deletes a member: leaving, dying and transfers are status changes.
"""

from datetime import timedelta

from django.contrib import admin, messages
from django.db.models import Count, Q
from django.utils import timezone
from django.utils.html import format_html
from import_export.admin import ImportExportMixin
from import_export.formats.base_formats import CSV, XLSX
from simple_history.admin import SimpleHistoryAdmin

from partysite.audit import AuditedAdminMixin
from partysite.regulations import BADGES
from partysite.text import fold_words

from . import party_age
from .forms import GapInlineFormSet, MemberAdminForm, StatusChangeInlineFormSet
from .import_admin import BulkImportMixin
from .models import Discipline, Member, MembershipGap, PartyCell, StatusChange
from .resources import MemberResource


def ended_on(member, today):
    """The day party age is read on: today, or the day membership ended (death, leaving)."""
    if member.status in (Member.Status.DECEASED, Member.Status.LEFT) and member.status_date:
        return min(today, member.status_date), True
    return today, False


def upcoming_for(member, upcoming, ended):
    """The next milestone worth showing: none after leaving; after death only inside the
    posthumous window (DOMAIN.md: reached within 12 months after the death)."""
    if upcoming is None or not ended:
        return upcoming
    if member.status == Member.Status.DECEASED:
        limit = party_age.add_months(member.status_date, BADGES.posthumous_months)
        return upcoming if upcoming[1] <= limit else None
    return None


def member_search(queryset, term):
    """Accent-insensitive word-prefix search on the folded name and card number."""
    for word in fold_words(term).split():
        queryset = queryset.filter(search_text__contains=f" {word}")
    return queryset


def reaching_milestone_between(queryset, start, end):
    """Members whose party age reaches a badge milestone on a day in [start, end].

    Those who may be proposed only (DOMAIN.md): transferred-out and departed members
    never; a deceased member only inside the posthumous window.

    Without gaps the N-year milestone is the N-th anniversary, so a date range on
    ``admission_date`` (a few days wider, for month ends) finds the candidates in SQL;
    members with gaps are always candidates. The exact rule then runs on the few
    candidates only (one implementation: members.party_age).
    """
    slack = timedelta(days=3)
    near = Q(gaps__isnull=False)
    for years in BADGES.milestones:
        low = party_age.add_months(start, -12 * years) - slack
        high = party_age.add_months(end, -12 * years) + slack
        near |= Q(admission_date__range=(low, high))
    candidates = (
        Member.objects.filter(pk__in=queryset.values("pk"))
        .filter(near)
        .exclude(status__in=[Member.Status.TRANSFERRED, Member.Status.LEFT])
        .distinct()
        .prefetch_related("gaps")
    )
    matching = []
    for member in candidates.only("pk", "admission_date", "status", "status_date"):
        gaps = list(member.gaps.all())
        last = end
        if member.status == Member.Status.DECEASED and member.status_date:
            last = min(end, party_age.add_months(member.status_date, BADGES.posthumous_months))
        for years in BADGES.milestones:
            day = party_age.milestone_date(member.admission_date, gaps, years)
            if day is None or day > last:
                break
            if day >= start:
                matching.append(member.pk)
                break
    return queryset.filter(pk__in=matching)


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


class MembershipGapInline(admin.TabularInline):
    model = MembershipGap
    formset = GapInlineFormSet
    extra = 0
    fields = ("start", "end", "reason", "note")


class DisciplineInline(admin.TabularInline):
    model = Discipline
    extra = 0
    fields = ("form", "decided_on", "decision_number", "reason")


class StatusChangeInline(admin.TabularInline):
    model = StatusChange
    formset = StatusChangeInlineFormSet
    extra = 0
    fields = ("kind", "date", "decision_number", "place", "note")
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
            super().get_queryset(request).annotate(_member_count=Count("members", filter=active))
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
class MemberAdmin(AuditedAdminMixin, BulkImportMixin, ImportExportMixin, SimpleHistoryAdmin):
    form = MemberAdminForm
    resource_classes = [MemberResource]
    import_formats = [XLSX, CSV]
    export_formats = [XLSX]
    skip_export_form = True
    import_template_name = "admin/members/member/import.html"
    import_export_change_list_template = "admin/members/member/change_list.html"

    list_display = (
        "name_display", "cell", "status", "admission_display", "party_age", "next_milestone_years",
        "next_milestone_date",
    )
    list_display_links = ("name_display",)
    list_filter = ("cell", "status", MilestoneSoonFilter, "gender")
    list_select_related = ("cell",)
    list_per_page = 50
    search_fields = ("full_name",)  # shows the box; the search itself is member_search (folded)
    search_help_text = "Tìm theo họ tên (có dấu hoặc không dấu) hoặc số thẻ đảng viên."
    ordering = ("sort_key", "id")
    autocomplete_fields = ("cell",)
    inlines = (StatusChangeInline, MembershipGapInline, DisciplineInline)
    fieldsets = (
        (None, {"fields": ("full_name", "other_name", "gender", "date_of_birth", "photo")}),
        ("Đảng", {"fields": (
            "cell", "card_number", "dossier_number", "admission_date", "admission_ceremony_date",
            "official_date", "party_age_summary", "status", "status_date", "party_position",
        )}),
        ("Lý lịch", {"classes": ("collapse",), "fields": (
            "place_of_birth", "hometown", "ethnicity", "religion", "education_level", "theory_level",
            "professional_level", "job_title",
        )}),
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
            on, ended = ended_on(member, self._today())
            months, upcoming = party_age.party_age_and_next_milestone(
                member.admission_date, member.gaps.all(), on, BADGES.milestones
            )
            cached = member._age_cache = (months, upcoming_for(member, upcoming, ended))
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
        on, ended = ended_on(member, today)
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
        return format_html(
            "<strong>{}</strong><br>Ngày đạt mốc: {}", head, " · ".join(parts)
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
        readonly = [*super().get_readonly_fields(request, obj), "party_age_summary"]
        if obj is not None and obj.status_changes.exists():
            # The status follows its dated history (the inline below).
            readonly += ["status", "status_date"]
        return readonly

    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        member = form.instance
        member.sync_status()
        for warning in member.warnings():
            self.message_user(request, warning, messages.WARNING)

    # --- import (members.import_admin) / export ------------------------------------
    def get_export_filename(self, request, queryset, file_format):
        return f"danh-sach-dang-vien-{timezone.localdate():%Y%m%d}.{file_format.get_extension()}"


# django-tasks-db registers its queue table in the admin; the office follows an import on its own
# progress page and the worker logs failures, so the raw queue (task arguments, tracebacks) stays out.
def _hide_task_queue():
    from django_tasks_db.models import DBTaskResult

    if admin.site.is_registered(DBTaskResult):
        admin.site.unregister(DBTaskResult)


_hide_task_queue()
