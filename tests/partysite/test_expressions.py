"""DateYear gives what ExtractYear gives, on SQLite through plain SQL."""

from datetime import date

import pytest
from django.db.models.functions import ExtractYear

from core.expressions import DateYear
from members.models import Member
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db


def test_date_year_matches_extract_year_for_edge_dates():
    days = [date(1930, 2, 3), date(2024, 2, 29), date(1999, 12, 31), date(2000, 1, 1), date(1000, 6, 1)]
    for day in days:
        MemberFactory(admission_date=day)
    rows = Member.objects.annotate(mine=DateYear("admission_date"), django=ExtractYear("admission_date"))
    assert sorted((r.mine, r.django) for r in rows) == sorted((d.year, d.year) for d in days)


def test_date_year_filters_and_orders():
    for day in [date(1975, 4, 30), date(1975, 9, 2), date(1986, 12, 15)]:
        MemberFactory(admission_date=day)
    years = Member.objects.annotate(y=DateYear("admission_date")).filter(y__gte=1976).values_list("y", flat=True)
    assert list(years) == [1986]
