"""Factories for cells, members, articles and the honours records (commendations, ratings, badges)."""

from datetime import date, timedelta

import factory
from django.utils import timezone

from awards.models import BadgeAward, Commendation, QualityRating
from members.models import Discipline, Member, PartyCell
from news.models import Article, Category


class CellFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartyCell

    name = factory.Sequence(lambda n: f"Chi bộ Thử nghiệm {n}")


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Member

    full_name = factory.Sequence(lambda n: f"Nguyễn Văn Thử {n}")
    date_of_birth = date(1975, 4, 12)
    hometown = "Xã Quê Bí Mật, huyện Riêng Tư"
    card_number = factory.Sequence(lambda n: f"{n + 1:012d}")
    admission_date = date(2000, 3, 26)
    official_date = date(2001, 3, 26)
    cell = factory.SubFactory(CellFactory)
    status = Member.Status.FULL


class DisciplineFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Discipline

    member = factory.SubFactory(MemberFactory)
    form = Discipline.Form.REPRIMAND
    decided_on = date(2024, 5, 10)


class CategoryFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Category
        django_get_or_create = ("name",)

    name = "Hoạt động Đảng bộ"


class ArticleFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Article

    title = factory.Sequence(lambda n: f"Hội nghị tổng kết số {n}")
    slug = factory.Sequence(lambda n: f"hoi-nghi-tong-ket-so-{n}")
    category = factory.SubFactory(CategoryFactory)
    status = Article.Status.PUBLISHED
    published_at = factory.LazyFunction(lambda: timezone.now() - timedelta(days=1))


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


class BadgeAwardFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BadgeAward

    member = factory.SubFactory(MemberFactory, admission_date=date(1994, 5, 1))
    years = 30
    round_date = date(2024, 5, 19)
    decision_number = "1234-QĐ/TU"
