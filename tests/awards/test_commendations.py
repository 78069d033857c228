"""Commendations: one recipient, the issuing-body warning, the private certificate, who may see them."""

import io
from datetime import date

import pytest
from django.contrib.auth.models import Group
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from PIL import Image

from awards.forms import CommendationForm
from awards.honours.rules import issuer_warning
from awards.models import Commendation
from core import roles

from .factories import CellFactory, CommendationFactory, MemberFactory

pytestmark = pytest.mark.django_db
ADD_URL = "/quan-tri/awards/commendation/add/"


def _data(**overrides):
    data = {
        "form": "giay_khen",
        "title": "Hoàn thành xuất sắc nhiệm vụ năm 2024",
        "year": "2024",
        "issuer": "Đảng ủy Sở",
        "issuer_level": "dang_uy_co_so",
        "decision_number": "15-QĐ/ĐU",
        "decided_on": "15/01/2025",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def _png():
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), "red").save(buffer, format="PNG")
    return SimpleUploadedFile("giay-khen.png", buffer.getvalue(), content_type="image/png")


@pytest.fixture(autouse=True)
def _private_storage_in_tmp(monkeypatch):
    # The callable storage is resolved once at import; point it at this test's VAR_DIR.
    from members.storage import PrivateStorage

    monkeypatch.setattr(Commendation._meta.get_field("certificate"), "storage", PrivateStorage())


def test_database_refuses_two_recipients_or_none():
    member, cell = MemberFactory(), CellFactory()
    base = {"form": "giay_khen", "title": "x", "year": 2024, "issuer": "Đảng ủy Sở"}
    with pytest.raises(IntegrityError), transaction.atomic():
        Commendation.objects.create(member=member, cell=cell, **base)
    with pytest.raises(IntegrityError), transaction.atomic():
        Commendation.objects.create(**base)
    assert Commendation.objects.count() == 0


@pytest.mark.parametrize("both", [True, False])
def test_form_gives_a_clear_message_for_two_recipients_or_none(both):
    member, cell = MemberFactory(), CellFactory()
    extra = {"member": member.pk, "cell": cell.pk} if both else {}
    form = CommendationForm(data=_data(**extra))
    assert not form.is_valid()
    message = " ".join(form.errors["member"])
    assert ("không chọn cả hai" in message) if both else ("Chưa chọn đối tượng" in message)
    assert "commendation_exactly_one_recipient" not in str(form.errors)


def test_a_flag_is_for_organisations_only():
    form = CommendationForm(data=_data(member=MemberFactory().pk, form="co", issuer_level="tinh_uy"))
    assert not form.is_valid()
    assert "chỉ tặng tổ chức đảng" in " ".join(form.errors["form"])


def test_issuer_table():
    assert issuer_warning("dang_uy_co_so", "giay_khen", for_member=True) is None
    assert issuer_warning("tinh_uy", "bang_khen", for_member=True) is None
    assert issuer_warning("tinh_uy", "co", for_member=False) is None
    assert issuer_warning("chi_bo", "bieu_duong", for_member=False) is None
    assert issuer_warning("chi_bo", "giay_khen", for_member=True) is None
    assert "Chi bộ" in issuer_warning("chi_bo", "bang_khen", for_member=True)
    assert issuer_warning("dang_uy_co_so", "co", for_member=False)
    assert issuer_warning("cap_tren", "bang_khen", for_member=False)


def test_wrong_body_saves_with_a_warning(client, office):
    client.force_login(office)
    member = MemberFactory()
    response = client.post(
        ADD_URL, _data(member=member.pk, form="bang_khen", issuer_level="dang_uy_co_so"), follow=True
    )
    assert Commendation.objects.filter(member=member, form="bang_khen").count() == 1
    texts = [str(m) for m in response.context["messages"]]
    assert any("thường không tặng" in t for t in texts)


def test_right_body_saves_without_warning_and_stamps_the_user(client, office):
    client.force_login(office)
    member = MemberFactory()
    response = client.post(ADD_URL, _data(member=member.pk), follow=True)
    commendation = Commendation.objects.get(member=member)
    assert commendation.recorded_by == office
    assert commendation.decided_on == date(2025, 1, 15)
    assert not any("thường không tặng" in str(m) for m in response.context["messages"])


def test_admin_answers_two_recipients_with_the_message_not_a_500(client, office):
    client.force_login(office)
    response = client.post(ADD_URL, _data(member=MemberFactory().pk, cell=CellFactory().pk))
    assert response.status_code == 200
    assert "không chọn cả hai" in response.content.decode()
    assert Commendation.objects.count() == 0


def test_certificate_is_private_and_served_to_the_office_only(client, office, editor, settings):
    client.force_login(office)
    member = MemberFactory()
    client.post(ADD_URL, {**_data(member=member.pk), "certificate": _png()})
    commendation = Commendation.objects.get(member=member)
    stored = commendation.certificate.name
    assert stored and "giay-khen" not in stored  # random, unguessable name
    assert (settings.VAR_DIR / "private" / stored).exists()
    assert not (settings.MEDIA_ROOT / stored).exists()
    with pytest.raises(ValueError):
        _ = commendation.certificate.url

    url = reverse("admin:awards_commendation_certificate", args=[commendation.pk])
    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"\x89PNG")
    assert "private" in response["Cache-Control"]

    change = client.get(reverse("admin:awards_commendation_change", args=[commendation.pk])).content.decode()
    assert url in change and "/media/" not in change

    client.force_login(editor)
    assert client.get(url).status_code in (302, 403)
    client.logout()
    assert client.get(url).status_code == 302


def test_certificate_accepts_pdf_and_refuses_other_files(client, office):
    client.force_login(office)
    member = MemberFactory()
    pdf = SimpleUploadedFile("qd.pdf", b"%PDF-1.4\n%test\n", content_type="application/pdf")
    client.post(ADD_URL, {**_data(member=member.pk), "certificate": pdf})
    assert Commendation.objects.get(member=member).certificate.name.endswith(".pdf")

    other = MemberFactory()
    html = SimpleUploadedFile("x.png", b"<html><script>alert(1)</script>", content_type="image/png")
    response = client.post(ADD_URL, {**_data(member=other.pk), "certificate": html})
    assert response.status_code == 200
    assert not Commendation.objects.filter(member=other).exists()
    assert "không phải là ảnh hợp lệ" in response.content.decode()


def test_office_group_has_the_honours_permissions():
    office = Group.objects.get(name=roles.OFFICE)
    codenames = set(office.permissions.filter(content_type__app_label="awards").values_list("codename", flat=True))
    for model in ("commendation", "qualityrating"):
        assert {f"view_{model}", f"add_{model}", f"change_{model}", f"delete_{model}"} <= codenames


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_editors_and_publishers_cannot_see_commendations_or_ratings(client, role_users, role):
    CommendationFactory()
    client.force_login(role_users[role])
    for url in (
        "/quan-tri/awards/commendation/",
        "/quan-tri/awards/qualityrating/",
        "/quan-tri/awards/qualityrating/xep-loai-chi-bo/",
        "/quan-tri/awards/qualityrating/xuat/2024/",
    ):
        assert client.get(url).status_code == 403, url
    assert "Khen thưởng" not in client.get("/quan-tri/").content.decode()


def test_office_lists_commendations_with_a_fixed_query_count(client, office):
    client.force_login(office)
    for _ in range(3):
        CommendationFactory()
    client.get("/quan-tri/awards/commendation/")
    counts = []
    for extra in (0, 25):
        for _ in range(extra):
            CommendationFactory(member=None, cell=CellFactory(), form="bieu_duong")
        # New rows change the content version, which refreshes the cached site profile once.
        client.get("/quan-tri/awards/commendation/")
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/quan-tri/awards/commendation/").status_code == 200
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1]
