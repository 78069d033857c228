"""Vietnamese search over published articles, accent- and case-insensitive, whole words as a phrase.

Everything searches the folded text (``partysite.text.fold_words``: "Đảng bộ" → " dang bo "), through
an index beside the article table that triggers keep in sync (migration 0007):
- SQLite: the FTS5 table ``news_article_fts`` over ``title_folded`` and ``search_text``; "huy hieu" is
  the phrase query ``"huy hieu"``, so it matches whole words only ("huy" is not "huyện") and the
  syllables in that order ("chỉ huy … hiệu quả" is no match). Status, publication time and order
  come from the (status, published_at, id) index, so no article row is read.
- PostgreSQL: the narrow table ``news_article_search`` (id, status, publication time, folded title,
  search vector) with a GIN index. The vector holds folded syllables and pairs of neighbouring
  syllables, so "huy hieu" is the single lexeme 'huy_hieu' (migration 0003 and bench/bench_search.py
  say why pairs); matching, counting and ordering read the narrow rows only.
Title matches rank first, newest next.

A reader may put a phrase in quotes and exclude a word with a leading "-": "huy hieu" -ky.

The search page asks ``search_hits`` for the total and one page of ids (one query), then
``load_articles`` for that page (a second one). ``search_articles`` is the same search as a queryset,
for the admin, which narrows and orders it itself.
"""

import re
from dataclasses import dataclass, field

from django.db import connection
from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan
from django.utils import timezone

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


# --- PostgreSQL: tsquery over syllables and syllable pairs -------------------------------------
def tsquery_for(phrase: str) -> str:
    """The tsquery of a folded phrase over the vector of syllables and syllable pairs (migration 0003):
    one syllable is itself; a longer phrase is all of its neighbouring pairs ("huy hieu" → 'huy_hieu')."""
    words = phrase.split()
    tokens = words if len(words) == 1 else [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
    # Folded words are [a-z0-9] only, so quoting cannot be broken out of.
    return " & ".join(f"'{token}'" for token in dict.fromkeys(tokens))


def tsquery(include: list[str], exclude: list[str]) -> str:
    """One tsquery for the whole search: exclusions as `!`, so the GIN index answers them too
    (a separate NOT @@ re-read the vector of every match: 140 ms against 5 ms)."""
    parts = [f"({tsquery_for(phrase)})" for phrase in include]
    parts += [f"!({tsquery_for(phrase)})" for phrase in exclude]
    return " & ".join(parts)


# --- SQLite: FTS5 phrase queries ------------------------------------------------------------
def fts_query(include: list[str], exclude: list[str], column: str = "search_text") -> str:
    """The FTS5 query on one column: ``search_text : (("huy hieu" AND "tuoi dang") NOT "nam 50")``.

    Folded phrases hold [a-z0-9 ] only, so they cannot break out of the double quotes.
    """
    expression = "(" + " AND ".join(f'"{phrase}"' for phrase in include) + ")"
    for phrase in exclude:
        expression += f' NOT "{phrase}"'
    return f"{column} : ({expression})"


_FTS_IDS = "SELECT rowid FROM news_article_fts WHERE news_article_fts MATCH %s"


def _match(include: list[str], exclude: list[str]) -> Q:
    if connection.vendor == "postgresql":
        # A queryset of articles (the admin narrows and orders it) uses the article table's own
        # vector and GIN index: the narrow table would have to be joined back to every matching
        # row, measured slower. Cast, not to_tsquery(): the parser would split "huy_hieu" at "_".
        return Q(RawSQL('"news_article"."search_vector" @@ %s::tsquery', [tsquery(include, exclude)],
                        output_field=BooleanField()))
    # The unary + keeps SQLite from looking each match up by rowid, which reads the whole row
    # (status and published_at lie behind the body): it walks the (status, published_at, id) index
    # instead and checks each id against the list of matches, reading no row at all.
    return Q(RawSQL(f'+"news_article"."id" IN ({_FTS_IDS})', [fts_query(include, exclude)],
                    output_field=BooleanField()))


def _title_rank(include: list[str]):
    """1 when every included phrase is in the title, else 0."""
    if connection.vendor == "postgresql":
        title_hit = Q()
        for phrase in include:
            title_hit &= Q(GreaterThan(StrIndex("title_folded", Value(f" {phrase} ")), 0))
        return Case(When(title_hit, then=Value(1)), default=Value(0), output_field=IntegerField())
    # The title column of the FTS index, rather than title_folded: the last column of the row.
    return RawSQL(f'"news_article"."id" IN ({_FTS_IDS})', [fts_query(include, [], "title_folded")],
                  output_field=IntegerField())


def search_articles(query: str | None, queryset: QuerySet | None = None) -> QuerySet:
    """Published articles matching ``query`` (title matches first, then newest).

    ``queryset`` narrows the candidates (the admin passes every status); an empty
    query gives an empty result rather than everything.
    """
    base = Article.objects.published() if queryset is None else queryset
    include, exclude = parse_query(query or "")
    if not include:
        return base.none()
    return (
        base.filter(_match(include, exclude))
        .annotate(title_rank=_title_rank(include))
        .order_by("-title_rank", "-published_at", "-id")
    )


@dataclass(frozen=True)
class Hits:
    """One page of a search: how many published articles match in all, and this page's ids in order.

    ``total`` is 0 when the page lies past the last match (there is no row to carry the count).
    """

    total: int = 0
    ids: list[int] = field(default_factory=list)


# The public search on PostgreSQL, on the narrow table only. "Published" is the rule of
# ArticleQuerySet.published(): status published and publication time reached.
_POSTGRES_HITS = """
    SELECT article_id, count(*) OVER ()
    FROM news_article_search
    WHERE status = %s AND published_at <= %s AND search_vector @@ %s::tsquery
    ORDER BY {title_hit} DESC, published_at DESC, article_id DESC
    LIMIT %s OFFSET %s
"""


def search_hits(query: str | None, offset: int = 0, limit: int = 20) -> Hits:
    """The total number of published matches and the ids of matches ``offset`` to ``offset + limit``
    in result order, in one query (the count is a window over the same scan; no separate count).

    PostgreSQL reads the narrow table only. On SQLite the queryset of ``search_articles`` already
    reads no article row (FTS5 and the covering index), so it serves the page too.
    """
    include, exclude = parse_query(query or "")
    if not include:
        return Hits()
    if connection.vendor == "postgresql":
        title_hit = " AND ".join(["strpos(title_folded, %s) > 0"] * len(include))
        params = [Article.Status.PUBLISHED, timezone.now(), tsquery(include, exclude),
                  *[f" {phrase} " for phrase in include], limit, offset]
        with connection.cursor() as cursor:
            cursor.execute(_POSTGRES_HITS.format(title_hit=title_hit), params)
            rows = cursor.fetchall()
    else:
        rows = list(
            search_articles(query).annotate(total=Window(Count("id"))).values_list("id", "total")[offset:offset + limit]
        )
    return Hits(total=rows[0][1], ids=[row[0] for row in rows]) if rows else Hits()


def load_articles(ids: list[int]) -> list[Article]:
    """The articles with these ids, in this order, with what a result card needs."""
    # No ORDER BY (the model's default): the order is the ids' own. Saves ~1.5 ms of 4.5.
    by_id = Article.objects.for_lists().order_by().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
