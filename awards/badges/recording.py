"""Recording the province's decision for a badge round: one function, no request needed.

The round screen (``awards.badges.admin``) calls it with what the office typed; a script or a
test can call it the same way. Everything is saved or nothing is: a refused badge, a clash
with a badge someone else has just recorded, or no badge number at all leaves the round open
and no badge written, and the result says why, row by row.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from awards.models import BadgeAward, BadgeRound

NO_NUMBER = "Chưa nhập số huy hiệu nào."


@dataclass
class RecordingResult:
    """What happened: the badges saved, or the errors of each refused row."""

    saved: int = 0
    row_errors: list = field(default_factory=list)  # (nomination, [messages]) per refused row
    error: str | None = None  # a message for the whole decision

    @property
    def ok(self) -> bool:
        return not self.row_errors and self.error is None


class _Refused(Exception):
    """Rolls the whole decision back."""


def record_round_decisions(
    *,
    round: BadgeRound,  # the domain's word; keyword-only, so shadowing the builtin is harmless
    rows: Iterable[tuple[object, str]],
    user,
    decision_number: str,
    decided_on: date,
) -> RecordingResult:
    """Create or update the badges of ``rows`` ((nomination, badge number) pairs) and decide the round.

    Rows without a number are skipped. On success the round is "decided" with the decision's
    number and date; on any refusal nothing is saved and ``result.ok`` is False.
    """
    result = RecordingResult()
    try:
        with transaction.atomic():
            for nomination, number in rows:
                number = (number or "").strip()
                if not number:
                    continue
                award = nomination.award or BadgeAward(member=nomination.member, years=nomination.years)
                award.round = round
                award.round_date = round.date
                award.badge_number = number
                award.decision_number = decision_number
                if award.pk is None:
                    award.recorded_by = user
                try:
                    award.full_clean()
                except ValidationError as exc:
                    result.row_errors.append((nomination, exc.messages))
                    continue
                try:
                    # A savepoint: on PostgreSQL a failed INSERT spoils the rest of the transaction.
                    with transaction.atomic():
                        award.save()
                except IntegrityError:
                    # Someone recorded the same badge between our check and our save.
                    result.row_errors.append(
                        (
                            nomination,
                            [
                                f"Đồng chí {nomination.member} đã được ghi nhận Huy hiệu {nomination.years} năm tuổi "
                                "Đảng (người khác vừa lưu); tải lại trang để xem."
                            ],
                        )
                    )
                    continue
                result.saved += 1
            if result.row_errors:
                raise _Refused
            if not result.saved:
                result.error = NO_NUMBER
                raise _Refused
            round.decision_number = decision_number
            round.decided_on = decided_on
            round.state = BadgeRound.State.DECIDED
            round.save()
    except _Refused:
        result.saved = 0
    return result
