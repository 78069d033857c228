"""The badge demo: idempotent, and the next round shows people in every group."""

from datetime import date
from io import StringIO

import pytest

from awards.badges.rules import eligible_for_round
from awards.models import BadgeAward, BadgeRound
from demo import badges as demo_badges
from members.models import Member

pytestmark = pytest.mark.django_db


def test_demo_is_idempotent():
    demo_badges.seed(StringIO())
    counts = (Member.objects.count(), BadgeRound.objects.count(), BadgeAward.objects.count())
    out = StringIO()
    demo_badges.seed(out)
    assert (Member.objects.count(), BadgeRound.objects.count(), BadgeAward.objects.count()) == counts
    assert out.getvalue() == ""


def test_next_round_of_the_demo_has_people_in_every_group():
    demo_badges.seed(StringIO())
    nominations = eligible_for_round(date(2027, 2, 3))
    groups = {n.group for n in nominations}
    assert groups == {"regular", "early", "posthumous", "held"}
    regular = {n.member.full_name: n for n in nominations if n.group == "regular"}
    assert {n.years for n in regular.values()} >= {30, 40, 45, 50, 60}
    assert regular["Nguyễn Thị Hồng Nhung"].milestone_date == date(2026, 2, 28)  # admitted 29/02/1996
    assert regular["Vũ Đình Khang"].milestone_date == date(2026, 12, 25)  # pushed by a gap
    held = {n.member.full_name: n.hold_kinds for n in nominations if n.is_held}
    assert set(held.values()) == {("discipline",), ("suspended",), ("manual",)}
    reasons = " ".join(n.hold_reason for n in nominations if n.is_held)
    assert all(form in reasons for form in ("khiển trách", "cảnh cáo", "cách chức"))
    names = {n.member.full_name for n in nominations}
    assert "Cao Văn Kiên" not in names and "Lý Thị Hạnh" not in names


def test_demo_records_badges_at_decided_2026_rounds():
    demo_badges.seed(StringIO())
    decided = BadgeRound.objects.filter(date__year=2026, state="decided")
    assert decided.count() == 4
    assert BadgeAward.objects.filter(round__in=decided).count() == 4
    assert BadgeRound.objects.get(date=date(2027, 2, 3)).state == "open"


def test_demo_members_become_full_no_sooner_than_12_months_after_the_ceremony():
    # Issue 14: ceremony 25/01/1997, full 15/01/1998 showed on the printed 4-HHĐ list.
    from demo import honours as demo_honours
    from demo import members as member_demo
    from members.probation import official_too_early

    member_demo.seed(StringIO())
    demo_badges.seed(StringIO())
    demo_honours.seed(StringIO())
    assert Member.objects.filter(official_date__isnull=False, admission_ceremony_date__isnull=False).count() > 20
    assert official_too_early() == []
