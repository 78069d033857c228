"""Who is due a party badge (Huy hiệu Đảng) at a round: the only place these rules are written.

DOMAIN.md, "Party badges" and "Who is proposed, precisely". The numbers (milestones,
months early, months deferred, posthumous window) come from ``core.regulations.BADGES``;
party age and milestone dates come from ``members.party_age`` (one implementation).

``eligible_for_round(round_date)`` runs eleven queries whatever the number of members: the
members who could be due (what the rules and the lists read of them), the status history of
those whose status changed after the round and the cells of the round date, their gaps,
disciplines, badges, early-award requests and holds, each loaded in bulk, and the cells;
the rules run in Python on plain rows, and only the members listed become Member objects.

Readings of the rules that the domain text leaves open, chosen here once:
- "Not yet awarded" is judged at the round: badges recorded at an earlier round count; a
  badge recorded *at* this round is attached to the nomination (the office's record), so a
  decided round still shows its list.
- A badge supersedes the lower milestones: a member holding the 40-year badge is not
  proposed for a 30-year badge that was never given.
- A hold ends on ``deferred_until``: a round on that very day proposes the member
  (discipline: "not proposed until 6 months after the decision"; the office's hold: the
  day it ends).
- An early-award request made on or before the round stays valid until a badge is recorded
  at a round on or after the day of the request.
- A deceased member is proposed only posthumously at rounds on or after the date of death;
  at a round before the death the member was alive and is judged as such (so a round
  decided after a death still lists, and can record, that member's badge).
- A suspension holds back at rounds on or after the day it began.
"""

from __future__ import annotations

import calendar
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from django.db.models import Max, Q

from core.regulations import BADGES
from members import party_age
from members.badge_window import NEVER_PROPOSED, milestone_counts, posthumous_deadline
from members.models import Discipline, Member, MembershipGap, PartyCell, StatusChange, member_from_row
from members.transfers import cells_on, status_on

MILESTONES: tuple[int, ...] = BADGES.milestones

REGULAR = "regular"
EARLY = "early"
POSTHUMOUS = "posthumous"
KIND_LABELS = {REGULAR: "Tặng theo niên hạn", EARLY: "Tặng sớm", POSTHUMOUS: "Truy tặng"}

HOLD_DISCIPLINE = "discipline"
HOLD_SUSPENDED = "suspended"
HOLD_MANUAL = "manual"

# What the rules read of every candidate, and what the round screen, its print view and the
# 4-HHĐ/4B-HHĐ workbooks read of a listed member: one query loads these for all candidates.
# Reading another field of a listed member costs a query per member; the round screen's and
# the exports' query-count tests catch that.
LISTED_MEMBER_FIELDS = (
    "id",
    "admission_date",
    "status",
    "status_date",
    "full_name",
    "gender",
    "date_of_birth",
    "hometown",
    "card_number",
    "admission_ceremony_date",
    "official_date",
    "cell_id",
    "sort_key",
)

# Statuses whose members can be proposed while alive.
LIVING_STATUSES = (
    Member.Status.FULL,
    Member.Status.EXCUSED,
    Member.Status.TEMPORARY,
    Member.Status.SUSPENDED,
)
# Probationary (also readmitted), transferred-out and departed members are never listed.
LISTED_STATUSES = (*LIVING_STATUSES, Member.Status.DECEASED)


def _fmt(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


@dataclass
class Nomination:
    """One member's nomination at a round (proposed, or held back with the reason)."""

    member: Member
    years: int
    milestone_date: date
    kind: str  # REGULAR, EARLY or POSTHUMOUS
    hold_reason: str | None = None
    deferred_until: date | None = None
    round_date: date | None = None
    # What the screens and lists need, computed with the gaps already loaded.
    party_months: int = 0
    is_temporary: bool = False
    is_excused: bool = False
    hold_kinds: tuple[str, ...] = ()
    early_request_on: date | None = None
    death_date: date | None = None
    # The badge recorded for this milestone at this very round, if any.
    award: object | None = field(default=None, repr=False)

    @property
    def is_held(self) -> bool:
        return self.hold_reason is not None

    @property
    def group(self) -> str:
        """The group of the round screen: the kind, or "held" for a held-back member."""
        return "held" if self.is_held else self.kind

    @property
    def kind_display(self) -> str:
        return KIND_LABELS[self.kind]

    @property
    def party_age_display(self) -> str:
        return party_age.format_party_age(self.party_months)

    @property
    def note(self) -> str:
        """The "Ghi chú" column of the official list."""
        parts = []
        if self.kind == EARLY:
            parts.append(f"Tặng sớm (đạt {self.years} năm ngày {_fmt(self.milestone_date)})")
        if self.kind == POSTHUMOUS:
            parts.append(f"Từ trần ngày {_fmt(self.death_date)}" if self.death_date else "Đã từ trần")
        if self.is_temporary:
            parts.append("Sinh hoạt tạm thời")
        if self.is_excused:
            parts.append("Miễn công tác và sinh hoạt đảng")
        if self.is_held:
            parts.append(self.hold_reason)
        return "; ".join(parts)


def dead_at(status: str, status_date: date | None, round_date: date) -> bool:
    """Whether a member had died by the round (a deceased member without a date: yes)."""
    return status == Member.Status.DECEASED and (status_date is None or status_date <= round_date)


def request_is_open(requested_on: date | None, award_dates) -> bool:
    """An early-award request stays valid until a badge is recorded at a round on or after it."""
    return requested_on is not None and not any(on >= requested_on for on in award_dates)


def latest_admission_reaching(last_day: date, months: int) -> date:
    """The last admission date whose ``months``-month anniversary falls on or before ``last_day``.

    Not ``add_months(last_day, -months)``: the month rule clamps to a month's last day, so
    going back and forth is not symmetric. With ``last_day`` 28/02/2026 and 360 months, going
    back gives 28/02/1996, yet 29/02/1996 + 360 months is 28/02/2026 too: a member admitted on
    29/02 would be dropped (issue 14). When ``last_day`` is its month's last day, every day of
    the month ``months`` earlier reaches it.
    """
    back = party_age.add_months(last_day, -months)
    if last_day.day == calendar.monthrange(last_day.year, last_day.month)[1]:
        return back.replace(day=calendar.monthrange(back.year, back.month)[1])
    return back


def horizon_bound(round_date: date) -> date:
    """Members admitted after this day cannot be due at ``round_date`` (gaps only push later).

    The loosest of every milestone's window: the early window of each band and the
    posthumous window (a death on or before the round plus its months).
    """
    return max(
        latest_admission_reaching(
            party_age.add_months(round_date, max(BADGES.early_months(years), BADGES.posthumous_months)), 12 * years
        )
        for years in MILESTONES
    )


def discipline_end(form: str, decided_on: date) -> date | None:
    """The day a discipline stops deferring the badge (None for forms that do not defer)."""
    months = BADGES.discipline_deferral_months.get(form)
    return party_age.add_months(decided_on, months) if months is not None else None


def due_kind(
    *,
    years: int,
    milestone_day: date | None,
    round_date: date,
    deceased: bool,
    death_date: date | None,
    has_early_request: bool,
) -> str | None:
    """Whether a milestone is due at the round, and how (REGULAR, EARLY, POSTHUMOUS), or None."""
    if milestone_day is None:
        return None
    if deceased:
        if death_date is None:
            # Without the date of death the window cannot be measured: reached milestones only.
            return POSTHUMOUS if milestone_day <= round_date else None
        if death_date > round_date:
            return None
        return POSTHUMOUS if milestone_counts(Member.Status.DECEASED, death_date, milestone_day) else None
    if milestone_day <= round_date:
        return REGULAR
    if has_early_request and milestone_day <= party_age.add_months(round_date, BADGES.early_months(years)):
        return EARLY
    return None


def _highest_due(
    *,
    admission: date,
    gaps: list,
    round_date: date,
    deceased: bool,
    death_date: date | None,
    has_early_request: bool,
    awarded_max: int,
    horizon: date | None = None,
) -> tuple[int, date, str] | None:
    """The highest milestone due and above every badge already held, as (years, date, kind).

    ``horizon``: the last day any milestone can fall on and still be due (computed once per
    round by the caller; derived here when not given).
    """
    if deceased and death_date is not None:
        horizon = posthumous_deadline(death_date)
    elif horizon is None:
        horizon = _living_horizon(round_date)
    last_year = horizon.year
    for years in reversed(MILESTONES):
        if years <= awarded_max:
            return None
        # Cheap skip: the anniversary alone is already past every window (gaps only push later).
        if admission.year + years > last_year:
            continue
        day = party_age.milestone_date(admission, gaps, years)
        kind = due_kind(
            years=years,
            milestone_day=day,
            round_date=round_date,
            deceased=deceased,
            death_date=death_date,
            has_early_request=has_early_request,
        )
        if kind:
            return years, day, kind
    return None


def _living_horizon(round_date: date) -> date:
    return party_age.add_months(round_date, max(BADGES.early_months(y) for y in MILESTONES))


def _holds(
    *,
    member: Member,
    round_date: date,
    disciplines: Iterable[tuple[str, date]],
    manual_holds: Iterable[tuple[str, date | None]],
) -> tuple[list[str], list[str], date | None, bool]:
    """Reasons, kinds, the latest known end and whether any hold is open-ended."""
    reasons, kinds, ends, open_ended = [], [], [], False
    deferring = []
    for form, decided_on in disciplines:
        end = discipline_end(form, decided_on)
        if end is not None and decided_on <= round_date < end:
            deferring.append((end, form, decided_on))
    if deferring:
        end, form, decided_on = max(deferring)
        months = BADGES.discipline_deferral_months[form]
        label = Discipline.Form(form).label.lower()
        more = f" và {len(deferring) - 1} quyết định khác" if len(deferring) > 1 else ""
        reasons.append(f"Kỷ luật {label} ngày {_fmt(decided_on)}{more} (hoãn {months} tháng)")
        kinds.append(HOLD_DISCIPLINE)
        ends.append(end)
    if member.status == Member.Status.SUSPENDED and (member.status_date is None or member.status_date <= round_date):
        since = f" từ ngày {_fmt(member.status_date)}" if member.status_date else ""
        reasons.append(f"Đang bị đình chỉ sinh hoạt đảng{since}")
        kinds.append(HOLD_SUSPENDED)
        open_ended = True
    for reason, until in manual_holds:
        if until is not None and until <= round_date:
            continue
        reasons.append(f"Văn phòng tạm dừng xét: {reason}")
        kinds.append(HOLD_MANUAL)
        if until is None:
            open_ended = True
        else:
            ends.append(until)
    return reasons, kinds, (max(ends) if ends else None), open_ended


def eligible_for_round(round_date: date) -> list[Nomination]:
    """Every member due a badge at ``round_date``, held-back ones included, in name order.

    Eleven queries whatever the number of members: the candidates (what the rules and the lists
    read of them), the status history of those changed after the round, the cells of the round
    date (members who moved since), their gaps, disciplines, badges (highest per member; dates for those with a
    request; this round's), requests and holds, and the cells.
    """
    from awards.models import BadgeAward, BadgeHold, EarlyAwardRequest

    # Candidates: listed statuses now, and anyone whose status changed after the round (a member
    # who has since moved away, left or died is judged by the status of the round date).
    member_filter = Q(status__in=LISTED_STATUSES) | Q(status_date__gt=round_date)
    # The related rows are read without joining the members: rows of members who are not
    # candidates are never looked up, and the join cost more than it saved (bench_badges).

    # Plain rows: a model instance is built only for the members listed, and without
    # Model.__init__ (members.models.member_from_row), which cost more than the rules.
    # No ORDER BY: the listed members are sorted in Python, after the rules have dropped most.
    candidates = (
        Member.objects.filter(member_filter, admission_date__lte=horizon_bound(round_date))
        .order_by()
        .values_list(*LISTED_MEMBER_FIELDS)
    )

    # "Readings settled": the status on the round date, from the history of those whose
    # status changed after it (few), and the cell on the round date (closed periods only).
    changes = defaultdict(list)
    changed_later = Member.objects.filter(status_date__gt=round_date).values("pk")
    for member_id, on, kind in (
        StatusChange.objects.filter(member_id__in=changed_later)
        .order_by("date", "id")
        .values_list("member_id", "date", "kind")
    ):
        changes[member_id].append((on, kind))
    cell_then = cells_on(round_date)

    gaps = defaultdict(list)
    for row in MembershipGap.objects.all().values_list("member_id", "start", "end", named=True):
        gaps[row.member_id].append(row)

    disciplines = defaultdict(list)
    discipline_rows = Discipline.objects.filter(
        form__in=list(BADGES.discipline_deferral_months), decided_on__lte=round_date
    ).values_list("member_id", "form", "decided_on")
    for member_id, form, decided_on in discipline_rows:
        disciplines[member_id].append((form, decided_on))

    latest_request: dict[int, date] = {}
    requests = EarlyAwardRequest.objects.filter(requested_on__lte=round_date)
    for member_id, requested_on in requests.values_list("member_id", "requested_on"):
        if requested_on > latest_request.get(member_id, date.min):
            latest_request[member_id] = requested_on

    # Badges recorded before this round count as held; those of this round are attached.
    earlier = BadgeAward.objects.filter(round_date__lt=round_date)
    awarded_max = dict(
        earlier.order_by().values("member_id").annotate(top=Max("years")).values_list("member_id", "top")
    )
    award_dates = defaultdict(list)
    for member_id, on in earlier.filter(member_id__in=requests.values("member_id")).values_list(
        "member_id", "round_date"
    ):
        award_dates[member_id].append(on)
    this_round = {(a.member_id, a.years): a for a in BadgeAward.objects.filter(round_date=round_date)}

    manual_holds = defaultdict(list)
    for member_id, reason, until in BadgeHold.objects.all().values_list("member_id", "reason", "until"):
        manual_holds[member_id].append((reason, until))

    horizon = _living_horizon(round_date)
    due_by_member = {}
    official_at = LISTED_MEMBER_FIELDS.index("official_date")
    for row in candidates:
        member_id, admission, status, status_date = row[:4]
        if status_date is not None and status_date > round_date:
            status, status_date = status_on(
                round_date,
                status=status,
                status_date=status_date,
                official_date=row[official_at],
                changes=changes.get(member_id, ()),
            )
            if status not in LISTED_STATUSES:
                continue
            row = (member_id, admission, status, status_date, *row[4:])
        deceased = dead_at(status, status_date, round_date)
        has_request = request_is_open(latest_request.get(member_id), award_dates.get(member_id, ()))
        due = _highest_due(
            admission=admission,
            gaps=gaps.get(member_id, []),
            round_date=round_date,
            deceased=deceased,
            death_date=status_date if deceased else None,
            has_early_request=has_request and not deceased,
            awarded_max=awarded_max.get(member_id, 0),
            horizon=horizon,
        )
        if due is not None:
            due_by_member[member_id] = (row, due)

    cells = {cell.pk: cell for cell in PartyCell.objects.all()}
    listed = [member_from_row(LISTED_MEMBER_FIELDS, row) for row, _ in due_by_member.values()]
    listed.sort(key=lambda member: (member.sort_key, member.pk))  # Vietnamese name order

    nominations = []
    for member in listed:
        due = due_by_member[member.pk][1]
        # Attach the cell loaded once, instead of one cell object per member row: the cell of
        # the round date, so that a later move does not change a decided round's list.
        member.cell_id = cell_then.get(member.pk, member.cell_id)
        member._state.fields_cache["cell"] = cells[member.cell_id]
        years, day, kind = due
        deceased = dead_at(member.status, member.status_date, round_date)
        member_gaps = gaps.get(member.pk, [])
        reasons, kinds, end, open_ended = _holds(
            member=member,
            round_date=round_date,
            disciplines=disciplines.get(member.pk, ()),
            manual_holds=manual_holds.get(member.pk, ()),
        )
        age_on = min(round_date, member.status_date) if deceased and member.status_date else round_date
        nominations.append(
            Nomination(
                member=member,
                years=years,
                milestone_date=day,
                kind=kind,
                hold_reason="; ".join(reasons) if reasons else None,
                deferred_until=None if open_ended else end,
                round_date=round_date,
                party_months=party_age.party_months(member.admission_date, member_gaps, age_on),
                is_temporary=member.status == Member.Status.TEMPORARY,
                is_excused=member.status == Member.Status.EXCUSED,
                hold_kinds=tuple(kinds),
                early_request_on=latest_request.get(member.pk) if kind == EARLY else None,
                death_date=member.status_date if deceased else None,
                award=this_round.get((member.pk, years)),
            )
        )
    return nominations


def award_refusal(member: Member, years: int, round_date: date) -> str | None:
    """Why a badge for ``years`` may not be recorded at ``round_date`` (None when it may).

    The same rules as ``eligible_for_round``: the milestone must be reached on the round
    date, inside the early window with a request, or inside the posthumous window.
    """
    from awards.models import EarlyAwardRequest

    if years not in MILESTONES:
        return f"Không có huy hiệu {years} năm tuổi Đảng."
    gone = NEVER_PROPOSED
    # Past badges of a member who left later may still be recorded; nothing after the departure.
    if member.status == Member.Status.PROBATIONARY or (
        member.status in gone and (member.status_date is None or member.status_date <= round_date)
    ):
        return f"Đồng chí {member.full_name} có tình trạng “{member.get_status_display()}”: không được xét tặng."
    gaps = list(member.gaps.values_list("start", "end", named=True)) if member.pk else []
    day = party_age.milestone_date(member.admission_date, gaps, years)
    deceased = dead_at(member.status, member.status_date, round_date)
    has_request = False
    if member.pk and not deceased:
        requested_on = (
            EarlyAwardRequest.objects.filter(member=member, requested_on__lte=round_date)
            .order_by("-requested_on")
            .values_list("requested_on", flat=True)
            .first()
        )
        award_dates = member.badge_awards.filter(round_date__lt=round_date).values_list("round_date", flat=True)
        has_request = request_is_open(requested_on, list(award_dates))
    kind = due_kind(
        years=years,
        milestone_day=day,
        round_date=round_date,
        deceased=deceased,
        death_date=member.status_date if deceased else None,
        has_early_request=has_request,
    )
    if kind:
        return None
    if day is None:
        return (
            f"Đồng chí {member.full_name} đang gián đoạn sinh hoạt đảng: chưa tính được ngày đủ {years} năm tuổi Đảng."
        )
    reached = f"đủ {years} năm tuổi Đảng ngày {_fmt(day)}"
    if deceased:
        return (
            f"Không thể truy tặng: đồng chí {member.full_name} {reached}, quá {BADGES.posthumous_months} tháng "
            f"sau ngày từ trần."
        )
    early = BADGES.early_months(years)
    if has_request:
        return (
            f"Đồng chí {member.full_name} {reached}, quá {early} tháng sau ngày của đợt ({_fmt(round_date)}): "
            f"không thể tặng sớm."
        )
    return (
        f"Đồng chí {member.full_name} chưa đủ {years} năm tuổi Đảng vào ngày {_fmt(round_date)} ({reached}); "
        f"muốn tặng sớm (tối đa {early} tháng) cần ghi nhận đề nghị tặng sớm trước."
    )


def counts_by_milestone(nominations: Iterable[Nomination]) -> list[tuple[int, int]]:
    """(years, number proposed) for the milestones that appear, held-back members excluded."""
    counts: dict[int, int] = defaultdict(int)
    for nomination in nominations:
        if not nomination.is_held:
            counts[nomination.years] += 1
    return sorted(counts.items())
