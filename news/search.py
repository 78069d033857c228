"""Vietnamese search over published articles, accent- and case-insensitive, whole words as a phrase.

Both databases search the folded text (``partysite.text.fold_words``: "Đảng bộ" → " dang bo "):
- SQLite: ``contains(" huy hieu ")`` on ``search_text``; the spaces at each end make it match
  whole words only ("huy" does not match "huyện", "an" does not match "toàn").
- PostgreSQL: the trigger-maintained ``search_vector`` (GIN) holds folded syllables and pairs of
  neighbouring syllables, so "huy hieu" is the single lexeme 'huy_hieu' and does not match
  "chỉ huy … hiệu quả" (see migration 0003 and bench/bench_search.py for why pairs).
Title matches rank first, newest next.

A reader may put a phrase in quotes and exclude a word with a leading "-": "huy hieu" -ky.
"""

import re

from django.db import connection
from django.db.models import BooleanField, Case, IntegerField, Q, QuerySet, Value, When
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from partysite.text import fold_words

from .models import Article

MAX_QUERY_LENGTH = 200
_TERM = re.compile(r'(-?)"([^"]*)"|(-?)(\S+)')


def normalise_query(query: str | None) -> str:
    """The query as it is searched: trimmed and cut to a sane length (a 2,000-char query is no error)."""
    return " ".join((query or "").split())[:MAX_QUERY_LENGTH]


def parse_query(query: str) -> tuple[list[str], list[str]]:
    """Folded phrases to include and to exclude.

    Unquoted words together form one phrase (Vietnamese words span syllables);
    each quoted part is a phrase of its own; "-word" or -"a phrase" excludes.
    """
    include, exclude, loose = [], [], []
    for match in _TERM.finditer(normalise_query(query)):
        if match.group(2) is not None:
            negative, text, quoted = match.group(1), match.group(2), True
        else:
            negative, text, quoted = match.group(3), match.group(4), False
        folded = fold_words(text).strip()
        if not folded:
            continue
        if negative:
            exclude.append(folded)
        elif quoted:
            include.append(folded)
        else:
            loose.append(folded)
    if loose:
        include.insert(0, " ".join(loose))
    return include, exclude


def tsquery_for(phrase: str) -> str:
    """The tsquery of a folded phrase over the vector of syllables and syllable pairs (migration 0003):
    one syllable is itself; a longer phrase is all of its neighbouring pairs ("huy hieu" → 'huy_hieu')."""
    words = phrase.split()
    tokens = words if len(words) == 1 else [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    # Folded words are [a-z0-9] only, so quoting cannot be broken out of.
    return " & ".join(f"'{token}'" for token in dict.fromkeys(tokens))


def _phrase_filter(phrase: str) -> Q:
    if connection.vendor == "postgresql":
        # Cast, not to_tsquery(): the parser would split "huy_hieu" at the underscore.
        return Q(RawSQL('"news_article"."search_vector" @@ %s::tsquery', [tsquery_for(phrase)],
                        output_field=BooleanField()))
    # INSTR on the already folded, lowercase text: a plain byte search, unlike Django's `contains`,
    # which SQLite runs as a case-insensitive LIKE (measured about twice as slow here).
    return Q(GreaterThan(StrIndex("search_text", Value(f" {phrase} ")), 0))


def search_articles(query: str | None, queryset: QuerySet | None = None) -> QuerySet:
    """Published articles matching ``query`` (title matches first, then newest).

    ``queryset`` narrows the candidates (the admin passes every status); an empty
    query gives an empty result rather than everything.
    """
    base = Article.objects.published() if queryset is None else queryset
    include, exclude = parse_query(query or "")
    if not include:
        return base.none()
    condition = Q()
    for phrase in include:
        condition &= _phrase_filter(phrase)
    for phrase in exclude:
        condition &= ~_phrase_filter(phrase)
    title_hit = Q()
    for phrase in include:
        title_hit &= Q(GreaterThan(StrIndex("title_folded", Value(f" {phrase} ")), 0))
    return (
        base.filter(condition)
        .annotate(title_rank=Case(When(title_hit, then=Value(1)), default=Value(0), output_field=IntegerField()))
        .order_by("-title_rank", "-published_at", "-id")
    )


def search_result_ids(query: str | None, limit: int) -> list[int]:
    """Ids of the matching articles in result order, in one query.

    The search page pages through this list and then loads only the articles it shows: on SQLite,
    where each search reads the whole folded text, that is one scan instead of two (count, page).
    """
    return list(search_articles(query).values_list("id", flat=True)[:limit])


def load_articles(ids: list[int]) -> list[Article]:
    """The articles with these ids, in this order, with what a result card needs."""
    by_id = (
        Article.objects.select_related("category").defer("body", "search_text", "search_vector").in_bulk(ids)
    )
    return [by_id[pk] for pk in ids if pk in by_id]
