from datetime import date

import factory

from members.models import Discipline, Member, MembershipGap, PartyCell, StatusChange


class PartyCellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCell
        django_get_or_create = ("name",)

    name = factory.Sequence(lambda n: f"Chi bộ Thử nghiệm {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    date_of_birth = date(1970, 5, 1)
    admission_date = date(1995, 3, 10)
    official_date = date(1996, 3, 10)
    cell = factory.SubFactory(PartyCellFactory)
    card_number = factory.Sequence(lambda n: f"{930000000000 + n}")


class GapFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MembershipGap

    member = factory.SubFactory(MemberFactory)
    reason = MembershipGap.Reason.OUT_OF_CONTACT


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discipline

    member = factory.SubFactory(MemberFactory)
    form = Discipline.Form.REPRIMAND
    decided_on = date(2020, 1, 1)


class StatusChangeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StatusChange

    member = factory.SubFactory(MemberFactory)
