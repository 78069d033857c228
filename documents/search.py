"""Accent-insensitive search over the library: number and sign, summary, signer and the PDFs' text.

The library is small (hundreds of documents, not tens of thousands of articles), so a phrase
lookup in the folded ``search_text`` column (``core.text.fold_words``: whole words, a space at
each end) is enough on SQLite and PostgreSQL alike: "nghi quyet" finds "Nghị quyết", "04-CTr/TU"
and "4 ctr tu" find 04-CTr/TU.
"""

from django.urls import reverse
from django.utils.http import urlencode

from core.search_groups import SearchGroup
from core.text import fold_words

from .models import Document

MAX_QUERY_LENGTH = 200
GROUP_SIZE = 5


def phrase(query: str | None) -> str:
    return fold_words((query or "")[:MAX_QUERY_LENGTH])


def search_documents(query: str | None, queryset=None):
    """Documents whose folded text contains the query as whole words (public ones unless told)."""
    base = Document.objects.public() if queryset is None else queryset
    folded = phrase(query)
    if not folded:
        return base.none()
    return base.filter(search_text__contains=folded)


def search_group(query: str) -> SearchGroup | None:
    """The documents group of the site search page: the first few public matches and the count."""
    matches = search_documents(query).for_lists().order_by("-issued_on", "-id")
    found = list(matches[: GROUP_SIZE + 1])
    if not found:
        return None
    total = len(found) if len(found) <= GROUP_SIZE else matches.count()
    items = [
        {
            "title": f"{d.get_doc_type_display()} số {d.number}",
            "url": d.get_absolute_url(),
            "meta": f"{d.issuer.name}, ngày {d.issued_on:%d/%m/%Y}",
            "summary": d.summary,
        }
        for d in found[:GROUP_SIZE]
    ]
    more = f"{reverse('documents:list')}?{urlencode({'q': query})}"
    return SearchGroup(title="Văn bản", items=items, total=total, more_url=more)
