import datetime as dt
import io

import pytest
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.utils import timezone

from news.editor_images import prune_editor_images

from .factories import ArticleFactory, image_upload

pytestmark = pytest.mark.django_db


def _upload(client, editor):
    client.force_login(editor)
    return client.post("/ckeditor5/image_upload/", {"upload": image_upload()}).json()["url"]


def test_unused_old_uploads_are_pruned_used_and_recent_ones_kept(client, editor):
    from news.models import EditorImage

    used_url, unused_url, recent_url = (_upload(client, editor) for _ in range(3))
    article = ArticleFactory(body=f'<figure class="image"><img src="{used_url}" alt="a"></figure>')
    EditorImage.objects.exclude(file__endswith=recent_url.rsplit("/", 1)[-1]).update(
        uploaded_at=timezone.now() - dt.timedelta(days=30)
    )

    removed = prune_editor_images()

    assert [f"/media/{name}" for name in removed] == [unused_url]
    assert not default_storage.exists(unused_url.removeprefix("/media/"))
    assert default_storage.exists(used_url.removeprefix("/media/"))
    assert EditorImage.objects.count() == 2
    # An image removed from the body but still in the history is kept (a revert needs it).
    article.body = "<p>Không còn ảnh.</p>"
    article.save()
    assert prune_editor_images() == []


def test_command_dry_run_deletes_nothing(client, editor):
    from news.models import EditorImage

    _upload(client, editor)
    EditorImage.objects.update(uploaded_at=timezone.now() - dt.timedelta(days=30))
    out = io.StringIO()
    call_command("prune_editor_images", "--dry-run", stdout=out)
    assert "Sẽ xóa 1 ảnh" in out.getvalue() and EditorImage.objects.count() == 1
