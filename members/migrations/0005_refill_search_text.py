"""The folded search column now keeps a space at each end (word-prefix search at the first word)."""

from django.db import migrations


def refill(apps, schema_editor):
    from partysite.text import fold_words

    Member = apps.get_model("members", "Member")
    batch = []
    for member in Member.objects.only("pk", "full_name", "card_number").iterator(chunk_size=1000):
        member.search_text = f" {fold_words(member.full_name).strip()} {member.card_number or ''} ".replace("  ", " ")
        batch.append(member)
        if len(batch) == 1000:
            Member.objects.bulk_update(batch, ["search_text"])
            batch = []
    Member.objects.bulk_update(batch, ["search_text"])


class Migration(migrations.Migration):
    dependencies = [("members", "0004_status_change_permissions")]

    operations = [migrations.RunPython(refill, migrations.RunPython.noop)]
