"""HTTP methods the public site answers, and the Vietnamese pages for requests Django refuses itself.

Public pages are read-only: GET, HEAD (monitoring, link checkers and caches ask for headers only)
and OPTIONS (the answer lists the methods). TRACE echoes the request back, headers and cookies
included (cross-site tracing), so no path ever answers it with 200.
"""

from functools import wraps

from django.http import HttpResponse, HttpResponseNotAllowed
from django.template.loader import render_to_string
from django.utils.cache import add_never_cache_headers, patch_cache_control

PAGE_METHODS = ("GET", "HEAD", "OPTIONS")
# Methods no part of the site serves: refused before any middleware or view sees them.
REFUSED_METHODS = {"TRACE", "TRACK", "CONNECT"}


def private_response(response):
    """A page only staff may see (a draft's preview, an internal file): never in a shared cache
    or a search index. Returns the response, so a view can end with ``return private_response(r)``."""
    add_never_cache_headers(response)
    patch_cache_control(response, private=True, no_store=True)
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


def read_only_page(view):
    """A page that only reads: GET and HEAD run the view, OPTIONS lists them, anything else is 405."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "OPTIONS":
            response = HttpResponse(status=200)
            response["Allow"] = ", ".join(PAGE_METHODS)
            response["Content-Length"] = "0"
            return response
        if request.method not in PAGE_METHODS:
            return HttpResponseNotAllowed(PAGE_METHODS)
        return view(request, *args, **kwargs)

    return wrapper


class RefuseTraceMiddleware:
    """TRACE (and its relatives) gets 405 everywhere, even on paths whose view accepts any method."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method in REFUSED_METHODS:
            return HttpResponseNotAllowed(["GET", "HEAD", "OPTIONS", "POST"])
        return self.get_response(request)


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a Vietnamese 403 that says what to do (reload the form), not Django's English page."""
    return HttpResponse(render_to_string("403_csrf.html"), status=403)
