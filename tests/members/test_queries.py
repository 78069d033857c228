"""The member list runs a fixed number of queries per page, with 5 members or 5,000."""

from datetime import date, timedelta

import pytest
from django.urls import reverse

from members.models import Member, MembershipGap

from .factories import PartyCellFactory

pytestmark = pytest.mark.django_db
CHANGELIST = reverse("admin:members_member_changelist")


def _bulk_members(count, offset=0):
    cells = [PartyCellFactory(name=f"Chi bộ Số {i}") for i in range(6)]
    members = []
    for i in range(offset, offset + count):
        member = Member(
            full_name=f"Nguyễn Văn Số{i}",
            admission_date=date(1960, 1, 1) + timedelta(days=(i * 37) % 20000),
            cell=cells[i % 6],
            card_number=f"{930000000000 + i}",
        )
        member.fill_derived_fields()
        members.append(member)
    Member.objects.bulk_create(members, batch_size=1000)
    ids = list(Member.objects.order_by("-pk").values_list("pk", flat=True)[: count // 10 or 1])
    MembershipGap.objects.bulk_create(
        MembershipGap(member_id=pk, start=date(2000, 1, 1), end=date(2001, 1, 1), reason="mat_lien_lac") for pk in ids
    )


def _queries(client, params=None):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.get(CHANGELIST, params or {})  # warm up: the site profile row, the session
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(CHANGELIST, params or {}).status_code == 200
    return [q["sql"] for q in ctx.captured_queries]


# session, user, user permissions, group permissions, cells (filter), count, full count,
# one page of members joined to their cell, their gaps, site profile, session save (3),
# and the access-log row recording who viewed the page.
PAGE_QUERIES = 13


@pytest.mark.parametrize(
    "params",
    [{}, {"q": "nguyen van"}, {"status__exact": "chinh_thuc"}, {"p": "3"}, {"o": "2"}],
)
def test_changelist_queries_do_not_grow_with_members(client, office, params):
    client.force_login(office)
    _bulk_members(160)
    few = _queries(client, params)
    _bulk_members(4840, offset=160)
    many = _queries(client, params)
    assert len(many) == len(few), "\n".join(many)


def test_changelist_query_count_is_pinned_with_5000_members(client, office, django_assert_num_queries):
    client.force_login(office)
    _bulk_members(5000)
    client.get(CHANGELIST)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(CHANGELIST)
    assert len(response.context["cl"].result_list) == 50
    assert response.context["cl"].result_count == 5000


def test_milestone_filter_query_count_with_5000_members(client, office, django_assert_num_queries):
    client.force_login(office)
    _bulk_members(5000)
    client.get(CHANGELIST, {"dat_moc": "12"})
    # The filter adds one query for the candidates and one for their gaps.
    with django_assert_num_queries(PAGE_QUERIES + 2):
        assert client.get(CHANGELIST, {"dat_moc": "12"}).status_code == 200


def test_cell_list_counts_active_members_in_one_query(client, office, django_assert_num_queries):
    client.force_login(office)
    _bulk_members(600)
    url = reverse("admin:members_partycell_changelist")
    client.get(url)
    # session, user, 2 permission lookups, 2 counts, the page with its counts, session save (3)
    with django_assert_num_queries(10):
        response = client.get(url)
    counts = {c.name: c._member_count for c in response.context["cl"].result_list}
    assert sum(counts.values()) == 600 and len(counts) == 6
