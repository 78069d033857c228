"""The library side of core.citations: link cited numbers, remember who cites what.

Linking happens when the citing text is saved, never per request: the article keeps the linked
HTML. A document that is published, made internal or renumbered later re-links the texts that
cite it (``relink_for``), found through the ``Citation`` rows, which also keep unresolved numbers.
"""

import re
import unicodedata

from django.utils.html import escape

from core import citations

from .models import Citation, Document
from .numbers import find_citations

# A tag, quoted attribute values included (a ">" in one must not end the tag).
_TAG = re.compile(r"""(<(?:[^>"']|"[^"]*"|'[^']*')*>)""")


def _resolve(found) -> dict[tuple[str, int | None], Document]:
    """Public documents for (key, year) pairs: the same year when the text gives one, else the newest."""
    keys = {c.number.key for c in found}
    documents = list(
        Document.objects.public()
        .filter(sign_key__in=keys)
        .only("id", "slug", "number", "sign_key", "doc_type", "summary", "year", "issued_on")
        .order_by("-issued_on", "-id")
    )
    result = {}
    for citation in found:
        same_key = [d for d in documents if d.sign_key == citation.number.key]
        if citation.year:
            same_key = [d for d in same_key if d.year == citation.year]
        if same_key:
            result[(citation.number.key, citation.year)] = same_key[0]
    return result


def _anchor(document: Document, text: str) -> str:
    """A link around ``text``, which comes from a text node of sanitised HTML and is already escaped."""
    title = f"{document.get_doc_type_display()} {document.number}: {document.summary}"
    return f'<a href="{escape(document.get_absolute_url())}" title="{escape(title[:200])}">{text}</a>'


class Library:
    def link(self, html: str):
        html = unicodedata.normalize("NFC", html)
        pieces = _TAG.split(html)
        # Find all citations first, to resolve them in one query.
        per_piece, inside_link, everything = [], 0, []
        for piece in pieces:
            if piece.startswith("<"):
                name = piece[1:].lstrip("/").split(None, 1)[0].rstrip(">").lower() if len(piece) > 2 else ""
                if name == "a":
                    inside_link += -1 if piece.startswith("</") else 1
                per_piece.append([])
                continue
            found = find_citations(piece) if inside_link <= 0 else []
            per_piece.append(found)
            everything.extend(found)
        if not everything:
            return html, []
        resolved = _resolve(everything)
        out, cited = [], []
        for piece, found in zip(pieces, per_piece, strict=True):
            if not found:
                out.append(piece)
                continue
            position, parts = 0, []
            for citation in found:
                document = resolved.get((citation.number.key, citation.year))
                cited.append((citation.number.key, document.pk if document else None))
                if document is None:
                    continue
                parts.append(piece[position : citation.start])
                parts.append(_anchor(document, piece[citation.start : citation.end]))
                position = citation.end
            parts.append(piece[position:])
            out.append("".join(parts))
        return "".join(out), list(dict.fromkeys(cited))

    def record(self, source, source_id, cited):
        Citation.objects.filter(source=source, source_id=source_id).delete()
        Citation.objects.bulk_create(
            [Citation(source=source, source_id=source_id, key=key, document_id=doc_id) for key, doc_id in cited]
        )

    def forget(self, source, source_id):
        Citation.objects.filter(source=source, source_id=source_id).delete()


def citing_items(document: Document) -> list[citations.CitingItem]:
    """The public texts that cite this document, newest first (one query per source)."""
    rows = Citation.objects.filter(document=document).values_list("source", "source_id")
    by_source: dict[str, list[int]] = {}
    for source, source_id in rows:
        by_source.setdefault(source, []).append(source_id)
    items = []
    for source, ids in by_source.items():
        items.extend(citations.describe(source, ids))
    return sorted(items, key=lambda item: (item.date is not None, item.date), reverse=True)


def relink_for(document: Document, old_key: str | None = None) -> None:
    """Re-link every text that cites this document (by its current or former number)."""
    keys = {document.sign_key} | ({old_key} if old_key else set())
    rows = Citation.objects.filter(key__in=keys).values_list("source", "source_id").distinct()
    by_source: dict[str, set[int]] = {}
    for source, source_id in rows:
        by_source.setdefault(source, set()).add(source_id)
    for source, ids in by_source.items():
        citations.relink(source, sorted(ids))
