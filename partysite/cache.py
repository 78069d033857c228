"""Full-page cache for anonymous visitors, kept correct by a content version.

How it stays correct:

* Every page entry is stored under the *content version* read when the request began.
  Saving or deleting any model listed in ``settings.PAGE_CACHE_INVALIDATING_MODELS`` (and any
  successful POST to the admin, which also covers ``QuerySet.update()`` in admin actions) bumps
  the version, so the next request misses and renders fresh content. Old entries are never read
  again and age out.
* A scheduled article (status published, ``published_at`` in the future) appears without any
  save: every entry is valid only until the next scheduled ``published_at`` (its TTL is cut to
  that moment and the deadline is also checked on read, whatever the backend's TTL rounding).
* Only anonymous GET requests without a session or messages cookie are served or stored; only
  200 responses that set no cookie and are not marked private/no-store/no-cache are stored; the
  admin, the editor's upload URL, static and media files are never touched.

Where things live: pages in each worker's own memory (``CACHES["pages"]``), so a hit costs no
network round trip; the version in the default cache when it is shared (Redis: one small GET per
request, and every app server sees a bump at once). With the default local-memory cache each
gunicorn worker has its own memory, so the version is the modification time of a small file
under ``VAR_DIR``: one ``stat()`` per request, and a bump by one worker is seen by all the others
on the machine.

Article view counts: pages served from the cache never reach the article view, so this
middleware counts every anonymous 200 answer of ``news:article`` (from the cache or not) in
process memory and adds them to ``Article.view_count`` with one ``F()`` update per article
every ``PAGE_VIEW_FLUSH_SECONDS`` (and when the worker exits).
"""

import atexit
import hashlib
import logging
import math
import os
import re
import threading
import time
from collections import Counter
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.cache import cache, caches
from django.core.cache.backends.locmem import LocMemCache
from django.db import DatabaseError, models, transaction
from django.db.models.signals import m2m_changed, post_delete, post_save
from django.http import HttpResponse
from django.utils import timezone
from django.utils.cache import patch_cache_control
from django.utils.http import http_date

logger = logging.getLogger(__name__)

VERSION_KEY = "partysite:content-version"
VERSION_FILE_NAME = "page-cache-version"
PAGE_KEY_PREFIX = "partysite:page"
NEXT_SCHEDULED_KEY_PREFIX = "partysite:next-scheduled"

# Link previews and crawlers are not readers.
_BOT_RE = re.compile(r"bot|crawl|spider|slurp|preview", re.IGNORECASE)


# --- The content version ----------------------------------------------------------------
def page_store():
    """Where whole pages are kept: each worker's memory (see settings.CACHES["pages"])."""
    return caches["pages"]


def _version_in_file() -> bool:
    return isinstance(caches["default"], LocMemCache)


def _version_file() -> Path:
    return Path(settings.VAR_DIR) / VERSION_FILE_NAME


def content_version() -> str | None:
    """An opaque token that changes whenever public content changes; None if the cache is down."""
    if _version_in_file():
        try:
            return str(os.stat(_version_file()).st_mtime_ns)
        except FileNotFoundError:
            return "0"
    try:
        version = cache.get(VERSION_KEY)
        if version is None:
            # A fresh (or evicted) key starts from the clock, never from a number used before.
            cache.add(VERSION_KEY, time.time_ns(), None)
            version = cache.get(VERSION_KEY, 0)
    except Exception:  # Redis unreachable: serve uncached pages rather than errors
        logger.warning("Cache unreachable: pages are served without the page cache")
        return None
    return str(version)


def bump_content_version() -> None:
    """Make every cached page stale at once (all workers, all app servers sharing the cache)."""
    if _version_in_file():
        path = _version_file()
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            old = os.stat(path).st_mtime_ns
        except FileNotFoundError:
            path.touch()
            old = 0
        # Whole seconds, strictly increasing: correct even on file systems that keep
        # only seconds, where two bumps in one second would otherwise look the same.
        new = max(math.ceil(time.time()) * 10**9, old + 10**9)
        os.utime(path, ns=(new, new))
        return
    try:
        try:
            cache.incr(VERSION_KEY)
        except ValueError:
            cache.set(VERSION_KEY, time.time_ns(), None)
    except Exception:
        # Never fail an editor's save because the cache is down; entries expire on their own
        # (PAGE_CACHE_SECONDS) and a restarted Redis starts from a new version.
        logger.exception("Could not drop the page cache")


def versioned_key(name: str) -> str:
    """A cache key that changes with public content (for fragments other code caches)."""
    return f"{name}:{content_version() or 'none'}"


# --- Invalidation on model changes ------------------------------------------------------
def _bump_now_and_after_commit(**kwargs):
    # Bumping inside the transaction lets the next request miss at once; bumping again after
    # the commit drops any page that a concurrent request rendered from the not yet committed
    # state and stored under the new version.
    bump_content_version()
    transaction.on_commit(bump_content_version, using=kwargs.get("using"))


def _on_save(sender, update_fields=None, **kwargs):
    if update_fields and set(update_fields) <= {"view_count"}:
        return  # a counter, not content
    _bump_now_and_after_commit(**kwargs)


def _on_delete(sender, **kwargs):
    _bump_now_and_after_commit(**kwargs)


def _on_m2m(sender, action, **kwargs):
    if action in {"post_add", "post_remove", "post_clear"}:
        _bump_now_and_after_commit(**kwargs)


def connect_invalidation() -> list[str]:
    """Connect the models named in settings; models not installed (yet) are skipped."""
    connected = []
    for label in settings.PAGE_CACHE_INVALIDATING_MODELS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        post_save.connect(_on_save, sender=model, dispatch_uid=f"page-cache-save-{label}")
        post_delete.connect(_on_delete, sender=model, dispatch_uid=f"page-cache-delete-{label}")
        for field in model._meta.many_to_many:
            through = field.remote_field.through
            m2m_changed.connect(_on_m2m, sender=through, dispatch_uid=f"page-cache-m2m-{through._meta.label}")
        connected.append(label)
    return connected


# --- Scheduled articles ------------------------------------------------------------------
def next_scheduled_timestamp(version: str) -> float | None:
    """When the next scheduled article appears (epoch seconds), or None; cached per version."""
    key = f"{NEXT_SCHEDULED_KEY_PREFIX}:{version}"
    now = time.time()
    store = page_store()
    value = store.get(key)
    if value is None or (value and value <= now):
        try:
            article_model = apps.get_model("news", "Article")
        except LookupError:
            return None
        published_at = (
            article_model.objects.filter(status="published", published_at__gt=timezone.now())
            .order_by("published_at")
            .values_list("published_at", flat=True)
            .first()
        )
        value = published_at.timestamp() if published_at else 0.0
        ttl = settings.PAGE_CACHE_SECONDS
        if value:
            ttl = max(1, min(ttl, math.ceil(value - now)))
        store.set(key, value, ttl)
    return value or None


# --- Article view counts -----------------------------------------------------------------
class ViewCounter:
    """Views counted in this process, written with one ``F()`` update per article."""

    def __init__(self):
        self._counts = Counter()
        self._lock = threading.Lock()
        self._last_flush = time.monotonic()

    def add(self, slug: str) -> None:
        with self._lock:
            self._counts[slug] += 1
            due = time.monotonic() - self._last_flush >= settings.PAGE_VIEW_FLUSH_SECONDS
        if due:
            self.flush()

    def discard(self) -> None:
        """Forget pending counts (tests start from nothing, the flush timer included)."""
        with self._lock:
            self._counts.clear()
            self._last_flush = time.monotonic()

    def pending(self) -> dict[str, int]:
        with self._lock:
            return dict(self._counts)

    def flush(self) -> int:
        """Write the pending counts; returns how many articles were updated."""
        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = time.monotonic()
        if not counts:
            return 0
        try:
            article_model = apps.get_model("news", "Article")
            for slug, hits in counts.items():
                # update() sends no signal: counting never invalidates the page cache.
                article_model.objects.filter(slug=slug).update(view_count=models.F("view_count") + hits)
        except (DatabaseError, LookupError):
            logger.warning("Could not write %d article view counts; keeping them for later", len(counts))
            with self._lock:
                self._counts.update(counts)
            return 0
        return len(counts)


view_counter = ViewCounter()


@atexit.register
def _flush_at_exit():
    try:
        view_counter.flush()
    except Exception:  # the interpreter is going away; never fail the exit
        pass


# --- The middleware ----------------------------------------------------------------------
def page_key(request, version: str) -> str:
    url = request.build_absolute_uri()
    return f"{PAGE_KEY_PREFIX}:{version}:{hashlib.md5(url.encode(), usedforsecurity=False).hexdigest()}"


def _has_private_cookie(request) -> bool:
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME in cookies or getattr(settings, "MESSAGE_COOKIE_NAME", "messages") in cookies


def _excluded_path(path: str) -> bool:
    return any(path.startswith(prefix) for prefix in settings.PAGE_CACHE_EXCLUDED_PREFIXES)


def _article_slug(request) -> str | None:
    match = getattr(request, "resolver_match", None)
    if match and match.view_name == "news:article":
        return match.kwargs.get("slug")
    return None


def _is_private_response(response) -> bool:
    cache_control = response.get("Cache-Control", "").lower()
    return any(word in cache_control for word in ("private", "no-store", "no-cache"))


class PageCacheMiddleware:
    """Serves and stores whole public pages for anonymous visitors (see the module docstring).

    Place it after SecurityMiddleware, WhiteNoise and ConditionalGetMiddleware and before
    SessionMiddleware: a hit then costs no session, no database and no template, while the
    headers added by the inner middleware (CSP, Content-Language, X-Frame-Options…) are stored
    with the page and the outer ones (security headers, ETag → 304) run on every answer.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.method != "GET" or _excluded_path(request.path_info) or _has_private_cookie(request):
            response = self.get_response(request)
            self._after_private_request(request, response)
            return response

        enabled = settings.PAGE_CACHE_ENABLED
        version = content_version() if enabled else None
        enabled = version is not None
        if enabled:
            key = page_key(request, version)
            entry = page_store().get(key)
            if entry is not None and time.time() < entry["valid_until"]:
                if entry["article"]:
                    self._count_view(request, entry["article"])
                return self._from_entry(entry)

        response = self.get_response(request)
        if not self._storable(request, response):
            return response
        if not response.has_header("Cache-Control"):
            # Shared caches may keep the page but must ask again: a published change is seen
            # on the next request, and the ETag turns the question into a cheap 304.
            patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
        slug = _article_slug(request)
        if slug:
            self._count_view(request, slug)
        if enabled:
            self._store(key, version, response, slug)
            response["X-Page-Cache"] = "miss"
        return response

    # A page stored for everyone must not depend on who asked.
    def _storable(self, request, response) -> bool:
        if response.status_code != 200 or response.streaming or response.cookies:
            return False
        if _is_private_response(response):
            return False
        user = getattr(request, "user", None)
        return not (user is not None and user.is_authenticated)

    def _store(self, key, version, response, slug):
        try:
            next_scheduled = next_scheduled_timestamp(version)
        except DatabaseError:
            return
        now = time.time()
        valid_until = now + settings.PAGE_CACHE_SECONDS
        if next_scheduled:
            valid_until = min(valid_until, next_scheduled)
        if valid_until <= now:
            return
        if not response.has_header("ETag"):
            response["ETag"] = f'"{hashlib.md5(response.content, usedforsecurity=False).hexdigest()}"'
        if not response.has_header("Last-Modified"):
            response["Last-Modified"] = http_date(now)
        entry = {
            "content": response.content,
            "status": response.status_code,
            "headers": [(k, v) for k, v in response.headers.items() if k.lower() != "set-cookie"],
            "valid_until": valid_until,
            "article": slug,
        }
        page_store().set(key, entry, max(1, math.ceil(valid_until - now)))

    @staticmethod
    def _from_entry(entry) -> HttpResponse:
        response = HttpResponse(entry["content"], status=entry["status"])
        for header, value in entry["headers"]:
            response.headers[header] = value
        response["X-Page-Cache"] = "hit"
        return response

    @staticmethod
    def _count_view(request, slug):
        if not _BOT_RE.search(request.headers.get("User-Agent", "")):
            view_counter.add(slug)

    @staticmethod
    def _after_private_request(request, response):
        path = request.path_info
        if request.method == "POST" and path.startswith(f"/{settings.ADMIN_URL_PREFIX}") and response.status_code < 400:
            # Covers admin actions that use QuerySet.update() or touch models not listed in
            # settings: an admin change is rare, a stale public page is not acceptable.
            bump_content_version()
        elif (
            request.method == "GET"
            and _has_private_cookie(request)
            and not _excluded_path(path)
            and not response.has_header("Cache-Control")
        ):
            # Pages seen by a logged-in user may differ from the public ones: keep them out of
            # shared caches (a reverse proxy or an office's caching proxy).
            patch_cache_control(response, private=True)
