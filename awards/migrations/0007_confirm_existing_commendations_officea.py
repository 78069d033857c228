"""Commendations become public only once confirmed: those already entered in full are confirmed.

"In full" is the confirmation rule of awards.honours as it stands today: a decision number and
date, and an issuing body within its authority (Điều lệ Đảng, Điều 33; Quy định 24-QĐ/TW). The
table is copied here, frozen, so that a later change of the rule does not change this migration.
The others stay "entered" and wait on the office's start page. The office gets the permission.
"""

from django.db import migrations
from django.utils import timezone

# issuing body -> recipient kind -> forms it may give (awards.honours.QD24_COMMENDATION_BODIES, 2026-12).
AUTHORITY = {
    "chi_bo": {"member": {"bieu_duong", "giay_khen"}, "cell": {"bieu_duong"}},
    "dang_uy_co_so": {"member": {"bieu_duong", "giay_khen"}, "cell": {"bieu_duong", "giay_khen"}},
    "cap_tren": {"member": {"giay_khen"}, "cell": {"giay_khen"}},
    "tinh_uy": {"member": {"bang_khen"}, "cell": {"bang_khen", "co"}},
}


def confirm_complete(apps, schema_editor):
    Commendation = apps.get_model("awards", "Commendation")
    now = timezone.now()
    ids = []
    rows = Commendation.objects.filter(confirmed_at__isnull=True, decided_on__isnull=False).exclude(decision_number="")
    for pk, member_id, level, form in rows.values_list("pk", "member_id", "issuer_level", "form"):
        allowed = AUTHORITY.get(level, {}).get("member" if member_id else "cell", set())
        if form in allowed:
            ids.append(pk)
    # update(): the historical records would otherwise say a person confirmed them.
    for start in range(0, len(ids), 500):
        Commendation.objects.filter(pk__in=ids[start : start + 500]).update(confirmed_at=now)


def grant(apps, schema_editor):
    from partysite.roles import OFFICE, grant_permissions

    grant_permissions(apps, OFFICE, "awards", ["confirm_commendation"])


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0006_commendation_confirmation_officea"),
        ("partysite", "0002_roles"),
    ]

    operations = [
        migrations.RunPython(confirm_complete, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
