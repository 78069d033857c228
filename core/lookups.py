"""``__in`` on integer columns ignores values no integer column can hold.

Django 5 already turns ``pk=<huge number>`` into "no rows" (IntegerFieldOverflow), but not
``pk__in=[…]``: on SQLite a 70-bit number posted to any multiple-choice field of a form (the
admin's group permissions, a colleague's tags) raised OverflowError, a 500. Such a value can
never match a row, so dropping it gives exactly the same answer.
"""

from django.db.models import IntegerField
from django.db.models.lookups import In


class OverflowSafeIn(In):
    lookup_name = "in"

    def process_rhs(self, compiler, connection):
        if self.rhs_is_direct_value():
            internal_type = self.lhs.output_field.get_internal_type()
            low, high = connection.ops.integer_field_range(internal_type)
            self.rhs = [
                value
                for value in self.rhs
                if not isinstance(value, int) or ((low is None or value >= low) and (high is None or value <= high))
            ]
        return super().process_rhs(compiler, connection)


def install():
    """Register the overflow-safe ``__in`` on every integer column; called once, from
    ``CoreConfig.ready()``, so the override is visible where the app starts, not hidden
    in an import."""
    IntegerField.register_lookup(OverflowSafeIn)
