"""One validation path for every upload: editor images, cover images, member photos, certificates.

The type is decided from the content (Pillow opens it, or the PDF signature), never
from the name; byte and pixel limits stop decompression bombs with a clear message;
EXIF (GPS positions, camera serials) is dropped by re-encoding; files get random
names so nothing is guessable. SVG and HTML are refused because a browser would run them.
"""

import io
import os
import secrets
import warnings

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageOps, UnidentifiedImageError

from core.storage import AtomicFileSystemStorage

IMAGE_FORMATS = {"JPEG": "jpg", "PNG": "png", "WEBP": "webp", "GIF": "gif"}
# Only these decoders ever parse an uploaded file: Pillow's rarer plugins stay out of reach.
DECODERS = tuple(IMAGE_FORMATS)
# Kept on re-encoding: needed to draw the image, not metadata about it.
KEPT_INFO = {"transparency"}
PDF_SIGNATURE = b"%PDF-"


def _size_of(upload) -> int:
    size = getattr(upload, "size", None)
    if size is None:
        upload.seek(0, os.SEEK_END)
        size = upload.tell()
        upload.seek(0)
    return size


def _check_bytes(upload) -> None:
    limit = settings.UPLOAD_MAX_BYTES
    if _size_of(upload) > limit:
        raise ValidationError(
            "Tệp quá lớn: tối đa %(mb)s MB.", code="file_too_large", params={"mb": limit // (1024 * 1024)}
        )


def open_checked_image(upload) -> Image.Image:
    """Open an uploaded image after checking size, real type and pixel count."""
    _check_bytes(upload)
    upload.seek(0)
    max_pixels = settings.UPLOAD_MAX_PIXELS
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(upload, formats=DECODERS)
            image_format = image.format
            width, height = image.size
            if width * height > max_pixels:
                raise ValidationError(
                    "Ảnh quá lớn: %(w)s×%(h)s điểm ảnh, tối đa %(max)s triệu điểm ảnh.",
                    code="too_many_pixels",
                    params={"w": width, "h": height, "max": max_pixels // 1_000_000},
                )
            image.verify()
        upload.seek(0)
        image = Image.open(upload, formats=DECODERS)
        image.load()
    except ValidationError:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ValidationError("Ảnh quá lớn (nghi là ảnh độc hại nén quá mức).", code="too_many_pixels") from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError):
        raise ValidationError(
            "Tệp không phải là ảnh hợp lệ (chỉ nhận JPEG, PNG, WebP, GIF).", code="invalid_image"
        ) from None
    if image_format not in IMAGE_FORMATS:
        raise ValidationError(
            "Định dạng ảnh %(fmt)s không được nhận (chỉ nhận JPEG, PNG, WebP, GIF).",
            code="invalid_image",
            params={"fmt": image_format},
        )
    image.format = image_format
    return image


def random_name(extension: str, folder: str = "") -> str:
    """A random, unguessable file name under a dated folder."""
    stamp = timezone.now().strftime("%Y/%m")
    name = f"{secrets.token_urlsafe(16)}.{extension}"
    return "/".join(part for part in (folder.strip("/"), stamp, name) if part)


def clean_image(upload, folder: str = "images", max_side: int | None = 2400) -> tuple[ContentFile, int, int]:
    """Validate an uploaded image and re-encode it without metadata.

    Returns (file with a random name, width, height). Animated GIFs keep their first frame only.
    """
    image = open_checked_image(upload)
    image_format = image.format
    image = ImageOps.exif_transpose(image)
    if max_side and max(image.size) > max_side:
        image.thumbnail((max_side, max_side), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    save_kwargs = {}
    if image_format == "JPEG":
        if image.mode not in ("RGB", "L"):
            image = image.convert("RGB")
        save_kwargs = {"quality": 86, "optimize": True, "progressive": True}
    elif image_format == "WEBP":
        save_kwargs = {"quality": 86}
    elif image_format == "PNG":
        save_kwargs = {"optimize": True}
    # Saving a fresh image writes no EXIF, XMP or ICC comments from the original.
    image.info = {key: value for key, value in image.info.items() if key in KEPT_INFO}
    image.save(buffer, format=image_format, **save_kwargs)
    width, height = image.size
    return ContentFile(buffer.getvalue(), name=random_name(IMAGE_FORMATS[image_format], folder)), width, height


def webp_rendition(image_file, width: int, folder: str = "renditions") -> tuple[ContentFile, int, int]:
    """A resized WebP copy of an already cleaned image, for srcset."""
    image_file.seek(0)
    with Image.open(image_file) as image:
        image = image.convert("RGBA" if image.mode in ("RGBA", "LA", "P") else "RGB")
        if image.width > width:
            ratio = width / image.width
            image = image.resize((width, max(1, round(image.height * ratio))), Image.Resampling.LANCZOS)
        buffer = io.BytesIO()
        image.save(buffer, format="WEBP", quality=80, method=4)
        return ContentFile(buffer.getvalue(), name=random_name("webp", folder)), image.width, image.height


def clean_document(upload, folder: str = "documents") -> ContentFile:
    """A scanned certificate: an image (cleaned as above) or a PDF checked by its signature."""
    _check_bytes(upload)
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    if head == PDF_SIGNATURE:
        return ContentFile(upload.read(), name=random_name("pdf", folder))
    cleaned, _w, _h = clean_image(upload, folder=folder)
    return cleaned


def validate_image_upload(upload) -> None:
    """Form/model field validator: raises ValidationError for anything but a safe image."""
    open_checked_image(upload)
    upload.seek(0)


class EditorImageStorage(AtomicFileSystemStorage):
    """Storage for images uploaded from CKEditor 5.

    The editor's own view only checks the extension; here every file is checked
    by content, re-encoded without EXIF and stored under a random name.
    """

    def _save(self, name, content):
        cleaned, _w, _h = clean_image(content, folder="editor")
        return super()._save(cleaned.name, cleaned)


# --- Office files: PDF, Word, Excel (the documents library) ---------------------------------
OLE2_SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")  # .doc (Word 97–2003)
ZIP_SIGNATURE = b"PK\x03\x04"
# Parts that make an Office Open XML package a Word document or an Excel workbook.
OOXML_MAIN_PARTS = {"docx": "word/document.xml", "xlsx": "xl/workbook.xml"}
OOXML_MAX_MEMBERS = 5000
# What a browser would run if it sniffed the file instead of trusting the PDF type.
_MARKUP = (b"<html", b"<script", b"<!doctype", b"<svg", b"<body", b"<iframe", b"<?xml")
_PDF_ACTIONS = (b"/JavaScript", b"/Launch")
OFFICE_FILE_KINDS = {"pdf": "PDF", "doc": "Word", "docx": "Word", "xlsx": "Excel"}
OFFICE_FILE_HELP = "Chỉ nhận PDF, Word (DOC, DOCX) và Excel (XLSX)."


def _office_kind(upload) -> str | None:
    """ "pdf", "doc", "docx" or "xlsx" judged from the bytes, or None."""
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if head.startswith(PDF_SIGNATURE):
        return "pdf"
    if head.startswith(OLE2_SIGNATURE):
        return "doc"
    if head.startswith(ZIP_SIGNATURE):
        import zipfile

        try:
            with zipfile.ZipFile(upload) as package:
                names = package.namelist()
        except (zipfile.BadZipFile, OSError, ValueError):
            return None
        finally:
            upload.seek(0)
        if len(names) > OOXML_MAX_MEMBERS or "[Content_Types].xml" not in names:
            return None
        # Macro-enabled packages (.docm/.xlsm renamed) carry code: refused.
        if any(name.lower().endswith("vbaproject.bin") for name in names):
            return None
        for kind, part in OOXML_MAIN_PARTS.items():
            if part in names:
                return kind
    return None


def clean_office_file(upload, folder: str = "documents") -> tuple[ContentFile, str]:
    """Validate a PDF/DOC/DOCX/XLSX by its content and size; (file with a random name, kind).

    A PDF must start with the PDF signature and carry no HTML or script in its first kilobyte
    (a page renamed .pdf, or a polyglot that a browser could sniff as HTML). A PDF that is
    merely damaged or encrypted is accepted: it is still the office's file.
    """
    limit = settings.DOCUMENT_UPLOAD_MAX_BYTES
    if _size_of(upload) > limit:
        raise ValidationError(
            "Tệp quá lớn: tối đa %(mb)s MB.", code="file_too_large", params={"mb": limit // (1024 * 1024)}
        )
    if _size_of(upload) == 0:
        raise ValidationError("Tệp rỗng.", code="empty_file")
    kind = _office_kind(upload)
    if kind == "pdf":
        upload.seek(0)
        data = upload.read()
        upload.seek(0)
        # Markup up front is a page a browser could sniff as HTML; /JavaScript and /Launch are
        # actions the PDF viewer would run or offer to run. An office's document needs neither.
        if any(marker in data[:1024].lower() for marker in _MARKUP) or any(action in data for action in _PDF_ACTIONS):
            kind = None
    if kind is None:
        raise ValidationError(
            "Tệp không đúng định dạng hoặc có thể chứa mã độc. %(help)s",
            code="invalid_office_file",
            params={"help": OFFICE_FILE_HELP},
        )
    upload.seek(0)
    return ContentFile(upload.read(), name=random_name(kind, folder)), kind
