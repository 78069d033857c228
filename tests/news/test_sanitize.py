"""No script survives from the editor (or anywhere else) to the public page."""

import pytest

from news.models import Article
from news.sanitize import clean_body

from .factories import ArticleFactory, CategoryFactory
from .helpers import post_article

XSS_PAYLOADS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//evil.example/x.js></SCRIPT>",
    '<img src="/media/a.png" onerror="alert(1)">',
    "<img src=x onerror=alert(1)//",
    '<p onclick="alert(1)">bấm</p>',
    '<body onload="alert(1)">',
    '<a href="javascript:alert(1)">liên kết</a>',
    '<a href="JaVaScRiPt:alert(1)">hoa thường</a>',
    '<a href="jav&#x09;ascript:alert(1)">tab ẩn</a>',
    '<a href="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">thực thể</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">data</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<svg onload="alert(1)"><circle r="5"/></svg>',
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    '<iframe src="https://evil.example/"></iframe>',
    '<iframe srcdoc="&lt;script&gt;alert(1)&lt;/script&gt;"></iframe>',
    '<object data="https://evil.example/x.swf"></object>',
    '<embed src="https://evil.example/x.swf">',
    '<style>body{background:url("javascript:alert(1)")}</style>',
    '<p style="background:url(javascript:alert(1))">kiểu</p>',
    '<div style="width:expression(alert(1))">cũ</div>',
    '<form action="https://evil.example/"><input name="x"></form>',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="https://evil.example/">',
    '<link rel="stylesheet" href="https://evil.example/x.css">',
    "<<script>script>alert(1)<</script>/script>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<!--<script>alert(1)</script>-->",
    '<img """><script>alert(1)</script>">',
    '<details open ontoggle="alert(1)">',
    '<video><source onerror="alert(1)"></video>',
    '<a href="#" onmouseover="alert(1)">rê chuột</a>',
    '<img src="http://tracker.example/pixel.gif">',
    '<table background="javascript:alert(1)"><tr><td>ô</td></tr></table>',
    '<figure class="image" onclick="alert(1)"><img src="/media/x.png">'
    '<figcaption onmouseover="alert(1)">c</figcaption></figure>',
]

FORBIDDEN = [
    "<script",
    "onerror",
    "onload",
    "onclick",
    "onmouseover",
    "ontoggle",
    "javascript:",
    "data:",
    "<iframe",
    "<svg",
    "<object",
    "<embed",
    "<style",
    "expression(",
    "<form",
    "<meta http-equiv",
    "<base",
    "<link",
    "srcdoc",
    "tracker.example",
    "evil.example",
]


def _dangerous_parts(html: str) -> list[str]:
    lowered = html.lower()
    return [marker for marker in FORBIDDEN if marker in lowered]


@pytest.mark.parametrize("payload", XSS_PAYLOADS)
def test_sanitiser_removes_each_known_payload(payload):
    assert _dangerous_parts(clean_body(f"<p>trước</p>{payload}<p>sau</p>")) == []


def test_editor_markup_survives_with_captions_tables_and_widths():
    html = (
        '<h2>Tiêu đề</h2><p><strong>Đậm</strong> <i>nghiêng</i> <a href="https://dangcongsan.vn/">liên kết</a> '
        '<a href="/tin-tuc/a/">nội bộ</a> <a href="mailto:vp@example.vn">thư</a></p>'
        '<figure class="image image_resized image-style-align-left" style="width:50%;">'
        '<img style="aspect-ratio:320/200;" src="/media/editor/a.png" width="320" height="200" alt="Ảnh">'
        "<figcaption>Chú thích ảnh</figcaption></figure>"
        '<figure class="table"><table><tbody><tr><td colspan="2">Ô</td></tr></tbody></table></figure>'
        '<ol style="list-style-type:lower-latin;"><li>Một</li></ol><blockquote><p>Trích</p></blockquote>'
    )
    cleaned = clean_body(html)
    for kept in [
        "<h2>",
        "<strong>Đậm</strong>",
        'href="https://dangcongsan.vn/"',
        'href="/tin-tuc/a/"',
        'href="mailto:vp@example.vn"',
        'class="image image_resized image-style-align-left"',
        "width:50%",
        'src="/media/editor/a.png"',
        'alt="Ảnh"',
        "<figcaption>Chú thích ảnh</figcaption>",
        'class="table"',
        'colspan="2"',
        "list-style-type:lower-latin",
        "<blockquote>",
    ]:
        assert kept in cleaned, kept


@pytest.mark.django_db
def test_model_save_sanitises_body_from_any_path():
    article = ArticleFactory(body='<p onclick="x()">Chào</p><script>alert(1)</script>')
    article.refresh_from_db()
    assert article.body == "<p>Chào</p>"


@pytest.mark.django_db
def test_payloads_submitted_through_the_admin_never_reach_the_public_page(client, publisher):
    category = CategoryFactory()
    client.force_login(publisher)
    body = "<p>Mở đầu an toàn.</p>" + "".join(f"<p>{i}</p>{p}" for i, p in enumerate(XSS_PAYLOADS))
    response = post_article(
        client,
        category,
        title="Bài thử mã độc",
        body=body,
        status=Article.Status.PUBLISHED,
        published_at_0="01/01/2026",
        published_at_1="08:00:00",
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    article = Article.objects.get(title="Bài thử mã độc")
    client.logout()

    page = client.get(article.get_absolute_url())

    assert page.status_code == 200
    html = page.content.decode()
    body_html = html.split('<div class="article-body">', 1)[1].split('<nav class="share"', 1)[0]
    assert "Mở đầu an toàn." in body_html
    assert _dangerous_parts(body_html) == []
    # The only script elements on the page are the JSON-LD data block and the site's own files
    # from /static/ (the phone menu), never anything from the article.
    scripts = [tag for tag in html.split("<script")[1:] if not tag.startswith(' src="/static/')]
    assert len(scripts) == 1 and '<script type="application/ld+json">' in html
