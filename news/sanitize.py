"""Server-side sanitising of article bodies with nh3 (no editor sanitises on the server).

The allow-list matches the CKEditor 5 toolbar in ``CKEDITOR_5_CONFIGS``: headings,
bold/italic, links, lists, block quotes, tables and images with captions. Anything
else (script, style, iframe, embeds, event handlers, javascript:/data: URLs,
images from anywhere but our own media folder) is removed. ``Article.save()`` calls ``clean_body``
so the admin, imports and the shell all pass through it.
"""

import posixpath
import re

import nh3
from django.conf import settings

TAGS = {
    "p",
    "br",
    "h2",
    "h3",
    "h4",
    "strong",
    "b",
    "em",
    "i",
    "u",
    "s",
    "sub",
    "sup",
    "a",
    "ul",
    "ol",
    "li",
    "blockquote",
    "hr",
    "code",
    "pre",
    "figure",
    "figcaption",
    "img",
    "table",
    "caption",
    "colgroup",
    "col",
    "thead",
    "tbody",
    "tfoot",
    "tr",
    "th",
    "td",
}

# `class` must NOT be listed here for tags in ALLOWED_CLASSES: nh3 panics with PanicException,
# a BaseException that `except Exception` does not catch.
ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "width", "height", "style"},
    "figure": {"style"},
    "ol": {"start", "reversed", "style"},
    "ul": {"style"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan", "scope"},
    "col": {"span"},
}

IMAGE_STYLES = {
    "image-style-align-left",
    "image-style-align-right",
    "image-style-align-center",
    "image-style-side",
    "image-style-block-align-left",
    "image-style-block-align-right",
}
ALLOWED_CLASSES = {
    "figure": {"image", "table", "image_resized", *IMAGE_STYLES},
    "img": {"image_resized", *IMAGE_STYLES},
}

STYLE_PROPERTIES = {"width", "aspect-ratio", "list-style-type"}
URL_SCHEMES = {"http", "https", "mailto"}
DANGEROUS_CONTENT = {"script", "style"}


# A media path as our uploads name it: ASCII letters, digits, "_", "-", "." and "/" only. No "%"
# (so no encoded "..", "/" or "\\", single or double), no backslash, no query, no scheme or host.
_MEDIA_PATH = re.compile(r"[A-Za-z0-9_.\-]+(?:/[A-Za-z0-9_.\-]+)*")


def image_source(src: str) -> str | None:
    """The normalised ``src`` when it is a file of our own media folder, else ``None``.

    An ``<img>`` makes the reader's browser fetch its URL with their cookies: a path that
    climbs out of MEDIA_URL (``/media/../quan-tri/…/export/``, ``/media//…``, ``/media/%2e%2e/…``,
    ``/media/..\\…``) would fire an admin view for the office user who opens the article, and
    an outside address tracks readers. So only plain paths under MEDIA_URL pass (issue 12.2).
    """
    src = (src or "").strip()
    media = settings.MEDIA_URL
    if not media.startswith("/") or not media.endswith("/") or not src.startswith(media):
        return None
    rest = src[len(media) :]
    if not _MEDIA_PATH.fullmatch(rest):
        return None
    if any(segment in ("", ".", "..") for segment in rest.split("/")):
        return None
    if posixpath.normpath(src) != src:
        return None
    return src


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src":
        return image_source(value)
    if attribute in {"width", "height", "colspan", "rowspan", "start", "span"} and not value.strip().isdigit():
        return None
    return value


# nh3's output quotes every attribute value with '"' (a '"' inside is written &quot;).
_IMG_TAG = re.compile(r'<img((?:\s+[\w:-]+="[^"]*")*)\s*/?>')


def _drop_images_without_source(html: str) -> str:
    """An image whose address was refused is removed, not left as an empty frame."""
    return _IMG_TAG.sub(lambda m: m.group(0) if ' src="' in m.group(1) else "", html)


def clean_body(html: str | None) -> str:
    """Sanitised HTML of an article body; safe to render with ``|safe``."""
    if not html:
        return ""
    return _drop_images_without_source(_clean(html))


def _clean(html: str) -> str:
    return nh3.clean(
        html,
        tags=TAGS,
        clean_content_tags=DANGEROUS_CONTENT,
        attributes=ATTRIBUTES,
        attribute_filter=_attribute_filter,
        allowed_classes=ALLOWED_CLASSES,
        filter_style_properties=STYLE_PROPERTIES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        set_tag_attribute_values={"img": {"loading": "lazy", "decoding": "async"}},
        strip_comments=True,
    )
