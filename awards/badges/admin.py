"""Admin for badge rounds, badge records, early-award requests and holds.

The round screen (``BadgeRoundAdmin.get_urls``) shows who is due at a round, exports the
official lists and records the province's decision. The rules are in ``awards.badges.rules``;
these views only ask it and show the answer. Only the party office and superusers use them.
"""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from awards.admin_mixins import RecordedByMixin
from awards.badges import lists as badge_lists
from awards.badges.lists import GROUPS
from awards.badges.recording import record_round_decisions
from awards.badges.rules import counts_by_milestone, eligible_for_round
from awards.forms import YEAR_MAX, YEAR_MIN
from awards.models import BadgeAward, BadgeHold, BadgeRound, EarlyAwardRequest
from core import roles
from core.admin_concurrency import ConcurrentEditMixin
from core.audit import Action, AuditedAdminMixin, log_access, stamp_workbook
from core.exports import unless_post
from core.models import SiteProfile
from core.text import fold
from members.models import Member


def badge_field_name(nomination) -> str:
    return f"hhd_{nomination.member.pk}_{nomination.years}"


class RecordDecisionForm(forms.Form):
    """The province's decision for a round: its number and date, and each badge number."""

    decision_number = forms.CharField(label="Số quyết định của Tỉnh ủy", max_length=50, help_text="Ví dụ: 1234-QĐ/TU.")
    decided_on = forms.DateField(label="Ngày quyết định", help_text="Nhập dd/mm/yyyy.")

    def __init__(self, *args, nominations=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.proposed = [n for n in nominations if not n.is_held]
        for nomination in self.proposed:
            self.fields[badge_field_name(nomination)] = forms.CharField(
                label=f"Số huy hiệu – {nomination.member.full_name} ({nomination.years} năm)",
                max_length=30,
                required=False,
                initial=nomination.award.badge_number if nomination.award else "",
            )

    def rows(self):
        return [(n, self[badge_field_name(n)]) for n in self.proposed]


class ImportNumbersForm(forms.Form):
    file = forms.FileField(
        label="Tệp số huy hiệu (.xlsx)",
        help_text="Danh sách có cột “Số thẻ đảng viên” và cột “Số HHĐ”, ví dụ mẫu 4A-HHĐ.",
    )


class YearForm(forms.Form):
    year = forms.IntegerField(label="Năm", min_value=YEAR_MIN, max_value=YEAR_MAX)


class FoldedSearchMixin:
    """Search the folded name column, so "nguyen van" and "Nguyễn Văn" both find "Nguyễn Văn An"."""

    def get_search_results(self, request, queryset, search_term):
        return super().get_search_results(request, queryset, fold(search_term))


@admin.register(BadgeRound)
class BadgeRoundAdmin(admin.ModelAdmin):
    list_display = ("name", "date", "state", "decision_number", "decided_on", "screen_link")
    list_filter = ("state",)
    date_hierarchy = "date"
    search_fields = ("name", "decision_number")
    actions = ("create_year_rounds",)
    change_list_template = "admin/awards/badgeround/change_list.html"

    @admin.display(description="danh sách")
    def screen_link(self, obj):
        url = reverse("admin:awards_badgeround_screen", args=[obj.pk])
        return format_html('<a href="{}">Mở danh sách</a>', url)

    @admin.action(description="Tạo đủ bốn đợt (3/2, 19/5, 2/9, 7/11) của năm các đợt đã chọn", permissions=["add"])
    def create_year_rounds(self, request, queryset):
        created = []
        for year in sorted({r.date.year for r in queryset}):
            created += BadgeRound.create_year(year)
        self._report_created(request, created)

    def _report_created(self, request, created):
        if created:
            names = ", ".join(str(r) for r in created)
            self.message_user(request, f"Đã tạo {len(created)} đợt: {names}.", messages.SUCCESS)
        else:
            self.message_user(request, "Các đợt của năm đã có sẵn; không tạo thêm.", messages.INFO)

    def changelist_view(self, request, extra_context=None):
        extra_context = {**(extra_context or {}), "year_form": YearForm(prefix="year")}
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        return [
            path("tao-dot-nam/", view(self.create_year_view), name="awards_badgeround_create_year"),
            path("<int:pk>/danh-sach/", view(self.screen_view), name="awards_badgeround_screen"),
            path("<int:pk>/xlsx/", view(self.xlsx_view), name="awards_badgeround_xlsx"),
            path("<int:pk>/in/", view(self.print_view), name="awards_badgeround_print"),
            path("<int:pk>/nhap-so-huy-hieu/", view(self.import_view), name="awards_badgeround_import"),
        ] + super().get_urls()

    # --- the round screen ------------------------------------------------------------------
    def _office_only(self, request, change=False):
        if not roles.user_in(request.user, roles.OFFICE):
            raise PermissionDenied
        if not (self.has_change_permission(request) if change else self.has_view_permission(request)):
            raise PermissionDenied

    def _round(self, request, pk, change=False):
        """The preamble of every round view: the office only, then the round (404 if none)."""
        self._office_only(request, change=change)
        return get_object_or_404(BadgeRound, pk=pk)

    def _official_lists_request(self, request, pk, *, title, button):
        """What the export and print views share: the round, a POST only (issue 12.2), who is due.

        Returns (round, nominations, None), or (round, None, the page asking for the POST).
        """
        round_ = self._round(request, pk)
        if (page := unless_post(request, title=f"{title} – {round_}", button=button)) is not None:
            return round_, None, page
        return round_, eligible_for_round(round_.date), None

    def create_year_view(self, request):
        self._office_only(request, change=True)
        if not self.has_add_permission(request) or request.method != "POST":
            raise PermissionDenied
        form = YearForm(request.POST, prefix="year")
        if form.is_valid():
            self._report_created(request, BadgeRound.create_year(form.cleaned_data["year"]))
        else:
            self.message_user(request, "Năm không hợp lệ.", messages.ERROR)
        return HttpResponseRedirect(reverse("admin:awards_badgeround_changelist"))

    def screen_view(self, request, pk):
        round_ = self._round(request, pk)
        nominations = eligible_for_round(round_.date)
        form = None
        if request.method == "POST":
            self._office_only(request, change=True)
            if "mark_submitted" in request.POST:
                if round_.state == BadgeRound.State.OPEN:
                    round_.state = BadgeRound.State.SUBMITTED
                    round_.save(update_fields=["state"])
                    self.log_change(request, round_, "Đánh dấu đã gửi đề nghị.")
                    self.message_user(request, "Đã đánh dấu: danh sách đã gửi Tỉnh ủy.", messages.SUCCESS)
                return HttpResponseRedirect(request.path)
            form = RecordDecisionForm(request.POST, nominations=nominations)
            if form.is_valid() and self._record(request, round_, form):
                return HttpResponseRedirect(request.path)
        if form is None:
            # Who viewed member data, and when (Luật Bảo vệ dữ liệu cá nhân).
            log_access(request, Action.VIEWED, Member, [n.member.pk for n in nominations])
            initial = {"decision_number": round_.decision_number, "decided_on": round_.decided_on}
            initial.update(request.session.pop(self._import_key(round_), {}))
            form = RecordDecisionForm(initial=initial, nominations=nominations)
        return TemplateResponse(
            request,
            "admin/awards/badgeround/screen.html",
            self._screen_context(
                request,
                round_,
                nominations,
                form=form,
                import_form=ImportNumbersForm(),
            ),
        )

    def _screen_context(self, request, round_, nominations, **extra):
        groups = []
        for key, title in GROUPS:
            rows = [n for n in nominations if n.group == key]
            groups.append({"key": key, "title": title, "rows": rows})
        return {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": f"Danh sách đề nghị tặng Huy hiệu Đảng – {round_}",
            "round": round_,
            "groups": groups,
            "counts": counts_by_milestone(nominations),
            "proposed_total": sum(1 for n in nominations if not n.is_held),
            "held_total": sum(1 for n in nominations if n.is_held),
            "can_change": self.has_change_permission(request, round_),
            **extra,
        }

    def _record(self, request, round_, form) -> bool:
        """Record the decision (awards.badges.recording); False, with the reasons on the form, if refused."""
        data = form.cleaned_data
        result = record_round_decisions(
            round=round_,
            rows=[(nomination, data.get(badge_field_name(nomination), "")) for nomination, _field in form.rows()],
            user=request.user,
            decision_number=data["decision_number"],
            decided_on=data["decided_on"],
        )
        if not result.ok:
            for nomination, errors in result.row_errors:
                form.add_error(badge_field_name(nomination), errors)
            form.add_error(None, result.error or "Chưa ghi nhận: hãy sửa các ô báo lỗi rồi lưu lại.")
            return False
        self.log_change(request, round_, f"Ghi nhận quyết định {round_.decision_number}: {result.saved} huy hiệu.")
        self.message_user(
            request, f"Đã ghi nhận {result.saved} huy hiệu theo quyết định {round_.decision_number}.", messages.SUCCESS
        )
        return True

    @staticmethod
    def _import_key(round_):
        return f"badge-import-{round_.pk}"

    def import_view(self, request, pk):
        """Read badge numbers from a returned .xlsx and put them in the form for the office to check and save."""
        round_ = self._round(request, pk, change=True)
        screen = reverse("admin:awards_badgeround_screen", args=[round_.pk])
        if request.method != "POST":
            return HttpResponseRedirect(screen)
        form = ImportNumbersForm(request.POST, request.FILES)
        if not form.is_valid():
            self.message_user(request, "Hãy chọn tệp .xlsx.", messages.ERROR)
            return HttpResponseRedirect(screen)
        try:
            by_card = badge_lists.read_badge_numbers(form.cleaned_data["file"])
        except ValueError as exc:
            self.message_user(request, str(exc), messages.ERROR)
            return HttpResponseRedirect(screen)
        initial, matched = {}, 0
        for nomination in eligible_for_round(round_.date):
            number = by_card.get(nomination.member.card_number or "")
            if number and not nomination.is_held:
                initial[badge_field_name(nomination)] = number
                matched += 1
        request.session[self._import_key(round_)] = initial
        self.message_user(
            request,
            f"Đã đọc {matched} số huy hiệu khớp số thẻ đảng viên ({len(by_card) - matched} dòng không khớp). "
            "Kiểm tra rồi bấm “Ghi nhận quyết định”.",
            messages.SUCCESS if matched else messages.WARNING,
        )
        return HttpResponseRedirect(screen)

    # --- the official lists ----------------------------------------------------------------------
    def xlsx_view(self, request, pk):
        round_, nominations, page = self._official_lists_request(
            request, pk, title="Xuất danh sách đề nghị", button="Xuất .xlsx (4-HHĐ, 4B-HHĐ)"
        )
        if page is not None:
            return page
        profile = SiteProfile.current()
        workbook = badge_lists.build_workbook(
            nominations,
            round_.date,
            committee=profile.name,
            parent_body=profile.parent_body,
            name=str(round_),
        )
        # Exports of member data are recorded (Luật Bảo vệ dữ liệu cá nhân): who and when,
        # in the access log and in the file itself.
        log_access(request, Action.EXPORTED, Member, [n.member.pk for n in nominations])
        stamp_workbook(workbook, request.user, header=False)
        response = HttpResponse(
            badge_lists.workbook_bytes(workbook),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        filename = f"de-nghi-huy-hieu-dang-{round_.date:%Y-%m-%d}.xlsx"
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
        return response

    def print_view(self, request, pk):
        round_, nominations, page = self._official_lists_request(
            request, pk, title="Trang in danh sách đề nghị", button="Mở trang in"
        )
        if page is not None:
            return page
        profile = SiteProfile.current()
        lists = []
        for official in badge_lists.official_lists(nominations, round_.date, str(round_)):
            index, sections = 0, []
            for years, members in official.sections:
                rows = []
                for nomination in members:
                    index += 1
                    rows.append([badge_lists.display_value(v) for v in badge_lists.row_values(index, nomination)])
                sections.append((years, rows))
            lists.append({"official": official, "sections": sections, "total": index})
        log_access(request, Action.VIEWED, Member, [n.member.pk for n in nominations])
        return TemplateResponse(
            request,
            "admin/awards/badgeround/print.html",
            {
                "round": round_,
                "profile": profile,
                "lists": lists,
                "columns": badge_lists.COLUMNS_4,
            },
        )


@admin.register(BadgeAward)
class BadgeAwardAdmin(RecordedByMixin, AuditedAdminMixin, ConcurrentEditMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    restamp_on_change = False
    list_display = ("member", "member_cell", "years", "round_date", "badge_number", "decision_number")
    list_filter = ("years", "round")
    list_select_related = ("member__cell", "round")
    search_fields = ("member__search_text", "badge_number")
    raw_id_fields = ("member",)
    readonly_fields = ("recorded_by", "recorded_at")
    date_hierarchy = "round_date"

    @admin.display(description="chi bộ", ordering="member__cell__name")
    def member_cell(self, obj):
        return obj.member.cell

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        # With a round chosen, its date is taken (BadgeAward.clean_fields); without one it must be typed.
        if "round_date" in form.base_fields:
            form.base_fields["round_date"].required = False
        return form


@admin.register(EarlyAwardRequest)
class EarlyAwardRequestAdmin(AuditedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("member", "requested_on")
    list_select_related = ("member",)
    search_fields = ("member__search_text",)
    raw_id_fields = ("member",)
    date_hierarchy = "requested_on"


@admin.register(BadgeHold)
class BadgeHoldAdmin(AuditedAdminMixin, FoldedSearchMixin, SimpleHistoryAdmin):
    list_display = ("member", "reason", "until")
    list_select_related = ("member",)
    search_fields = ("member__search_text", "reason")
    raw_id_fields = ("member",)
