"""The publisher's reason for a send-back or take-down, kept on the article and in its history.

On SQLite, adding a NOT NULL column copies `news_article` into a new table and drops the old one,
which drops the search index's triggers (see 0007): they are recreated here.
"""

import importlib

from django.db import migrations, models


def recreate_sqlite_search_index(apps, schema_editor):
    if schema_editor.connection.vendor == "sqlite":
        importlib.import_module("news.migrations.0007_search_index").create_sqlite_index(schema_editor)


class Migration(migrations.Migration):
    dependencies = [
        ("news", "0008_resanitize_bodies_sec"),
    ]

    operations = [
        migrations.AddField(
            model_name="article",
            name="review_note",
            field=models.CharField(blank=True, editable=False, max_length=500, verbose_name="ý kiến người duyệt"),
        ),
        migrations.AddField(
            model_name="historicalarticle",
            name="review_note",
            field=models.CharField(blank=True, editable=False, max_length=500, verbose_name="ý kiến người duyệt"),
        ),
        migrations.RunPython(recreate_sqlite_search_index, migrations.RunPython.noop),
    ]
