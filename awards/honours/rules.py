"""Commendation rules and the titles derived from ratings, as plain functions.

Which body may give which form is a table named after its source, so a new regulation
is a one-place change. Entering a commendation whose body gives a form outside the table
is a warning (the office may be copying an unusual but real decision), never a block.

Confirming it (``confirm``), which puts it on the public honour roll, is stricter: the
decision number and date must be there, and a body outside its authority blocks the
confirmation unless the office records why it confirms anyway (``authority_override``).
A public list is the committee speaking; a mistyped issuing level must not reach it
unnoticed, while a real but unusual decision still can, with its reason on file.
"""

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from awards.models import Commendation, QualityRating

Form = Commendation.Form
Issuer = Commendation.IssuerLevel

# Điều lệ Đảng, Điều 33, and Quy định 24-QĐ/TW (2021) on its application, as summarised in
# DOMAIN.md ("Who may give which"): issuing body -> recipient kind -> forms it may give.
QD24_COMMENDATION_BODIES: dict[str, dict[str, frozenset[str]]] = {
    Issuer.CELL: {
        # A (grassroots) cell praises its members and gives them giấy khen.
        "member": frozenset({Form.PRAISE, Form.CERTIFICATE}),
        "cell": frozenset({Form.PRAISE}),
    },
    Issuer.COMMITTEE: {
        "member": frozenset({Form.PRAISE, Form.CERTIFICATE}),
        "cell": frozenset({Form.PRAISE, Form.CERTIFICATE}),
    },
    Issuer.HIGHER: {
        "member": frozenset({Form.CERTIFICATE}),
        "cell": frozenset({Form.CERTIFICATE}),
    },
    Issuer.PROVINCE: {
        "member": frozenset({Form.MERIT}),
        "cell": frozenset({Form.MERIT, Form.FLAG}),
    },
}
COMMENDATION_SOURCE = "Điều lệ Đảng, Điều 33; Quy định 24-QĐ/TW (2021)"

# DOMAIN.md: forms for members are biểu dương, giấy khen, bằng khen (a flag is for organisations).
MEMBER_FORMS = frozenset({Form.PRAISE, Form.CERTIFICATE, Form.MERIT})


def recipient_error(member_id, cell_id) -> str | None:
    if member_id and cell_id:
        return "Mỗi khen thưởng chỉ có một đối tượng: chọn một đảng viên hoặc một chi bộ, không chọn cả hai."
    if not member_id and not cell_id:
        return "Chưa chọn đối tượng khen thưởng: chọn một đảng viên hoặc một chi bộ."
    return None


def form_error(form: str, for_member: bool) -> str | None:
    if for_member and form and form not in MEMBER_FORMS:
        return f"Hình thức “{Form(form).label}” chỉ tặng tổ chức đảng, không tặng cá nhân."
    return None


def issuer_warning(issuer_level: str, form: str, for_member: bool) -> str | None:
    """A warning when this body may not give this form to this kind of recipient."""
    allowed = QD24_COMMENDATION_BODIES.get(issuer_level, {}).get("member" if for_member else "cell")
    if allowed is None or form in allowed:
        return None
    whom = "đảng viên" if for_member else "tổ chức đảng"
    allowed_labels = ", ".join(Form(f).label.lower() for f in Form.values if f in allowed)
    return (
        f"{Issuer(issuer_level).label} thường không tặng “{Form(form).label.lower()}” cho {whom} "
        f"(thẩm quyền: {allowed_labels}; {COMMENDATION_SOURCE}). Đã lưu; hãy kiểm tra lại quyết định."
    )


# --- Confirmation: entered, then confirmed; only confirmed commendations are public ---------

# Changing any of these on a confirmed commendation takes the confirmation back: what was
# checked is no longer what is stored.
CONFIRMED_FIELDS = (
    "member_id",
    "cell_id",
    "form",
    "title",
    "year",
    "issuer",
    "issuer_level",
    "decision_number",
    "decided_on",
)


def confirmation_errors(commendation: Commendation, override: str = "") -> dict[str, str]:
    """Why this commendation cannot be confirmed yet: {field name: one Vietnamese sentence}."""
    errors = {}
    if not (commendation.decision_number or "").strip():
        errors["decision_number"] = "Chưa có số quyết định: nhập số quyết định rồi mới xác nhận."
    if not commendation.decided_on:
        errors["decided_on"] = "Chưa có ngày quyết định: nhập ngày quyết định rồi mới xác nhận."
    warning = issuer_warning(commendation.issuer_level, commendation.form, bool(commendation.member_id))
    if warning and not (override or "").strip():
        errors["override_reason"] = (
            f"{Issuer(commendation.issuer_level).label} không có thẩm quyền tặng "
            f"“{Form(commendation.form).label.lower()}” theo {COMMENDATION_SOURCE}: sửa cấp ra quyết định, "
            "hoặc ghi lý do Văn phòng vẫn xác nhận."
        )
    return errors


def apply_confirmation(commendation: Commendation, user, override: str = "") -> None:
    """Mark as confirmed (not saved); ValidationError with the reasons when it may not be."""
    if errors := confirmation_errors(commendation, override):
        raise ValidationError(errors)
    beyond = issuer_warning(commendation.issuer_level, commendation.form, bool(commendation.member_id))
    commendation.confirmed_at = timezone.now()
    commendation.confirmed_by = user
    commendation.authority_override = " ".join(override.split()) if beyond else ""
    commendation._change_reason = (
        f"Xác nhận (ngoài thẩm quyền: {commendation.authority_override})" if beyond else "Xác nhận"
    )


def confirm(commendation: Commendation, user, override: str = "") -> bool:
    """Confirm and save; False if it already was confirmed. Raises ValidationError when refused."""
    if commendation.is_confirmed:
        return False
    apply_confirmation(commendation, user, override)
    commendation.save()
    return True


def withdraw_if_changed(before: Commendation | None, after: Commendation) -> bool:
    """Take back the confirmation of an edited commendation whose checked facts changed (not saved)."""
    if before is None or not before.is_confirmed:
        return False
    if all(getattr(before, f) == getattr(after, f) for f in CONFIRMED_FIELDS):
        return False
    after.confirmed_at, after.confirmed_by, after.authority_override = None, None, ""
    after._change_reason = "Sửa sau khi xác nhận: chờ xác nhận lại"
    return True


# --- Titles derived from organisations' ratings ---------------------------------------------

EXEMPLARY_TITLE = "Trong sạch, vững mạnh tiêu biểu"
STREAK_YEARS = 5


@dataclass(frozen=True)
class CellTitle:
    cell: object
    year: int
    streak: int  # consecutive years rated HTXSNV, ending with ``year``

    @property
    def five_years(self) -> bool:
        return self.streak >= STREAK_YEARS

    @property
    def title(self) -> str:
        suffix = f" {STREAK_YEARS} năm liền ({self.year - STREAK_YEARS + 1}–{self.year})" if self.five_years else ""
        return f"{EXEMPLARY_TITLE}{suffix}"

    def __str__(self):
        return f"{self.cell}: {self.title} năm {self.year}"


def streak_ending(years_rated: set[int], year: int) -> int:
    streak = 0
    while year - streak in years_rated:
        streak += 1
    return streak


def exemplary_cells(years: list[int] | None = None) -> list[CellTitle]:
    """Cells rated HTXSNV, with the streak of consecutive years; one query.

    ``years`` limits which years are listed (the streak still looks back before them).
    """
    rows = (
        QualityRating.objects.filter(cell__isnull=False, level=QualityRating.Level.EXCELLENT)
        .select_related("cell")
        .order_by("cell__order", "cell__name", "year")
    )
    if years:
        rows = rows.filter(year__gte=min(years) - STREAK_YEARS + 1, year__lte=max(years))
    by_cell: dict[int, tuple[object, set[int]]] = {}
    for rating in rows:
        by_cell.setdefault(rating.cell_id, (rating.cell, set()))[1].add(rating.year)
    titles = []
    for cell, rated in by_cell.values():
        for year in sorted(rated, reverse=True):
            if years and year not in years:
                continue
            titles.append(CellTitle(cell, year, streak_ending(rated, year)))
    titles.sort(key=lambda t: (-t.year, -t.streak, t.cell.order, t.cell.name))
    return titles
