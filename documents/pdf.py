"""PDF text for the search, read once at upload time, and small PDFs written from text (demo, tests).

Extraction is bounded three ways, because an upload must never hang a request: at most
``MAX_PAGES`` pages, at most ``MAX_CHARS`` characters, and no new page after ``MAX_SECONDS``.
An encrypted, damaged or scanned (image-only) PDF gives no text: the document is stored and
found by its number and summary instead. Nothing here raises on bad input.
"""

import io
import logging
import time
import unicodedata
from dataclasses import dataclass

logger = logging.getLogger(__name__)

MAX_PAGES = 60
MAX_CHARS = 200_000
MAX_SECONDS = 5.0


@dataclass(frozen=True)
class ExtractedText:
    text: str = ""
    pages: int | None = None  # page count when the PDF could be opened
    note: str = ""  # why there is no (or only partial) text, for the office


def extract_text(
    data: bytes, max_pages: int = MAX_PAGES, max_chars: int = MAX_CHARS, max_seconds: float = MAX_SECONDS
) -> ExtractedText:
    try:
        from pypdf import PdfReader
        from pypdf.errors import PyPdfError
    except ImportError:  # pragma: no cover - pypdf is a dependency; without it search uses metadata
        return ExtractedText(note="Máy chủ chưa cài pypdf nên chưa đọc được chữ trong tệp.")
    started = time.monotonic()
    try:
        reader = PdfReader(io.BytesIO(data), strict=False)
        if reader.is_encrypted:
            return ExtractedText(note="Tệp PDF có mật khẩu: không đọc được chữ.")
        page_count = len(reader.pages)
        parts, length, note = [], 0, ""
        for index, page in enumerate(reader.pages):
            if index >= max_pages:
                note = f"Chỉ đọc chữ của {max_pages} trang đầu."
                break
            if time.monotonic() - started > max_seconds:
                note = f"Đọc chữ quá lâu: dừng sau {index} trang."
                break
            piece = page.extract_text() or ""
            parts.append(piece)
            length += len(piece)
            if length >= max_chars:
                note = "Tệp nhiều chữ: chỉ giữ phần đầu để tìm kiếm."
                break
        text = "\n".join(parts)[:max_chars]
        if not text.strip() and not note:
            note = "Tệp không có lớp chữ (bản chụp): tìm theo số, ký hiệu và trích yếu."
        return ExtractedText(text=text, pages=page_count, note=note)
    except (
        PyPdfError,
        ValueError,
        TypeError,
        KeyError,
        IndexError,
        AttributeError,
        OSError,
        RecursionError,
        AssertionError,
        ZeroDivisionError,
        NotImplementedError,
    ) as exc:
        logger.info("PDF text not extracted: %r", exc)
        return ExtractedText(note="Tệp PDF bị lỗi: không đọc được chữ.")


def _pdf_string(text: str) -> str:
    # The standard Helvetica font has no Vietnamese letters: write the folded text (the search
    # folds anyway). Parentheses and backslashes are escaped as the PDF syntax wants.
    plain = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    plain = "".join(ch for ch in plain if not unicodedata.combining(ch))
    ascii_text = plain.encode("ascii", "replace").decode("ascii")
    return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")


def make_pdf(pages: list[list[str]]) -> bytes:
    """A valid PDF with one text page per list of lines (A4, Helvetica 12)."""
    objects: list[bytes] = []
    page_count = len(pages)
    font_id = 3
    first_page_id = 4
    kids = " ".join(f"{first_page_id + 2 * i} 0 R" for i in range(page_count))
    objects.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objects.append(f"<< /Type /Pages /Kids [{kids}] /Count {page_count} >>".encode())
    objects.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for index, lines in enumerate(pages):
        content_id = first_page_id + 2 * index + 1
        objects.append(
            f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 {font_id} 0 R >> >> "
            f"/Contents {content_id} 0 R >>".encode()
        )
        stream = "BT /F1 12 Tf 15 TL 56 780 Td " + " ".join(f"({_pdf_string(line)}) '" for line in lines) + " ET"
        data = stream.encode("ascii")
        objects.append(b"<< /Length %d >>\nstream\n" % len(data) + data + b"\nendstream")
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(f"{number} 0 obj\n".encode() + body + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objects) + 1}\n0000000000 65535 f \n".encode())
    for offset in offsets:
        out.write(f"{offset:010d} 00000 n \n".encode())
    out.write(f"trailer\n<< /Size {len(objects) + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()
