"""A search index beside the article table, kept in sync by triggers: FTS5 on SQLite, a narrow table on PostgreSQL.

Issue 8: on 10,000 articles a common phrase matches about 8,000 of them, and searching the article
table itself had to read every match's whole row: SQLite searched the folded text row by row (and
`status`, `published_at` sit behind the body in overflow pages); PostgreSQL's GIN index found the
rows at once, but checking status and date and sorting still visited 2,000 heap pages of wide rows.

- SQLite: `news_article_fts`, an FTS5 table over the folded title and search text, with
  `news_article` as its external content (rowid = article id), so the text is not stored twice.
  The index answers the phrase; status, publication time and order come from the
  (status, published_at, id) index, without reading a row.
- PostgreSQL: `news_article_search`, one narrow row per article (id, status, publication time,
  folded title, the vector of migration 0003) with its own GIN index: matching, counting and
  ordering read about 180 pages of 8 kB instead of 2,000. The public search page reads this table
  only. The article table keeps its vector and GIN index for the admin, whose search is a queryset
  of articles (joining the narrow table back to 8,000 article rows by id is slower than that index).

Triggers rather than code in save(): bulk_create, queryset.update() and raw SQL skip save(). They
fire only when a searched column is written, so the view counter's F() update stays cheap; a status
change needs nothing on SQLite (the status is read from the article table) and one narrow row on
PostgreSQL.

SQLite caveat: Django alters a column by copying the table into a new one and dropping the old, and
dropping a table drops its triggers. A later migration that does so to `news_article` must recreate
them (call `create_sqlite_index` from here); tests/news/test_search_index.py fails until it does.
"""

from django.db import migrations

SQLITE_TRIGGERS = [
    """
    CREATE TRIGGER news_article_fts_insert AFTER INSERT ON news_article BEGIN
        INSERT INTO news_article_fts (rowid, title_folded, search_text)
        VALUES (new.id, new.title_folded, new.search_text);
    END;
    """,
    """
    CREATE TRIGGER news_article_fts_delete AFTER DELETE ON news_article BEGIN
        INSERT INTO news_article_fts (news_article_fts, rowid, title_folded, search_text)
        VALUES ('delete', old.id, old.title_folded, old.search_text);
    END;
    """,
    # An external-content index forgets a row by being told its old values: they are exactly the
    # ones it was given, since only these triggers write it.
    """
    CREATE TRIGGER news_article_fts_update AFTER UPDATE OF id, title_folded, search_text ON news_article
    WHEN old.id IS NOT new.id OR old.title_folded IS NOT new.title_folded OR old.search_text IS NOT new.search_text
    BEGIN
        INSERT INTO news_article_fts (news_article_fts, rowid, title_folded, search_text)
        VALUES ('delete', old.id, old.title_folded, old.search_text);
        INSERT INTO news_article_fts (rowid, title_folded, search_text)
        VALUES (new.id, new.title_folded, new.search_text);
    END;
    """,
]

SQLITE_FORWARD = [
    # The text is folded already ([a-z0-9] words between single spaces): the tokenizer only splits
    # it. No column sizes: nothing ranks by bm25.
    """
    CREATE VIRTUAL TABLE IF NOT EXISTS news_article_fts USING fts5(
        title_folded, search_text,
        content='news_article', content_rowid='id',
        tokenize='unicode61 remove_diacritics 0', columnsize=0
    );
    """,
    "DROP TRIGGER IF EXISTS news_article_fts_insert;",
    "DROP TRIGGER IF EXISTS news_article_fts_delete;",
    "DROP TRIGGER IF EXISTS news_article_fts_update;",
    *SQLITE_TRIGGERS,
    # Index every existing article (about 2 s for 10,000 of ~700 syllables).
    "INSERT INTO news_article_fts (news_article_fts) VALUES ('rebuild');",
]

SQLITE_BACKWARD = [
    "DROP TRIGGER IF EXISTS news_article_fts_insert;",
    "DROP TRIGGER IF EXISTS news_article_fts_delete;",
    "DROP TRIGGER IF EXISTS news_article_fts_update;",
    "DROP TABLE IF EXISTS news_article_fts;",
]

POSTGRES_FORWARD = [
    """
    CREATE TABLE IF NOT EXISTS news_article_search (
        article_id bigint PRIMARY KEY,
        status varchar(10) NOT NULL,
        published_at timestamp with time zone NULL,
        title_folded text NOT NULL,
        search_vector tsvector NOT NULL
    );
    """,
    # As in 0003: without statistics the planner takes the GIN index even for a common phrase.
    "ALTER TABLE news_article_search ALTER COLUMN search_vector SET STATISTICS 0;",
    """
    CREATE OR REPLACE FUNCTION news_article_search_sync() RETURNS trigger AS $$
    BEGIN
        IF TG_OP = 'DELETE' OR (TG_OP = 'UPDATE' AND OLD.id <> NEW.id) THEN
            DELETE FROM news_article_search WHERE article_id = OLD.id;
        END IF;
        IF TG_OP = 'DELETE' THEN
            RETURN NULL;
        END IF;
        INSERT INTO news_article_search (article_id, status, published_at, title_folded, search_vector)
        VALUES (NEW.id, NEW.status, NEW.published_at, NEW.title_folded,
                coalesce(NEW.search_vector, news_search_tokens(NEW.search_text)))
        ON CONFLICT (article_id) DO UPDATE SET
            status = EXCLUDED.status, published_at = EXCLUDED.published_at,
            title_folded = EXCLUDED.title_folded, search_vector = EXCLUDED.search_vector;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql;
    """,
    """
    CREATE OR REPLACE FUNCTION news_article_search_truncate() RETURNS trigger AS $$
    BEGIN
        TRUNCATE news_article_search;
        RETURN NULL;
    END
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS news_article_search_insert ON news_article;",
    "DROP TRIGGER IF EXISTS news_article_search_update ON news_article;",
    "DROP TRIGGER IF EXISTS news_article_search_delete ON news_article;",
    "DROP TRIGGER IF EXISTS news_article_search_truncate ON news_article;",
    # AFTER triggers: 0003's BEFORE trigger has set NEW.search_vector by then.
    """
    CREATE TRIGGER news_article_search_insert AFTER INSERT ON news_article
    FOR EACH ROW EXECUTE FUNCTION news_article_search_sync();
    """,
    # save() writes every column: copy only when a searched value really changed.
    """
    CREATE TRIGGER news_article_search_update
    AFTER UPDATE OF id, status, published_at, title_folded, search_text, search_vector ON news_article
    FOR EACH ROW WHEN (
        OLD.id IS DISTINCT FROM NEW.id OR OLD.status IS DISTINCT FROM NEW.status
        OR OLD.published_at IS DISTINCT FROM NEW.published_at OR OLD.title_folded IS DISTINCT FROM NEW.title_folded
        OR OLD.search_vector IS DISTINCT FROM NEW.search_vector
    ) EXECUTE FUNCTION news_article_search_sync();
    """,
    """
    CREATE TRIGGER news_article_search_delete AFTER DELETE ON news_article
    FOR EACH ROW EXECUTE FUNCTION news_article_search_sync();
    """,
    # Django's test flush empties tables with TRUNCATE, which fires no row trigger.
    """
    CREATE TRIGGER news_article_search_truncate AFTER TRUNCATE ON news_article
    FOR EACH STATEMENT EXECUTE FUNCTION news_article_search_truncate();
    """,
    """
    INSERT INTO news_article_search (article_id, status, published_at, title_folded, search_vector)
    SELECT id, status, published_at, title_folded, coalesce(search_vector, news_search_tokens(search_text))
    FROM news_article
    ON CONFLICT (article_id) DO NOTHING;
    """,
    # No pending list (fastupdate): a GIN index otherwise queues new entries, up to 4 MB, until a
    # VACUUM, and this table, rarely written, is rarely vacuumed. Each search would scan the queue,
    # and the planner, costing it, reads the table sequentially instead, re-reading every toasted
    # vector: 1,000 freshly loaded articles took 29 ms a search, against 7 ms with fastupdate off.
    # The price is paid on writes: about 7 ms more to save an article of 700 syllables.
    """
    CREATE INDEX IF NOT EXISTS news_article_search_vector_idx ON news_article_search
    USING GIN (search_vector) WITH (fastupdate = off);
    """,
]

POSTGRES_BACKWARD = [
    "DROP TRIGGER IF EXISTS news_article_search_insert ON news_article;",
    "DROP TRIGGER IF EXISTS news_article_search_update ON news_article;",
    "DROP TRIGGER IF EXISTS news_article_search_delete ON news_article;",
    "DROP TRIGGER IF EXISTS news_article_search_truncate ON news_article;",
    "DROP FUNCTION IF EXISTS news_article_search_sync();",
    "DROP FUNCTION IF EXISTS news_article_search_truncate();",
    "DROP TABLE IF EXISTS news_article_search;",
]


def create_sqlite_index(schema_editor):
    """Create (or recreate) the FTS5 table and its triggers and index every article."""
    for statement in SQLITE_FORWARD:
        schema_editor.execute(statement)


def forward(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        create_sqlite_index(schema_editor)
    elif vendor == "postgresql":
        for statement in POSTGRES_FORWARD:
            schema_editor.execute(statement)


def backward(apps, schema_editor):
    statements = {"sqlite": SQLITE_BACKWARD, "postgresql": POSTGRES_BACKWARD}
    for statement in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(statement)


class Migration(migrations.Migration):
    dependencies = [("news", "0006_featured_index")]

    operations = [migrations.RunPython(forward, backward, elidable=False)]
