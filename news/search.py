"""Vietnamese search over published articles, accent- and case-insensitive, whole words as a phrase.

One function for each caller: ``search_hits`` (the search page: the total and one page of ids in
one query; ``load_articles`` then loads that page) and ``search_articles`` (a queryset, for the
admin, which narrows and orders it itself). Behind them, one small backend per database, over the
folded text (``core.text.fold_words``: "Đảng bộ" → " dang bo ") that ``Article`` stores in
``title_folded`` and ``search_text``:

- SQLite: an FTS5 table ``news_article_fts`` over those two columns (external content: the text
  is not stored twice). "huy hieu" is the phrase query ``"huy hieu"``: whole words only, in order.
- PostgreSQL: a narrow table ``news_article_search`` (id, status, publication time, folded title,
  one vector) with a GIN index. The vector holds folded syllables and pairs of neighbouring
  syllables, so "huy hieu" is the single lexeme 'huy_hieu' (bench/README.md says why pairs and why
  a narrow table).

Both are kept in step by triggers (bulk_create, ``update()`` and raw SQL skip ``save()``), and both
are rebuilt from the article table by ``rebuild_index()``: ``manage.py rebuild_search_index`` and
the migrations call it. SQLite drops a table's triggers when Django copies the table to alter a
column; the ``news.E001`` check then says so and the command repairs it.

Title matches rank first, newest next. A reader may put a phrase in quotes and exclude a word
with a leading "-": "huy hieu" -ky.
"""

import re
from dataclasses import dataclass, field

from django.core import checks
from django.db import connection as default_connection
from django.db import connections
from django.db.models import BooleanField, Case, Count, IntegerField, Q, QuerySet, Value, When, Window
from django.db.models.expressions import RawSQL
from django.db.models.functions import StrIndex
from django.db.models.lookups import GreaterThan

from core.text import fold_words

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


@dataclass(frozen=True)
class Hits:
    """One page of a search: how many published articles match in all, and this page's ids in order.

    ``total`` is 0 when the page lies past the last match (there is no row to carry the count).
    """

    total: int = 0
    ids: list[int] = field(default_factory=list)


# --- SQLite: FTS5 -------------------------------------------------------------------------------
class SQLiteBackend:
    TRIGGERS = ("news_article_fts_insert", "news_article_fts_delete", "news_article_fts_update")
    _IDS = "SELECT rowid FROM news_article_fts WHERE news_article_fts MATCH %s"

    @staticmethod
    def fts_query(include, exclude, column="search_text") -> str:
        """``search_text : (("huy hieu" AND "tuoi dang") NOT "nam 50")``; folded phrases hold
        [a-z0-9 ] only, so they cannot break out of the double quotes."""
        expression = "(" + " AND ".join(f'"{phrase}"' for phrase in include) + ")"
        for phrase in exclude:
            expression += f' NOT "{phrase}"'
        return f"{column} : ({expression})"

    def matches(self, include, exclude) -> Q:
        # The unary + keeps SQLite from looking each match up by rowid, which reads the whole row
        # (status and published_at lie behind the body): it walks the (status, published_at, id)
        # index instead and checks each id against the list of matches, reading no row at all.
        return Q(
            RawSQL(
                f'+"news_article"."id" IN ({self._IDS})',
                [self.fts_query(include, exclude)],
                output_field=BooleanField(),
            )
        )

    def title_rank(self, include):
        # The title column of the FTS index rather than title_folded, the last column of the row.
        return RawSQL(
            f'"news_article"."id" IN ({self._IDS})',
            [self.fts_query(include, [], "title_folded")],
            output_field=IntegerField(),
        )

    def hits(self, include, exclude, offset, limit) -> list:
        # The queryset already reads no article row (FTS5 and the covering index).
        rows = _search(Article.objects.published(), include, exclude)
        return list(rows.annotate(total=Window(Count("id"))).values_list("id", "total")[offset : offset + limit])

    def rebuild(self, cursor) -> None:
        for name in self.TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name}")
        cursor.execute("DROP TABLE IF EXISTS news_article_fts")
        # The text is folded already ([a-z0-9] words between single spaces): the tokenizer only
        # splits it. No column sizes: nothing ranks by bm25.
        cursor.execute("""
            CREATE VIRTUAL TABLE news_article_fts USING fts5(
                title_folded, search_text, content='news_article', content_rowid='id',
                tokenize='unicode61 remove_diacritics 0', columnsize=0)""")
        new = (
            "INSERT INTO news_article_fts (rowid, title_folded, search_text) "
            "VALUES (new.id, new.title_folded, new.search_text);"
        )
        # An external-content index forgets a row by being told its old values: they are exactly
        # the ones it was given, since only these triggers write it.
        old = (
            "INSERT INTO news_article_fts (news_article_fts, rowid, title_folded, search_text) "
            "VALUES ('delete', old.id, old.title_folded, old.search_text);"
        )
        cursor.execute(f"CREATE TRIGGER news_article_fts_insert AFTER INSERT ON news_article BEGIN {new} END")
        cursor.execute(f"CREATE TRIGGER news_article_fts_delete AFTER DELETE ON news_article BEGIN {old} END")
        cursor.execute(f"""
            CREATE TRIGGER news_article_fts_update AFTER UPDATE OF id, title_folded, search_text ON news_article
            WHEN old.id IS NOT new.id OR old.title_folded IS NOT new.title_folded
                 OR old.search_text IS NOT new.search_text
            BEGIN {old} {new} END""")
        cursor.execute("INSERT INTO news_article_fts (news_article_fts) VALUES ('rebuild')")

    @staticmethod
    def triggers(cursor) -> set[str]:
        cursor.execute("SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'news_article'")
        return {row[0] for row in cursor.fetchall()}


# --- PostgreSQL: a narrow table with one vector and a GIN index ---------------------------------
class PostgresBackend:
    TRIGGERS = (
        "news_article_search_insert",
        "news_article_search_update",
        "news_article_search_delete",
        "news_article_search_truncate",
    )
    _IDS = "SELECT article_id FROM news_article_search WHERE search_vector @@ %s::tsquery"

    @staticmethod
    def tsquery_for(phrase: str) -> str:
        """One syllable is itself; a longer phrase is all of its neighbouring pairs ("huy hieu" → 'huy_hieu')."""
        words = phrase.split()
        tokens = words if len(words) == 1 else [f"{a}_{b}" for a, b in zip(words, words[1:], strict=False)]
        # Folded words are [a-z0-9] only, so quoting cannot be broken out of.
        return " & ".join(f"'{token}'" for token in dict.fromkeys(tokens))

    def tsquery(self, include, exclude) -> str:
        """Exclusions as `!` in the one tsquery, so the GIN index answers them too."""
        parts = [f"({self.tsquery_for(phrase)})" for phrase in include]
        parts += [f"!({self.tsquery_for(phrase)})" for phrase in exclude]
        return " & ".join(parts)

    def matches(self, include, exclude) -> Q:
        # Cast, not to_tsquery(): its parser would split "huy_hieu" at "_".
        return Q(
            RawSQL(
                f'"news_article"."id" IN ({self._IDS})', [self.tsquery(include, exclude)], output_field=BooleanField()
            )
        )

    @staticmethod
    def title_rank(include):
        title_hit = Q()
        for phrase in include:
            title_hit &= Q(GreaterThan(StrIndex("title_folded", Value(f" {phrase} ")), 0))
        return Case(When(title_hit, then=Value(1)), default=Value(0), output_field=IntegerField())

    def hits(self, include, exclude, offset, limit) -> list:
        # The narrow table only: matching, counting and ordering never read an article row. Its
        # status and publication time have the article table's names, so under the article
        # table's alias the WHERE clause of ArticleQuerySet.published() applies to it as it is.
        query = Article.objects.published().query
        published, published_params = query.get_compiler(connection=default_connection).compile(query.where)
        title_hit = " AND ".join(["strpos(news_article.title_folded, %s) > 0"] * len(include))
        sql = f"""
            SELECT news_article.article_id, count(*) OVER ()
            FROM news_article_search AS news_article
            WHERE {published} AND news_article.search_vector @@ %s::tsquery
            ORDER BY {title_hit} DESC, news_article.published_at DESC, news_article.article_id DESC
            LIMIT %s OFFSET %s"""
        params = [*published_params, self.tsquery(include, exclude), *[f" {p} " for p in include], limit, offset]
        with default_connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()

    def rebuild(self, cursor) -> None:
        # Syllables and pairs of neighbouring syllables, as lexemes taken as they are (like config
        # `simple`: no stemming, no stop words, so "an", "to", "do" stay).
        cursor.execute("""
            CREATE OR REPLACE FUNCTION news_search_tokens(folded text) RETURNS tsvector AS $$
            DECLARE
                words text[] := array_remove(string_to_array(btrim(coalesce(folded, '')), ' '), '');
                n integer := coalesce(array_length(words, 1), 0);
            BEGIN
                IF n = 0 THEN RETURN ''::tsvector; END IF;
                RETURN array_to_tsvector(ARRAY(SELECT DISTINCT token FROM (
                    SELECT unnest(words) AS token
                    UNION ALL SELECT words[i] || '_' || words[i + 1] FROM generate_series(1, n - 1) AS i
                ) AS tokens));
            END
            $$ LANGUAGE plpgsql IMMUTABLE""")
        cursor.execute("""
            CREATE TABLE IF NOT EXISTS news_article_search (
                article_id bigint PRIMARY KEY, status varchar(10) NOT NULL,
                published_at timestamp with time zone NULL, title_folded text NOT NULL,
                search_vector tsvector NOT NULL)""")
        # Without statistics the planner takes the GIN index even for a common phrase, which it
        # should: a sequential scan re-reads every large vector (bench/README.md).
        cursor.execute("ALTER TABLE news_article_search ALTER COLUMN search_vector SET STATISTICS 0")
        cursor.execute("""
            CREATE OR REPLACE FUNCTION news_article_search_sync() RETURNS trigger AS $$
            BEGIN
                IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id <> NEW.id) THEN
                    DELETE FROM news_article_search WHERE article_id = OLD.id;
                END IF;
                IF TG_OP = 'DELETE' THEN RETURN NULL; END IF;
                INSERT INTO news_article_search (article_id, status, published_at, title_folded, search_vector)
                VALUES (NEW.id, NEW.status, NEW.published_at, NEW.title_folded, news_search_tokens(NEW.search_text))
                ON CONFLICT (article_id) DO UPDATE SET
                    status = EXCLUDED.status, published_at = EXCLUDED.published_at,
                    title_folded = EXCLUDED.title_folded, search_vector = EXCLUDED.search_vector;
                RETURN NULL;
            END
            $$ LANGUAGE plpgsql""")
        cursor.execute("""
            CREATE OR REPLACE FUNCTION news_article_search_truncate() RETURNS trigger AS $$
            BEGIN TRUNCATE news_article_search; RETURN NULL; END
            $$ LANGUAGE plpgsql""")
        for name in self.TRIGGERS:
            cursor.execute(f"DROP TRIGGER IF EXISTS {name} ON news_article")
        cursor.execute("""CREATE TRIGGER news_article_search_insert AFTER INSERT ON news_article
                          FOR EACH ROW EXECUTE FUNCTION news_article_search_sync()""")
        # save() writes every column: copy only when a searched value really changed, so the view
        # counter's update never touches the index.
        cursor.execute("""
            CREATE TRIGGER news_article_search_update
            AFTER UPDATE OF id, status, published_at, title_folded, search_text ON news_article
            FOR EACH ROW WHEN (
                OLD.id IS DISTINCT FROM NEW.id OR OLD.status IS DISTINCT FROM NEW.status
                OR OLD.published_at IS DISTINCT FROM NEW.published_at
                OR OLD.title_folded IS DISTINCT FROM NEW.title_folded
                OR OLD.search_text IS DISTINCT FROM NEW.search_text
            ) EXECUTE FUNCTION news_article_search_sync()""")
        cursor.execute("""CREATE TRIGGER news_article_search_delete AFTER DELETE ON news_article
                          FOR EACH ROW EXECUTE FUNCTION news_article_search_sync()""")
        # Django's test flush empties tables with TRUNCATE, which fires no row trigger.
        cursor.execute("""CREATE TRIGGER news_article_search_truncate AFTER TRUNCATE ON news_article
                          FOR EACH STATEMENT EXECUTE FUNCTION news_article_search_truncate()""")
        cursor.execute("TRUNCATE news_article_search")
        cursor.execute("""
            INSERT INTO news_article_search (article_id, status, published_at, title_folded, search_vector)
            SELECT id, status, published_at, title_folded, news_search_tokens(search_text) FROM news_article""")
        # No pending list (fastupdate): this table is rarely vacuumed, and a queue of unindexed
        # entries makes the planner read the table sequentially instead (bench/README.md).
        cursor.execute("""CREATE INDEX IF NOT EXISTS news_article_search_vector_idx ON news_article_search
                          USING GIN (search_vector) WITH (fastupdate = off)""")
        cursor.execute("ANALYZE news_article_search")

    @staticmethod
    def triggers(cursor) -> set[str]:
        cursor.execute("SELECT tgname FROM pg_trigger WHERE tgrelid = 'news_article'::regclass")
        return {row[0] for row in cursor.fetchall()}


BACKENDS = {"sqlite": SQLiteBackend(), "postgresql": PostgresBackend()}


def backend(connection=default_connection):
    return BACKENDS[connection.vendor]


def rebuild_index(connection=default_connection) -> None:
    """(Re)create the search index, its triggers, and index every article: safe to run any time."""
    with connection.cursor() as cursor:
        backend(connection).rebuild(cursor)


def missing_triggers(connection=default_connection) -> set[str]:
    with connection.cursor() as cursor:
        return set(backend(connection).TRIGGERS) - backend(connection).triggers(cursor)


@checks.register(checks.Tags.database)
def check_index(app_configs=None, databases=None, **kwargs):
    """``manage.py check --database default`` (and ``migrate``) say when the index stopped following."""
    errors = []
    for alias in databases or []:
        connection = connections[alias]
        if connection.vendor not in BACKENDS or "news_article" not in connection.introspection.table_names():
            continue
        missing = missing_triggers(connection)
        if missing:
            errors.append(
                checks.Error(
                    "The search index no longer follows the articles "
                    f"(triggers missing: {', '.join(sorted(missing))}).",
                    hint="Run: python manage.py rebuild_search_index",
                    id="news.E001",
                )
            )
    return errors


# --- The two functions the site calls --------------------------------------------------------------
def _search(queryset, include, exclude) -> QuerySet:
    found = backend()
    return (
        queryset.filter(found.matches(include, exclude))
        .annotate(title_rank=found.title_rank(include))
        .order_by("-title_rank", "-published_at", "-id")
    )


def search_articles(query: str | None, queryset: QuerySet | None = None) -> QuerySet:
    """Published articles matching ``query`` (title matches first, then newest).

    ``queryset`` narrows the candidates (the admin passes every status); an empty
    query gives an empty result rather than everything.
    """
    base = Article.objects.published() if queryset is None else queryset
    include, exclude = parse_query(query or "")
    return _search(base, include, exclude) if include else base.none()


def search_hits(query: str | None, offset: int = 0, limit: int = 20) -> Hits:
    """The total number of published matches and the ids of matches ``offset`` to ``offset + limit``
    in result order, in one query (the count is a window over the same scan)."""
    include, exclude = parse_query(query or "")
    if not include:
        return Hits()
    rows = backend().hits(include, exclude, offset, limit)
    return Hits(total=rows[0][1], ids=[row[0] for row in rows]) if rows else Hits()


def load_articles(ids: list[int]) -> list[Article]:
    """The articles with these ids, in this order, with what a result card needs."""
    # No ORDER BY (the model's default): the order is the ids' own.
    by_id = Article.objects.for_lists().order_by().in_bulk(ids)
    return [by_id[pk] for pk in ids if pk in by_id]
