"""A URL configuration for the page-cache tests: the real project pages plus small views that read
articles, under the names the news app will use (the real news views come from another branch)."""

from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.urls import include, path
from django.views.decorators.cache import never_cache

from news.models import Article
from partysite import urls as site_urls


def article_list(request):
    titles = Article.objects.published().values_list("title", flat=True)
    return HttpResponse("\n".join(titles), content_type="text/plain; charset=utf-8")


def article_detail(request, slug):
    article = get_object_or_404(Article.objects.published().select_related("category"), slug=slug)
    return HttpResponse(f"{article.title}\n{article.category.name}\n{article.body}")


def category(request, slug):
    return article_list(request)


def rss(request):
    titles = Article.objects.published().values_list("title", flat=True)
    items = "".join(f"<item><title>{t}</title></item>" for t in titles)
    return HttpResponse(f"<rss><channel>{items}</channel></rss>", content_type="application/rss+xml; charset=utf-8")


@never_cache
def preview(request, slug):
    # A staff preview marks itself private/no-store; even reached anonymously (e.g. a preview
    # link), it must never be stored.
    article = get_object_or_404(Article, slug=slug)
    return HttpResponse(article.title)


def sets_cookie(request):
    response = HttpResponse("cookie")
    response.set_cookie("seen", "1")
    return response


news_patterns = (
    [
        path("tin-tuc/", article_list, name="list"),
        path("tin-tuc/rss/", rss, name="rss"),
        path("tin-tuc/atom/", rss, name="atom"),
        path("tin-tuc/<slug:slug>/", article_detail, name="article"),
        path("chuyen-muc/<slug:slug>/", category, name="category"),
        path("tim-kiem/", article_list, name="search"),
    ],
    "news",
)

urlpatterns = [
    path("xem-truoc/<slug:slug>/", preview, name="preview"),
    path("dat-cookie/", sets_cookie, name="sets_cookie"),
    path("", include(news_patterns)),
    *[p for p in site_urls.urlpatterns if getattr(p, "app_name", None) != "news"
      and getattr(p, "namespace", None) != "news"],
]
