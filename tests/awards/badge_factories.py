"""Factories for the badge tests (kept apart from the commendation factories in factories.py)."""

from datetime import date

import factory

from awards.models import BadgeAward, BadgeHold, BadgeRound, EarlyAwardRequest
from members.models import Discipline, Member, MembershipGap, PartyCell


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCell
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Chi bộ Thử nghiệm {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    date_of_birth = date(1960, 5, 17)
    hometown = "Xã Đông Hòa, tỉnh Hòa Bình Xanh"
    card_number = factory.Sequence(lambda n: f"{n:012d}")
    admission_date = date(1990, 3, 10)
    official_date = factory.LazyAttribute(lambda m: date(m.admission_date.year + 1, m.admission_date.month, 1))
    cell = factory.SubFactory(CellFactory, name="Chi bộ Viễn thông")
    status = Member.Status.FULL


class GapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipGap

    member = factory.SubFactory(MemberFactory)
    start = date(2000, 3, 1)
    end = date(2001, 3, 1)
    reason = MembershipGap.Reason.OUT_OF_CONTACT


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discipline

    member = factory.SubFactory(MemberFactory)
    form = Discipline.Form.REPRIMAND
    decided_on = date(2026, 6, 1)


class RoundFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeRound
        django_get_or_create = ("date",)

    date = date(2027, 2, 3)


class AwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeAward

    member = factory.SubFactory(MemberFactory)
    years = 30
    round_date = date(2020, 2, 3)
    badge_number = factory.Sequence(lambda n: f"HH{n:06d}")
    decision_number = "100-QĐ/TU"


class EarlyRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EarlyAwardRequest

    member = factory.SubFactory(MemberFactory)
    requested_on = date(2026, 10, 1)
    reason = "Bệnh hiểm nghèo (hồ sơ lưu tại Văn phòng)."


class HoldFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeHold

    member = factory.SubFactory(MemberFactory)
    reason = "Đang được kiểm tra khi có dấu hiệu vi phạm"
    until = None
