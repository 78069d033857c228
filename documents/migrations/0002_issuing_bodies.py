"""The issuing bodies every committee's library starts with; the office edits the list in the admin."""

from django.db import migrations

BODIES = [
    ("Ban Chấp hành Trung ương", "TW", 1),
    ("Tỉnh ủy", "TU", 2),
    ("Đảng ủy Khối các cơ quan tỉnh", "ĐUK", 3),
    ("Đảng ủy Sở", "ĐU", 4),
]


def add(apps, schema_editor):
    IssuingBody = apps.get_model("documents", "IssuingBody")
    for name, sign, order in BODIES:
        IssuingBody.objects.get_or_create(name=name, defaults={"sign": sign, "order": order})


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [migrations.RunPython(add, migrations.RunPython.noop)]
