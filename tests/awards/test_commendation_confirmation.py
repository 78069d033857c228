"""Commendations are entered, then confirmed; only confirmed ones reach the public honour roll."""

import importlib
from datetime import date

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from awards.honours import rules as honours
from awards.models import Commendation

from .factories import CellFactory, CommendationFactory, MemberFactory

pytestmark = pytest.mark.django_db
ADD_URL = "/quan-tri/awards/commendation/add/"


def _data(member, **overrides):
    data = {
        "member": str(member.pk),
        "form": "giay_khen",
        "title": "Hoàn thành xuất sắc nhiệm vụ năm 2025",
        "year": "2025",
        "issuer": "Đảng ủy Sở",
        "issuer_level": "dang_uy_co_so",
        "decision_number": "15-QĐ/ĐU",
        "decided_on": "15/01/2026",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_an_unconfirmed_commendation_is_not_on_the_honour_roll(client):
    CommendationFactory(member=MemberFactory(full_name="Trần Thị Hoa"), confirmed_at=None)
    CommendationFactory(member=MemberFactory(full_name="Lê Văn Bình"))
    page = client.get("/khen-thuong/").content.decode()
    assert "Lê Văn Bình" in page and "Trần Thị Hoa" not in page


def test_beyond_authority_entry_stays_off_the_roll(client):
    # The case: a Tỉnh ủy "giấy khen" to a member is entered (with a warning) and not public.
    CommendationFactory(
        member=MemberFactory(full_name="Phạm Quốc Huy"), issuer_level="tinh_uy", form="giay_khen", confirmed_at=None
    )
    assert "Phạm Quốc Huy" not in client.get("/khen-thuong/").content.decode()


def test_confirmation_needs_number_date_and_authority(office):
    commendation = CommendationFactory(
        confirmed_at=None, decision_number="", decided_on=None, issuer_level="tinh_uy", form="giay_khen"
    )
    errors = honours.confirmation_errors(commendation)
    assert set(errors) == {"decision_number", "decided_on", "override_reason"}
    commendation.decision_number, commendation.decided_on = "3-QĐ/TU", date(2026, 1, 5)
    with pytest.raises(ValidationError):
        honours.confirm(commendation, office)
    assert honours.confirm(commendation, office, override="Quyết định đặc biệt của Thường trực Tỉnh ủy.")
    commendation.refresh_from_db()
    assert commendation.is_confirmed and commendation.confirmed_by == office
    assert commendation.authority_override == "Quyết định đặc biệt của Thường trực Tỉnh ủy."
    assert commendation.history.order_by("-history_id").first().history_change_reason.startswith("Xác nhận")


def test_office_enters_then_confirms_in_the_form(client, office):
    member = MemberFactory()
    client.force_login(office)
    response = client.post(ADD_URL, _data(member))
    assert response.status_code == 302
    commendation = Commendation.objects.get()
    assert not commendation.is_confirmed
    url = reverse("admin:awards_commendation_change", args=[commendation.pk])
    response = client.post(url, _data(member, confirm="on"))
    assert response.status_code == 302
    commendation.refresh_from_db()
    assert commendation.is_confirmed and commendation.confirmed_by == office


def test_beyond_authority_is_entered_but_confirmation_blocked_without_reason(client, office):
    member = MemberFactory()
    client.force_login(office)
    response = client.post(ADD_URL, _data(member, issuer_level="tinh_uy", confirm="on"))
    assert response.status_code == 200
    assert "override_reason" in response.context["adminform"].form.errors
    assert not Commendation.objects.exists()
    response = client.post(ADD_URL, _data(member, issuer_level="tinh_uy"))  # entry alone is allowed
    assert response.status_code == 302 and not Commendation.objects.get().is_confirmed
    commendation = Commendation.objects.get()
    url = reverse("admin:awards_commendation_change", args=[commendation.pk])
    client.post(url, _data(member, issuer_level="tinh_uy", confirm="on", override_reason="Khen đột xuất."))
    commendation.refresh_from_db()
    assert commendation.is_confirmed and commendation.authority_override == "Khen đột xuất."


def test_editing_a_confirmed_commendation_takes_the_confirmation_back(client, office):
    member = MemberFactory()
    commendation = CommendationFactory(member=member, year=2025, decided_on=date(2026, 1, 15))
    client.force_login(office)
    url = reverse("admin:awards_commendation_change", args=[commendation.pk])
    client.post(url, _data(member, decision_number="16-QĐ/ĐU"))
    commendation.refresh_from_db()
    assert not commendation.is_confirmed


def test_bulk_action_confirms_complete_ones_and_reports_the_rest(client, office):
    good = CommendationFactory(confirmed_at=None)
    incomplete = CommendationFactory(confirmed_at=None, decided_on=None)
    beyond = CommendationFactory(
        confirmed_at=None, cell=CellFactory(), member=None, issuer_level="chi_bo", form="giay_khen"
    )
    client.force_login(office)
    response = client.post(
        reverse("admin:awards_commendation_changelist"),
        {"action": "confirm_selected", "_selected_action": [good.pk, incomplete.pk, beyond.pk]},
        follow=True,
    )
    assert [
        c.is_confirmed for c in Commendation.objects.filter(pk__in=[good.pk, incomplete.pk, beyond.pk]).order_by("pk")
    ] == [True, False, False]
    assert "Chưa xác nhận" in response.content.decode()


def test_unconfirmed_filter_lists_what_waits(client, office):
    waiting = CommendationFactory(confirmed_at=None)
    CommendationFactory()
    client.force_login(office)
    response = client.get(reverse("admin:awards_commendation_changelist"), {"xac_nhan": "chua"})
    assert [c.pk for c in response.context["cl"].result_list] == [waiting.pk]


def test_data_migration_confirms_complete_commendations_within_authority():
    from django.apps import apps

    migration = importlib.import_module("awards.migrations.0007_confirm_existing_commendations_officea")
    ok = CommendationFactory(confirmed_at=None)
    no_date = CommendationFactory(confirmed_at=None, decided_on=None)
    beyond = CommendationFactory(confirmed_at=None, issuer_level="tinh_uy", form="giay_khen")
    migration.confirm_complete(apps, None)
    states = {c.pk: c.is_confirmed for c in Commendation.objects.all()}
    assert states == {ok.pk: True, no_date.pk: False, beyond.pk: False}
