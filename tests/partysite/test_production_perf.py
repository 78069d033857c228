"""Production renders fast without the page cache: persistent connections, cached templates,
hashed and compressed static files with far-future caching, no outside fonts, public indexes."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_ENV": "production",
    "DJANGO_SECRET_KEY": "y" * 20 + "a-long-and-random-secret-key-for-the-test-only-0987654321",
    "DJANGO_ALLOWED_HOSTS": "dangbo.example.vn",
    "DATABASE_URL": "postgres://nobody@127.0.0.1:5432/not_used_by_this_test",
}

PROBE = """
import json
from django.conf import settings
from django.template import engines
from django.urls import Resolver404, resolve
db = settings.DATABASES["default"]
try:
    resolve("/bench/trivial/")
    bench = True
except Resolver404:
    bench = False
loaders = [f"{type(loader).__module__}.{type(loader).__name__}" for loader in engines["django"].engine.template_loaders]
print(json.dumps({
    "conn_max_age": db.get("CONN_MAX_AGE"), "health": db.get("CONN_HEALTH_CHECKS"), "debug": settings.DEBUG,
    "static": settings.STORAGES["staticfiles"]["BACKEND"], "max_age": settings.WHITENOISE_MAX_AGE,
    "loaders": loaders, "bench": bench, "page_cache": settings.PAGE_CACHE_ENABLED,
    "middleware": settings.MIDDLEWARE,
}))
"""


def probe(extra=None):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL", "PARTYSITE_"))}
    env.update(PRODUCTION)
    env.update(extra or {})
    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-v0", "-c", PROBE],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout.strip().splitlines()[-1])


def test_production_keeps_connections_and_caches_templates():
    settings = probe()
    assert settings["debug"] is False
    assert settings["conn_max_age"] >= 60 and settings["health"] is True
    assert settings["loaders"] == ["django.template.loaders.cached.Loader"]
    assert settings["page_cache"] is True


def test_production_static_files_are_hashed_compressed_and_cached_for_a_year():
    settings = probe()
    assert settings["static"] == "whitenoise.storage.CompressedManifestStaticFilesStorage"
    assert settings["max_age"] >= 365 * 24 * 3600


def test_page_cache_sits_before_sessions_and_after_conditional_get():
    middleware = probe()["middleware"]
    cache = middleware.index("core.cache.PageCacheMiddleware")
    assert middleware.index("django.middleware.http.ConditionalGetMiddleware") < cache
    assert middleware.index("whitenoise.middleware.WhiteNoiseMiddleware") < cache
    assert cache < middleware.index("django.contrib.sessions.middleware.SessionMiddleware")


def test_trivial_bench_view_exists_only_when_asked_for():
    assert probe()["bench"] is False
    assert probe({"PARTYSITE_BENCH": "1"})["bench"] is True


def test_collectstatic_writes_hashed_and_compressed_files(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DJANGO_", "DATABASE_URL"))}
    env.update(PRODUCTION, DJANGO_STATIC_ROOT=str(tmp_path / "static"))
    result = subprocess.run(
        [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    css = [p.name for p in (tmp_path / "static" / "css").iterdir()]
    assert any(re.fullmatch(r"site\.[0-9a-f]{12}\.css", name) for name in css)
    assert any(re.fullmatch(r"site\.[0-9a-f]{12}\.css\.gz", name) for name in css)
    manifest = json.loads((tmp_path / "static" / "staticfiles.json").read_text())
    assert "css/site.css" in manifest["paths"]


def test_no_stylesheet_or_font_comes_from_another_site():
    outside = re.compile(r"""(@import|url\(\s*['"]?(https?:)?//|<link[^>]+href=["'](https?:)?//|fonts\.googleapis)""")
    files = [*ROOT.joinpath("templates").rglob("*.html"), *ROOT.joinpath("static", "css").rglob("*.css")]
    assert files
    offenders = [str(path.relative_to(ROOT)) for path in files if outside.search(path.read_text(encoding="utf-8"))]
    assert offenders == []


@pytest.mark.django_db
@pytest.mark.skipif(connection.vendor != "sqlite", reason="PostgreSQL picks a plan from table statistics")
def test_public_article_queries_use_the_indexes():
    from news.models import Article, Category

    category = Category.objects.create(name="Tin hoạt động")
    plan = Article.objects.published()[:20].explain()
    assert "news_article_public_idx" in plan
    assert "TEMP B-TREE" not in plan
    by_category = Article.objects.published().filter(category=category)[:20].explain()
    assert "news_article_category_idx" in by_category
    by_year = Article.objects.published().filter(published_at__year=2025)[:20].explain()
    assert "news_article_public_idx" in by_year
