"""Probation and full membership (công nhận đảng viên chính thức): DOMAIN.md.

Probation lasts 12 months from the admission ceremony (Điều lệ Đảng, Điều 5.1), or from the
ceremony of a readmission (kết nạp lại); the cell then has 30 working days to decide
(Quy định 24-QĐ/TW). The software lists who is due and who is overdue and records the
decision the committee took; it never recognises anyone by itself.

Plain functions, callable without a request: the admin form and the office's start page
(``probation_summary``) call them.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from core.regulations import PROBATION_DECISION_WORKING_DAYS, PROBATION_MONTHS, working_days_after

from .models import Member, StatusChange
from .party_age import add_months


def probation_start(member: Member, readmitted_on: date | None = None) -> date | None:
    """The ceremony that began the current probation: a readmission's, else the first one.

    ``readmitted_on``: the latest readmission date when the caller loaded it in bulk;
    otherwise it is read from the member's status history.
    """
    if readmitted_on is None and member.pk:
        readmitted_on = (
            member.status_changes.filter(kind=StatusChange.Kind.READMITTED)
            .order_by("-date")
            .values_list("date", flat=True)
            .first()
        )
    if readmitted_on and (member.admission_ceremony_date is None or readmitted_on > member.admission_ceremony_date):
        return readmitted_on
    return member.admission_ceremony_date


def end_of(start: date | None) -> date | None:
    return add_months(start, PROBATION_MONTHS) if start else None


def deadline_of(end: date | None) -> date | None:
    return working_days_after(end, PROBATION_DECISION_WORKING_DAYS) if end else None


def probation_end(member: Member, readmitted_on: date | None = None) -> date | None:
    """The day the 12 months end (the ceremony date + 12 months); None without a ceremony date.

    On that day a recognised member is full (29/02/2024 → 28/02/2025).
    """
    return end_of(probation_start(member, readmitted_on))


def decision_deadline(member: Member, readmitted_on: date | None = None) -> date | None:
    """The last day the cell may decide: the 30th working day after the 12 months end."""
    return deadline_of(probation_end(member, readmitted_on))


def is_overdue(member: Member, today: date, readmitted_on: date | None = None) -> bool:
    """A probationary member whose decision deadline has passed without a decision."""
    deadline = decision_deadline(member, readmitted_on)
    return member.status == Member.Status.PROBATIONARY and deadline is not None and deadline < today


# --- lists ---------------------------------------------------------------------------

DUE = "due"
OVERDUE = "overdue"


@dataclass(frozen=True)
class ProbationRow:
    member_id: int
    end: date | None
    deadline: date | None

    def state(self, today: date, within_days: int) -> str | None:
        if self.deadline is None:
            return None
        if self.deadline < today:
            return OVERDUE
        if (self.end - today).days <= within_days:
            return DUE
        return None


def probation_rows(queryset=None) -> list[ProbationRow]:
    """Every probationary member's end and deadline, in two queries (probationary members are few)."""
    queryset = Member.objects.all() if queryset is None else queryset
    members = list(
        queryset.filter(status=Member.Status.PROBATIONARY).order_by().values_list("pk", "admission_ceremony_date")
    )
    readmissions = dict(
        StatusChange.objects.filter(kind=StatusChange.Kind.READMITTED, member_id__in=[pk for pk, _ in members])
        .order_by("member_id", "date")
        .values_list("member_id", "date")
    )  # the last row per member wins: the latest readmission
    rows = []
    for pk, ceremony in members:
        start = ceremony
        again = readmissions.get(pk)
        if again and (start is None or again > start):
            start = again
        end = end_of(start)
        rows.append(ProbationRow(pk, end, deadline_of(end)))
    return rows


def member_ids(state: str, today: date, within_days: int = 60, queryset=None) -> list[int]:
    """Probationary members ``DUE`` (12 months end within ``within_days``, deadline not passed) or ``OVERDUE``."""
    return [row.member_id for row in probation_rows(queryset) if row.state(today, within_days) == state]


def probation_summary(today: date) -> dict[str, int]:
    """The counts the office's start page shows: due within 30 and 60 days, and overdue. Two queries."""
    rows = probation_rows()
    return {
        "due_30": sum(row.state(today, 30) == DUE for row in rows),
        "due_60": sum(row.state(today, 60) == DUE for row in rows),
        "overdue": sum(row.state(today, 60) == OVERDUE for row in rows),
    }


# --- recording the decision ------------------------------------------------------------


def _check_probationary(member: Member) -> date:
    if member.status != Member.Status.PROBATIONARY:
        raise ValidationError(
            f"Đồng chí {member.full_name} không phải đảng viên dự bị (tình trạng: {member.get_status_display()})."
        )
    end = probation_end(member)
    if end is None:
        raise ValidationError(
            f"Chưa có ngày lễ kết nạp của đồng chí {member.full_name}: không tính được ngày hết 12 tháng dự bị."
        )
    return end


def check_decision(member: Member, recognised: bool, decided_on: date, reason: str = "") -> None:
    """Raise the Vietnamese ValidationError the recording would raise, without writing anything."""
    end = _check_probationary(member)
    if recognised:
        if decided_on < end:
            raise ValidationError(
                f"Chưa hết 12 tháng dự bị: đồng chí {member.full_name} hết thời gian dự bị ngày {end:%d/%m/%Y}, "
                f"quyết định ngày {decided_on:%d/%m/%Y} là quá sớm."
            )
        return
    if not (reason or "").strip():
        raise ValidationError("Cần ghi lý do xóa tên trong danh sách đảng viên dự bị.")
    start = probation_start(member)
    if start and decided_on < start:
        raise ValidationError(f"Ngày xóa tên {decided_on:%d/%m/%Y} không thể trước ngày kết nạp {start:%d/%m/%Y}.")


@transaction.atomic
def record_recognition(member: Member, decided_on: date, decision_number: str = "", note: str = "") -> StatusChange:
    """Recognise a probationary member as full: full from the day the 12 months ended, whatever the decision date.

    Sets ``official_date`` and writes the status history. A decision dated before the 12
    months end is refused with a Vietnamese sentence, and nothing is saved.
    """
    check_decision(member, True, decided_on)
    end = probation_end(member)
    text = f"Quyết định ngày {decided_on:%d/%m/%Y}" + (f"; {note}" if note else "")
    member.official_date = end
    Member.objects.filter(pk=member.pk).update(official_date=end)
    return StatusChange.objects.create(
        member=member, kind=StatusChange.Kind.FULL, date=end, decision_number=decision_number, note=text[:300]
    )


@transaction.atomic
def record_strike_off(member: Member, on: date, reason: str, decision_number: str = "") -> StatusChange:
    """Strike a probationary member off the probationary list (xóa tên trong danh sách đảng viên dự bị)."""
    check_decision(member, False, on, reason)
    return StatusChange.objects.create(
        member=member,
        kind=StatusChange.Kind.STRUCK_OFF_PROBATION,
        date=on,
        decision_number=decision_number,
        note=reason.strip()[:300],
    )


def official_too_early(queryset=None) -> list[tuple[int, date, date]]:
    """Existing records whose official date is less than 12 months after the ceremony.

    (member id, ceremony date, official date): the office corrects them; they still load.
    """
    queryset = Member.objects.all() if queryset is None else queryset
    rows = queryset.filter(official_date__isnull=False, admission_ceremony_date__isnull=False).order_by()
    return [
        (pk, ceremony, official)
        for pk, ceremony, official in rows.values_list("pk", "admission_ceremony_date", "official_date")
        if official < add_months(ceremony, PROBATION_MONTHS)
    ]
