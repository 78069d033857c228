"""The administrator's user and group screens with permissions named in Vietnamese.

Django writes each permission's name once, in English ("Can add tin bài"), when migrating;
the list of permissions on a group or a user is shown here as "Tin tức | Thêm tin bài"."""

from django.apps import apps
from django.contrib import admin
from django.contrib.auth import admin as auth_admin  # noqa: F401  (registers User and Group first)
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group

VERBS = {"add": "Thêm", "change": "Sửa", "delete": "Xóa", "view": "Xem"}


def permission_label(permission) -> str:
    content_type = permission.content_type
    try:
        app_name = apps.get_app_config(content_type.app_label).verbose_name
    except LookupError:
        app_name = content_type.app_label
    model = content_type.model_class()
    model_name = model._meta.verbose_name if model else content_type.model
    action = permission.codename.partition("_")[0]
    if permission.name.startswith("Can ") and action in VERBS:
        return f"{app_name} | {VERBS[action]} {model_name}"
    return f"{app_name} | {permission.name}"


class VietnamesePermissionsMixin:
    def formfield_for_manytomany(self, db_field, request=None, **kwargs):
        formfield = super().formfield_for_manytomany(db_field, request, **kwargs)
        if formfield is not None and db_field.name in ("permissions", "user_permissions"):
            formfield.label_from_instance = permission_label
        return formfield


for _model in (Group, get_user_model()):
    _current = admin.site._registry.get(_model)
    if _current is not None:
        admin.site.unregister(_model)
        admin.site.register(
            _model, type(f"Vietnamese{type(_current).__name__}", (VietnamesePermissionsMixin, type(_current)), {})
        )
