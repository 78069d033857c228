"""A read-only or full media folder (real tmpfs mounts): the article form comes back with a Vietnamese
error and the typed text, the editor's upload answers JSON, and no half-saved cover stays behind."""

import io
import os
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from news.models import Article

from .factories import CategoryFactory, image_upload
from .helpers import post_article

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/ckeditor5/image_upload/"


@pytest.fixture
def media_mount(mount_tmpfs):
    """media_mount(*options): a tmpfs with these options on MEDIA_ROOT (see tests/conftest.py)."""
    return lambda *options: mount_tmpfs(Path(settings.MEDIA_ROOT), *options)


def noisy_jpeg(size=(300, 200)):
    """Random pixels compress badly: a cover of a few tens of KB with larger WebP renditions."""
    buffer = io.BytesIO()
    Image.frombytes("RGB", size, os.urandom(size[0] * size[1] * 3)).save(buffer, format="JPEG", quality=60)
    return SimpleUploadedFile("anh-bia.jpg", buffer.getvalue(), content_type="image/jpeg")


def files_in(folder: Path):
    return [p for p in folder.rglob("*") if p.is_file()]


def test_read_only_media_folder_shows_the_article_form_again_with_the_text(admin_client, media_mount):
    category = CategoryFactory()
    media_mount("ro", "size=1m")
    response = post_article(
        admin_client,
        category,
        title="Tin có ảnh bìa",
        body="<p>Bài viết dài đã gõ.</p>",
        cover_image=image_upload(),
        cover_alt="Ảnh hội nghị",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "không ghi được vào thư mục lưu ảnh" in html
    assert "Tin có ảnh bìa" in html and "Bài viết dài đã gõ." in html
    assert not Article.objects.exists()


def test_full_media_folder_keeps_the_form_and_leaves_no_half_saved_cover(admin_client, media_mount):
    category = CategoryFactory()
    folder = media_mount("size=64k")
    response = post_article(
        admin_client,
        category,
        title="Tin ảnh lớn",
        body="<p>Nội dung giữ lại.</p>",
        cover_image=noisy_jpeg(),
        cover_alt="Ảnh",
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "hết chỗ lưu trữ" in html and "Nội dung giữ lại." in html
    assert not Article.objects.exists()
    assert files_in(folder) == []  # a cover written before the disk filled was removed


def test_editor_upload_into_a_read_only_folder_answers_json(client, editor, media_mount):
    client.force_login(editor)
    media_mount("ro", "size=1m")
    response = client.post(UPLOAD_URL, {"upload": image_upload()})
    assert response["Content-Type"] == "application/json"
    assert response.status_code >= 400
    assert "không ghi được" in response.json()["error"]["message"]


def test_editor_upload_into_a_full_folder_answers_json(client, editor, media_mount):
    client.force_login(editor)
    folder = media_mount("size=16k")
    response = client.post(UPLOAD_URL, {"upload": noisy_jpeg()})
    assert response["Content-Type"] == "application/json"
    assert "hết chỗ lưu trữ" in response.json()["error"]["message"]
    assert files_in(folder) == []
