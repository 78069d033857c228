"""Fixtures of the partysite tests."""

from .redis_server import redis_caches, redis_server  # noqa: F401  (a Redis of the test's own)
