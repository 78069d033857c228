"""Vietnamese text helpers: folding, slugs and name sort keys.

Django's ``slugify`` drops "Đ/đ" (it has no Unicode decomposition), so
"tuổi Đảng" becomes "tuoi-ang". Everything here maps đ→d first, then strips
the combining marks of the NFKD form.
"""

import html
import re
import unicodedata

_NON_WORD = re.compile(r"[^0-9a-z]+")


def fold(value: str | None) -> str:
    """Lowercase, map đ to d and strip diacritics: "Đảng Bộ" → "dang bo".

    Accepts composed (NFC) and decomposed (NFD) input; old and new tone placement
    ("hoà"/"hòa") fold to the same text. Spacing and punctuation are kept.
    """
    if not value:
        return ""
    text = unicodedata.normalize("NFC", str(value)).replace("Đ", "d").replace("đ", "d")
    text = unicodedata.normalize("NFKD", text.lower())
    return "".join(ch for ch in text if not unicodedata.combining(ch))


def fold_words(value: str | None) -> str:
    """Folded words separated by single spaces, with a space at each end.

    Used as a search column: ``contains(" huy hieu ")`` matches whole words only,
    so "huy" does not match "huyện" and "an" does not match "toàn".
    """
    words = _NON_WORD.sub(" ", fold(value)).split()
    return f" {' '.join(words)} " if words else ""


def fold_html(value: str | None) -> str:
    """Folded words of an HTML fragment (tags removed, entities decoded)."""
    if not value:
        return ""
    from django.utils.html import strip_tags

    return fold_words(html.unescape(strip_tags(value)))


def slugify_vi(value: str | None) -> str:
    """ "Trao Huy hiệu 30 năm tuổi Đảng" → "trao-huy-hieu-30-nam-tuoi-dang"."""
    return _NON_WORD.sub("-", fold(value)).strip("-")


def name_sort_key(full_name: str | None) -> tuple[str, str]:
    """Sort Vietnamese names by given name (the last word), then the rest.

    Folded, so that "Đ" sorts with "D": Lữ Văn Tâm comes after Đỗ Hữu Quyết.
    """
    words = fold(full_name).split()
    if not words:
        return ("", "")
    return (words[-1], " ".join(words[:-1]))
