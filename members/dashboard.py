"""Start page blocks for the party office about members (registered in MembersConfig.ready()).

Counts only: no name or date of a member is shown here, so the start page needs no access-log
row; each count links to the filtered member list, which logs what it shows.
"""

from datetime import timedelta
from urllib.parse import urlencode

from django.urls import reverse

from core import dashboard, roles

from . import party_age
from .models import Discipline, Member, MembershipGap, StatusChange

MILESTONE_WINDOWS = (3, 6, 12)  # months; the member list's "đạt mốc huy hiệu trong" filter has them
PROBATION_MONTHS = 12  # Điều lệ Đảng, Điều 5.1: 12 months from the admission ceremony
PROBATION_NOTICE_DAYS = 60

dashboard.watch(
    Member,
    Member.history.model,
    MembershipGap,
    MembershipGap.history.model,
    Discipline,
    Discipline.history.model,
    StatusChange,
    StatusChange.history.model,
)


def _members_url(**params) -> str:
    return f"{reverse('admin:members_member_changelist')}?{urlencode(params)}"


def milestone_counts(today) -> dict[int, int]:
    """{months: members reaching a badge milestone from today to today + months}, in one pass."""
    from .admin import first_milestone_days

    end = party_age.add_months(today, max(MILESTONE_WINDOWS))
    days = first_milestone_days(Member.objects.all(), today, end).values()
    limits = {months: party_age.add_months(today, months) for months in MILESTONE_WINDOWS}
    return {months: sum(1 for day in days if day <= limit) for months, limit in limits.items()}


@dashboard.register("members.milestones", roles=[roles.OFFICE], section=dashboard.OFFICE, order=20)
def milestones(viewer):
    counts = viewer.cached("members.milestones", lambda: milestone_counts(viewer.today), per_day=True)
    return dashboard.Block(
        title="Sắp đạt mốc tuổi Đảng (30, 40, 45… năm)",
        items=[
            dashboard.Item(f"đạt mốc trong {months} tháng tới", counts[months], _members_url(dat_moc=str(months)))
            for months in MILESTONE_WINDOWS
        ],
    )


# --- Probation ---------------------------------------------------------------------------
# HOOK for members.probation (built on the `life` branch): when that module exists its
# probation_end()/decision_deadline() are used; until then the end of probation is the
# ceremony date + 12 months (the month rule) and no deadline is shown. To replace the whole
# block, register another provider under the same key "members.probation".


def _probation_rules():
    try:
        from . import probation
    except ImportError:
        return None
    return probation


def probation_summary(today) -> dict:
    """Probationary members whose 12 months end within 60 days, or have ended (still dự bị)."""
    rules = _probation_rules()
    horizon = today + timedelta(days=PROBATION_NOTICE_DAYS)
    # A few days of slack for month ends (29/02 + 12 months = 28/02); the exact rule runs below.
    latest_ceremony = party_age.add_months(horizon, -PROBATION_MONTHS) + timedelta(days=3)
    candidates = (
        Member.objects.filter(
            status=Member.Status.PROBATIONARY,
            admission_ceremony_date__isnull=False,
            admission_ceremony_date__lte=latest_ceremony,
        )
        .only("pk", "admission_ceremony_date", "status")
        .order_by()
    )
    summary = {"due_soon": 0, "ended": 0, "past_deadline": 0, "deadlines": rules is not None}
    for member in candidates:
        if rules is not None:
            end, deadline = rules.probation_end(member), rules.decision_deadline(member)
        else:
            end, deadline = party_age.add_months(member.admission_ceremony_date, PROBATION_MONTHS), None
        if end is None or end > horizon:
            continue
        if end > today:
            summary["due_soon"] += 1
        else:
            summary["ended"] += 1
            if deadline is not None and deadline < today:
                summary["past_deadline"] += 1
    return summary


@dashboard.register("members.probation", roles=[roles.OFFICE], section=dashboard.OFFICE, order=30)
def probation(viewer):
    summary = viewer.cached("members.probation", lambda: probation_summary(viewer.today), per_day=True)
    url = _members_url(status__exact=Member.Status.PROBATIONARY)
    items = [
        dashboard.Item(f"hết 12 tháng dự bị trong {PROBATION_NOTICE_DAYS} ngày tới", summary["due_soon"], url),
        dashboard.Item("đã hết 12 tháng, chưa công nhận chính thức", summary["ended"], url),
    ]
    if summary["deadlines"]:
        items.append(dashboard.Item("quá hạn 30 ngày làm việc để xét", summary["past_deadline"], url))
    return dashboard.Block(
        title="Đảng viên dự bị đến hạn xét chính thức",
        items=items,
        note="Tính từ ngày lễ kết nạp; đảng viên chưa có ngày lễ kết nạp không được tính.",
    )
