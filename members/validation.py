"""Rules a member record must follow, with the office's Vietnamese wording.

Errors block saving; warnings are unusual facts that happen in real records (a late
recognition as full member, an admission recorded before 18 in an old dossier): they
are shown after saving so that the office double-checks, never refused.
"""

from datetime import date

from .party_age import add_months

# Probation lasts 12 months (Điều lệ Đảng, Điều 5); the recognition decision usually
# follows within a few weeks, so anything outside this window deserves a second look.
PROBATION_MONTHS = 12
OFFICIAL_WINDOW_MONTHS = (11, 14)
MIN_ADMISSION_AGE = 18


def member_warnings(member) -> list[str]:
    warnings = []
    admission, official, birth = member.admission_date, member.official_date, member.date_of_birth
    if admission and official and official > admission:
        low, high = (add_months(admission, m) for m in OFFICIAL_WINDOW_MONTHS)
        if not low <= official <= high:
            warnings.append(
                f"Ngày chính thức {official:%d/%m/%Y} không cách ngày kết nạp {admission:%d/%m/%Y} "
                f"khoảng {PROBATION_MONTHS} tháng: hãy kiểm tra lại."
            )
    ceremony = member.admission_ceremony_date
    if ceremony and official and official < add_months(ceremony, PROBATION_MONTHS):
        # Điều lệ Đảng, Điều 5: full only when the 12 months from the ceremony have ended.
        # Old records break this; they still load, and the list filter "kiểm tra ngày chính thức" finds them.
        warnings.append(
            f"Ngày chính thức {official:%d/%m/%Y} trước khi hết 12 tháng dự bị tính từ lễ kết nạp "
            f"{ceremony:%d/%m/%Y} (hết ngày {add_months(ceremony, PROBATION_MONTHS):%d/%m/%Y}): hãy kiểm tra lại."
        )
    if admission and birth and add_months(birth, 12 * MIN_ADMISSION_AGE) > admission:
        warnings.append(
            f"Theo ngày sinh {birth:%d/%m/%Y}, đảng viên được kết nạp khi chưa đủ {MIN_ADMISSION_AGE} tuổi: "
            "hãy kiểm tra lại ngày sinh và ngày kết nạp."
        )
    return warnings


def gap_errors(member, gaps) -> list[str]:
    """Errors of a member's gaps taken together: inside membership, not overlapping, one open at most.

    ``gaps`` are objects with ``start``/``end`` (model instances or form data).
    """
    errors = []
    admission = member.admission_date
    end_of_membership = None
    if member.status in (member.Status.DECEASED, member.Status.LEFT, member.Status.TRANSFERRED):
        end_of_membership = member.status_date
    dated = sorted((g for g in gaps if g.start), key=lambda g: g.start)
    for gap in dated:
        if admission and gap.start <= admission:
            errors.append(f"Thời gian gián đoạn từ {gap.start:%d/%m/%Y} phải sau ngày kết nạp {admission:%d/%m/%Y}.")
        if end_of_membership and gap.start > end_of_membership:
            errors.append(
                f"Thời gian gián đoạn từ {gap.start:%d/%m/%Y} nằm sau ngày {end_of_membership:%d/%m/%Y} "
                f"({member.get_status_display().lower()})."
            )
        if gap.end and gap.end <= gap.start:
            errors.append(f"Thời gian gián đoạn từ {gap.start:%d/%m/%Y}: ngày sinh hoạt lại phải sau ngày bắt đầu.")
    for earlier, later in zip(dated, dated[1:], strict=False):
        if earlier.end is None or later.start < earlier.end:
            earlier_end = earlier.end.strftime("%d/%m/%Y") if earlier.end else "nay"
            errors.append(
                f"Hai thời gian gián đoạn chồng lên nhau: {earlier.start:%d/%m/%Y} – {earlier_end} "
                f"và từ {later.start:%d/%m/%Y}."
            )
    return errors


def normalise_card_number(value) -> str | None:
    """Digits only; a spreadsheet may turn card numbers into floats ("930000123456.0")."""
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip().replace(" ", "")
    if text.endswith(".0") and text[:-2].isdigit():
        text = text[:-2]
    return text or None


def is_valid_card_number(value: str) -> bool:
    return value.isdigit() and len(value) in (8, 12)


def today() -> date:
    from django.utils import timezone

    return timezone.localdate()


def cell_period_errors(member, periods) -> list[str]:
    """Errors of a member's cell periods taken together: after admission, not overlapping, one open at most."""
    errors = []
    admission = member.admission_date
    dated = sorted((p for p in periods if p.start), key=lambda p: p.start)
    for period in dated:
        if admission and period.start < admission:
            errors.append(
                f"Thời gian sinh hoạt tại chi bộ từ {period.start:%d/%m/%Y} không thể trước ngày kết nạp "
                f"{admission:%d/%m/%Y}."
            )
    for earlier, later in zip(dated, dated[1:], strict=False):
        if earlier.end is None or earlier.end > later.start:
            errors.append(
                f"Hai thời gian sinh hoạt chi bộ chồng lên nhau: từ {earlier.start:%d/%m/%Y} và từ "
                f"{later.start:%d/%m/%Y}."
            )
    return errors
