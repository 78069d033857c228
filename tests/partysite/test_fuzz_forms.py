"""Every admin add form, fed random input by hypothesis, answers without a server error.

Generated from ``admin.site._registry``: a form added by another app is fuzzed the day it is
registered. Project models without an admin yet get a plain ModelAdmin on a test site, so their
``clean()`` and constraints are fuzzed too. A single-row model's change form stands in for its
add form. Inline formsets get their management data and one fuzzed row. Few examples per
form keep the run short; the strategies aim at what breaks forms: odd dates, huge numbers,
control characters, markup, and files that are not what their name says.
"""

import io

import pytest
from django import forms
from django.apps import apps
from django.contrib import admin
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.test import RequestFactory
from django.urls import include, path, reverse
from hypothesis import HealthCheck, given
from hypothesis import settings as hypothesis_settings
from hypothesis import strategies as st
from PIL import Image

PROJECT_APPS = ("partysite", "news", "members", "awards")
fallback_site = admin.AdminSite(name="fuzz")
for _model in apps.get_models():
    if (
        _model._meta.app_label in PROJECT_APPS
        and _model not in admin.site._registry
        and not _model._meta.model_name.startswith("historical")
    ):
        fallback_site.register(_model)
urlpatterns = [path("fuzz/", fallback_site.urls), path("", include("partysite.urls"))]

CASES = [(admin.site, m) for m in admin.site._registry] + [(fallback_site, m) for m in fallback_site._registry]

TEXT = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=["Cs"]), max_size=300)
DATE_STRINGS = st.one_of(
    st.dates().map(lambda d: d.strftime("%d/%m/%Y")),
    st.dates().map(lambda d: d.isoformat()),
    st.sampled_from(
        [
            "31/02/2025",
            "00/00/0000",
            "29/02/2023",
            "01/13/2024",
            "9999-99-99",
            "01/01/0001",
            "32/01/2025",
            "1/1/1",
            "hôm qua",
            "2025-02-29T25:61",
        ]
    ),
)
NUMBER_STRINGS = st.one_of(
    st.integers().map(str),
    st.integers(min_value=-(2**70), max_value=2**70).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(str),
    st.sampled_from(["NaN", "-Infinity", "1e309", "0x1F", "١٢٣", "12,5", " 7 ", "-0"]),
)
MARKUP = st.sampled_from(
    [
        "<script>alert(1)</script>",
        '"><img src=x onerror=alert(1)>',
        "javascript:alert(1)",
        "\x00\x01\x02",
        "Đảng bộ \u202e đảo chiều",
        "a" * 5000,
        "%(name)s {0} %s",
        "' OR 1=1 --",
    ]
)


def _png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8)).save(buffer, format="PNG")
    return buffer.getvalue()


FILES = st.one_of(
    st.builds(
        lambda data, name: SimpleUploadedFile(name, data),
        st.binary(max_size=2000),
        st.sampled_from(["a.png", "b.jpg", "c.pdf", "d.svg", "e.html", "f"]),
    ),
    st.just(None).map(lambda _: SimpleUploadedFile("anh.png", _png(), content_type="image/png")),
)
ANY_TEXT = st.one_of(TEXT, DATE_STRINGS, NUMBER_STRINGS, MARKUP, st.just(""))


def field_strategy(field):
    if isinstance(field, forms.FileField):
        return st.one_of(FILES, st.just(""))
    if isinstance(field, forms.ModelMultipleChoiceField):
        valid = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:5]]
        return st.lists(st.one_of(st.sampled_from(valid or ["1"]), NUMBER_STRINGS, TEXT), max_size=3)
    if isinstance(field, forms.ModelChoiceField):
        valid = [str(pk) for pk in field.queryset.values_list("pk", flat=True)[:5]]
        return st.one_of(st.sampled_from(valid), ANY_TEXT) if valid else ANY_TEXT
    if isinstance(field, forms.ChoiceField):
        choices = [str(value) for value, _label in field.choices if not isinstance(_label, (list, tuple))]
        return st.one_of(st.sampled_from(choices), ANY_TEXT) if choices else ANY_TEXT
    if isinstance(field, forms.BooleanField):
        return st.one_of(st.sampled_from(["on", "", "true", "false"]), TEXT)
    if isinstance(field, forms.SplitDateTimeField):
        return st.lists(st.one_of(DATE_STRINGS, TEXT), min_size=2, max_size=2)
    if isinstance(field, (forms.DateField, forms.DateTimeField)):
        return st.one_of(DATE_STRINGS, TEXT)
    if isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField)):
        return st.one_of(NUMBER_STRINGS, TEXT)
    return ANY_TEXT


def form_strategy(form_class, prefix=None):
    return st.fixed_dictionaries(
        {
            (f"{prefix}-{name}" if prefix else name): field_strategy(field)
            for name, field in form_class.base_fields.items()
        }
    )


@pytest.fixture
def superuser_client(client, superuser):
    client.force_login(superuser)
    return client


@pytest.mark.parametrize(("site", "model"), CASES, ids=[f"{s.name}:{m._meta.label_lower}" for s, m in CASES])
@pytest.mark.django_db
def test_admin_add_form_never_answers_500(site, model, superuser, superuser_client, settings):
    from .factories import sample_rows

    settings.ROOT_URLCONF = __name__
    sample_rows()  # gives choice fields something real to pick
    model_admin = site._registry[model]
    request = RequestFactory().get("/")
    request.user = superuser
    info = (model._meta.app_label, model._meta.model_name)
    obj = None
    if model_admin.has_add_permission(request):
        url = reverse(f"{site.name}:{info[0]}_{info[1]}_add")
    else:
        # Single-row models (the site profile) have no add form once the row exists: fuzz its change form.
        obj = model._default_manager.order_by("pk").first()
        if obj is None or not model_admin.has_change_permission(request, obj):
            pytest.skip(f"{model._meta.label}: read-only in the admin")
        url = reverse(f"{site.name}:{info[0]}_{info[1]}_change", args=[obj.pk])
    assert superuser_client.get(url).status_code == 200

    form_class = model_admin.get_form(request, obj)
    parts = [form_strategy(form_class)]
    management = {}
    for formset_class, _inline in model_admin.get_formsets_with_inlines(request, obj):
        prefix = formset_class.get_default_prefix()
        management.update(
            {
                f"{prefix}-TOTAL_FORMS": "1",
                f"{prefix}-INITIAL_FORMS": "0",
                f"{prefix}-MIN_NUM_FORMS": "0",
                f"{prefix}-MAX_NUM_FORMS": "1000",
            }
        )
        parts.append(form_strategy(formset_class.form, prefix=f"{prefix}-0"))

    @hypothesis_settings(
        max_examples=15,
        deadline=None,
        database=None,
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
    @given(st.tuples(*parts))
    def post_random(drawn):
        data = dict(management)
        for part in drawn:
            for key, value in part.items():
                if isinstance(value, list) and isinstance(form_class.base_fields.get(key), forms.SplitDateTimeField):
                    data[f"{key}_0"], data[f"{key}_1"] = value
                else:
                    data[key] = value
        with transaction.atomic():
            response = superuser_client.post(url, data)
            transaction.set_rollback(True)
        assert response.status_code < 500, f"{url} answered {response.status_code} for {data!r}"

    post_random()


@pytest.mark.django_db
def test_in_lookup_with_a_number_no_column_can_hold_matches_nothing_instead_of_crashing():
    from django.contrib.auth.models import Permission

    first = Permission.objects.order_by("pk").first()
    assert list(Permission.objects.filter(pk__in=[2**70, first.pk]).values_list("pk", flat=True)) == [first.pk]
    assert not Permission.objects.filter(pk__in=[2**70, -(2**70)]).exists()
    assert Permission.objects.filter(pk__in=[first.pk]).count() == 1


def test_autocomplete_field_with_a_non_numeric_id_shows_the_form_again(client, superuser):
    """Found by the fuzzer: Django's autocomplete widget looked ':' up as an id and answered 500."""
    client.force_login(superuser)
    response = client.post("/quan-tri/members/member/add/", {"full_name": "Thử", "cell": ":", "admission_date": "x"})
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cell"]


# --- Numbers read from a URL (issue 12.6): one parser, ASCII digits only -------------------------
BAD_URL_NUMBERS = [
    "²",
    "١",
    "۲",
    "١٢",
    "１",
    "１２",
    "+1",
    "-1",
    " 1",
    "1 ",
    "1\u00a0",
    "0x1",
    "1e3",
    "1.0",
    "",
    "9999999",
    "٣٠",
    "\u0660",
    "𝟙",
]


@pytest.mark.parametrize("value", BAD_URL_NUMBERS)
def test_url_number_parser_accepts_ascii_digits_only(value):
    from core.numbers import parse_number

    assert parse_number(value) is None
    assert parse_number("2025") == 2025
    assert parse_number("007") == 7


PUBLIC_NUMBER_URLS = [
    "/tin-tuc/?page={}",
    "/tim-kiem/?q=dang&page={}",
    "/khen-thuong/?page={}",
    "/khen-thuong/?nam={}",
    "/tin-tuc/?nam={}",
    "/chuyen-muc/{slug}/?page={}",
]
OFFICE_NUMBER_URLS = [
    "/quan-tri/members/member/export/?format={}",
    "/quan-tri/awards/qualityrating/?year={}",
    "/quan-tri/awards/qualityrating/?year__exact={}",
    "/quan-tri/awards/qualityrating/xep-loai-chi-bo/?cell={}&year=2025",
    "/quan-tri/awards/qualityrating/xep-loai-chi-bo/?cell=1&year={}",
]


@pytest.mark.django_db
@pytest.mark.parametrize("value", ["²", "١", "۲", "１", "+1", "-1", " 1", "1 ", "0", "9999999"])
def test_numbers_in_urls_never_answer_500(client, office, value):
    from urllib.parse import quote

    from tests.news.factories import ArticleFactory

    article = ArticleFactory()
    client.raise_request_exception = False
    for template in PUBLIC_NUMBER_URLS:
        url = template.format(quote(value), slug=article.category.slug)
        assert client.get(url).status_code in (200, 404), url
    client.force_login(office)
    for template in OFFICE_NUMBER_URLS:
        url = template.format(quote(value))
        assert client.get(url).status_code in (200, 302, 404, 405), url


@pytest.mark.django_db
def test_a_page_number_in_another_script_is_a_404_not_a_quiet_first_page(client):
    from tests.news.factories import ArticleFactory

    ArticleFactory()
    assert client.get("/tin-tuc/?page=1").status_code == 200
    for value in ["²", "١", "１", "+1"]:
        assert client.get("/tin-tuc/", {"page": value}).status_code == 404
