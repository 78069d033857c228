"""One search index per database, rebuilt by news.search.rebuild_index (manage.py rebuild_search_index).

PostgreSQL kept two vectors: the article table's (0003, for the admin) and the narrow table's (0007,
for the search page). The admin now searches the narrow table too, so the article table's vector,
its trigger and its GIN index go. Then the index of both databases is rebuilt from the article
table by the same function the command runs.
"""

from django.db import migrations

POSTGRES_DROP = [
    "DROP TRIGGER IF EXISTS news_article_search_vector_trg ON news_article",
    "DROP FUNCTION IF EXISTS news_article_search_vector_update()",
    # Its column list and WHEN clause name search_vector; rebuild_index recreates it without.
    "DROP TRIGGER IF EXISTS news_article_search_update ON news_article",
]


def drop_old_vector_triggers(apps, schema_editor):
    if schema_editor.connection.vendor == "postgresql":
        for statement in POSTGRES_DROP:
            schema_editor.execute(statement)


def rebuild(apps, schema_editor):
    from news.search import BACKENDS, rebuild_index

    if schema_editor.connection.vendor in BACKENDS:
        rebuild_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [("news", "0007_search_index")]

    operations = [
        migrations.RunPython(drop_old_vector_triggers, migrations.RunPython.noop, elidable=False),
        migrations.RemoveField(model_name="article", name="search_vector"),
        migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False),
    ]
