"""The three staff roles. Each app grants its own permissions in its own migrations."""

from django.db import migrations

ROLES = ("Biên tập viên", "Duyệt bài", "Văn phòng Đảng ủy")


def create_roles(apps, schema_editor):
    Group = apps.get_model("auth", "Group")
    for name in ROLES:
        Group.objects.get_or_create(name=name)


def grant_site_profile(apps, schema_editor):
    from partysite.roles import OFFICE, grant_permissions

    grant_permissions(apps, OFFICE, "partysite", ["view_siteprofile", "change_siteprofile"])


class Migration(migrations.Migration):
    dependencies = [
        ("partysite", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [
        migrations.RunPython(create_roles, migrations.RunPython.noop),
        migrations.RunPython(grant_site_profile, migrations.RunPython.noop),
    ]
