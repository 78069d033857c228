"""Who may open which admin page, generated from the URL conf.

Every URL of every registered ModelAdmin (its ``get_urls()``, so custom pages such as
import, export and the badge round screens are included the day they are registered)
is requested by every role. The expected answer comes from ``POLICY`` below, the written
rule of who may see what. A model missing from the policy fails the test with a message.
"""

import pytest
from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import Client
from django.urls import reverse

from core import roles

from .factories import sample_rows, secret_strings

ANONYMOUS, EDITOR, PUBLISHER, OFFICE, SUPERUSER = "anonymous", "editor", "publisher", "office", "superuser"
ROLE_GROUPS = {EDITOR: roles.EDITORS, PUBLISHER: roles.PUBLISHERS, OFFICE: roles.OFFICE}

SUPERUSER_ONLY = frozenset({SUPERUSER})
OFFICE_ONLY = frozenset({OFFICE, SUPERUSER})
NEWSROOM = frozenset({EDITOR, PUBLISHER, SUPERUSER})

# The policy: which roles may open a model's admin at all. Keys are "app_label.model"
# or "app_label.*". partysite has no wildcard on purpose: each project model is decided alone.
POLICY = {
    "members.*": OFFICE_ONLY,
    "awards.*": OFFICE_ONLY,
    "news.*": NEWSROOM,
    "documents.*": NEWSROOM,
    "partysite.siteprofile": OFFICE_ONLY,
    "partysite.dataaccesslog": SUPERUSER_ONLY,
    "auth.*": SUPERUSER_ONLY,
    "axes.*": SUPERUSER_ONLY,
}

ADMIN_PREFIX = "/quan-tri/"
LOGIN_PATH = ADMIN_PREFIX + "login/"


def allowed_roles(label: str) -> frozenset:
    app_label = label.split(".")[0]
    for key in (label, f"{app_label}.*"):
        if key in POLICY:
            return POLICY[key]
    pytest.fail(
        f"{label} is not in the permission policy: add it to POLICY in "
        f"tests/partysite/test_permission_matrix.py with the roles that may open it."
    )


def admin_url_cases():
    """(model label, URL name, kwarg names) for every named URL of every registered ModelAdmin."""
    cases = []
    for model, model_admin in admin.site._registry.items():
        for pattern in model_admin.get_urls():
            if pattern.name is None:
                # Django's own catch-all "<object_id>/" that redirects to the change page.
                assert str(pattern.pattern) == "<path:object_id>/", (
                    f"{model._meta.label}: name the admin URL {pattern.pattern} so the permission matrix tests it."
                )
                continue
            converters = tuple(pattern.pattern.converters)
            if not converters and pattern.pattern.regex.groups:
                # A regex URL (django-simple-history's): positional groups, object id first.
                converters = ("object_id",) + tuple(f"arg{i}" for i in range(1, pattern.pattern.regex.groups))
            cases.append((model._meta.label_lower, pattern.name, converters))
    return cases


CASES = admin_url_cases()


def kind_of(url_name: str) -> str:
    if url_name.endswith("_simple_history"):
        return "custom"  # a past version of a record: /<object_id>/history/<history_id>/
    for suffix in ("changelist", "change", "history", "add", "delete"):
        if url_name.endswith(f"_{suffix}"):
            return suffix
    return "custom"


@pytest.fixture
def rows(db):
    return sample_rows()


@pytest.fixture
def clients(role_users):
    result = {ANONYMOUS: Client()}
    for role, user in role_users.items():
        client = Client()
        client.force_login(user)
        result[role] = client
    return result


def build_url(label, url_name, kwarg_names, rows):
    from django.apps import apps

    model = apps.get_model(label)
    obj = rows.get(label) or model._default_manager.order_by("pk").first()
    # No row: an id that does not exist. Permission is still checked before the lookup.
    pk = str(obj.pk) if obj is not None else "999999"
    kwargs = {name: pk if name in ("object_id", "pk", "id") else "1" for name in kwarg_names}
    if any(name.startswith("arg") for name in kwarg_names):
        args = list(kwargs.values())
        if url_name.endswith("_simple_history") and obj is not None and hasattr(obj, "history"):
            # A past version that exists (ids differ between databases).
            version = obj.history.order_by("history_id").first()
            args[1] = str(version.history_id) if version else "999999"
        return reverse(f"admin:{url_name}", args=args)
    return reverse(f"admin:{url_name}", kwargs=kwargs)


def expected_ok(role, kind, status):
    if kind in ("changelist", "change", "history"):
        return status in (200, 302)
    # add/delete depend on finer permissions (the office may not delete members; the site
    # profile has one row): allowed roles may still be refused, but never with an error.
    return status in (200, 302, 403, 404) if kind == "custom" else status in (200, 302, 403)


@pytest.mark.parametrize(("label", "url_name", "kwarg_names"), CASES, ids=[c[1] for c in CASES])
def test_admin_url_answers_each_role_as_the_policy_says(label, url_name, kwarg_names, rows, clients):
    allowed = allowed_roles(label)
    url = build_url(label, url_name, kwarg_names, rows)
    kind = kind_of(url_name)
    wrong = []
    for role, client in clients.items():
        response = client.get(url)
        if response.status_code == 405:
            # A POST-only page (e.g. import-export's process_import): ask the way it is used.
            response = client.post(url)
        status = response.status_code
        if role == ANONYMOUS:
            if not (status == 302 and response["Location"].startswith(LOGIN_PATH)):
                wrong.append(f"{role}: {status}, expected a redirect to the login page")
        elif role not in allowed:
            if status != 403:
                wrong.append(f"{role}: {status}, expected 403 (policy allows {sorted(allowed)})")
        elif not expected_ok(role, kind, status):
            wrong.append(f"{role}: {status}, expected the page (policy allows {sorted(allowed)})")
    if wrong and "999999" in url:
        wrong.append(f"(no {label} row to test with: add one to tests/partysite/factories.sample_rows)")
    assert not wrong, f"{url}:\n" + "\n".join(wrong)


@pytest.mark.parametrize(
    ("label", "url_name", "kwarg_names"),
    [c for c in CASES if kind_of(c[1]) in ("add", "change", "delete")],
    ids=[c[1] for c in CASES if kind_of(c[1]) in ("add", "change", "delete")],
)
def test_refused_roles_cannot_post_to_admin_forms(label, url_name, kwarg_names, rows, clients):
    allowed = allowed_roles(label)
    url = build_url(label, url_name, kwarg_names, rows)
    for role, client in clients.items():
        if role == ANONYMOUS or role in allowed:
            continue
        response = client.post(url, {"post": "yes"})
        assert response.status_code == 403, f"{role} POST {url}: {response.status_code}"


def test_every_registered_model_is_in_the_policy():
    missing = [
        m._meta.label_lower
        for m in admin.site._registry
        if m._meta.label_lower not in POLICY and f"{m._meta.app_label}.*" not in POLICY
    ]
    assert not missing, f"Add these models to POLICY in test_permission_matrix.py: {missing}"


def test_unknown_model_is_reported_with_a_request_to_extend_the_policy():
    with pytest.raises(pytest.fail.Exception, match="add it to POLICY"):
        allowed_roles("newapp.secretthing")


@pytest.mark.django_db
def test_role_groups_hold_no_permission_outside_the_policy():
    wrong = []
    for role, group_name in ROLE_GROUPS.items():
        group = Group.objects.get(name=group_name)
        for perm in group.permissions.select_related("content_type"):
            label = f"{perm.content_type.app_label}.{perm.content_type.model}"
            if role not in allowed_roles(label):
                wrong.append(f"{group_name}: {perm.codename} ({label})")
    assert not wrong, "Groups hold permissions the policy does not give them:\n" + "\n".join(wrong)


def test_admin_index_lists_only_the_models_a_role_may_open(rows, clients):
    for role, client in clients.items():
        if role == ANONYMOUS:
            continue
        html = client.get(reverse("admin:index")).content.decode()
        for model in admin.site._registry:
            label = model._meta.label_lower
            url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
            if role not in allowed_roles(label):
                assert f'href="{url}"' not in html, f"{role} sees a link to {label} on the admin index"


def test_data_inventory_page_is_for_office_and_superusers(rows, clients):
    url = reverse("data_inventory")
    answers = {role: client.get(url) for role, client in clients.items()}
    assert answers[ANONYMOUS].status_code == 302 and answers[ANONYMOUS]["Location"].startswith(LOGIN_PATH)
    assert answers[EDITOR].status_code == 403
    assert answers[PUBLISHER].status_code == 403
    assert answers[OFFICE].status_code == 200
    assert answers[SUPERUSER].status_code == 200


def public_urls(rows):
    """Every public URL without parameters in the URL conf, plus the sample article and category."""
    from django.urls import URLPattern, URLResolver, get_resolver

    urls = []

    def walk(patterns, prefix="", namespace=None):
        for p in patterns:
            if isinstance(p, URLResolver):
                route = prefix + str(p.pattern)
                if route.startswith(ADMIN_PREFIX.strip("/")) or route.startswith("ckeditor5"):
                    continue
                ns = p.namespace or namespace
                walk(p.url_patterns, route, ns)
            elif isinstance(p, URLPattern) and not p.pattern.converters and p.name:
                name = f"{namespace}:{p.name}" if namespace else p.name
                urls.append(reverse(name))

    walk(get_resolver().url_patterns)
    urls += [rows["news.article"].get_absolute_url(), rows["news.category"].get_absolute_url(), "/khong-co/"]
    return urls


def test_public_pages_never_show_member_personal_data(rows, clients):
    office_page = clients[OFFICE].get(
        reverse("admin:partysite_siteprofile_change", args=[rows["partysite.siteprofile"].pk])
    )
    assert office_page.status_code == 200  # the office can work; the public cannot see members
    urls = public_urls(rows)
    assert "/" in urls and "/sitemap.xml" in urls
    secrets = secret_strings()
    for url in urls:
        for role in (ANONYMOUS, EDITOR):
            body = clients[role].get(url).content.decode(errors="replace")
            leaked = [s for s in secrets if s in body]
            assert not leaked, f"{url} as {role} shows {leaked}"


APP_LABELS = sorted({model._meta.app_label for model in admin.site._registry})


@pytest.mark.parametrize("app_label", APP_LABELS)
def test_admin_app_page_only_for_roles_allowed_one_of_its_models(app_label, rows, clients):
    labels = [m._meta.label_lower for m in admin.site._registry if m._meta.app_label == app_label]
    url = reverse("admin:app_list", args=[app_label])
    for role, client in clients.items():
        response = client.get(url)
        if role == ANONYMOUS:
            assert response.status_code == 302 and response["Location"].startswith(LOGIN_PATH)
        elif any(role in allowed_roles(label) for label in labels):
            assert response.status_code == 200, f"{role} {url}"
        else:
            assert response.status_code in (403, 404), f"{role} {url}: {response.status_code}"


def autocomplete_cases():
    """(source model, field, target label) for every autocomplete field of every registered admin."""
    cases = []
    for model, model_admin in admin.site._registry.items():
        for field_name in model_admin.autocomplete_fields:
            field = model._meta.get_field(field_name)
            cases.append((model, field_name, field.remote_field.model._meta.label_lower))
    return cases


AUTOCOMPLETE = autocomplete_cases()


@pytest.mark.parametrize(
    ("source", "field_name", "target"), AUTOCOMPLETE, ids=[f"{s._meta.label_lower}.{f}" for s, f, _t in AUTOCOMPLETE]
)
def test_autocomplete_search_answers_only_roles_allowed_the_target(source, field_name, target, rows, clients):
    """Autocomplete returns names: an editor must not list members through a news form's search box."""
    url = reverse("admin:autocomplete") + (
        f"?app_label={source._meta.app_label}&model_name={source._meta.model_name}&field_name={field_name}&term="
    )
    for role, client in clients.items():
        response = client.get(url)
        if role == ANONYMOUS:
            assert response.status_code == 302
        elif role in allowed_roles(target) and role in allowed_roles(source._meta.label_lower):
            assert response.status_code == 200, f"{role} {url}"
        elif role not in allowed_roles(target):
            assert response.status_code == 403, f"{role} {url}: {response.status_code}"
