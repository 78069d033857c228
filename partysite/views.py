"""Project-level pages: home, about, robots.txt and the error pages."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpResponse, HttpResponseServerError
from django.shortcuts import render
from django.template.loader import render_to_string
from django.urls import reverse
from django.views.decorators.cache import cache_control

from core.http import read_only_page
from core.models import SiteProfile
from core.storage import StorageFullError


@read_only_page
def home(request):
    """The home page: news blocks from the news app, honours from the awards app."""
    from awards.honours.roll import home_honours
    from news.home import home_sections

    context = {**home_sections(), "honours": home_honours()}
    return render(request, "partysite/home.html", context)


@read_only_page
def about(request):
    """/gioi-thieu/: introduction, organisation and contacts (Nghị định 42/2022)."""
    return render(request, "partysite/about.html", {"profile": SiteProfile.current()})


@read_only_page
@cache_control(max_age=86400, public=True)
def robots_txt(request):
    lines = [
        "User-agent: *",
        "Disallow: /quan-tri/",
        "Disallow: /tim-kiem/",
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def favicon(request):
    """Browsers ask for /favicon.ico whatever the page says."""
    from django.shortcuts import redirect
    from django.templatetags.static import static

    return redirect(static("img/favicon.svg"), permanent=True)


def database_unavailable():
    """The 503 page; rendered without context processors so it needs no query."""
    response = HttpResponse(render_to_string("503.html"), status=503)
    response["Retry-After"] = "60"
    response["Cache-Control"] = "no-store"
    return response


def storage_full():
    """507: a full disk refused an upload; rendered without context processors."""
    response = HttpResponse(render_to_string("507.html"), status=507)
    response["Cache-Control"] = "no-store"
    return response


def page_for_exception(exc):
    """The page for an error the site can name (database down: 503, disk full: 507), else None."""
    if isinstance(exc, (OperationalError, InterfaceError)):
        return database_unavailable()
    if isinstance(exc, StorageFullError):
        return storage_full()
    return None


def server_error(request):
    """handler500: the named errors get their page, anything else a plain Vietnamese 500 page."""
    return page_for_exception(sys.exc_info()[1]) or HttpResponseServerError(render_to_string("500.html"))
