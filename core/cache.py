"""Whole public pages for anonymous visitors, kept correct by a content version.

* **What is served and stored:** anonymous GET requests without a session or messages cookie,
  outside the admin, the editor's upload URL, static and media files; only 200 answers that set
  no cookie and are not private/no-store/no-cache (a staff preview). A logged-in user's pages get
  ``Cache-Control: private``.
* **Invalidation:** every entry is stored under the *content version* read when the request
  began. Each app declares in its ``AppConfig.ready()`` which models change public pages
  (``invalidate_on(...)``); saving or deleting one, and any successful POST to the admin (which
  also covers ``QuerySet.update()`` in admin actions), bumps the version.
* **Scheduled content** appears without any save: an app gives ``expire_at()`` a function that
  says when its next scheduled change happens, and every entry is valid only until then.
* **Where the version lives:** in the default cache when it is shared (Redis), else in the
  modification time of a file under ``VAR_DIR``, which every worker on the machine sees. Pages
  themselves live in each worker's memory (``CACHES["pages"]``).

Why not Django's cache middleware: it stores nothing whose ``Cache-Control`` says ``max-age=0``
and rewrites the header to its own timeout, while our pages must be revalidated by browsers and
proxies on every visit (a published change is seen at once; the ETag makes that a 304). It also
cannot cut an entry's life at the next scheduled article. What is left here is only that.
"""

import hashlib
import math
import os
import time
from pathlib import Path

from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.dispatch import Signal
from django.http import HttpResponse
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

VERSION_KEY = "partysite:content-version"
PAGE_KEY_PREFIX = "partysite:page"

# Sent when a page is answered from the cache, with the view's name and kwargs stored with it:
# the view did not run, so what it would have done per request (news counts readings) hooks here.
served_from_cache = Signal()


# --- The content version ----------------------------------------------------------------
def page_store():
    return caches["pages"]


def _version_file() -> Path | None:
    return Path(settings.VAR_DIR) / "page-cache-version" if isinstance(caches["default"], LocMemCache) else None


_bump_owed = False  # a bump this process could not make while the shared cache was away


def content_version() -> str | None:
    """An opaque token that changes whenever public content changes; None if the cache is down."""
    global _bump_owed
    path = _version_file()
    if path:
        try:
            return str(os.stat(path).st_mtime_ns)
        except FileNotFoundError:
            return "0"
    if _bump_owed and getattr(cache, "available", True):
        _bump_owed = False
        bump_content_version()
    version = cache.get(VERSION_KEY)
    if version is None:
        # A fresh (or evicted) key starts from the clock, never from a number used before.
        cache.add(VERSION_KEY, time.time_ns(), None)
        version = cache.get(VERSION_KEY)
    return None if version is None else str(version)


def bump_content_version() -> None:
    """Make every cached page stale at once (all workers, all app servers sharing the cache)."""
    global _bump_owed
    path = _version_file()
    if path:
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            old = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            path.touch()
            old = 0
        # Whole seconds, strictly increasing: file systems may keep only seconds.
        new = max(math.ceil(time.time()) * 10**9, old + 10**9)
        os.utime(path, ns=(new, new))
        return
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet
        cache.set(VERSION_KEY, time.time_ns(), None)
    if not getattr(cache, "available", True):
        _bump_owed = True  # Redis is away (core.redis_cache): bump when it answers again


def versioned_key(name: str) -> str:
    """A cache key that changes with public content (for fragments other code caches)."""
    return f"{name}:{content_version() or 'none'}"


# --- What changes public pages (declared by each app) --------------------------------------
def _bump_now_and_after_commit(using=None, **kwargs):
    # Now, so the next request misses at once; after the commit, so a page rendered meanwhile
    # from the not yet committed rows and stored under the new version is dropped too.
    if kwargs.get("action", "post_").startswith("post_"):  # m2m_changed also sends pre_add…
        bump_content_version()
        transaction.on_commit(bump_content_version, using=using)


def invalidate_on(*models) -> None:
    """Saving, deleting or changing a many-to-many relation of these models drops every page."""
    for model in models:
        label = model._meta.label
        post_save.connect(_bump_now_and_after_commit, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_bump_now_and_after_commit, sender=model, dispatch_uid=f"page-cache-delete-{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(
                _bump_now_and_after_commit, sender=through, dispatch_uid=f"page-cache-m2m-{through._meta.label}"
            )


_expiry_functions = []


def expire_at(next_change) -> None:
    """``next_change()`` returns when content changes by the clock alone (an aware datetime or None)."""
    _expiry_functions.append(next_change)


def _valid_until(version: str) -> float:
    """Until when a page stored now is right: the TTL, cut at the earliest scheduled change
    (looked up once per version, again once that moment has passed)."""
    key, now = f"partysite:next-change:{version}", time.time()
    next_change = page_store().get(key)
    if next_change is None or next_change <= now:
        changes = [when.timestamp() for when in (f() for f in _expiry_functions) if when]
        next_change = min(changes, default=math.inf)
        page_store().set(key, next_change, max(1, math.ceil(min(next_change - now, settings.PAGE_CACHE_SECONDS))))
    return min(next_change, now + settings.PAGE_CACHE_SECONDS)


# --- The middleware ----------------------------------------------------------------------
def _has_private_cookie(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies


def _excluded(path: str) -> bool:
    return path.startswith(settings.PAGE_CACHE_EXCLUDED_PREFIXES)


class PageCacheMiddleware:
    """Serves and stores whole public pages (see the module docstring).

    After ConditionalGetMiddleware and before SessionMiddleware: a hit costs no session, no
    query and no template, while the headers added further in (CSP, Content-Language…) are
    stored with the page and the outer ones (security headers, ETag → 304) run on every answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or _excluded(request.path_info) or _has_private_cookie(request):
            response = self.get_response(request)
            self._after_private_request(request, response)
            return response

        version = content_version() if settings.PAGE_CACHE_ENABLED else None
        key = None
        if version is not None:
            url = hashlib.md5(request.build_absolute_uri().encode(), usedforsecurity=False).hexdigest()
            key = f"{PAGE_KEY_PREFIX}:{version}:{url}"
            entry = page_store().get(key)
            if entry is not None and time.time() < entry["valid_until"]:
                if entry["view"]:
                    served_from_cache.send(PageCacheMiddleware, request=request, view=entry["view"])
                response = HttpResponse(entry["content"])
                for header, value in entry["headers"]:
                    response.headers[header] = value
                response["X-Page-Cache"] = "hit"
                return response

        response = self.get_response(request)
        if not self._storable(request, response):
            return response
        if not response.has_header("Cache-Control"):
            # Shared caches may keep the page but must ask again: a published change is seen
            # on the next request, and the ETag turns the question into a cheap 304.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        if key is not None:
            self._store(request, key, version, response)
        return response

    # A page stored for everyone must not depend on who asked.
    @staticmethod
    def _storable(request, response) -> bool:
        cache_control = response.get("Cache-Control", "").lower()
        user = getattr(request, "user", None)
        return not (
            response.status_code != 200
            or response.streaming
            or response.cookies
            or any(word in cache_control for word in ("private", "no-store", "no-cache"))
            or (user is not None and user.is_authenticated)
        )

    @staticmethod
    def _store(request, key, version, response):
        try:
            valid_until = _valid_until(version)
        except DatabaseError:
            return
        now = time.time()
        if valid_until <= now:
            return
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now)
        match = request.resolver_match
        page_store().set(
            key,
            {
                "content": response.content,
                "headers": [(k, v) for k, v in response.headers.items() if k.lower() != "set-cookie"],
                "valid_until": valid_until,
                "view": (match.view_name, match.kwargs) if match else None,
            },
            max(1, math.ceil(valid_until - now)),
        )
        response["X-Page-Cache"] = "miss"

    @staticmethod
    def _after_private_request(request, response):
        path = request.path_info
        if request.method == "POST" and path.startswith(f"/{settings.ADMIN_URL_PREFIX}") and response.status_code < 400:
            # Admin actions may use QuerySet.update() (no signal) or touch undeclared models:
            # an admin change is rare, a stale public page is not acceptable.
            bump_content_version()
        elif (
            request.method == "GET"
            and _has_private_cookie(request)
            and not _excluded(path)
            and not response.has_header("Cache-Control")
        ):
            # Pages seen by a logged-in user may differ from the public ones: keep them out of
            # shared caches (a reverse proxy or an office's caching proxy).
            patch_cache_control(response, private=True)
