"""Public pages judged by real tools: the Nu Html Checker (valid HTML5) and axe-core
(no serious or critical accessibility violation), on the demo content.

The tools come from npm (`package.json`); `make e2e` installs them.
"""

import json
import shutil
import subprocess
import urllib.request
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[2]
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = pytest.mark.django_db(transaction=True)


def public_paths():
    """One page of each kind, found in the demo content."""
    from awards.models import BadgeAward, Commendation
    from news.models import Article, Category

    article = Article.objects.published().filter(cover_image__gt="").first()
    category = Category.objects.filter(articles__in=Article.objects.published()).first()
    year = (
        Commendation.objects.order_by("-year").values_list("year", flat=True).first()
        or BadgeAward.objects.order_by("-round_date").values_list("round_date__year", flat=True).first()
    )
    paths = ["/", "/gioi-thieu/", "/tin-tuc/", "/tim-kiem/?q=huy+hieu", "/khen-thuong/", "/khong-co-trang-nay/"]
    if article:
        paths.append(article.get_absolute_url())
    if category:
        paths.append(category.get_absolute_url())
    if year:
        paths.append(f"/khen-thuong/?nam={year}")
    paths += _documents_paths()
    # The demo must give one page of every kind, or this test would judge less than it says.
    assert len(paths) == 11, paths
    return paths


def _documents_paths():
    """The library's list and one document with its citing articles (demo/documents.py)."""
    from documents.models import Document

    document = Document.objects.public().filter(citations__isnull=False).first()
    return ["/van-ban/", *([document.get_absolute_url()] if document else [])]


@pytest.fixture
def demo_site(live_server):
    call_command("seed_demo", verbosity=0)
    return live_server


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # the 404 page is judged too
        return error.read()


@pytest.mark.skipif(not VNU.exists() or not shutil.which("java"), reason="vnu-jar or java missing: run make e2e")
def test_public_pages_are_valid_html(demo_site, tmp_path):
    files = []
    for index, path in enumerate(public_paths()):
        target = tmp_path / f"page{index}.html"
        target.write_bytes(fetch(demo_site.url + path))
        files.append((path, target))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "json", *[str(f) for _, f in files]],
        capture_output=True,
        text=True,
        timeout=300,
    )
    messages = json.loads(result.stderr or '{"messages": []}')["messages"]
    by_file = {str(f): p for p, f in files}
    errors = [f"{by_file.get(m.get('url', '').removeprefix('file:'), m.get('url'))}: {m['message']}" for m in messages]
    assert errors == []


@pytest.mark.skipif(not AXE.exists(), reason="axe-core missing: run make e2e")
def test_public_pages_have_no_serious_accessibility_violation(demo_site, browser):
    # axe is injected as an inline script, which the site's CSP rightly blocks.
    context = browser.new_context(bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    problems = []
    for path in public_paths():
        page.goto(demo_site.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate("async () => (await axe.run()).violations")
        for violation in violations:
            if violation["impact"] in ("serious", "critical"):
                problems.append(f"{path}: {violation['id']} ({violation['impact']}): {violation['help']}")
    context.close()
    assert problems == []
