"""The meeting point between texts that cite documents (news) and the documents library.

Neither app imports the other (README.md, Layout): each registers here, in its ``AppConfig.ready()``.

- The library registers itself once (``register_library``): it can turn the document numbers in an
  HTML fragment into links to its public pages, remember which texts cite which numbers, and
  list the texts that cite a document.
- A citing app registers a *source* per model (``register_source``): ``describe(ids)`` gives the
  public items among those ids (title, URL, date), and ``relink(ids)`` re-links those items after a
  document changed (published, made internal, renumbered).

Without a library every call here is a no-op, so news works with the documents app removed; a
library without sources simply lists no citing texts.
"""

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class CitingItem:
    """A public text that cites a document, as the document's page lists it."""

    title: str
    url: str
    date: datetime | None = None


class Library(Protocol):
    def link(self, html: str) -> tuple[str, list[tuple[str, int | None]]]:
        """(the HTML with links to public documents, [(number key, document id or None), …])."""

    def record(self, source: str, source_id: int, cited: list[tuple[str, int | None]]) -> None: ...

    def forget(self, source: str, source_id: int) -> None: ...


@dataclass(frozen=True)
class Source:
    describe: Callable[[list[int]], list[CitingItem]]
    relink: Callable[[list[int]], None]


_library: Library | None = None
_sources: dict[str, Source] = {}


def register_library(library: Library) -> None:
    global _library
    _library = library


def register_source(
    label: str, describe: Callable[[list[int]], list[CitingItem]], relink: Callable[[list[int]], None]
) -> None:
    _sources[label] = Source(describe, relink)


def link(html: str) -> tuple[str, list[tuple[str, int | None]]]:
    """The HTML with its cited documents linked, and what it cites (to pass to ``record``)."""
    if _library is None or not html:
        return html, []
    return _library.link(html)


def record(source: str, source_id: int, cited: list[tuple[str, int | None]]) -> None:
    if _library is not None:
        _library.record(source, source_id, cited)


def forget(source: str, source_id: int) -> None:
    if _library is not None:
        _library.forget(source, source_id)


def describe(source: str, ids: Iterable[int]) -> list[CitingItem]:
    """The public items among ``ids`` of a source (unknown source: none)."""
    entry = _sources.get(source)
    ids = list(ids)
    return entry.describe(ids) if entry and ids else []


def relink(source: str, ids: Iterable[int]) -> None:
    entry = _sources.get(source)
    ids = list(ids)
    if entry and ids:
        entry.relink(ids)


def sources() -> list[str]:
    return list(_sources)
