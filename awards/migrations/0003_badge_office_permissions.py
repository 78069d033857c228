"""The party office keeps badge rounds, badge records, early-award requests and holds."""

from django.db import migrations


def grant(apps, schema_editor):
    from partysite.roles import OFFICE, grant_permissions

    codenames = []
    for model in ("badgeround", "badgeaward", "earlyawardrequest", "badgehold"):
        codenames += [f"view_{model}", f"add_{model}", f"change_{model}"]
    # A request or a hold entered by mistake may be removed; rounds and badges are records.
    codenames += ["delete_earlyawardrequest", "delete_badgehold"]
    grant_permissions(apps, OFFICE, "awards", codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0002_badge_records_audit"),
        ("partysite", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
