"""Only the party office and superusers reach member data; no public URL exposes a member."""

import io

import pytest
from django.urls import reverse
from PIL import Image

from members.models import Member

from .factories import MemberFactory

pytestmark = pytest.mark.django_db


def _jpeg(color="red"):
    buffer = io.BytesIO()
    Image.new("RGB", (30, 40), color).save(buffer, format="JPEG")
    buffer.seek(0)
    buffer.name = "anh-the.jpg"
    return buffer


@pytest.fixture
def member_with_photo(client, superuser):
    member = MemberFactory(full_name="Bùi Thị Riêng Tư")
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.forms import MemberAdminForm

    upload = SimpleUploadedFile("anh-the.jpg", _jpeg().getvalue(), content_type="image/jpeg")
    form = MemberAdminForm(
        data={
            "full_name": member.full_name,
            "gender": "nu",
            "admission_date": "10/03/1995",
            "official_date": "10/03/1996",
            "cell": member.cell_id,
            "status": "chinh_thuc",
            "card_number": member.card_number,
        },
        files={"photo": upload},
        instance=member,
    )
    assert form.is_valid(), form.errors
    return form.save()


def _urls(member):
    return {
        "changelist": reverse("admin:members_member_changelist"),
        "change": reverse("admin:members_member_change", args=[member.pk]),
        "add": reverse("admin:members_member_add"),
        "history": reverse("admin:members_member_history", args=[member.pk]),
        "photo": reverse("members:photo", args=[member.pk]),
        "export": reverse("admin:members_member_export"),
        "import": reverse("admin:members_member_import"),
        "template": reverse("members:import_template"),
        "cells": reverse("admin:members_partycell_changelist"),
    }


@pytest.mark.parametrize("role", ["editor", "publisher"])
def test_editors_and_publishers_are_refused_everywhere(client, role_users, member_with_photo, role):
    client.force_login(role_users[role])
    for name, url in _urls(member_with_photo).items():
        response = client.get(url)
        assert response.status_code in (302, 403), (name, response.status_code)
        assert "Riêng Tư" not in response.content.decode(errors="ignore"), name
    response = client.post(reverse("admin:members_member_import"), {})
    assert response.status_code == 403


@pytest.mark.parametrize("role", ["office", "superuser"])
def test_office_and_superusers_reach_everything(client, role_users, member_with_photo, role):
    client.force_login(role_users[role])
    for name, url in _urls(member_with_photo).items():
        assert client.get(url).status_code == 200, name


def test_anonymous_is_sent_to_the_login_page(client, member_with_photo):
    for name, url in _urls(member_with_photo).items():
        response = client.get(url)
        assert response.status_code == 302 and "/quan-tri/login/" in response["Location"], name


def test_photo_is_cleaned_renamed_and_private(client, office, member_with_photo, settings):
    name = member_with_photo.photo.name
    assert name.startswith("members/") and "anh-the" not in name
    # Stored outside MEDIA_ROOT: there is no public URL at all.
    assert (settings.VAR_DIR / "private" / name).exists()
    assert not (settings.MEDIA_ROOT / name).exists()
    with pytest.raises(ValueError):
        member_with_photo.photo.url  # noqa: B018
    client.force_login(office)
    response = client.get(reverse("members:photo", args=[member_with_photo.pk]))
    assert response["Content-Type"] == "image/jpeg"
    assert "no-store" in response["Cache-Control"]
    Image.open(io.BytesIO(b"".join(response.streaming_content))).verify()
    from core.models import DataAccessLog

    log = DataAccessLog.objects.get(user=office, model="members.member_photo")
    assert (log.action, log.object_ids) == ("viewed", [str(member_with_photo.pk)])


def test_change_form_shows_photo_through_the_private_view(client, office, member_with_photo):
    client.force_login(office)
    html = client.get(reverse("admin:members_member_change", args=[member_with_photo.pk])).content.decode()
    assert reverse("members:photo", args=[member_with_photo.pk]) in html


def test_private_files_are_served_one_way_not_sniffed_and_a_lost_file_is_a_404(client, office, member_with_photo):
    """Photos and certificates share members.storage.serve_private_file."""
    from awards.models import Commendation

    client.force_login(office)
    photo = client.get(reverse("members:photo", args=[member_with_photo.pk]))
    assert photo["X-Content-Type-Options"] == "nosniff" and "no-store" in photo["Cache-Control"]
    member_with_photo.photo.storage.delete(member_with_photo.photo.name)
    assert client.get(reverse("members:photo", args=[member_with_photo.pk])).status_code == 404
    commendation = Commendation.objects.create(
        member=member_with_photo, form="giay_khen", title="Xuất sắc", year=2024, issuer="Đảng ủy Sở"
    )
    assert client.get(reverse("admin:awards_commendation_certificate", args=[commendation.pk])).status_code == 404


def test_a_photo_refused_by_the_form_is_not_shown_as_the_stored_one():
    from django.core.files.uploadedfile import SimpleUploadedFile

    from members.forms import PrivateFileInput

    widget = PrivateFileInput(url="/anh/1/", thumbnail_alt="Ảnh")
    assert not widget.is_initial(SimpleUploadedFile("moi.jpg", _jpeg().getvalue(), content_type="image/jpeg"))
    assert widget.is_initial(member_stored := type("Stored", (), {"name": "members/a.jpg"})())
    assert 'src="/anh/1/"' in widget.render("photo", member_stored)


def test_a_file_that_is_not_an_image_is_refused_as_photo(client, office):
    from django.core.files.uploadedfile import SimpleUploadedFile

    member = MemberFactory()
    client.force_login(office)
    data = {
        "full_name": member.full_name,
        "gender": "nam",
        "admission_date": "10/03/1995",
        "official_date": "10/03/1996",
        "cell": member.cell_id,
        "status": "chinh_thuc",
        "card_number": member.card_number,
        "photo": SimpleUploadedFile("anh.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg"),
    }
    for prefix in ("status_changes", "cell_periods", "gaps", "disciplines"):
        data.update({f"{prefix}-TOTAL_FORMS": "0", f"{prefix}-INITIAL_FORMS": "0"})
    response = client.post(reverse("admin:members_member_change", args=[member.pk]), data)
    assert response.status_code == 200
    assert "ảnh hợp lệ" in response.content.decode()
    member.refresh_from_db()
    assert not member.photo


def test_no_public_page_names_a_member(client, member_with_photo):
    for url in ("/", "/sitemap.xml", "/robots.txt", "/gioi-thieu/", "/khong-co-trang-nay/"):
        response = client.get(url)
        assert "Riêng Tư" not in response.content.decode(errors="ignore"), url
        assert member_with_photo.card_number not in response.content.decode(errors="ignore"), url


def test_member_model_has_no_public_url():
    assert not hasattr(Member, "get_absolute_url")


def test_office_permissions_exclude_deleting_members():
    from django.contrib.auth.models import Group

    from core.roles import OFFICE

    codenames = set(Group.objects.get(name=OFFICE).permissions.values_list("codename", flat=True))
    assert {"view_member", "change_member", "add_member", "add_statuschange"} <= codenames
    assert "delete_member" not in codenames
    assert not {c for c in codenames if c.endswith("accesslog")}
