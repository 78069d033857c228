"""Old import path ``partysite.regulations``, now ``core.regulations``.

DESIGN.md names ``partysite.regulations.working_days_after`` for other code, so the regulation
numbers and the working-day count stay importable here. New code imports ``core.regulations``.
"""

from core.regulations import (  # noqa: F401
    BADGES,
    PROBATION_DECISION_WORKING_DAYS,
    PROBATION_MONTHS,
    RATINGS,
    is_working_day,
    public_holidays,
    working_days_after,
)
