"""Every admin URL that shows member data writes an access-log row (issue 12.4).

The walk is built from the admin's own registry: every model admin of Member or of a model
that points at a member, with every URL it has. A URL that shows members must write a row;
one that shows none (an add form, a delete page nobody may use) must be named below with the
reason, so a new view added later fails here until it is logged or explained.
"""

import io
import json
from datetime import date

import pytest
from django.contrib import admin
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.db import models
from django.urls import reverse
from PIL import Image

from awards.models import BadgeAward, BadgeHold, BadgeRound, Commendation, EarlyAwardRequest, QualityRating
from core.models import DataAccessLog
from members.models import Discipline, Member, PartyCell

pytestmark = pytest.mark.django_db

# URL names that show no member data, with the reason.
NOT_SHOWING_MEMBERS = {
    "add": "an empty form",
    "delete": "members are never deleted; other records' delete pages are refused to the office or show one name",
    "import": "the upload form; what is imported is logged by process_result",
    "process_import": "logged as an import (AuditedAdminMixin.process_result)",
    "members_member_import_job": "a background import's progress and the file's own error lines; "
    "the import itself is logged (members.importing.log_import)",
    "members_member_import_job_status": "progress counts only",
    "awards_badgeround_create_year": "creates rounds, shows no member",
    "awards_badgeround_import": "reads badge numbers and redirects to the round screen, which logs",
    "awards_qualityrating_rate_cell": "the choice of cell and year",
    "changelist": None,  # checked
}


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (6, 8), (120, 10, 10)).save(buffer, format="PNG")
    return buffer.getvalue()


@pytest.fixture
def records():
    cell = PartyCell.objects.create(name="Chi bộ Nhật Ký")
    member = Member.objects.create(
        full_name="Nguyễn Văn Nhật",
        admission_date=date(1990, 1, 1),
        cell=cell,
        card_number="123456789012",
        date_of_birth=date(1965, 4, 4),
    )
    member.photo.save("anh.png", ContentFile(_png()), save=True)
    commendation = Commendation.objects.create(
        member=member, form="giay_khen", title="Hoàn thành xuất sắc", year=2024, issuer="Đảng ủy Sở"
    )
    commendation.certificate.save("giay-khen.png", ContentFile(_png()), save=True)
    round_ = BadgeRound.objects.create(date=date(2027, 2, 3))
    return {
        Member: member,
        Commendation: commendation,
        QualityRating: QualityRating.objects.create(member=member, year=2024, level="httnv"),
        BadgeAward: BadgeAward.objects.create(
            member=member, years=30, round_date=date(2020, 2, 3), badge_number="HHĐ-1"
        ),
        EarlyAwardRequest: EarlyAwardRequest.objects.create(
            member=member, requested_on=date(2026, 1, 1), reason="Ốm nặng"
        ),
        BadgeHold: BadgeHold.objects.create(member=member, reason="Đang xem xét"),
        Discipline: Discipline.objects.create(member=member, form="khien_trach", decided_on=date(2021, 1, 1)),
        BadgeRound: round_,
        "cell": cell,
    }


def member_admins():
    """Model admins of Member and of every model with a foreign key to Member."""
    found = []
    for model, model_admin in admin.site._registry.items():
        points_at_member = any(
            isinstance(f, models.ForeignKey) and f.related_model is Member for f in model._meta.concrete_fields
        )
        if model is Member or points_at_member:
            found.append((model, model_admin))
    return found


def _walk(records):
    """(description, method, url, data) for every admin URL that shows member data."""
    member, cell = records[Member], records["cell"]
    walk = []
    for model, _model_admin in member_admins():
        obj = records[model]
        info = f"{model._meta.app_label}_{model._meta.model_name}"
        walk += [
            (f"{info} list", "get", reverse(f"admin:{info}_changelist"), None),
            (f"{info} record", "get", reverse(f"admin:{info}_change", args=[obj.pk]), None),
            (f"{info} history", "get", reverse(f"admin:{info}_history", args=[obj.pk]), None),
        ]
        past = obj.history.order_by("history_id").first() if hasattr(obj, "history") else None
        if past is not None:
            walk.append(
                (
                    f"{info} past version",
                    "get",
                    reverse(f"admin:{info}_simple_history", args=[obj.pk, past.history_id]),
                    None,
                )
            )
    round_ = records[BadgeRound]
    walk += [
        ("member photo", "get", reverse("members:photo", args=[member.pk]), None),
        ("member export", "post", reverse("admin:members_member_export"), {}),
        ("badge round screen", "get", reverse("admin:awards_badgeround_screen", args=[round_.pk]), None),
        ("badge round xlsx", "post", reverse("admin:awards_badgeround_xlsx", args=[round_.pk]), {}),
        ("badge round print", "post", reverse("admin:awards_badgeround_print", args=[round_.pk]), {}),
        ("rating sheet", "get", reverse("admin:awards_qualityrating_rate_cell_year", args=[cell.pk, 2024]), None),
        ("ratings export", "post", reverse("admin:awards_qualityrating_export", args=[2024]), {}),
        ("member record", "get", reverse("admin:members_member_record", args=[member.pk]), None),
        ("member record print", "post", reverse("admin:members_member_record_print", args=[member.pk]), {}),
        ("probation decision form", "get", reverse("admin:members_member_probation", args=[member.pk]), None),
        ("transfer form", "get", reverse("admin:members_member_transfer", args=[member.pk]), None),
        ("statistics report", "get", reverse("admin:members_member_statistics"), None),
        ("certificate", "get", reverse("admin:awards_commendation_certificate", args=[records[Commendation].pk]), None),
    ]
    for app_label, model_name in [("awards", "qualityrating"), ("awards", "commendation")]:
        query = f"?app_label={app_label}&model_name={model_name}&field_name=member&term=nhat"
        walk.append((f"autocomplete of {model_name}.member", "get", reverse("admin:autocomplete") + query, None))
    return walk


def test_every_admin_url_that_shows_a_member_writes_an_access_log_row(client, superuser, office, records):
    missing = []
    for who in (office, superuser):
        client.force_login(who)
        for description, method, url, data in _walk(records):
            before = DataAccessLog.objects.count()
            response = getattr(client, method)(url, data or {})
            if response.status_code == 403 and who == office:
                continue  # the office may not see this one at all
            assert response.status_code == 200, f"{description}: {url} answered {response.status_code}"
            rows = DataAccessLog.objects.order_by("-pk")[: DataAccessLog.objects.count() - before]
            if not rows:
                missing.append(f"{who.username}: {description} ({url})")
            else:
                assert all(row.username == who.username for row in rows)
    assert not missing, "no access-log row for:\n" + "\n".join(missing)


def test_every_url_of_a_member_admin_is_walked_or_explained(records):
    walked_names = {
        "changelist",
        "change",
        "history",
        "simple_history",
        "export",
        "autocomplete",
        "awards_badgeround_screen",
        "awards_badgeround_xlsx",
        "awards_badgeround_print",
        "awards_qualityrating_rate_cell_year",
        "awards_qualityrating_export",
        "awards_commendation_certificate",
        "record",
        "record_print",
        "probation",
        "transfer",
        "statistics",
    }
    unexplained = []
    for model, model_admin in [*member_admins(), (BadgeRound, admin.site._registry[BadgeRound])]:
        info = f"{model._meta.app_label}_{model._meta.model_name}_"
        for pattern in model_admin.get_urls():
            name = pattern.name or ""
            short = name.removeprefix(info)
            if (
                name
                and short not in walked_names
                and name not in walked_names
                and short not in NOT_SHOWING_MEMBERS
                and name not in NOT_SHOWING_MEMBERS
            ):
                unexplained.append(name)
    assert not unexplained, f"admin URLs neither walked nor explained: {unexplained}"


def test_autocomplete_logs_the_members_it_lists_and_not_cells(client, office, records):
    client.force_login(office)
    url = reverse("admin:autocomplete")
    response = client.get(
        url, {"app_label": "awards", "model_name": "qualityrating", "field_name": "member", "term": "nhat"}
    )
    ids = [r["id"] for r in json.loads(response.content)["results"]]
    assert ids == [str(records[Member].pk)]
    row = DataAccessLog.objects.get()
    assert (row.action, row.model, row.object_ids, row.username) == ("viewed", "members.member", ids, "vanphong")
    client.get(url, {"app_label": "members", "model_name": "member", "field_name": "cell", "term": "nhat"})
    assert DataAccessLog.objects.count() == 1  # a list of cells holds no personal data


def test_badge_list_command_records_the_operating_system_user(records, tmp_path, monkeypatch):
    monkeypatch.setattr("getpass.getuser", lambda: "vanphong-os")
    Member.objects.create(full_name="Trần Văn Ba Mươi", admission_date=date(1996, 1, 1), cell=records["cell"])
    call_command("badge_list", "--round", "2027-02-03", stdout=io.StringIO())
    viewed = DataAccessLog.objects.get()
    assert viewed.username == "vanphong-os (manage.py badge_list)" and viewed.user is None
    assert viewed.action == "viewed" and viewed.model == "members.member" and viewed.object_count >= 1
    call_command("badge_list", "--round", "2027-02-03", "--xlsx", str(tmp_path / "ds.xlsx"), stdout=io.StringIO())
    assert list(DataAccessLog.objects.order_by("pk").values_list("action", flat=True)) == [
        "viewed",
        "viewed",
        "exported",
    ]
