"""The one upload path (core.uploads) and the storage behind it, tested with hostile files.

The editor's upload endpoint (the CKEditor URL) is tested in tests/news/test_uploads.py.
"""

import errno
import io
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from core import uploads
from core.storage import AtomicFileSystemStorage, StorageFullError
from core.uploads import EditorImageStorage, clean_document, clean_image, open_checked_image
from tests.news.factories import png_declaring


def image_bytes(fmt="PNG", size=(40, 30), mode="RGB", **save_kwargs) -> bytes:
    buffer = io.BytesIO()
    Image.new(mode, size, (200, 30, 30) if mode == "RGB" else 0).save(buffer, format=fmt, **save_kwargs)
    return buffer.getvalue()


def upload(data: bytes, name: str, content_type="image/png") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, data, content_type=content_type)


def jpeg_with_gps() -> bytes:
    image = Image.new("RGB", (64, 48), (10, 120, 10))
    exif = Image.Exif()
    exif[0x010F] = "Máy ảnh Thử"  # Make
    exif[0x0110] = "Model-SN-123456"  # Model
    gps = {1: "N", 2: (21.0, 1.0, 30.0), 3: "E", 4: (105.0, 51.0, 2.0)}
    exif[0x8825] = gps
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", exif=exif)
    return buffer.getvalue()


# --- type by content, not by name --------------------------------------------------
def test_png_named_jpg_is_accepted_and_stored_as_png():
    cleaned, width, height = clean_image(upload(image_bytes("PNG"), "anh.jpg", "image/jpeg"))
    assert cleaned.name.endswith(".png")
    assert Image.open(io.BytesIO(cleaned.read())).format == "PNG"
    assert (width, height) == (40, 30)


@pytest.mark.parametrize(
    ("data", "name"),
    [
        (b"Day la mot tep van ban, khong phai anh.", "anh.png"),
        (b"<!DOCTYPE html><html><script>alert(1)</script></html>", "trang.png"),
        (b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"></svg>', "logo.png"),
        (b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>', "logo.svg"),
        (b"GIF89a<script>alert(1)</script>", "polyglot.gif"),
        (b"", "rong.png"),
    ],
    ids=["text", "html", "svg-named-png", "svg", "gif-polyglot", "empty"],
)
def test_non_images_are_refused_whatever_their_name(data, name):
    with pytest.raises(ValidationError) as info:
        clean_image(upload(data, name))
    assert "không phải là ảnh hợp lệ" in " ".join(info.value.messages)


def test_image_formats_outside_the_list_are_refused():
    for fmt in ("BMP", "TIFF", "ICO"):
        with pytest.raises(ValidationError):
            clean_image(upload(image_bytes(fmt, size=(32, 32)), f"anh.{fmt.lower()}"))


@pytest.mark.parametrize("fmt", ["GIF", "WEBP", "JPEG", "PNG"])
def test_accepted_formats_keep_their_format(fmt):
    cleaned, _w, _h = clean_image(upload(image_bytes(fmt), "anh.bin"))
    assert Image.open(io.BytesIO(cleaned.read())).format == fmt


def test_transparent_gif_keeps_its_transparency():
    image = Image.new("P", (20, 20), 0)
    buffer = io.BytesIO()
    image.save(buffer, format="GIF", transparency=0)
    cleaned, _w, _h = clean_image(upload(buffer.getvalue(), "trong-suot.gif"))
    assert "transparency" in Image.open(io.BytesIO(cleaned.read())).info


# --- size limits ------------------------------------------------------------------
def test_file_over_the_byte_limit_is_refused(settings):
    settings.UPLOAD_MAX_BYTES = 1024 * 1024
    data = image_bytes("PNG") + b"\0" * (1024 * 1024)
    with pytest.raises(ValidationError) as info:
        clean_image(upload(data, "to.png"))
    assert info.value.code == "file_too_large"
    assert "tối đa 1 MB" in info.value.messages[0]


@pytest.mark.parametrize(("width", "height"), [(20_000, 20_000), (100_000, 100_000), (8_000, 6_000)])
def test_decompression_bomb_gets_a_clear_error(width, height):
    bomb = png_declaring(width, height)
    assert len(bomb) < 200
    with pytest.raises(ValidationError) as info:
        open_checked_image(upload(bomb, "bom.png"))
    assert info.value.code == "too_many_pixels"


def test_pixel_limit_follows_the_setting(settings):
    settings.UPLOAD_MAX_PIXELS = 1000
    with pytest.raises(ValidationError) as info:
        clean_image(upload(image_bytes("PNG", size=(50, 50)), "anh.png"))
    assert "50×50" in info.value.messages[0]


def test_large_images_are_scaled_down():
    cleaned, width, height = clean_image(upload(image_bytes("PNG", size=(3000, 1500)), "anh.png"))
    assert (width, height) == (2400, 1200)


# --- metadata and names -----------------------------------------------------------
def test_exif_and_gps_are_stripped():
    original = jpeg_with_gps()
    assert Image.open(io.BytesIO(original)).getexif().get_ifd(0x8825)  # the fixture really has GPS
    cleaned, _w, _h = clean_image(upload(original, "ban-do.jpg", "image/jpeg"))
    data = cleaned.read()
    result = Image.open(io.BytesIO(data))
    assert not result.getexif()
    assert "exif" not in result.info
    assert b"Model-SN-123456" not in data


def test_stored_names_are_random_and_unguessable():
    names = {clean_image(upload(image_bytes("PNG"), "Nguyen Van A - CCCD.png"))[0].name for _ in range(5)}
    assert len(names) == 5
    for name in names:
        assert "Nguyen" not in name and "CCCD" not in name
        assert len(os.path.basename(name).split(".")[0]) >= 20


def test_certificate_pdf_is_kept_and_fake_pdf_refused():
    pdf = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"
    cleaned = clean_document(upload(pdf, "giay-khen.pdf", "application/pdf"))
    assert cleaned.name.endswith(".pdf") and cleaned.read() == pdf
    with pytest.raises(ValidationError):
        clean_document(upload(b"<html>not a pdf</html>", "giay-khen.pdf", "application/pdf"))


def test_editor_storage_cleans_what_it_saves(settings):
    storage = EditorImageStorage()
    name = storage.save("Ảnh của tôi.jpg", ContentFile(jpeg_with_gps(), name="Ảnh của tôi.jpg"))
    assert name.startswith("editor/") and name.endswith(".jpg") and "tôi" not in name
    with storage.open(name) as stored:
        assert not Image.open(stored).getexif()


# --- a full disk --------------------------------------------------------------------
def _fail_fsync(fd):
    raise OSError(errno.ENOSPC, "No space left on device")


def test_full_disk_raises_a_clear_error_and_leaves_no_file(tmp_path, monkeypatch):
    storage = AtomicFileSystemStorage(location=tmp_path)
    monkeypatch.setattr(os, "fsync", _fail_fsync)
    with pytest.raises(StorageFullError) as info:
        storage.save("covers/anh.png", ContentFile(image_bytes("PNG", size=(300, 300))))
    assert "hết chỗ lưu trữ" in info.value.messages[0]
    leftovers = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert leftovers == []


def test_atomic_storage_never_overwrites_an_existing_file(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path)
    first = storage.save("a/x.png", ContentFile(b"first"))
    second = storage.save("a/x.png", ContentFile(b"second"))
    assert first != second
    assert storage.open(first).read() == b"first" and storage.open(second).read() == b"second"
    assert not [p for p in tmp_path.rglob(".upload-*")]


def test_atomic_storage_honours_allow_overwrite(tmp_path):
    storage = AtomicFileSystemStorage(location=tmp_path, allow_overwrite=True)
    storage.save("x.png", ContentFile(b"old"))
    assert storage.save("x.png", ContentFile(b"new")) == "x.png"
    assert storage.open("x.png").read() == b"new"


def test_other_os_errors_are_not_disguised(tmp_path, monkeypatch):
    storage = AtomicFileSystemStorage(location=tmp_path)
    monkeypatch.setattr(os, "fsync", lambda fd: (_ for _ in ()).throw(OSError(errno.EIO, "I/O error")))
    with pytest.raises(OSError) as info:
        storage.save("x.png", ContentFile(b"data"))
    assert not isinstance(info.value, StorageFullError)
    assert [p for p in tmp_path.rglob("*") if p.is_file()] == []


def test_default_storage_is_the_atomic_one():
    from django.core.files.storage import default_storage

    assert isinstance(default_storage, AtomicFileSystemStorage)
    assert issubclass(EditorImageStorage, AtomicFileSystemStorage)


@pytest.mark.django_db
def test_full_disk_in_any_view_gives_the_vietnamese_507_page(client, settings):
    from django.urls import path

    def view(request):
        raise StorageFullError()

    urlconf = type("urlconf", (), {"urlpatterns": [path("luu/", view)]})
    settings.ROOT_URLCONF = urlconf
    response = client.post("/luu/")
    assert response.status_code == 507
    assert "hết chỗ lưu trữ" in response.content.decode()


# --- how uploads are served -------------------------------------------------------
@pytest.mark.django_db
def test_responses_carry_nosniff(client):
    assert client.get("/").headers["X-Content-Type-Options"] == "nosniff"


def test_uploads_module_refuses_svg_by_design():
    assert "SVG" not in uploads.IMAGE_FORMATS and set(uploads.DECODERS) == set(uploads.IMAGE_FORMATS)
