"""Party badges (Huy hiệu Đảng): eligibility rules, rounds in the admin, the lists for the
upper committee."""

# The names DESIGN.md gives other code (``awards.badges.eligible_for_round`` …) stay importable
# from the package; the rules themselves live in ``awards.badges.rules``.
from .rules import (  # noqa: E402, F401
    EARLY,
    MILESTONES,
    POSTHUMOUS,
    REGULAR,
    Nomination,
    award_refusal,
    due_kind,
    eligible_for_round,
)
