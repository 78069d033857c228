"""Exports and print views answer a POST with the CSRF token only (issue 12.2).

A plain GET could be fired by another page: an ``<img>`` in an article body, a meta refresh on
another site. The office's browser would then download the registry and the access log would
record an export nobody made. So these views do their work on POST only; a GET (a bookmark,
an old link) shows a page with one button that makes the POST, and any other method is 405.
"""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpResponseNotAllowed
from django.template.response import TemplateResponse


def confirm_page(request, *, title: str, button: str, note: str = "") -> TemplateResponse:
    """A page whose only form POSTs (CSRF token included) to the URL that was asked for."""
    context = {
        **admin.site.each_context(request),
        "title": title,
        "button": button,
        "note": note,
        "action": request.get_full_path(),
    }
    return TemplateResponse(request, "admin/partysite/confirm_export.html", context)


def unless_post(request, *, title: str, button: str, note: str = ""):
    """``None`` for a POST (go on); the button page for GET/HEAD; 405 for anything else.

    Call it after the permission checks, so a role without access still gets 403.
    """
    if request.method == "POST":
        return None
    if request.method in ("GET", "HEAD"):
        return confirm_page(request, title=title, button=button, note=note)
    return HttpResponseNotAllowed(["GET", "POST"])
