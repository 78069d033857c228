"""Transfers (chuyển sinh hoạt đảng) and each member's cell history: DOMAIN.md, "Transfers".

- ``move_cell``: internal move between two cells of the committee (nội bộ);
- ``transfer_out``: official (chính thức) or temporary (tạm thời) transfer to another party
  organisation, with its destination and date;
- ``transfer_in``: a member received from another organisation (origin, date received);
  when the member left a cell earlier (the introduction letter's date, or our own
  transfer-out), the days in between were not attached to any cell and become a gap.

The readings "as of" a date: ``cells_on(day)`` (the cell each member belonged to) and
``status_on(...)`` (the status a member had, from the status history). All functions
work without a request; each checks its dates first and writes nothing on bad input.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction

from .models import CellMembership, Member, MembershipGap, PartyCell, StatusChange, status_after

# Hướng dẫn 09-HD/BTCTW 2017: the introduction letter is presented within 30 days.
LETTER_VALID_DAYS = 30


def first_period_start(member: Member) -> date:
    """When a member's first cell period began: the admission ceremony, else the admission decision."""
    return member.admission_ceremony_date or member.admission_date


def cell_history(member: Member) -> list[CellMembership]:
    """The member's cell periods, oldest first; a member recorded before cell history was kept
    (or created in bulk) has one implied period in the current cell, not saved."""
    periods = list(member.cell_periods.select_related("cell"))
    if periods:
        return sorted(periods, key=lambda p: p.start)
    return [CellMembership(member=member, cell=member.cell, start=first_period_start(member))]


def _open_period(member: Member) -> CellMembership | None:
    if not member.cell_periods.exists():
        # Before the first move, the implied period becomes a recorded one.
        return CellMembership.objects.create(member=member, cell=member.cell, start=first_period_start(member))
    return member.cell_periods.filter(end__isnull=True).order_by("-start").first()


def _check_after_admission(member: Member, on: date, what: str) -> None:
    if member.admission_date and on < member.admission_date:
        raise ValidationError(
            f"Ngày {what} {on:%d/%m/%Y} không thể trước ngày kết nạp {member.admission_date:%d/%m/%Y}."
        )


def _check_not_before_current(period: CellMembership | None, on: date, what: str) -> None:
    if period is not None and on <= period.start:
        raise ValidationError(
            f"Ngày {what} {on:%d/%m/%Y} phải sau ngày bắt đầu sinh hoạt tại {period.cell} ({period.start:%d/%m/%Y})."
        )


@transaction.atomic
def move_cell(member: Member, cell: PartyCell, on: date, note: str = "") -> CellMembership:
    """Move a member to another cell of the committee from ``on`` (internal transfer)."""
    _check_after_admission(member, on, "chuyển chi bộ")
    current = _open_period(member)
    _check_not_before_current(current, on, "chuyển chi bộ")
    if current is not None and current.cell_id == cell.pk:
        raise ValidationError(f"Đồng chí {member.full_name} đang sinh hoạt tại {cell}.")
    if current is not None:
        current.end = on
        current.save(update_fields=["end"])
    period = CellMembership.objects.create(member=member, cell=cell, start=on, note=note[:300])
    member.cell = cell
    Member.objects.filter(pk=member.pk).update(cell=cell)
    return period


@transaction.atomic
def transfer_out(
    member: Member, on: date, destination: str, *, official: bool = True, decision_number: str = ""
) -> StatusChange:
    """Transfer a member to another party organisation from ``on`` (the first day not attached here).

    Official: the cell period ends and the member leaves the committee's total. Temporary:
    the member stays ours and counted (DOMAIN.md), so the cell period stays open.
    """
    if not (destination or "").strip():
        raise ValidationError("Cần ghi nơi chuyển đến (đảng bộ, chi bộ).")
    _check_after_admission(member, on, "chuyển sinh hoạt đi")
    current = _open_period(member)
    _check_not_before_current(current, on, "chuyển sinh hoạt đi")
    kind = StatusChange.Kind.TRANSFER_OUT if official else StatusChange.Kind.TRANSFER_OUT_TEMPORARY
    if official and current is not None:
        current.end = on
        current.save(update_fields=["end"])
    return StatusChange.objects.create(
        member=member, kind=kind, date=on, place=destination.strip()[:200], decision_number=decision_number
    )


@transaction.atomic
def transfer_in(
    member: Member,
    received_on: date,
    origin: str,
    cell: PartyCell,
    *,
    left_on: date | None = None,
    decision_number: str = "",
) -> StatusChange:
    """Receive a member from another organisation (or back from a transfer out) on ``received_on``.

    ``left_on``: the day the member stopped being attached to the previous cell (the
    introduction letter's date); for a member who transferred out from here it defaults to
    that transfer's date. The days from ``left_on`` to ``received_on`` become a gap.
    """
    if not (origin or "").strip():
        raise ValidationError("Cần ghi nơi chuyển đến từ (đảng bộ, chi bộ).")
    _check_after_admission(member, received_on, "nhận sinh hoạt")
    last_out = (
        member.status_changes.filter(kind=StatusChange.Kind.TRANSFER_OUT).order_by("-date").first()
        if member.pk
        else None
    )
    if last_out is not None and received_on < last_out.date:
        raise ValidationError(
            f"Ngày nhận sinh hoạt {received_on:%d/%m/%Y} không thể trước ngày chuyển sinh hoạt đi "
            f"{last_out.date:%d/%m/%Y}."
        )
    if left_on is None and last_out is not None:
        left_on = last_out.date
    if left_on is not None and received_on < left_on:
        raise ValidationError(
            f"Ngày nhận sinh hoạt {received_on:%d/%m/%Y} không thể trước ngày chuyển sinh hoạt đi {left_on:%d/%m/%Y}."
        )
    current = _open_period(member)
    if current is not None:
        _check_not_before_current(current, received_on, "nhận sinh hoạt")
        current.end = received_on
        current.save(update_fields=["end"])
    if left_on is not None and received_on > left_on:
        late = (received_on - left_on).days > LETTER_VALID_DAYS
        gap = MembershipGap(
            member=member,
            start=left_on,
            end=received_on,
            reason=MembershipGap.Reason.NOT_ATTACHED,
            note=f"Chuyển sinh hoạt từ {origin.strip()}" + (" (quá 30 ngày)" if late else ""),
        )
        gap.full_clean(exclude=["member"])
        gap.save()
    CellMembership.objects.create(member=member, cell=cell, start=received_on, note=f"Chuyển đến từ {origin}"[:300])
    member.cell = cell
    Member.objects.filter(pk=member.pk).update(cell=cell)
    return StatusChange.objects.create(
        member=member,
        kind=StatusChange.Kind.TRANSFER_IN,
        date=received_on,
        place=origin.strip()[:200],
        decision_number=decision_number,
    )


# --- "as of" a date ---------------------------------------------------------------------


def cells_on(day: date, member_ids=None) -> dict[int, int]:
    """{member id: cell id} for members whose cell on ``day`` differs from their current cell.

    Only closed periods are read (an open period is the current cell), so on a registry
    where few members ever moved this is a few rows. One query.
    """
    periods = CellMembership.objects.filter(start__lte=day, end__gt=day)
    if member_ids is not None:
        periods = periods.filter(member_id__in=member_ids)
    return dict(periods.order_by().values_list("member_id", "cell_id"))


NOT_HERE = None  # status_on's answer for a member who was not yet one of ours on the day


def status_on(
    day: date, *, status: str, status_date: date | None, official_date: date | None, changes=()
) -> tuple[str | None, date | None]:
    """The status (and the date it began) a member had on ``day``, from the status history.

    ``changes``: the member's status changes as (date, kind) sorted by date, needed only
    when the current status began after ``day``. ``(None, None)`` when the member came
    to the committee (transfer in) after ``day``. A status set by hand without history,
    dated after ``day``: a death or suspension is left to the date checks of the caller;
    any other status means the member was an ordinary member that day.
    """
    if status_date is None or status_date <= day:
        return status, status_date
    before = [(on, kind) for on, kind in changes if on <= day]
    if before:
        on, kind = before[-1]
        return status_after(kind, official_date, on), on
    if changes and changes[0][1] == StatusChange.Kind.TRANSFER_IN:
        return NOT_HERE, None
    if not changes and status in (Member.Status.DECEASED, Member.Status.SUSPENDED):
        return status, status_date
    was_full = official_date is None or official_date <= day
    return (Member.Status.FULL if was_full else Member.Status.PROBATIONARY), None
