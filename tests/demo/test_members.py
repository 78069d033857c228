"""The demo registry: idempotent, and covering what the office needs to try."""

import io
from datetime import date

import pytest

from core.regulations import BADGES
from demo import members as demo
from members.models import Discipline, Member, MembershipGap, PartyCell, StatusChange

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)


@pytest.fixture
def seeded():
    demo.seed(io.StringIO())
    return Member.objects.prefetch_related("gaps")


def test_seed_is_idempotent(seeded):
    counts = (
        PartyCell.objects.count(),
        Member.objects.count(),
        MembershipGap.objects.count(),
        Discipline.objects.count(),
        StatusChange.objects.count(),
    )
    out = io.StringIO()
    demo.seed(out)
    assert (
        PartyCell.objects.count(),
        Member.objects.count(),
        MembershipGap.objects.count(),
        Discipline.objects.count(),
        StatusChange.objects.count(),
    ) == counts
    assert counts[0] == 6 and counts[1] == 150
    assert out.getvalue() == ""


def test_seed_is_deterministic(seeded):
    first = list(Member.objects.order_by("card_number").values_list("card_number", "full_name", "admission_date"))
    Member.history.all().delete()
    MembershipGap.objects.all().delete()
    Discipline.objects.all().delete()
    StatusChange.objects.all().delete()
    Member.objects.all().delete()
    demo.seed(io.StringIO())
    again = list(Member.objects.order_by("card_number").values_list("card_number", "full_name", "admission_date"))
    assert again == first


def test_every_status_and_discipline_form_is_present(seeded):
    assert set(Member.objects.values_list("status", flat=True)) == set(Member.Status.values)
    assert set(Discipline.objects.values_list("form", flat=True)) == set(Discipline.Form.values)
    assert MembershipGap.objects.filter(end__isnull=True).exists()
    assert MembershipGap.objects.filter(reason=MembershipGap.Reason.STRUCK_OFF).exists()  # the readmission
    assert Member.objects.filter(admission_date__month=2, admission_date__day=29).exists()


def test_dated_statuses_have_dates_and_match_their_history(seeded):
    for member in Member.objects.filter(status__in=Member.DATED_STATUSES):
        assert member.status_date, member
    for change in StatusChange.objects.select_related("member"):
        latest = change.member.status_changes.order_by("-date").first()
        assert (change.member.status, change.member.status_date) == (latest.resulting_status(), latest.date)


def test_each_milestone_is_reached_by_someone_around_the_coming_rounds(seeded):
    reached = {years: [] for years in BADGES.milestones}
    for member in seeded:
        for years in BADGES.milestones:
            day = member.milestone_date(years)
            if day and TODAY <= day <= date(2027, 11, 30):
                reached[years].append(member)
    assert all(reached.values()), {y: len(m) for y, m in reached.items()}


def test_every_demo_record_passes_validation(seeded):
    for member in seeded.select_related("cell"):
        member.full_clean()
        assert not member.warnings(), (member, member.warnings())
    for gap in MembershipGap.objects.select_related("member"):
        gap.full_clean()


def test_demo_members_have_history(seeded):
    assert Member.history.count() >= 150
