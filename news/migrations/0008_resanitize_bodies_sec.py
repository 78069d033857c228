"""Run the stricter sanitiser (images from our own media folder only) over stored bodies.

Bodies are cleaned on save; those saved before issue 12.2 may still hold an image whose
address climbs out of /media/ (e.g. ``/media/../quan-tri/…/export/``) or points elsewhere.
"""

from django.db import migrations


def resanitize(apps, schema_editor):
    from news.sanitize import clean_body

    Article = apps.get_model("news", "Article")
    for pk, body in Article.objects.values_list("pk", "body").iterator():
        cleaned = clean_body(body)
        if cleaned != body:
            Article.objects.filter(pk=pk).update(body=cleaned)


class Migration(migrations.Migration):
    dependencies = [("news", "0007_search_index")]

    operations = [migrations.RunPython(resanitize, migrations.RunPython.noop, elidable=True)]
