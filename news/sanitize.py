"""Server-side sanitising of article bodies with nh3 (no editor sanitises on the server).

The allow-list matches the CKEditor 5 toolbar in ``CKEDITOR_5_CONFIGS``: headings,
bold/italic, links, lists, block quotes, tables and images with captions. Anything
else (script, style, iframe, embeds, event handlers, javascript:/data: URLs,
images from other http origins) is removed. ``Article.save()`` calls ``clean_body``
so the admin, imports and the shell all pass through it.
"""

import nh3
from django.conf import settings

TAGS = {
    "p", "br", "h2", "h3", "h4", "strong", "b", "em", "i", "u", "s", "sub", "sup",
    "a", "ul", "ol", "li", "blockquote", "hr", "code", "pre",
    "figure", "figcaption", "img",
    "table", "caption", "colgroup", "col", "thead", "tbody", "tfoot", "tr", "th", "td",
}

# `class` must NOT be listed here for tags in ALLOWED_CLASSES: nh3 panics (NOTES.md).
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

IMAGE_STYLES = {"image-style-align-left", "image-style-align-right", "image-style-align-center",
                "image-style-side", "image-style-block-align-left", "image-style-block-align-right"}
ALLOWED_CLASSES = {
    "figure": {"image", "table", "image_resized", *IMAGE_STYLES},
    "img": {"image_resized", *IMAGE_STYLES},
}

STYLE_PROPERTIES = {"width", "aspect-ratio", "list-style-type"}
URL_SCHEMES = {"http", "https", "mailto"}
DANGEROUS_CONTENT = {"script", "style"}


def _image_source_allowed(src: str) -> bool:
    """Images only from our own media or over https (no tracking pixels over http, no data:)."""
    src = src.strip()
    return src.startswith(settings.MEDIA_URL) or src.lower().startswith("https://")


def _attribute_filter(tag: str, attribute: str, value: str) -> str | None:
    if tag == "img" and attribute == "src" and not _image_source_allowed(value):
        return None
    if attribute in {"width", "height", "colspan", "rowspan", "start", "span"} and not value.strip().isdigit():
        return None
    return value


def clean_body(html: str | None) -> str:
    """Sanitised HTML of an article body; safe to render with ``|safe``."""
    if not html:
        return ""
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
