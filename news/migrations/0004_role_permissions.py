"""Editors write and submit; publishers also publish, schedule, unpublish, archive and feature."""

from django.db import migrations

EDITOR_PERMISSIONS = [
    "add_article", "change_article", "view_article", "view_category", "add_editorimage", "view_editorimage",
]
PUBLISHER_PERMISSIONS = [
    *EDITOR_PERMISSIONS, "delete_article", "publish_article",
    "add_category", "change_category", "delete_category", "view_oldslug",
]


def grant(apps, schema_editor):
    from partysite.roles import EDITORS, PUBLISHERS, grant_permissions

    grant_permissions(apps, EDITORS, "news", EDITOR_PERMISSIONS)
    grant_permissions(apps, PUBLISHERS, "news", PUBLISHER_PERMISSIONS)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0003_postgres_search_vector"),
        ("partysite", "0002_roles"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(grant, migrations.RunPython.noop)]
