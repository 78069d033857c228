"""Two people editing the same record in the admin: the later save must not silently undo the earlier.

``ConcurrentEditMixin`` (put it before ``ModelAdmin``/``SimpleHistoryAdmin`` in the bases) adds a
hidden field to the change form holding the values of the form's fields as they were when the form
was shown (signed, so it cannot be edited into a lie). When the form comes back, each field is
compared three ways: as shown, as now in the database, as submitted. If another person changed a
field meanwhile and this person's form would overwrite it, the form is shown again with:

- a Vietnamese error naming each such field with the other person's change (old → new);
- what this person typed kept; fields only the other person changed now showing the new value,
  so a second save keeps both people's work;
- a fresh version, so that second save (made knowing the other change) goes through.

A value is the model field's ``value_to_string`` (the serialisers' form): it works for every field
type and needs no version column, so any admin-edited model can use it declaratively. Fields
outside the form (counters such as ``Article.view_count``, workflow stamps) are never compared:
the admin reloads the object when the form comes back, so the form cannot write them stale.

The same mixin turns two other failures at save time into the form shown again, nothing lost:
a unique conflict with a record another person saved a moment earlier (the form's checks run again
and report it), and an upload that cannot be written (full or read-only disk).
"""

from __future__ import annotations

import errno
from datetime import date, datetime

from django import forms
from django.core import signing
from django.db import IntegrityError, models
from django.forms.models import model_to_dict
from django.forms.widgets import CheckboxInput, MultiWidget
from django.utils import timezone
from django.utils.html import strip_tags

from core.storage import FULL_DISK_ERRNOS, FULL_DISK_MESSAGE, StorageFullError

VERSION_FIELD = "_phien_ban"
SAVE_FAILURE_ATTR = "_partysite_save_failure"
MEDIA_NOT_WRITABLE = (
    "Máy chủ không ghi được vào thư mục lưu tệp nên tệp chưa được lưu; nội dung bạn nhập vẫn còn, "
    "hãy báo quản trị viên rồi lưu lại sau."
)
SALT = "partysite.admin_concurrency"
SHOWN_CHARS = 80


def _model_fields(form) -> dict:
    """The form's fields that are model fields (name → model field), file fields included."""
    model = form._meta.model
    names = {f.name: f for f in model._meta.get_fields() if getattr(f, "concrete", False) or f.many_to_many}
    return {name: names[name] for name in form.fields if name in names and name != VERSION_FIELD}


def _value(field, instance) -> str:
    if field.many_to_many:
        if instance.pk is None:
            return "[]"
        return ",".join(str(pk) for pk in sorted(getattr(instance, field.name).values_list("pk", flat=True)))
    return field.value_to_string(instance) or ""


def snapshot(form, instance) -> dict[str, str]:
    return {name: _value(field, instance) for name, field in _model_fields(form).items()}


def make_token(form, instance) -> str:
    return signing.dumps(snapshot(form, instance), salt=SALT, compress=True)


def _shown(field, raw: str) -> str:
    """A stored value as the office reads it: choice labels, names of related records, dd/mm/yyyy."""
    if raw in ("", "None", "[]"):
        return "(trống)"
    if field.choices:
        return str(dict((str(k), v) for k, v in field.flatchoices).get(raw, raw))
    if field.is_relation and not field.many_to_many:
        related = field.related_model._default_manager.filter(pk=raw).first()
        return str(related) if related is not None else raw
    if isinstance(field, models.DateTimeField):
        try:
            return timezone.localtime(datetime.fromisoformat(raw)).strftime("%d/%m/%Y %H:%M")
        except ValueError:
            return raw
    if isinstance(field, models.DateField):
        try:
            return date.fromisoformat(raw).strftime("%d/%m/%Y")
        except ValueError:
            return raw
    if isinstance(field, models.BooleanField):
        return "có" if raw == "True" else "không"
    text = " ".join(strip_tags(raw).split())
    return text if len(text) <= SHOWN_CHARS else text[: SHOWN_CHARS - 1] + "…"


def _put_in_data(data, bound_field, value):
    """Write ``value`` into form data the way the widget would have sent it."""
    widget = bound_field.field.widget
    while hasattr(widget, "widget") and not isinstance(widget, MultiWidget):  # RelatedFieldWidgetWrapper
        widget = widget.widget
    name = bound_field.html_name
    prepared = bound_field.field.prepare_value(value)
    if isinstance(widget, CheckboxInput):
        if prepared:
            data[name] = "on"
        else:
            data.pop(name, None)
    elif isinstance(widget, MultiWidget):
        parts = prepared if isinstance(prepared, (list, tuple)) else widget.decompress(prepared)
        for suffix, sub, part in zip(widget.widgets_names, widget.widgets, parts, strict=False):
            data[name + suffix] = sub.format_value(part) or ""
    elif isinstance(prepared, (list, tuple)):
        data.setlist(name, [str(v) for v in prepared])
    else:
        formatted = widget.format_value(prepared)
        if isinstance(formatted, list):  # choice widgets give a list of selected values
            if getattr(widget, "allow_multiple_selected", False):
                data.setlist(name, formatted)
            else:
                data[name] = formatted[0] if formatted else ""
        else:
            data[name] = "" if formatted is None else str(formatted)


class VersionField(forms.CharField):
    """The hidden version: never counted as a change (the admin's history lists changed fields)."""

    widget = forms.HiddenInput

    def __init__(self, **kwargs):
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def has_changed(self, initial, data):
        return False


def storage_failure_message(exc) -> str | None:
    """The Vietnamese sentence for a file that could not be written, or None for other errors."""
    if isinstance(exc, StorageFullError):
        return " ".join(exc.messages)
    if isinstance(exc, OSError) and exc.errno in FULL_DISK_ERRNOS:
        return FULL_DISK_MESSAGE
    if isinstance(exc, OSError) and exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return MEDIA_NOT_WRITABLE
    return None


class ConcurrentEditFormMixin:
    """The form side: the hidden version and the three-way comparison after the instance is built."""

    save_failure = None  # set on a per-request subclass when saving the upload failed

    def full_clean(self):
        super().full_clean()
        if self.save_failure and self.is_bound:
            self.add_error(None, self.save_failure)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None and not self.is_bound:
            self.initial[VERSION_FIELD] = make_token(self, self.instance)

    def _post_clean(self):
        super()._post_clean()  # self.instance now holds what this person submitted
        if self.instance.pk is None:
            return
        token = self.data.get(VERSION_FIELD)
        if token is None:
            # Not sent at all: a form opened before this check existed, or a script posting fields
            # directly. There is nothing to compare with; the save goes through as before.
            return
        try:
            shown = signing.loads(token, salt=SALT)
        except signing.BadSignature:
            shown = None  # an edited or truncated page: ask the person to look again
        current_obj = type(self.instance)._default_manager.filter(pk=self.instance.pk).first()
        if current_obj is None:
            return
        fields = _model_fields(self)
        current = {name: _value(field, current_obj) for name, field in fields.items()}
        if shown is None:
            self._refuse(
                current_obj,
                set(),
                (
                    "Không đọc được phiên bản của biểu mẫu (trang có thể đã bị sửa) nên chưa lưu; "
                    "hãy xem lại các ô rồi bấm Lưu lần nữa."
                ),
            )
            return
        mine = {name: _value(field, self.instance) for name, field in fields.items()}
        clashes = {
            name: field
            for name, field in fields.items()
            if name in shown and shown[name] != current[name] and mine[name] != current[name]
        }
        if not clashes:
            return
        lines = [
            f"“{field.verbose_name}”: {_shown(field, shown[name])} → {_shown(field, current[name])}"
            for name, field in clashes.items()
        ]
        message = (
            "Trong lúc bạn sửa, người khác đã lưu bản ghi này và thay đổi: "
            + "; ".join(lines)
            + ". Chưa lưu gì của bạn: những gì bạn đã nhập vẫn còn trong biểu mẫu, các ô chỉ người kia sửa"
            " đã lấy giá trị mới. Hãy xem lại rồi bấm Lưu lần nữa."
        )
        only_theirs = {name for name in clashes if mine[name] == shown[name]}
        self._refuse(current_obj, only_theirs, message)

    def _refuse(self, current_obj, take_theirs, message):
        data = self.data.copy()
        for name in take_theirs:
            if isinstance(self.fields[name], forms.FileField):
                continue  # a file the other person uploaded stays: this form did not send one
            _put_in_data(data, self[name], model_to_dict(current_obj, fields=[name]).get(name))
        data[VERSION_FIELD] = make_token(self, current_obj)
        self.data = data
        self.add_error(None, message)


class ConcurrentEditMixin:
    """ModelAdmin side: every change form carries the version, and a unique conflict that slipped
    past validation (two people adding the same record at once) is shown as a form error."""

    def get_form(self, request, obj=None, change=False, **kwargs):
        if "form" not in kwargs:
            base = self.form
            if not issubclass(base, ConcurrentEditFormMixin):
                # Declared on the class: the admin lists it in the fieldsets, and modelform_factory
                # accepts a listed name only if it is a model field or a declared one.
                version = VersionField()
                base = type(f"Concurrent{base.__name__}", (ConcurrentEditFormMixin, base), {VERSION_FIELD: version})
            failure = getattr(request, SAVE_FAILURE_ATTR, None)
            if failure:
                base = type(base.__name__, (base,), {"save_failure": failure})
            kwargs["form"] = base
        return super().get_form(request, obj, change=change, **kwargs)

    def changeform_view(self, request, object_id=None, form_url="", extra_context=None):
        try:
            return super().changeform_view(request, object_id, form_url, extra_context)
        except IntegrityError:
            if request.method != "POST":
                raise
            # Another person saved a conflicting record (the same badge, say) between this form's
            # checks and its INSERT; the view's transaction is rolled back. Checked again, the form
            # now sees that record and says so in Vietnamese instead of a 500.
            return super().changeform_view(request, object_id, form_url, extra_context)
        except (StorageFullError, OSError) as exc:
            message = storage_failure_message(exc)
            if request.method != "POST" or message is None or getattr(request, SAVE_FAILURE_ATTR, None):
                raise
            # An upload could not be written (full or read-only disk) while saving; the transaction
            # is rolled back. Show the same form again, with what was typed and the reason.
            setattr(request, SAVE_FAILURE_ATTR, message)
            return super().changeform_view(request, object_id, form_url, extra_context)

    def render_change_form(self, request, context, add=False, change=False, form_url="", obj=None):
        # The admin renders only fields listed in fieldsets; add the hidden version to the first one
        # here rather than in get_fieldsets, which ModelAdmins often override without calling super().
        admin_form = context.get("adminform")
        if change and admin_form is not None and VERSION_FIELD in admin_form.form.fields:
            (name, options), *rest = admin_form.fieldsets
            admin_form.fieldsets = [(name, {**options, "fields": [*options["fields"], VERSION_FIELD]}), *rest]
        return super().render_change_form(request, context, add=add, change=change, form_url=form_url, obj=obj)
