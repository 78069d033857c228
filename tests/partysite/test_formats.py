import datetime

from django import forms
from django.template import Context, Template
from django.utils import translation


class DateForm(forms.Form):
    day = forms.DateField()


def test_day_first_is_read_as_day_month_year():
    with translation.override("vi"):
        form = DateForm(data={"day": "03/02/2025"})
        assert form.is_valid()
        assert form.cleaned_data["day"] == datetime.date(2025, 2, 3)


def test_day_thirteen_is_accepted_and_other_separators_too():
    with translation.override("vi"):
        for raw in ("13/02/2025", "13-02-2025", "2025-02-13"):
            form = DateForm(data={"day": raw})
            assert form.is_valid(), raw
            assert form.cleaned_data["day"] == datetime.date(2025, 2, 13)


def test_impossible_date_is_refused_in_vietnamese():
    with translation.override("vi"):
        form = DateForm(data={"day": "30/02/2025"})
        assert not form.is_valid()
        assert "hợp lệ" in form.errors["day"][0]


def test_display_and_parse_round_trip():
    day = datetime.date(2024, 2, 29)
    with translation.override("vi"):
        shown = Template("{{ d|date:'SHORT_DATE_FORMAT' }}").render(Context({"d": day}))
        assert shown == "29/02/2024"
        form = DateForm(data={"day": shown})
        assert form.is_valid()
        assert form.cleaned_data["day"] == day
        assert str(DateForm(initial={"day": day})["day"]).count('value="29/02/2024"') == 1
