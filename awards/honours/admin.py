"""Admin for commendations and annual quality ratings (the party office's screens)."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from simple_history.admin import SimpleHistoryAdmin

from awards import ratings
from awards.admin_mixins import RecordedByMixin
from awards.forms import CellSheetForm, CommendationForm, QualityRatingForm, SheetChoiceForm
from awards.honours import rules as honours
from awards.models import Commendation, QualityRating
from core.admin_concurrency import ConcurrentEditMixin
from core.audit import Action, AuditedAdminMixin, log_access, stamp_xlsx_bytes
from core.exports import unless_post
from core.models import SiteProfile
from core.numbers import parse_number
from members.forms import PrivateFileInput
from members.models import Member, PartyCell
from members.storage import serve_private_file


class ConfirmedFilter(admin.SimpleListFilter):
    title = "xác nhận"
    parameter_name = "xac_nhan"

    def lookups(self, request, model_admin):
        return [("chua", "Chưa xác nhận"), ("roi", "Đã xác nhận")]

    def queryset(self, request, queryset):
        if self.value() == "chua":
            return queryset.unconfirmed()
        if self.value() == "roi":
            return queryset.confirmed()
        return queryset


@admin.register(Commendation)
class CommendationAdmin(RecordedByMixin, AuditedAdminMixin, ConcurrentEditMixin, SimpleHistoryAdmin):
    form = CommendationForm
    list_display = [
        "recipient_display",
        "form",
        "title",
        "year",
        "issuer",
        "decision_number",
        "decided_on",
        "is_confirmed",
        "has_article",
        "certificate_link",
    ]
    list_filter = [ConfirmedFilter, "year", "form", "issuer_level", "cell"]
    actions = ["confirm_selected"]
    readonly_fields = ["confirmation_state"]
    search_fields = ["title", "decision_number", "issuer", "member__full_name", "cell__name"]
    list_select_related = ["member", "cell", "article"]
    autocomplete_fields = ["member"]
    fieldsets = [
        ("Đối tượng (chọn một)", {"fields": ["member", "cell"]}),
        ("Khen thưởng", {"fields": ["form", "title", "year"]}),
        ("Quyết định", {"fields": ["issuer", "issuer_level", "decision_number", "decided_on"]}),
        ("Đính kèm", {"fields": ["article", "certificate"]}),
    ]

    def has_confirm_permission(self, request, obj=None):
        return request.user.has_perm("awards.confirm_commendation")

    def get_fieldsets(self, request, obj=None):
        confirmation = ["confirmation_state"]
        if self.has_confirm_permission(request) and not (obj and obj.is_confirmed):
            confirmation += ["confirm", "override_reason"]
        return [*super().get_fieldsets(request, obj), ("Xác nhận (bảng vinh danh)", {"fields": confirmation})]

    @admin.display(description="đã xác nhận", boolean=True, ordering="confirmed_at")
    def is_confirmed(self, obj):
        return obj.is_confirmed

    @admin.display(description="tình trạng")
    def confirmation_state(self, obj):
        if not obj or not obj.pk or not obj.is_confirmed:
            return "Chưa xác nhận: chưa hiện trên bảng vinh danh."
        who = obj.confirmed_by.get_full_name() or obj.confirmed_by.get_username() if obj.confirmed_by else ""
        when = timezone.localtime(obj.confirmed_at).strftime("%d/%m/%Y %H:%M")
        text = f"Đã xác nhận lúc {when}" + (f" ({who})" if who else "") + ": hiện trên bảng vinh danh."
        if obj.authority_override:
            text += f" Xác nhận dù ngoài thẩm quyền, lý do: {obj.authority_override}"
        return text

    @admin.action(description="Xác nhận các khen thưởng đã chọn (đưa lên bảng vinh danh)", permissions=["confirm"])
    def confirm_selected(self, request, queryset):
        confirmed, refused = 0, []
        for commendation in queryset.unconfirmed().select_related("member", "cell"):
            try:
                honours.confirm(commendation, request.user)
            except ValidationError as exc:
                refused.append(f"{commendation.recipient} – {commendation.title}: {' '.join(exc.messages)}")
                continue
            log_access(request, Action.CHANGED, Commendation, [commendation.pk])
            confirmed += 1
        self.message_user(request, f"Đã xác nhận {confirmed} khen thưởng.", messages.SUCCESS)
        for line in refused:
            self.message_user(request, f"Chưa xác nhận {line}", messages.WARNING)

    @admin.display(description="đối tượng", ordering="member__sort_key")
    def recipient_display(self, obj):
        return obj.member.full_name if obj.member_id else obj.cell.name

    @admin.display(description="bài viết", boolean=True)
    def has_article(self, obj):
        return bool(obj.article_id)

    @admin.display(description="bản chụp")
    def certificate_link(self, obj):
        if not obj.certificate:
            return "—"
        return format_html('<a href="{}">Xem</a>', reverse("admin:awards_commendation_certificate", args=[obj.pk]))

    def get_form(self, request, obj=None, change=False, **kwargs):
        form = super().get_form(request, obj, change=change, **kwargs)
        url = reverse("admin:awards_commendation_certificate", args=[obj.pk]) if obj and obj.pk else ""
        form.base_fields["certificate"].widget = PrivateFileInput(
            attrs={"accept": "image/jpeg,image/png,image/webp,application/pdf"},
            url=url,
            link_text="Xem bản chụp đã lưu",
        )
        form.can_confirm = self.has_confirm_permission(request)
        return form

    def save_model(self, request, obj, form, change):
        # The confirmation first; RecordedByMixin then stamps the user, saves and shows the warnings.
        before = Commendation.objects.filter(pk=obj.pk).first() if change else None
        if honours.withdraw_if_changed(before, obj):
            messages.warning(
                request, "Khen thưởng đã xác nhận vừa được sửa: cần xác nhận lại trước khi hiện công khai."
            )
        if form.can_confirm and form.cleaned_data.get("confirm") and not obj.is_confirmed:
            honours.apply_confirmation(obj, request.user, form.cleaned_data.get("override_reason", ""))
        super().save_model(request, obj, form, change)

    def get_urls(self):
        urls = [
            path(
                "<int:pk>/ban-chup/",
                self.admin_site.admin_view(self.certificate_view),
                name="awards_commendation_certificate",
            ),
        ]
        return urls + super().get_urls()

    def certificate_view(self, request, pk):
        """Serve the scanned certificate to the office only; the file has no public URL."""
        commendation = get_object_or_404(Commendation, pk=pk)
        if not self.has_view_permission(request, commendation):
            raise PermissionDenied
        return serve_private_file(
            request, commendation.certificate, log_as="awards.commendation_certificate", pk=commendation.pk
        )


@admin.register(QualityRating)
class QualityRatingAdmin(RecordedByMixin, AuditedAdminMixin, ConcurrentEditMixin, SimpleHistoryAdmin):
    form = QualityRatingForm
    optional_autocomplete = ("member",)
    change_list_template = "admin/awards/qualityrating/honours_change_list.html"
    list_display = ["subject_display", "member_cell", "year", "level", "score", "note"]
    list_filter = ["year", "level", "member__cell", ("cell", admin.RelatedOnlyFieldListFilter)]
    search_fields = ["member__full_name", "cell__name", "note"]
    list_select_related = ["member__cell", "cell"]
    autocomplete_fields = ["member"]

    @admin.display(description="đối tượng", ordering="member__sort_key")
    def subject_display(self, obj):
        return obj.member.full_name if obj.member_id else obj.cell.name

    @admin.display(description="chi bộ", ordering="member__cell__name")
    def member_cell(self, obj):
        return obj.member.cell.name if obj.member_id else "—"

    def get_changeform_initial_data(self, request):
        # A new rating is for the year being reviewed unless the link says otherwise.
        initial = {"year": ratings.current_review_year(timezone.localdate())}
        return {**initial, **super().get_changeform_initial_data(request)}

    def changelist_view(self, request, extra_context=None):
        # With a year chosen, the office sees that year's warnings above the list.
        raw = request.GET.get("year__exact") or request.GET.get("year")
        year = parse_number(raw, minimum=1900, maximum=2100)
        if raw and year is None:
            raise Http404("Năm không hợp lệ: hãy chọn năm trong bộ lọc.")
        extra_context = {**(extra_context or {}), "rating_year": None}
        if year and request.method == "GET":
            extra_context["rating_year"] = year
            for warning in ratings.year_warnings(year):
                messages.warning(request, warning)
        return super().changelist_view(request, extra_context)

    def get_urls(self):
        view = self.admin_site.admin_view
        urls = [
            path("xep-loai-chi-bo/", view(self.rate_cell_view), name="awards_qualityrating_rate_cell"),
            path(
                "xep-loai-chi-bo/<int:cell_id>/<int:year>/",
                view(self.rate_cell_view),
                name="awards_qualityrating_rate_cell_year",
            ),
            path("xuat/<int:year>/", view(self.export_view), name="awards_qualityrating_export"),
        ]
        return urls + super().get_urls()

    def rate_cell_view(self, request, cell_id=None, year=None):
        """Rate a whole cell for a year on one page: one row per member, level and score."""
        if not (self.has_add_permission(request) and self.has_change_permission(request)):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": "Xếp loại chất lượng cả chi bộ",
            "cells": PartyCell.objects.filter(is_active=True),
            "quota_share": ratings.RATINGS.excellent_quota_of_good,
        }
        if cell_id is None:
            raw_cell, raw_year = request.GET.get("cell"), request.GET.get("year")
            if raw_cell and raw_year:
                cell_id, year = parse_number(raw_cell), parse_number(raw_year, minimum=1900, maximum=2100)
                if cell_id is not None and year is not None:
                    return redirect("admin:awards_qualityrating_rate_cell_year", cell_id, year)
                messages.error(request, "Chi bộ hoặc năm không hợp lệ: hãy chọn chi bộ và nhập năm bằng chữ số.")
            # The year being reviewed unless the link names one (the start page's does).
            year = parse_number(raw_year, minimum=1900, maximum=2100) if raw_year else None
            context["year"] = year or ratings.current_review_year(timezone.localdate())
            return render(request, "admin/awards/rate_cell.html", context)
        cell = get_object_or_404(PartyCell, pk=cell_id)
        choice = SheetChoiceForm({"year": year, "review_on": request.GET.get("review_on", "")})
        review_on = None
        if choice.is_valid():
            review_on = choice.cleaned_data["review_on"]
        else:
            choice = SheetChoiceForm({"year": year})
            if not choice.is_valid():
                raise Http404
        review_on = review_on or ratings.review_date(year)
        rows = ratings.cell_sheet(cell, year, review_on)
        cell_rating = QualityRating.objects.filter(cell=cell, year=year).first()
        preview = None
        if request.method == "POST":
            form = CellSheetForm(request.POST, rows=rows, cell_rating=cell_rating)
            if form.is_valid() and "check" in request.POST:
                # "Kiểm tra": the quota and each member's rule on the levels typed in, nothing saved.
                preview = ratings.preview_warnings(cell, year, rows, form.entries(), review_on)
            elif form.is_valid():
                result = ratings.save_cell_sheet(cell, year, form.entries(), user=request.user)
                messages.success(
                    request,
                    f"Đã lưu xếp loại năm {year} của {cell.name}: thêm {result.created}, sửa {result.changed}, "
                    f"bỏ {result.removed}.",
                )
                for warning in ratings.sheet_warnings(cell, year, review_on):
                    messages.warning(request, warning)
                return redirect(request.get_full_path())
            else:
                messages.error(request, "Chưa lưu: hãy sửa các ô báo lỗi bên dưới.")
        else:
            form = CellSheetForm(rows=rows, cell_rating=cell_rating)
        # The sheet lists the cell's members (names, status, ratings): a view of member data.
        log_access(request, Action.VIEWED, Member, [row.member.pk for row in rows])
        context.update(
            cell=cell,
            year=year,
            review_on=review_on,
            form=form,
            choice=choice,
            preview=preview,
            not_rated_count=sum(1 for row in rows if row.not_rated),
            subtitle=f"{cell.name} – năm {year}",
        )
        return render(request, "admin/awards/rate_cell.html", context)

    def export_view(self, request, year):
        if not self.has_view_permission(request):
            raise PermissionDenied
        if (
            page := unless_post(request, title=f"Xuất kết quả xếp loại năm {year}", button=f"Xuất .xlsx năm {year}")
        ) is not None:
            return page
        content = ratings.export_year_xlsx(year, SiteProfile.current().name)
        log_access(
            request,
            Action.EXPORTED,
            QualityRating,
            QualityRating.objects.filter(year=year).values_list("pk", flat=True),
        )
        content = stamp_xlsx_bytes(content, request.user, header=False)
        response = HttpResponse(
            content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        response["Content-Disposition"] = f'attachment; filename="xep-loai-chat-luong-{year}.xlsx"'
        response["Cache-Control"] = "private, no-store"
        return response
