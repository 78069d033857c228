"""Article readings: counted in each worker's memory, written with one ``F()`` update per article
every ``PAGE_VIEW_FLUSH_SECONDS`` and when the worker exits.

The article view counts the readings it renders; a page answered from the page cache never
reaches it, so ``core.cache.served_from_cache`` brings those here (see ``NewsConfig.ready``).
``update()`` sends no signal and writes only the counter: counting never empties the page cache
and never overwrites an editor's change. A worker killed with SIGKILL loses at most the last
few seconds of counts.
"""

import atexit
import logging
import re
import threading
import time
from collections import Counter

from django.conf import settings
from django.db import DatabaseError
from django.db.models import F

logger = logging.getLogger(__name__)

# Link previews and crawlers are not readers.
_BOT_RE = re.compile(r"bot|crawl|spider|slurp|preview", re.IGNORECASE)


class ViewCounter:
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
        from .models import Article

        with self._lock:
            counts, self._counts = self._counts, Counter()
            self._last_flush = time.monotonic()
        try:
            for slug, hits in counts.items():
                Article.objects.filter(slug=slug).update(view_count=F("view_count") + hits)
        except DatabaseError:
            logger.warning("Could not write %d article view counts; keeping them for later", len(counts))
            with self._lock:
                self._counts.update(counts)
            return 0
        return len(counts)


view_counter = ViewCounter()


def count_reading(request, slug: str) -> None:
    """One reading of an article by an anonymous visitor who is not a bot."""
    user = getattr(request, "user", None)
    if (user is None or not user.is_authenticated) and not _BOT_RE.search(request.headers.get("User-Agent", "")):
        view_counter.add(slug)


def count_cached_reading(sender, request, view, **kwargs) -> None:
    name, view_kwargs = view
    if name == "news:article":
        count_reading(request, view_kwargs["slug"])


@atexit.register
def _flush_at_exit():
    try:
        view_counter.flush()
    except Exception:  # the interpreter is going away; never fail the exit
        pass
