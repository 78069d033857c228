"""The demo as an official would check it: each rule below is one the party office checks
before a list leaves the building. The demo is seeded once; each check returns what breaks it."""

import io
import re
from collections import defaultdict
from datetime import date

import pytest
from django.core.management import call_command

from awards.honours import roll as public
from awards.models import BadgeAward, BadgeRound, Commendation, QualityRating
from core.models import SiteProfile
from demo.honours import WORKING_AGE
from members.models import Member
from members.party_age import add_months

pytestmark = pytest.mark.django_db
TODAY = date(2026, 11, 28)
OLDEST_BIRTH_YEAR = 1918  # a living member of 108 is already the province's oldest


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def age_on(born: date, day: date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def ratings_outside_working_age():
    bad = []
    for r in QualityRating.objects.filter(member__isnull=False).select_related("member"):
        m = r.member
        if m.date_of_birth is None or not WORKING_AGE[0] <= r.year - m.date_of_birth.year <= WORKING_AGE[1]:
            bad.append(f"{m.full_name} (sinh {m.date_of_birth}) xếp loại năm {r.year}")
    return bad


def implausible_members():
    bad = []
    for m in Member.objects.all():
        if m.date_of_birth is None:
            bad.append(f"{m.full_name}: không có ngày sinh")
            continue
        if m.date_of_birth.year < OLDEST_BIRTH_YEAR and m.status != Member.Status.DECEASED:
            bad.append(f"{m.full_name}: sinh năm {m.date_of_birth.year}, vẫn đang sinh hoạt")
        if age_on(m.date_of_birth, m.admission_date) < 18:
            bad.append(f"{m.full_name}: kết nạp khi chưa đủ 18 tuổi")
        retired = add_months(m.date_of_birth, 12 * 62) <= TODAY
        if m.job_title == "Cán bộ hưu trí" and age_on(m.date_of_birth, TODAY) < 55:
            bad.append(f"{m.full_name}: {age_on(m.date_of_birth, TODAY)} tuổi mà đã nghỉ hưu")
        if retired and m.job_title and m.job_title != "Cán bộ hưu trí":
            bad.append(f"{m.full_name}: {age_on(m.date_of_birth, TODAY)} tuổi vẫn là {m.job_title}")
    return bad


def duplicate_names():
    seen = defaultdict(list)
    for name, card in Member.objects.values_list("full_name", "card_number"):
        seen[name].append(card)
    return [f"{name}: {cards}" for name, cards in seen.items() if len(cards) > 1]


def decision_numbers_not_one_per_round():
    numbers_by_round = defaultdict(set)
    for day, number in BadgeAward.objects.values_list("round_date", "decision_number"):
        numbers_by_round[day].add(number)
    for r in BadgeRound.objects.exclude(decision_number=""):
        numbers_by_round[r.date].add(r.decision_number)
    bad = [f"đợt {day:%d/%m/%Y}: {sorted(n)}" for day, n in numbers_by_round.items() if len(n) > 1]
    rounds_by_number = defaultdict(set)
    for day, numbers in numbers_by_round.items():
        for number in numbers:
            rounds_by_number[(day.year, number)].add(day)
    bad += [
        f"{number} năm {year} dùng cho {len(days)} đợt"
        for (year, number), days in rounds_by_number.items()
        if len(days) > 1
    ]
    return bad


def badges_out_of_order():
    """A milestone once per member, reached (or in the early/posthumous window) by its round,
    and a higher badge never before a lower one."""
    bad = []
    by_member = defaultdict(list)
    for award in BadgeAward.objects.select_related("member").prefetch_related("member__gaps"):
        by_member[award.member].append(award)
    for member, awards in by_member.items():
        years = [a.years for a in awards]
        if len(years) != len(set(years)):
            bad.append(f"{member.full_name}: nhận trùng mốc {years}")
        ordered = sorted(awards, key=lambda a: a.years)
        if [a.round_date for a in ordered] != sorted(a.round_date for a in ordered):
            bad.append(f"{member.full_name}: mốc cao nhận trước mốc thấp")
        for a in awards:
            reached = member.milestone_date(a.years)
            if reached is None or add_months(a.round_date, 24) < reached:
                bad.append(f"{member.full_name}: huy hiệu {a.years} năm đợt {a.round_date:%d/%m/%Y}, mốc {reached}")
    return bad


def honours_before_founding():
    founded = SiteProfile.current().founded_year
    bad = [f"khen thưởng năm {y}" for y in Commendation.objects.filter(year__lt=founded).values_list("year", flat=True)]
    bad += [f"trang khen thưởng có năm {y}" for y in public.honour_years() if y < founded]
    return bad


def round_names_not_dd_mm_yyyy():
    return [str(r) for r in BadgeRound.objects.all() if not re.fullmatch(r"Đợt \d{2}/\d{2}/\d{4}", str(r))]


def test_demo_obeys_the_rules_the_office_checks(demo):
    assert SiteProfile.current().founded_year == 2008
    problems = {
        "xếp loại ngoài tuổi lao động": ratings_outside_working_age(),
        "hồ sơ không hợp lý": implausible_members(),
        "trùng họ tên": duplicate_names(),
        "số quyết định": decision_numbers_not_one_per_round(),
        "huy hiệu": badges_out_of_order(),
        "trước năm thành lập": honours_before_founding(),
        "tên đợt": round_names_not_dd_mm_yyyy(),
    }
    assert {rule: found[:5] for rule, found in problems.items() if found} == {}


def test_honour_roll_hides_years_before_founding(demo):
    profile = SiteProfile.current()
    profile.founded_year = 2022
    profile.save()
    assert min(public.honour_years()) == 2022
    assert all(entry.year >= 2022 for entry in public.home_honours(limit=50))
    profile.founded_year = None
    profile.save()
    assert min(public.honour_years()) < 2008  # the registry keeps the members' earlier badges


def test_round_names_are_dd_mm_yyyy():
    assert BadgeRound.default_name(date(2026, 9, 2)) == "Đợt 02/09/2026"
    assert str(BadgeRound.objects.create(date=date(2027, 2, 3))) == "Đợt 03/02/2027"
