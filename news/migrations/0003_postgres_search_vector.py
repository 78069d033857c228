"""PostgreSQL full-text search over the folded text: a trigger fills `search_vector`, a GIN index serves it.

A trigger (rather than code in save()) also covers bulk_create and queryset.update(), which skip
save(). It fires only when `search_text` is written, so the view counter's F() update stays cheap.
Config `simple`: Debian's default `english` drops Vietnamese syllables such as "an", "to", "do".
SQLite has neither tsvector nor GIN: there the operation does nothing (search uses `search_text`).
"""

from django.db import migrations

FORWARD = [
    """
    CREATE OR REPLACE FUNCTION news_article_search_vector_update() RETURNS trigger AS $$
    BEGIN
        NEW.search_vector := to_tsvector('pg_catalog.simple', coalesce(NEW.search_text, ''));
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
    "UPDATE news_article SET search_vector = to_tsvector('pg_catalog.simple', coalesce(search_text, ''));",
    "CREATE INDEX IF NOT EXISTS news_article_search_vector_gin ON news_article USING GIN (search_vector);",
]

BACKWARD = [
    "DROP INDEX IF EXISTS news_article_search_vector_gin;",
    "DROP TRIGGER IF EXISTS news_article_search_vector_trg ON news_article;",
    "DROP FUNCTION IF EXISTS news_article_search_vector_update();",
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
