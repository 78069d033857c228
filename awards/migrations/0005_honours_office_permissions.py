"""Only the party office (and superusers) keep commendations and ratings: they name members."""

from django.db import migrations


def grant(apps, schema_editor):
    from partysite.roles import OFFICE, grant_permissions

    codenames = []
    for model in ("commendation", "qualityrating"):
        # Records entered by mistake may be removed; the history keeps what they were.
        codenames += [f"{action}_{model}" for action in ("view", "add", "change", "delete")]
    codenames += ["view_historicalcommendation", "view_historicalqualityrating"]
    grant_permissions(apps, OFFICE, "awards", codenames)


class Migration(migrations.Migration):
    dependencies = [
        ("awards", "0004_honours_certificate_issuer_history"),
        ("partysite", "0002_roles"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
