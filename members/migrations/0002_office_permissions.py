"""Only the party office (and superusers) may see or change member records."""

from django.db import migrations


def grant(apps, schema_editor):
    from partysite.roles import OFFICE, grant_permissions

    codenames = []
    for model in ("partycell", "member", "membershipgap", "discipline"):
        codenames += [f"view_{model}", f"add_{model}", f"change_{model}"]
    # Cells, gaps and discipline records entered by mistake may be removed; members never are.
    codenames += ["delete_membershipgap", "delete_discipline"]
    grant_permissions(apps, OFFICE, "members", codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("members", "0001_initial"),
        ("partysite", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
