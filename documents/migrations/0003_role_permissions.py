"""Editors enter documents and send them for review; publishers also publish and keep the issuer list."""

from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_document",
    "change_document",
    "view_document",
    "view_issuingbody",
    "add_documentfile",
    "change_documentfile",
    "delete_documentfile",
    "view_documentfile",
]
PUBLISHER_PERMISSIONS = [
    *EDITOR_PERMISSIONS,
    "delete_document",
    "publish_document",
    "add_issuingbody",
    "change_issuingbody",
    "delete_issuingbody",
]


def grant(apps, schema_editor):
    from partysite.roles import EDITORS, PUBLISHERS, grant_permissions

    grant_permissions(apps, EDITORS, "documents", EDITOR_PERMISSIONS)
    grant_permissions(apps, PUBLISHERS, "documents", PUBLISHER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("documents", "0002_issuing_bodies"),
        ("partysite", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
