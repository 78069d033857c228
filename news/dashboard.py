"""Start page blocks for editors and publishers (registered in NewsConfig.ready())."""

from urllib.parse import urlencode

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone

from core import dashboard, roles

from .models import Article

ROWS = 5
Status = Article.Status
Row = dashboard.Row


def _list_url(**params) -> str:
    url = reverse("admin:news_article_changelist")
    return f"{url}?{urlencode(params)}" if params else url


def _change_url(article) -> str:
    return reverse("admin:news_article_change", args=[article.pk])


def _when(value) -> str:
    return timezone.localtime(value).strftime("%H:%M %d/%m/%Y") if value else ""


def _by(article) -> str:
    author = article.author
    return (author.get_full_name() or author.get_username()) if author else "không rõ người viết"


@dashboard.register("news.editor", roles=[roles.EDITORS], section=dashboard.EDITOR, order=10)
def my_articles(viewer):
    """My drafts, my articles sent back (with the reason), mine waiting for review: two queries."""
    mine = Article.objects.filter(author=viewer.user)
    sent_back = Q(status=Status.DRAFT) & ~Q(review_note="")
    counts = mine.aggregate(
        drafts=Count("pk", filter=Q(status=Status.DRAFT, review_note="")),
        sent_back=Count("pk", filter=sent_back),
        review=Count("pk", filter=Q(status=Status.REVIEW)),
    )
    uid = viewer.user.pk
    rows = [
        Row(article.title, _change_url(article), f"Ý kiến người duyệt: {article.review_note}")
        for article in mine.filter(sent_back).only("pk", "title", "review_note").order_by("-updated_at", "-pk")[:ROWS]
    ]
    return dashboard.Block(
        title="Tin của tôi",
        items=[
            dashboard.Item("bị trả lại, cần sửa", counts["sent_back"], _list_url(author__id__exact=uid, y_kien="co")),
            dashboard.Item("bản nháp", counts["drafts"], _list_url(author__id__exact=uid, status__exact=Status.DRAFT)),
            dashboard.Item(
                "đang chờ duyệt", counts["review"], _list_url(author__id__exact=uid, status__exact=Status.REVIEW)
            ),
        ],
        rows=rows,
        rows_title="Người duyệt trả lại" if rows else "",
        link=("Viết tin mới", reverse("admin:news_article_add")),
    )


@dashboard.register("news.publisher", roles=[roles.PUBLISHERS], section=dashboard.PUBLISHER, order=10)
def publishing(viewer):
    """Waiting for review (oldest first), scheduled (with their time), last published: four queries."""
    now = viewer.now
    counts = Article.objects.aggregate(
        review=Count("pk", filter=Q(status=Status.REVIEW)),
        scheduled=Count("pk", filter=Q(status=Status.PUBLISHED, published_at__gt=now)),
    )
    fields = (
        "pk",
        "title",
        "status",
        "published_at",
        "updated_at",
        "author__first_name",
        "author__last_name",
        "author__username",
    )
    waiting = (
        Article.objects.filter(status=Status.REVIEW)
        .select_related("author")
        .only(*fields)
        .order_by("updated_at", "pk")[:ROWS]
    )
    scheduled = (
        Article.objects.filter(status=Status.PUBLISHED, published_at__gt=now)
        .only(*fields[:5])
        .order_by("published_at", "pk")[:ROWS]
    )
    published = Article.objects.published().only(*fields[:5]).order_by("-published_at", "-pk")[:ROWS]
    return [
        dashboard.Block(
            title="Chờ duyệt",
            items=[dashboard.Item("tin chờ duyệt", counts["review"], _list_url(status__exact=Status.REVIEW))],
            rows=[Row(a.title, _change_url(a), f"{_by(a)} – gửi lúc {_when(a.updated_at)}") for a in waiting],
            rows_title="Gửi lâu nhất trước",
            empty="Không có tin nào chờ duyệt.",
        ),
        dashboard.Block(
            title="Hẹn giờ đăng",
            items=[dashboard.Item("tin hẹn giờ", counts["scheduled"], _list_url(hien_thi="hen-gio"))],
            rows=[Row(a.title, _change_url(a), f"Đăng lúc {_when(a.published_at)}") for a in scheduled],
        ),
        dashboard.Block(
            title="Vừa đăng",
            rows=[Row(a.title, _change_url(a), f"Đăng lúc {_when(a.published_at)}") for a in published],
            empty="Chưa có tin nào được đăng.",
            link=("Mọi tin đang hiện trên trang", _list_url(hien_thi="cong-khai")),
        ),
    ]
