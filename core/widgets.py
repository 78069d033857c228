"""Admin widget fixes that every app's admin gets."""

from django.contrib.admin import options, widgets
from django.core.exceptions import ValidationError


class _DropInvalidSelectedValues:
    """Django's autocomplete widgets look the posted value up in the database while
    re-rendering a form with errors; a value that is not a valid id (e.g. "abc" for an
    integer key) raises ValueError there and the admin answers 500 instead of showing
    the form error. Drop such values before the lookup: the form error is still shown.
    """

    def optgroups(self, name, value, attr=None):
        remote = self.field.remote_field
        target = remote.model._meta.get_field(getattr(remote, "field_name", None) or remote.model._meta.pk.name)
        valid = []
        for item in value:
            try:
                target.to_python(item)
            except (ValidationError, TypeError, ValueError):
                continue
            valid.append(item)
        return super().optgroups(name, valid, attr)


class SafeAutocompleteSelect(_DropInvalidSelectedValues, widgets.AutocompleteSelect):
    pass


class SafeAutocompleteSelectMultiple(_DropInvalidSelectedValues, widgets.AutocompleteSelectMultiple):
    pass


def install():
    """Make every ModelAdmin's `autocomplete_fields` use the safe widgets (called from AppConfig.ready)."""
    options.AutocompleteSelect = SafeAutocompleteSelect
    options.AutocompleteSelectMultiple = SafeAutocompleteSelectMultiple
