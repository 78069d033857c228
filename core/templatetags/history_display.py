"""How the change-history table (django-simple-history) shows values to the office: field
labels and choice names in Vietnamese, dates as dd/mm/yyyy, and a dash where the raw value
would be "None", "True" or a code such as "published"."""

from datetime import date, datetime

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils import timezone
from django.utils.text import capfirst

register = template.Library()

EMPTY = "—"


@register.filter
def history_value(value):
    if value is None or value == "":
        return EMPTY
    if isinstance(value, bool):
        return "Có" if value else "Không"
    if isinstance(value, datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return value.strftime("%d/%m/%Y %H:%M")
    if isinstance(value, date):
        return value.strftime("%d/%m/%Y")
    return value


def _field(record, name):
    try:
        return record._meta.get_field(name)
    except FieldDoesNotExist:
        return None


def _shown(field, value):
    if field is not None and field.choices:
        return history_value(dict(field.flatchoices).get(value, value))
    return history_value(value)


@register.simple_tag
def history_label(opts, name):
    """The column's Vietnamese label (the field's verbose name), not its code name."""
    try:
        return opts.get_field(name).verbose_name
    except FieldDoesNotExist:
        return name


@register.simple_tag
def history_cell(record, name):
    return _shown(_field(record, name), getattr(record, name, None))


def _from_text(field, text):
    """simple-history hands the changes over as text ("None", "True", "2026-12-01", a choice
    code); turn that text into what the office reads."""
    raw = str(text)
    if raw in ("None", ""):
        return EMPTY
    if field is not None and field.choices:
        return dict((str(k), v) for k, v in field.flatchoices).get(raw, text)
    if raw in ("True", "False"):
        return "Có" if raw == "True" else "Không"
    if isinstance(field, models.DateTimeField):
        try:
            return history_value(datetime.fromisoformat(raw))
        except ValueError:
            return text
    if isinstance(field, models.DateField):
        try:
            return history_value(date.fromisoformat(raw))
        except ValueError:
            return text
    return text


@register.simple_tag
def history_change(record, change):
    """(label, old, new) of one changed field; ``change.field`` is the field's label."""
    label = str(change["field"] if isinstance(change, dict) else change.field)
    old = change["old"] if isinstance(change, dict) else change.old
    new = change["new"] if isinstance(change, dict) else change.new
    field = next((f for f in record._meta.get_fields() if capfirst(str(getattr(f, "verbose_name", ""))) == label), None)
    return label, _from_text(field, old), _from_text(field, new)
