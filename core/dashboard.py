"""The admin index as each role's start page: blocks of what is waiting, registered by the apps.

Dependencies run one way (awards → members, awards → news, news → partysite), so partysite
imports no app: each app registers its blocks in its ``AppConfig.ready()``::

    from core import dashboard

    @dashboard.register("news.editor", roles=[roles.EDITORS], section=dashboard.EDITOR, order=10)
    def my_articles(viewer):
        return dashboard.Block(title="Tin của tôi", items=[dashboard.Item("Bản nháp", 3, url)])

A provider gets a ``Viewer`` (the user, today, the roles read once) and returns a ``Block``,
a list of them, or ``None``. Registering a key again replaces the provider: this is how a
better block takes the place of a placeholder (e.g. the probation block, ``members.probation``).
A provider that fails shows a short notice instead of breaking the start page; the normal list
of the admin's models stays below the blocks.

Counts that are expensive on a large registry (who is due a badge at the next round: about
2 s on 100,000 members) are kept with ``Viewer.cached``: the key carries a fingerprint of the
registry's tables (their largest primary keys, history tables included, so any save, import
or deletion that goes through the ORM's save/delete or bulk_create changes it) read in one
query per page, and entries expire after ``CACHE_SECONDS`` (6 hours) anyway, for writes that bypass both
(``QuerySet.update``). The figures are counts only, never personal data.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection
from django.utils import timezone

logger = logging.getLogger(__name__)

# Sections of the start page, in this order (a superuser sees them all).
EDITOR = "Biên tập tin"
PUBLISHER = "Duyệt tin"
OFFICE = "Văn phòng Đảng ủy"
ADMIN = "Quản trị hệ thống"
SECTIONS = (EDITOR, PUBLISHER, OFFICE, ADMIN)

CACHE_SECONDS = 6 * 3600
CACHE_PREFIX = "dashboard"


@dataclass
class Item:
    """One count with the link to the filtered list it counts."""

    label: str
    count: int | None
    url: str = ""
    note: str = ""


@dataclass
class Row:
    """One line of a short list (an article waiting, a member due…)."""

    text: str
    url: str = ""
    detail: str = ""


@dataclass
class Block:
    title: str
    items: list[Item] = field(default_factory=list)
    rows: list[Row] = field(default_factory=list)
    rows_title: str = ""
    note: str = ""
    empty: str = ""  # shown when there are no items and no rows
    button: tuple[str, str] | None = None  # (label, url)
    link: tuple[str, str] | None = None  # (label, url): "see all"
    key: str = ""
    section: str = ""
    failed: bool = False


@dataclass(frozen=True)
class Provider:
    key: str
    func: Callable
    roles: tuple[str, ...]
    section: str
    order: int
    superuser_only: bool


_providers: dict[str, Provider] = {}
_watched_models: dict[str, object] = {}


def register(
    key: str, *, roles: Iterable[str] = (), section: str = OFFICE, order: int = 100, superuser_only: bool = False
):
    """Decorator: show ``func(viewer)`` to users in one of ``roles`` (and to superusers)."""

    def decorator(func):
        _providers[key] = Provider(key, func, tuple(roles), section, order, superuser_only)
        return func

    return decorator


def unregister(key: str) -> None:
    _providers.pop(key, None)


def providers() -> list[Provider]:
    rank = {name: i for i, name in enumerate(SECTIONS)}
    return sorted(_providers.values(), key=lambda p: (rank.get(p.section, len(SECTIONS)), p.order, p.key))


def watch(*models) -> None:
    """Tables whose changes make cached counts stale (each app names its own, in ready())."""
    for model in models:
        _watched_models[model._meta.label_lower] = model


class Viewer:
    """Who is looking, read once per page: the user, their roles, today and the data fingerprint."""

    def __init__(self, user, now=None):
        self.user = user
        self.now = now or timezone.now()
        self.today = timezone.localdate(self.now)
        self._roles = None
        self._fingerprint = None

    @property
    def roles(self) -> set[str]:
        if self._roles is None:
            self._roles = set(self.user.groups.values_list("name", flat=True))
        return self._roles

    def has_role(self, *names: str) -> bool:
        if not (self.user.is_active and self.user.is_staff):
            return False
        if self.user.is_superuser:
            return True
        return bool(self.roles & set(names))

    def sees(self, provider: Provider) -> bool:
        if provider.superuser_only:
            return self.user.is_active and self.user.is_superuser
        return self.has_role(*provider.roles)

    def fingerprint(self) -> str:
        """The largest primary key of every watched table, in one query (index look-ups only)."""
        if self._fingerprint is None:
            models = [_watched_models[label] for label in sorted(_watched_models)]
            if not models:
                self._fingerprint = "-"
            else:
                qn = connection.ops.quote_name
                parts = [f"(SELECT MAX({qn(m._meta.pk.column)}) FROM {qn(m._meta.db_table)})" for m in models]
                with connection.cursor() as cursor:
                    cursor.execute(f"SELECT {', '.join(parts)}")
                    row = cursor.fetchone()
                self._fingerprint = ".".join(str(v or 0) for v in row)
        return self._fingerprint

    def cached(self, name: str, compute: Callable, *, per_day: bool = False):
        """``compute()`` kept until the watched tables change (or CACHE_SECONDS pass)."""
        raw = f"{name}:{self.fingerprint()}:{self.today.isoformat() if per_day else ''}"
        key = f"{CACHE_PREFIX}:{hashlib.md5(raw.encode(), usedforsecurity=False).hexdigest()}"
        try:
            value = cache.get(key)
        except Exception:  # the cache is away: correct figures, computed each time
            logger.warning("Cache unreachable: start page counts computed without it")
            return compute()
        if value is None:
            value = compute()
            try:
                cache.set(key, value, CACHE_SECONDS)
            except Exception:
                logger.warning("Cache unreachable: start page counts not kept")
        return value


def blocks_for(user, now=None) -> list[tuple[str, list[Block]]]:
    """The blocks this user sees, grouped by section: [(section, [Block, ...]), ...]."""
    viewer = Viewer(user, now)
    sections: dict[str, list[Block]] = {}
    for provider in providers():
        if not viewer.sees(provider):
            continue
        try:
            result = provider.func(viewer)
        except Exception:
            # One broken block must not take the start page (and the app list under it) down.
            logger.exception("Start page block %s failed", provider.key)
            result = Block(
                title="Không tải được mục này", note="Hãy tải lại trang; nếu vẫn lỗi, báo quản trị.", failed=True
            )
        if result is None:
            continue
        for block in result if isinstance(result, list) else [result]:
            block.key = block.key or provider.key
            block.section = provider.section
            sections.setdefault(provider.section, []).append(block)
    return list(sections.items())
