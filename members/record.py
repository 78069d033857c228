"""A member's whole record on one page (issue 13, item 3): what the registry knows, in sections.

``members`` knows nothing of awards (README.md, Layout: dependencies run ``awards → members``), so
other apps add their sections through a small registry: ``register_section(provider)``
where ``provider(member) -> list[Section]`` runs a fixed number of queries. ``awards``
registers its badges, early requests, holds, commendations and ratings in its
``AppConfig.ready()``; without ``awards`` the page still shows the registry's own sections.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from core.regulations import BADGES

from . import party_age
from .badge_window import age_reading_day, next_milestone_worth_showing
from .models import Member
from .transfers import cell_history


@dataclass
class Section:
    title: str
    columns: list[str]
    rows: list[list[str]] = field(default_factory=list)
    empty: str = "Không có."


_providers: list[Callable[[Member], list[Section]]] = []


def register_section(provider: Callable[[Member], list[Section]]) -> Callable:
    """Add sections to every member record page (idempotent: a provider is added once)."""
    if provider not in _providers:
        _providers.append(provider)
    return provider


def fmt(day: date | None) -> str:
    return day.strftime("%d/%m/%Y") if day else ""


def identity(member: Member) -> list[tuple[str, str]]:
    """(label, value) pairs of the record forms' fields."""
    opts = Member._meta
    names = (
        "full_name",
        "other_name",
        "gender",
        "date_of_birth",
        "place_of_birth",
        "hometown",
        "ethnicity",
        "religion",
        "education_level",
        "theory_level",
        "professional_level",
        "job_title",
        "party_position",
        "card_number",
        "dossier_number",
        "admission_date",
        "admission_ceremony_date",
        "official_date",
        "cell",
        "status",
        "status_date",
    )
    pairs = []
    for name in names:
        field_ = opts.get_field(name)
        value = getattr(member, name)
        if name in ("gender", "status"):
            value = getattr(member, f"get_{name}_display")()
        elif isinstance(value, date):
            value = fmt(value)
        pairs.append((str(field_.verbose_name).capitalize(), str(value) if value not in (None, "") else "–"))
    return pairs


def member_sections(member: Member, gaps: list) -> list[Section]:
    periods = cell_history(member)
    cells = Section("Lịch sử sinh hoạt chi bộ", ["Chi bộ", "Từ ngày", "Đến ngày", "Ghi chú"])
    for period in periods:
        cells.rows.append([str(period.cell), fmt(period.start), fmt(period.end) or "nay", period.note])
    statuses = Section("Lịch sử tình trạng", ["Ngày", "Thay đổi", "Số quyết định", "Nơi đi/đến", "Ghi chú"])
    for change in member.status_changes.order_by("date", "id"):
        note = change.note + (f" ({change.get_leave_form_display()})" if change.leave_form else "")
        statuses.rows.append([fmt(change.date), change.get_kind_display(), change.decision_number, change.place, note])
    gap_section = Section("Thời gian gián đoạn (không tính tuổi Đảng)", ["Từ ngày", "Đến ngày", "Số ngày", "Lý do"])
    for gap in gaps:
        gap_section.rows.append(
            [fmt(gap.start), fmt(gap.end) or "chưa sinh hoạt lại", str(gap.days or ""), gap.get_reason_display()]
        )
    disciplines = Section("Kỷ luật", ["Ngày quyết định", "Hình thức", "Số quyết định", "Lý do"])
    for item in member.disciplines.order_by("decided_on"):
        disciplines.rows.append([fmt(item.decided_on), item.get_form_display(), item.decision_number, item.reason])
    return [cells, statuses, gap_section, disciplines]


def build_record(member: Member, today: date) -> dict:
    """Everything the record page and its print view show, computed without a request."""
    gaps = list(member.gaps.order_by("start"))
    on, ended = age_reading_day(member, today)
    months, upcoming = party_age.party_age_and_next_milestone(member.admission_date, gaps, on, BADGES.milestones)
    # The same next milestone as the member list: none after leaving, after death only inside the window.
    upcoming = next_milestone_worth_showing(member, upcoming, ended)
    sections = member_sections(member, gaps)
    for provider in _providers:
        sections.extend(provider(member))
    return {
        "member": member,
        "identity": identity(member),
        "party_age": party_age.format_party_age(months),
        "party_age_on": on,
        "next_milestone": upcoming,
        "sections": sections,
    }
