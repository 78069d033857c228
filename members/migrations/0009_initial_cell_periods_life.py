"""Every existing member gets the cell period they have always had: from the admission ceremony
(or the admission decision) in their current cell; a member transferred out ends it on the
transfer date. The office may correct the history afterwards."""

from django.db import migrations

BATCH = 2000


def create_periods(apps, schema_editor):
    Member = apps.get_model("members", "Member")
    CellMembership = apps.get_model("members", "CellMembership")
    have = set(CellMembership.objects.values_list("member_id", flat=True))
    batch = []
    rows = Member.objects.order_by("pk").values_list(
        "pk", "cell_id", "admission_date", "admission_ceremony_date", "status", "status_date"
    )
    for pk, cell_id, admission, ceremony, status, status_date in rows.iterator(chunk_size=BATCH):
        if pk in have:
            continue
        start = ceremony or admission
        end = status_date if status == "chuyen_di" and status_date and status_date > start else None
        batch.append(CellMembership(member_id=pk, cell_id=cell_id, start=start, end=end))
        if len(batch) >= BATCH:
            CellMembership.objects.bulk_create(batch)
            batch = []
    CellMembership.objects.bulk_create(batch)


def grant(apps, schema_editor):
    from partysite.roles import OFFICE, grant_permissions

    codenames = ["view_cellmembership", "add_cellmembership", "change_cellmembership", "delete_cellmembership"]
    grant_permissions(apps, OFFICE, "members", codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0008_cell_history_life"),
    ]

    operations = [
        migrations.RunPython(create_periods, migrations.RunPython.noop),
        migrations.RunPython(grant, migrations.RunPython.noop),
    ]
