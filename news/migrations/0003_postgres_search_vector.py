"""PostgreSQL full-text search over the folded text: a trigger fills `search_vector`, a GIN index serves it.

The vector holds every folded syllable and every pair of neighbouring syllables ("huy", "hieu",
"huy_hieu"), as lexemes taken as they are (like config `simple`: no stemming, no stop words, so
"an", "to", "do" stay). A phrase is then matched by its pairs with an exact GIN lookup. Measured on
10,000 articles: `to_tsvector('simple')` with a `<->` phrase query had to re-read the whole vector of
almost every row, because common syllables ("năm", "huy", "hiệu") are in nearly every article
(~150 ms for a rare phrase); with pairs the index answers alone (see bench/bench_search.py).

A trigger (rather than code in save()) also covers bulk_create and queryset.update(), which skip
save(). It fires only when `search_text` is written, so the view counter's F() update stays cheap.
SQLite has neither tsvector nor GIN: there the operation does nothing (search uses `search_text`).
"""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION news_search_tokens(folded text) RETURNS tsvector AS $$
    DECLARE
        words text[] := array_remove(string_to_array(btrim(coalesce(folded, '')), ' '), '');
        n integer := coalesce(array_length(words, 1), 0);
    BEGIN
        IF n = 0 THEN
            RETURN ''::tsvector;
        END IF;
        RETURN array_to_tsvector(ARRAY(
            SELECT DISTINCT token FROM (
                SELECT unnest(words) AS token
                UNION ALL
                SELECT words[i] || '_' || words[i + 1] FROM generate_series(1, n - 1) AS i
            ) AS tokens
        ));
    END
    $$ LANGUAGE plpgsql IMMUTABLE;
    """,
    """
    CREATE OR REPLACE FUNCTION news_article_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := news_search_tokens(NEW.search_text);
        RETURN NEW;
    END
    $$ LANGUAGE plpgsql;
    """,
    "DROP TRIGGER IF EXISTS news_article_search_vector_trg ON news_article;",
    """
    CREATE TRIGGER news_article_search_vector_trg
    BEFORE INSERT OR UPDATE OF search_text, search_vector ON news_article
    FOR EACH ROW EXECUTE FUNCTION news_article_search_vector_update();
    """,
    # Without statistics the planner assumes a match is rare and always takes the GIN index. With them
    # it seq-scans for a common phrase (a quarter of the rows), reading every large vector: measured
    # 340 ms against 3-9 ms through the index, which never has to re-read a vector (no positions).
    "ALTER TABLE news_article ALTER COLUMN search_vector SET STATISTICS 0;",
    "UPDATE news_article SET search_vector = news_search_tokens(search_text);",
    "CREATE INDEX IF NOT EXISTS news_article_search_vector_gin ON news_article USING GIN (search_vector);",
]

BACKWARD = [
    "ALTER TABLE news_article ALTER COLUMN search_vector SET STATISTICS -1;",
    "DROP INDEX IF EXISTS news_article_search_vector_gin;",
    "DROP TRIGGER IF EXISTS news_article_search_vector_trg ON news_article;",
    "DROP FUNCTION IF EXISTS news_article_search_vector_update();",
    "DROP FUNCTION IF EXISTS news_search_tokens(text);",
]


def _run_on_postgresql(statements):
    def operation(apps, schema_editor):
        if schema_editor.connection.vendor != "postgresql":
            return
        for statement in statements:
            schema_editor.execute(statement)

    return operation


class Migration(migrations.Migration):
    dependencies = [("news", "0002_article_cover_search_history")]

    operations = [
        migrations.RunPython(_run_on_postgresql(FORWARD), _run_on_postgresql(BACKWARD), elidable=False),
    ]
