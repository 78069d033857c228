"""The honours demo: the 2020 year-end awards of the issue, idempotent, within the quota."""

import io
from datetime import date

import pytest

from awards import ratings
from awards.models import Commendation, QualityRating
from demo import honours as demo_honours
from members.models import Member
from tests.awards.factories import CellFactory, MemberFactory

pytestmark = pytest.mark.django_db


def _seed():
    out = io.StringIO()
    demo_honours.seed(out)
    return out.getvalue()


def test_demo_has_the_2020_awards_linked_to_the_conference_article(client):
    _seed()
    cells_2020 = Commendation.objects.filter(year=2020, cell__isnull=False, form="giay_khen")
    members_2020 = Commendation.objects.filter(year=2020, member__isnull=False, form="giay_khen")
    assert cells_2020.count() == 2 and members_2020.count() == 8
    for c in cells_2020:
        assert QualityRating.objects.get(cell=c.cell, year=2020).level == "htxsnv"
        assert c.article.slug == demo_honours.ARTICLE_SLUG and c.article.status == "published"
    for c in members_2020:
        assert QualityRating.objects.get(member=c.member, year=2020).level == "htxsnv"
    assert QualityRating.objects.filter(year=2020, member__isnull=False, level="htxsnv").count() == 8
    assert set(QualityRating.objects.values_list("year", flat=True)) == set(range(2020, 2026))
    for year in range(2020, 2026):
        assert not [w for w in ratings.year_warnings(year) if "vượt 20%" in w], year

    html = client.get("/khen-thuong/", {"nam": 2020}).content.decode()
    assert "Chi bộ trong sạch, vững mạnh, hoàn thành xuất sắc nhiệm vụ năm 2020" in html
    assert c.article.get_absolute_url() in html


def test_demo_is_idempotent():
    _seed()
    counts = (Commendation.objects.count(), QualityRating.objects.count(), Member.objects.count())
    _seed()
    assert (Commendation.objects.count(), QualityRating.objects.count(), Member.objects.count()) == counts


def test_demo_uses_existing_members_when_there_are_enough():
    for i in range(3):
        cell = CellFactory(name=f"Chi bộ Có Sẵn {i}")
        for _ in range(20):
            MemberFactory(cell=cell, admission_date=date(2005, 1, 1))
    _seed()
    assert not Member.objects.filter(card_number__startswith="0999").exists()
    assert Commendation.objects.filter(year=2020, member__isnull=False).count() == 8
