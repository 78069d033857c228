"""The three staff roles, as Django groups created by a data migration.

Each app grants its own permissions to these groups in its own migrations with
``grant_permissions`` so that the permission matrix stays next to the models.
"""

EDITORS = "Biên tập viên"
PUBLISHERS = "Duyệt bài"
OFFICE = "Văn phòng Đảng ủy"

ALL_ROLES = (EDITORS, PUBLISHERS, OFFICE)


def grant_permissions(apps, group_name: str, app_label: str, codenames: list[str]) -> None:
    """Give ``group_name`` the named permissions of ``app_label`` (for data migrations).

    Permissions are normally created after ``migrate`` finishes; this creates
    them first so that a fresh database gets its roles in one run.
    """
    from django.contrib.auth.management import create_permissions

    app_config = apps.get_app_config(app_label)
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    group, _ = Group.objects.get_or_create(name=group_name)
    permissions = list(Permission.objects.filter(content_type__app_label=app_label, codename__in=codenames))
    missing = set(codenames) - {p.codename for p in permissions}
    if missing:
        raise RuntimeError(f"Unknown permissions for {app_label}: {sorted(missing)}")
    group.permissions.add(*permissions)


def user_in(user, *group_names: str) -> bool:
    """True for superusers and for active members of one of the groups."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser:
        return True
    return user.groups.filter(name__in=group_names).exists()
