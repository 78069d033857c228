"""The office records status changes; a change entered by mistake may be removed."""

from django.db import migrations


def grant(apps, schema_editor):
    from partysite.roles import OFFICE, grant_permissions

    codenames = ["view_statuschange", "add_statuschange", "change_statuschange", "delete_statuschange"]
    grant_permissions(apps, OFFICE, "members", codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0003_status_history"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
