"""The one set of factories for the member registry; every app's tests build members here.

Defaults are plain and valid (a full member of a cell, admitted 10/03/1990, official a year
later); a test that relies on a value states it.
"""

from datetime import date

import factory

from members import party_age
from members.models import Discipline, Member, MembershipGap, PartyCell, StatusChange


class PartyCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCell
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Chi bộ Thử nghiệm {n}")


CellFactory = PartyCellFactory  # the name the awards tests use


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    date_of_birth = date(1960, 5, 17)
    hometown = "Xã Đông Hòa, tỉnh Hòa Bình Xanh"
    card_number = factory.Sequence(lambda n: f"{930000000000 + n}")
    admission_date = date(1990, 3, 10)
    official_date = factory.LazyAttribute(lambda m: party_age.add_months(m.admission_date, 12))
    cell = factory.SubFactory(PartyCellFactory)
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
    decided_on = date(2024, 5, 10)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    member = factory.SubFactory(MemberFactory)
