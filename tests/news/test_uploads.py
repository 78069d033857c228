"""Editor image uploads (the CKEditor endpoint, all its tests are here) and cover images:
staff only, checked by content, limits, no EXIF, a full disk answered in JSON."""

import errno
import io
import os

import pytest
from django.core.files.storage import default_storage
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from news.models import Article, EditorImage

from .factories import ArticleFactory, CategoryFactory, image_upload, png_declaring
from .helpers import post_article

pytestmark = pytest.mark.django_db
UPLOAD_URL = "/ckeditor5/image_upload/"


def _exif_with_gps():
    exif = Image.Exif()
    exif[0x010F] = "Hãng máy ảnh"  # Make
    exif[0x8825] = {1: "N", 2: (21.0, 1.0, 2.0)}  # GPSInfo
    return exif


def test_upload_url_keeps_the_name_the_editor_widget_reverses():
    assert reverse("ck_editor_5_upload_file") == UPLOAD_URL


def test_anonymous_and_non_staff_cannot_upload(client, django_user_model):
    assert client.post(UPLOAD_URL, {"upload": image_upload()}).status_code == 403
    client.force_login(django_user_model.objects.create_user("khach", password="mat-khau-thu-nghiem"))
    assert client.post(UPLOAD_URL, {"upload": image_upload()}).status_code == 403
    assert EditorImage.objects.count() == 0


def test_office_staff_without_news_permission_cannot_upload(client, office):
    client.force_login(office)
    response = client.post(UPLOAD_URL, {"upload": image_upload()})
    assert response.status_code == 403
    assert "không có quyền" in response.json()["error"]["message"]


def test_upload_needs_csrf_token(editor):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)
    assert client.post(UPLOAD_URL, {"upload": image_upload()}).status_code == 403


def test_editor_uploads_image_stored_under_random_name_without_exif(client, editor):
    client.force_login(editor)
    response = client.post(UPLOAD_URL, {"upload": image_upload("Ảnh chụp của tôi.jpg", exif=_exif_with_gps())})
    assert response.status_code == 200
    url = response.json()["url"]
    assert url.startswith("/media/editor/") and "tôi" not in url
    stored = EditorImage.objects.get()
    assert (stored.width, stored.height, stored.uploaded_by) == (640, 400, editor)
    with default_storage.open(stored.file.name) as fh:
        image = Image.open(fh)
        assert not image.getexif()


@pytest.mark.parametrize(
    "upload, message",
    [
        (SimpleUploadedFile("gia.jpg", b"<html><script>alert(1)</script></html>", "image/jpeg"), "không phải là ảnh"),
        (SimpleUploadedFile("anh.png", b"<html><script>alert(1)</script></html>", "image/png"), "không phải là ảnh"),
        (
            SimpleUploadedFile(
                "ve.svg", b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>', "image/svg+xml"
            ),
            "không phải là ảnh",
        ),
        (SimpleUploadedFile("rong.png", b"", "image/png"), "ảnh"),
    ],
)
def test_fake_images_get_a_clear_json_400(client, editor, upload, message):
    client.force_login(editor)
    response = client.post(UPLOAD_URL, {"upload": upload})
    assert response.status_code == 400
    assert message in response.json()["error"]["message"]
    assert not EditorImage.objects.exists()


def test_bmp_is_refused_even_though_pillow_reads_it(client, editor):
    client.force_login(editor)
    response = client.post(UPLOAD_URL, {"upload": image_upload("a.png", fmt="PNG")})
    assert response.status_code == 200
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="BMP")
    response = client.post(UPLOAD_URL, {"upload": SimpleUploadedFile("a.jpg", buffer.getvalue(), "image/jpeg")})
    assert response.status_code == 400


def test_file_over_byte_limit_is_a_json_400(client, editor, settings):
    settings.UPLOAD_MAX_BYTES = 1024
    client.force_login(editor)
    response = client.post(UPLOAD_URL, {"upload": image_upload(size=(800, 800), color=(1, 2, 3))})
    # A flat image compresses well; make it noisy so it is surely over 1 KB.
    noisy = io.BytesIO()
    Image.effect_noise((300, 300), 80).convert("RGB").save(noisy, format="JPEG")
    response = client.post(UPLOAD_URL, {"upload": SimpleUploadedFile("to.jpg", noisy.getvalue(), "image/jpeg")})
    assert response.status_code == 400
    assert "quá lớn" in response.json()["error"]["message"]


@pytest.mark.parametrize(("width", "height"), [(8_000, 6_000), (20_000, 20_000)])
def test_decompression_bomb_is_a_json_400_not_a_500(client, editor, width, height):
    client.force_login(editor)
    bomb = SimpleUploadedFile("bom.png", png_declaring(width, height), "image/png")
    response = client.post(UPLOAD_URL, {"upload": bomb})
    assert response.status_code == 400
    assert "Ảnh quá lớn" in response.json()["error"]["message"]
    ok = client.post(UPLOAD_URL, {"upload": image_upload("anh.png", fmt="PNG")})
    assert ok.status_code == 200 and ok.json()["url"].startswith("/media/editor/")


def test_full_disk_during_an_editor_upload_is_a_clear_answer(client, editor, monkeypatch):
    def full_disk(fd):
        raise OSError(errno.ENOSPC, "No space left on device")

    client.force_login(editor)
    monkeypatch.setattr(os, "fsync", full_disk)
    response = client.post(UPLOAD_URL, {"upload": image_upload("anh.png", fmt="PNG")})
    assert response.status_code == 400
    assert "hết chỗ lưu trữ" in response.json()["error"]["message"]


def test_missing_file_is_a_json_400(client, editor):
    client.force_login(editor)
    response = client.post(UPLOAD_URL, {})
    assert response.status_code == 400


def test_cover_image_is_cleaned_and_gets_webp_renditions(client, publisher):
    category = CategoryFactory()
    client.force_login(publisher)
    response = post_article(
        client,
        category,
        title="Bài có ảnh",
        cover_image=image_upload("bia.jpg", size=(1600, 1000), exif=_exif_with_gps()),
        cover_caption="Quang cảnh hội nghị",
        cover_alt="Hội trường đông đại biểu",
    )
    assert response.status_code == 302
    article = Article.objects.get(title="Bài có ảnh")
    assert (article.cover_width, article.cover_height) == (1600, 1000)
    assert article.cover_image.name.startswith("covers/") and "bia" not in article.cover_image.name
    with default_storage.open(article.cover_image.name) as fh:
        assert not Image.open(fh).getexif()
    with default_storage.open(article.cover_webp.name) as fh:
        assert Image.open(fh).size == (960, 600)
    with default_storage.open(article.cover_thumb.name) as fh:
        assert Image.open(fh).size == (480, 300)
    assert article.cover_srcset == f"{article.cover_thumb.url} 480w, {article.cover_webp.url} 960w"


def test_fake_cover_image_is_a_form_error_not_a_500(client, publisher):
    category = CategoryFactory()
    client.force_login(publisher)
    fake = SimpleUploadedFile("bia.jpg", b"GIF89a not really", "image/jpeg")
    response = post_article(client, category, title="Ảnh giả", cover_image=fake, cover_caption="x")
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover_image"]
    assert not Article.objects.filter(title="Ảnh giả").exists()


def test_cover_bomb_is_a_form_error(client, publisher):
    buffer = io.BytesIO()
    Image.new("1", (20_000, 20_000)).save(buffer, format="PNG")
    client.force_login(publisher)
    response = post_article(
        client,
        CategoryFactory(),
        title="Bom",
        cover_image=SimpleUploadedFile("b.png", buffer.getvalue(), "image/png"),
        cover_caption="x",
    )
    assert response.status_code == 200
    assert "quá lớn" in str(response.context["adminform"].form.errors["cover_image"])


def test_cover_without_caption_or_alt_text_is_refused(client, publisher):
    client.force_login(publisher)
    response = post_article(client, CategoryFactory(), title="Thiếu mô tả", cover_image=image_upload())
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["cover_alt"]


def test_small_cover_srcset_uses_real_widths():
    article = ArticleFactory(cover_image=image_upload(size=(300, 200)), cover_caption="Nhỏ")
    assert article.cover_srcset == f"{article.cover_thumb.url} 300w"
