"""member_from_row builds the same Member that .only() would load."""

from datetime import date

import pytest

from members.models import Member, member_from_row

from .factories import MemberFactory

pytestmark = pytest.mark.django_db

FIELDS = ("id", "full_name", "admission_date", "cell_id", "status", "sort_key")


def test_loaded_fields_match_and_others_load_on_access(django_assert_num_queries):
    made = MemberFactory(full_name="Đỗ Thị Hoà", admission_date=date(1996, 2, 29), notes="Ghi chú riêng")
    row = Member.objects.filter(pk=made.pk).values_list(*FIELDS).get()
    member = member_from_row(FIELDS, row)
    assert member == made and not member._state.adding and member._state.db == "default"
    assert (member.full_name, member.admission_date, member.cell_id) == ("Đỗ Thị Hoà", date(1996, 2, 29), made.cell_id)
    assert member.get_deferred_fields() >= {"notes", "date_of_birth"}
    with django_assert_num_queries(1):  # a deferred field, as with .only()
        assert member.notes == "Ghi chú riêng"


def test_saving_writes_only_the_loaded_fields():
    made = MemberFactory(full_name="Vũ Văn Bình", hometown="Nam Định")
    row = Member.objects.filter(pk=made.pk).values_list(*FIELDS).get()
    member = member_from_row(FIELDS, row)
    member.full_name = "Vũ Văn Bình Minh"
    member.save()
    made.refresh_from_db()
    assert made.full_name == "Vũ Văn Bình Minh" and made.hometown == "Nam Định"
    assert Member.objects.count() == 1


def test_a_row_of_the_wrong_length_is_refused():
    with pytest.raises(ValueError):
        member_from_row(FIELDS, (1, "Tên"))
