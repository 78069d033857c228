"""Extra result groups on the site search page (/tim-kiem/), registered by apps beside news.

The search page belongs to news; the documents library adds its own group without news knowing
it: an app registers ``fn(query) -> SearchGroup | None`` in its ``AppConfig.ready()``, and the page
shows every non-empty group under the articles.
"""

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass
class SearchGroup:
    title: str  # "Văn bản"
    items: list = field(default_factory=list)  # each with .title, .url, .meta (a short line)
    total: int = 0
    more_url: str = ""  # the full result list, when there are more than shown


_groups: dict[str, Callable[[str], SearchGroup | None]] = {}


def register(name: str, fn: Callable[[str], SearchGroup | None]) -> None:
    _groups[name] = fn


def results(query: str) -> list[SearchGroup]:
    if not query:
        return []
    found = []
    for fn in _groups.values():
        group = fn(query)
        if group is not None and group.items:
            found.append(group)
    return found
