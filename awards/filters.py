"""The honour roll's filters (django-filter): by year and by form (a commendation form or badges)."""

import django_filters

from awards.honours.roll import FORM_CHOICES, honour_years

from .models import Commendation


def _year_choices():
    return [(year, str(year)) for year in honour_years()]


class HonourRollFilter(django_filters.FilterSet):
    # The filterset validates the query string and draws the form; awards.honours.roll applies the
    # values to commendations and badges together (one UNION), so ``qs`` itself is not used.
    nam = django_filters.ChoiceFilter(
        field_name="year", label="Năm", choices=_year_choices, empty_label="Tất cả các năm"
    )
    hinh_thuc = django_filters.ChoiceFilter(
        field_name="form", label="Hình thức", choices=FORM_CHOICES, empty_label="Tất cả hình thức"
    )

    class Meta:
        model = Commendation
        fields = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # A callable is re-run at each validation and each rendering: read the years once.
        self.filters["nam"].extra["choices"] = _year_choices()

    def values(self) -> tuple[int | None, str | None]:
        """(year, form) from a valid query string; (None, None) for what is missing or invalid."""
        if not self.is_valid():
            for name in self.form.errors:
                if name in self.form.fields:
                    # The template prints the error under the field with this id.
                    self.form.fields[name].widget.attrs.update(
                        {"aria-invalid": "true", "aria-describedby": f"id_{name}-loi"}
                    )
            return None, None
        data = self.form.cleaned_data
        year = data.get("nam")
        return (int(year) if year else None), data.get("hinh_thuc") or None
