"""Joins the search rework (0008_search_one_index_simple) with the columns added beside it
(0008_article_body_linked_docs, 0009_article_review_note_officea), then rebuilds the search index
once more: on SQLite a migration that copies news_article drops the index's triggers, and the
branches ran in either order, so the last step makes the index whole whatever came before.
"""

from django.db import migrations


def rebuild(apps, schema_editor):
    from news.search import BACKENDS, rebuild_index

    if schema_editor.connection.vendor in BACKENDS:
        rebuild_index(schema_editor.connection)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_search_one_index_simple"),
        ("news", "0010_merge_docs_officea"),
    ]

    operations = [migrations.RunPython(rebuild, migrations.RunPython.noop, elidable=False)]
