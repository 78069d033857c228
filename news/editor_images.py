"""Editor uploads that no article uses any more (an edit abandoned, an image deleted from a body).

CKEditor uploads an image as soon as it is inserted, before the article is saved, so some files
are never referenced. An upload is kept while any article, or any version in its history (a
publisher may revert to it), still points to it, and for a grace period in any case.
"""

import datetime as dt

from django.utils import timezone

from news.models import Article, EditorImage

GRACE_DAYS = 7


def unused_editor_images(older_than_days: int = GRACE_DAYS):
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    candidates = list(EditorImage.objects.filter(uploaded_at__lt=cutoff))
    if not candidates:
        return []
    bodies = list(Article.objects.values_list("body", flat=True))
    bodies += list(Article.history.values_list("body", flat=True))
    text = "\n".join(bodies)
    return [image for image in candidates if image.file.url not in text]


def prune_editor_images(older_than_days: int = GRACE_DAYS, dry_run: bool = False) -> list[str]:
    removed = []
    for image in unused_editor_images(older_than_days):
        removed.append(image.file.name)
        if not dry_run:
            image.file.delete(save=False)
            image.delete()
    return removed
