"""Issue 13 item 7: every admin page a role can reach reads in natural Vietnamese.

The demo is seeded, then each role opens every page of every admin it may see (lists with and
without counts, add and change forms, an add form sent empty so that its errors show, history
lists and history records, delete confirmations, the import page and the office's own screens)
and the visible text (plus titles, placeholders, labels for screen readers and button labels)
is searched for English and for the stiff translations Django ships."""

import html
import io
import json
import re

import openpyxl
import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group
from django.core.management import call_command
from django.urls import NoReverseMatch, URLPattern, reverse
from import_export.formats.base_formats import XLSX

from core.roles import EDITORS, OFFICE, PUBLISHERS
from members.models import Member, PartyCell
from members.resources import MemberResource
from tests.members.factories import MemberFactory

pytestmark = pytest.mark.django_db

# Words of Django's and the packages' English interface (case-sensitive, whole words): none of
# them is a Vietnamese word, and "None"/"True"/"False" are Python values shown as text.
ENGLISH = re.compile(
    r"\b(?:the|of|selected|Please|Select|Add|Change|Delete|History|Filter|Search|Save|None|True|False|"
    r"Yes|Today|Now|Show|Hide|Action|Go|By|Past|Any|Unknown|Remove|Choose|Clear|View|Home|Password|"
    r"Dataset|Tablib|Error|entry|entries|object|Object|Revert|Comment|Changed|Created|Deleted|Import|"
    r"Export|Format|Resource|Submit|Confirm|Cancel|Close|Toggle|Sidebar|Skip|Welcome|Recent|actions|"
    r"Summary|items|Objects|Breadcrumbs|link|Model)\b"
)
# Django's Vietnamese that no Vietnamese office worker would write.
STIFF = [
    "Thêm vào",
    "Hoạt động:",
    "0 của",
    "Bởi ",
    "7 ngày trước",
    "Không có sẵn",
    "Các mô models",
    "Đi đến",
    "Bản ghi nhớ",
    "Bất kì ngày nào",
    "Site quản trị",
    "Hãy sửa lỗi sai",
]
# Superuser pages whose English is in a package's code, not in a translation catalogue:
# django-axes names its records "Access Log for …", and Django lists a group's permission links
# as "Group_permissions object (46)" on the group's delete confirmation.
OUT_OF_REACH = ("/quan-tri/axes/",)
OUT_OF_REACH_PAGES = re.compile(r"^/quan-tri/auth/group/\d+/delete/$")


def visible_text(body: str) -> str:
    body = re.sub(r"(?s)<(script|style)\b.*?</\1>", " ", body)
    body = re.sub(r"(?s)<!--.*?-->", " ", body)
    said = re.findall(r'(?:title|placeholder|aria-label)="([^"]*)"', body)
    said += re.findall(r'<input[^>]*type="(?:submit|button)"[^>]*value="([^"]*)"', body)
    # Django's yes/no icons carry the Python value as alt text; static/js/admin-layout.js
    # replaces it in the browser. Every other alt text counts.
    said += [alt for alt in re.findall(r'<img[^>]*alt="([^"]*)"', body) if alt not in ("True", "False", "None")]
    text = re.sub(r"(?s)<[^>]+>", " ", body)
    return html.unescape(text + " " + " ".join(said))


def problems_in(text: str) -> list[str]:
    found = []
    for match in ENGLISH.finditer(text):
        found.append(" ".join(text[max(0, match.start() - 30) : match.end() + 30].split()))
    found += [f"«{phrase}»" for phrase in STIFF if phrase in text]
    return found


def _pk_for(name, obj):
    if name in ("object_id", "pk"):
        return obj.pk if obj is not None else None
    if name == "cell_id":
        return PartyCell.objects.order_by("pk").values_list("pk", flat=True).first()
    if name == "year":
        return 2025
    if name == "history_id" and obj is not None and hasattr(obj, "history"):
        return obj.history.order_by("history_id").values_list("history_id", flat=True).first()
    return None


def admin_urls(user):
    """Every admin page the user may open, with an object where the page needs one."""
    urls = [reverse("admin:index"), reverse("admin:password_change")]
    for model, model_admin in admin.site._registry.items():
        opts = model._meta
        if not user.has_perm(f"{opts.app_label}.view_{opts.model_name}") and not user.has_perm(
            f"{opts.app_label}.change_{opts.model_name}"
        ):
            continue
        obj = model._default_manager.order_by("pk").first()
        for pattern in model_admin.get_urls():
            if not isinstance(pattern, URLPattern) or not pattern.name or pattern.name.endswith("_autocomplete"):
                continue
            if pattern.name.endswith("_simple_history"):  # one past version: positional groups
                version = _pk_for("history_id", obj)
                if version is not None:
                    urls.append(reverse(f"admin:{pattern.name}", args=[obj.pk, version]))
                continue
            kwargs = {name: _pk_for(name, obj) for name in pattern.pattern.converters}
            if any(v is None for v in kwargs.values()):
                continue
            try:
                urls.append(reverse(f"admin:{pattern.name}", kwargs=kwargs))
            except NoReverseMatch:
                continue
        changelist = reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
        urls.append(changelist + "?_facets=True")
    return [u for u in dict.fromkeys(urls) if not u.startswith(OUT_OF_REACH) and not OUT_OF_REACH_PAGES.match(u)]


def english_on_pages(client, user):
    found = {}
    for url in admin_urls(user):
        response = client.get(url)
        pages = [response] if response.status_code == 200 else []
        if url.endswith("/add/") and response.status_code == 200:
            pages.append(client.post(url, {}))  # an empty form: the errors shown must be Vietnamese
        for page in pages:
            if page.status_code != 200 or not page.get("Content-Type", "").startswith("text/html"):
                continue
            hits = problems_in(visible_text(page.content.decode()))
            if hits:
                found[f"{url} ({page.request['REQUEST_METHOD']})"] = hits[:4]
    return found


@pytest.fixture
def demo(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    call_command("seed_demo", stdout=io.StringIO())


def _staff(username, group=None):
    user = get_user_model().objects.create_user(username, password="x", is_staff=True, is_superuser=group is None)
    if group:
        user.groups.add(Group.objects.get(name=group))
    return user


def test_every_admin_page_reads_in_vietnamese_for_every_role(client, demo):
    found = {}
    for group in (EDITORS, PUBLISHERS, OFFICE, None):
        user = _staff(f"kiem-tra-{group or 'admin'}", group)
        client.force_login(user)
        for url, hits in english_on_pages(client, user).items():
            found[f"{group or 'quản trị'}: {url}"] = hits
    assert found == {}


def test_history_shows_no_none_and_dates_dd_mm_yyyy(client):
    client.force_login(_staff("kiem-tra-lich-su", OFFICE))
    member = MemberFactory()
    member.notes = "Sửa để có hai phiên bản"
    member.save()
    text = visible_text(client.get(reverse("admin:members_member_history", args=[member.pk])).content.decode())
    assert "None" not in text
    assert re.search(r"\d{2}/\d{2}/\d{4} \d{2}:\d{2}", text)
    assert "Ghi chú:" in text  # the changed field by its Vietnamese label


def test_empty_form_errors_and_selection_counter_are_vietnamese(client):
    client.force_login(_staff("kiem-tra-bieu-mau", OFFICE))
    text = visible_text(client.post(reverse("admin:members_partycell_add"), {}).content.decode())
    assert "Vui lòng sửa các lỗi được nêu dưới đây." in text
    text = visible_text(client.get(reverse("admin:members_partycell_changelist")).content.decode())
    assert "Thêm chi bộ" in text and "Thêm vào" not in text
    # The scripts' catalogue (JSON with \u escapes) counts a selection as "Đã chọn 2/31".
    catalogue = client.get("/quan-tri/jsi18n/").content.decode()
    assert json.dumps("Đã chọn %(sel)s/%(cnt)s") in catalogue


def test_permissions_are_named_in_vietnamese_on_a_group(admin_client):
    text = visible_text(admin_client.get(reverse("admin:auth_group_add")).content.decode())
    assert "Tin tức | Thêm tin bài" in text
    assert "Can add" not in text


def test_member_export_sheet_has_a_vietnamese_name():
    MemberFactory()
    data = XLSX().export_data(MemberResource().export(Member.objects.all()))
    assert openpyxl.load_workbook(io.BytesIO(data)).sheetnames == ["Đảng viên"]
