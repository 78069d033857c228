"""The one set of factories for the awards records (badges, commendations, ratings).

Members and cells come from tests.members.factories (re-exported here for convenience).
"""

from datetime import date

import factory
from django.utils import timezone

from awards.models import BadgeAward, BadgeHold, BadgeRound, Commendation, EarlyAwardRequest, QualityRating
from tests.members.factories import (  # noqa: F401  (re-exported)
    CellFactory,
    DisciplineFactory,
    GapFactory,
    MemberFactory,
    PartyCellFactory,
)
from tests.news.factories import ArticleFactory, CategoryFactory  # noqa: F401  (re-exported)


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


BadgeAwardFactory = AwardFactory  # the name the honour-roll tests use


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


class CommendationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Commendation

    member = factory.SubFactory(MemberFactory)
    cell = None
    form = Commendation.Form.CERTIFICATE
    title = "Hoàn thành xuất sắc nhiệm vụ năm 2024"
    year = 2024
    issuer = "Đảng ủy Sở"
    issuer_level = Commendation.IssuerLevel.COMMITTEE
    decision_number = factory.Sequence(lambda n: f"{n + 1}-QĐ/ĐU")
    decided_on = date(2025, 1, 15)
    # Confirmed, as the data migration left complete records: the honour roll shows only these.
    confirmed_at = factory.LazyFunction(timezone.now)


class RatingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = QualityRating

    member = factory.SubFactory(MemberFactory)
    cell = None
    year = 2024
    level = QualityRating.Level.GOOD
