"""Django's Redis cache, answering like an empty cache while Redis is unreachable.

Every cache call on the site (the page cache's content version, ``SiteProfile.current()``, the
honour roll's fragments, ``{% cache %}`` in templates) goes through this one class, so none of
them needs its own ``try``: while Redis is down or hung a read is a miss, a write does nothing,
and the page is built from the database.

A hung Redis (SIGSTOP, a full network buffer) answers nothing until the socket timeout, and a
page makes several cache calls. So after one failure the backend stops asking for
``RETRY_SECONDS``: one request pays one timeout, the next ones none. The outage is logged once
per process when it starts and once when Redis answers again, never per request.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

logger = logging.getLogger(__name__)

RETRY_SECONDS = 5.0
_UNREACHABLE = (RedisConnectionError, RedisTimeoutError, OSError)

# Per location and per process (Django keeps a backend instance per thread).
_down_until: dict[str, float] = {}
_lock = threading.Lock()


class ResilientRedisCache(RedisCache):
    def __init__(self, server, params):
        super().__init__(server, params)
        self._location = server if isinstance(server, str) else ",".join(server)

    @property
    def available(self) -> bool:
        """False while Redis is taken as unreachable (the page cache then serves nothing stale)."""
        return self._location not in _down_until

    def _call(self, method, fallback, *args, **kwargs):
        down_until = _down_until.get(self._location)
        if down_until is not None and time.monotonic() < down_until:
            return fallback
        try:
            result = getattr(super(), method)(*args, **kwargs)
        except _UNREACHABLE as exc:
            with _lock:
                first = self._location not in _down_until
                _down_until[self._location] = time.monotonic() + RETRY_SECONDS
            if first:
                logger.warning("Redis unreachable (%s): pages are built from the database until it answers", exc)
            return fallback
        if down_until is not None:
            with _lock:
                _down_until.pop(self._location, None)
            logger.warning("Redis answers again")
        return result

    def get(self, key, default=None, version=None):
        return self._call("get", default, key, default, version)

    def get_many(self, keys, version=None):
        return self._call("get_many", {}, keys, version)

    def has_key(self, key, version=None):
        return self._call("has_key", False, key, version)

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("add", False, key, value, timeout, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set", None, key, value, timeout, version)

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("set_many", list(data), data, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call("touch", False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call("delete", False, key, version)

    def delete_many(self, keys, version=None):
        return self._call("delete_many", None, keys, version)

    def incr(self, key, delta=1, version=None):
        """The new value, or None while Redis is unreachable (ValueError for a missing key, as Django)."""
        return self._call("incr", None, key, delta, version)

    def clear(self):
        return self._call("clear", False)
