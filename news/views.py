"""Public news pages, the staff preview and the editor's image upload. Rules live in models/workflow/search."""

import json

from django.core.exceptions import ValidationError
from django.core.paginator import InvalidPage, Paginator
from django.http import Http404, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.timezone import localtime
from django.views.decorators.http import require_POST

from core import search_groups
from core.http import private_response, read_only_page
from core.models import SiteProfile
from core.numbers import number_or_404
from core.storage import StorageFullError
from core.uploads import clean_image

from .forms import MEDIA_NOT_WRITABLE, ArticleFilter, SearchForm
from .models import Article, Category, EditorImage, OldSlug
from .search import load_articles, search_hits
from .view_counts import count_reading

PER_PAGE = 12
SEARCH_PER_PAGE = 20
MAX_PAGES = 500  # deep pages cost a full scan each; nobody reads page 501 of a news list
RELATED_COUNT = 4


def paginate(request, queryset, per_page=PER_PAGE):
    """The requested page; a page past the end or not a number is a 404, never a 500."""
    paginator = Paginator(queryset, per_page)
    number = _page_number(request)
    try:
        return paginator.page(number)
    except InvalidPage:
        raise Http404("Không có trang này.") from None


def _page_number(request) -> int:
    """The requested page number, checked before any query: not a number, 0 or past MAX_PAGES is a 404."""
    return number_or_404(
        request.GET.get("page"), default=1, minimum=1, maximum=MAX_PAGES, message="Không có trang này."
    )


def _query_string(request, *keep):
    params = request.GET.copy()
    params.pop("page", None)
    for key in list(params):
        if key not in keep:
            params.pop(key)
    return params.urlencode()


def can_preview(user) -> bool:
    """Staff who work on news may see drafts, articles in review, scheduled and archived ones."""
    return user.is_authenticated and user.is_active and user.is_staff and user.has_perm("news.view_article")


@read_only_page
def article_list(request):
    articles = Article.objects.published().for_lists().order_by("-published_at", "-id")
    article_filter = ArticleFilter(request.GET or None, queryset=articles)
    page = paginate(request, article_filter.qs)
    return render(
        request,
        "news/article_list.html",
        {
            "filter": article_filter,
            "page_obj": page,
            "articles": page.object_list,
            "query_string": _query_string(request, "chuyen_muc", "nam"),
        },
    )


@read_only_page
def category_detail(request, slug):
    category = get_object_or_404(Category, slug=slug)
    articles = Article.objects.published().for_lists().filter(category=category).order_by("-published_at", "-id")
    page = paginate(request, articles)
    return render(
        request,
        "news/category.html",
        {
            "category": category,
            "page_obj": page,
            "articles": page.object_list,
        },
    )


@read_only_page
def search(request):
    form = SearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page, articles = None, []
    if query:
        number = _page_number(request)
        hits = search_hits(query, (number - 1) * SEARCH_PER_PAGE, SEARCH_PER_PAGE)
        # The paginator needs only the total; the page's ids came with it in the same query.
        page = paginate(request, range(hits.total), SEARCH_PER_PAGE)
        page.object_list = hits.ids
        articles = load_articles(hits.ids)
    response = render(
        request,
        "news/search.html",
        {
            "form": form,
            "query": query,
            "page_obj": page,
            "articles": articles,
            "query_string": _query_string(request, "q"),
            "truncated": len(" ".join(request.GET.get("q", "").split())) > len(query),
            # Other apps' result groups (the documents library), registered in core.search_groups.
            "extra_groups": search_groups.results(query),
        },
    )
    response["X-Robots-Tag"] = "noindex"
    return response


def _json_ld(request, article: Article, profile: SiteProfile) -> str:
    data = {
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": article.title[:110],
        "description": article.share_description,
        "mainEntityOfPage": request.build_absolute_uri(article.get_absolute_url()),
        "datePublished": localtime(article.published_at).isoformat() if article.published_at else None,
        "dateModified": localtime(article.updated_at).isoformat(),
        "articleSection": article.category.name,
        "inLanguage": "vi",
        "author": {"@type": "Organization", "name": article.byline or profile.name},
        "publisher": {"@type": "Organization", "name": profile.name},
    }
    if article.cover_image:
        data["image"] = [request.build_absolute_uri(article.cover_image.url)]
    text = json.dumps(data, ensure_ascii=False)
    # Same escaping as Django's json_script: the data can never close the element.
    text = text.replace("&", "\\u0026").replace("<", "\\u003C").replace(">", "\\u003E")
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(text))


@read_only_page
def article_detail(request, slug):
    # Not the folded search text: as long as the body, reading it cost more than the rest of the row.
    found = Article.objects.select_related("category").defer("search_text").filter(slug=slug)
    article = next(iter(found[:1]), None)  # a slug is unique: no ORDER BY, unlike first()
    if article is None:
        old = OldSlug.objects.select_related("article").filter(slug=slug).first()
        if old and (old.article.is_public or can_preview(request.user)):
            return redirect(old.article, permanent=True)
        raise Http404("Không tìm thấy tin này.")
    preview = not article.is_public
    if preview and not can_preview(request.user):
        raise Http404("Không tìm thấy tin này.")
    # Same category as the article: its category object is attached instead of joined again
    # (the join and its columns were a third of this query's cost).
    related = list(
        Article.objects.published()
        .for_lists()
        .select_related(None)
        .filter(category_id=article.category_id)
        .exclude(pk=article.pk)
        .order_by("-published_at", "-id")[:RELATED_COUNT]
    )
    for other in related:
        other.category = article.category
    profile = SiteProfile.current()
    response = render(
        request,
        "news/article_detail.html",
        {
            "article": article,
            "related": related,
            "preview": preview,
            "canonical_url": request.build_absolute_uri(article.get_absolute_url()),
            "json_ld": _json_ld(request, article, profile),
        },
    )
    if not preview:
        count_reading(request, article.slug)
    if preview:
        # A draft must never sit in a shared cache or a search index.
        private_response(response)
    return response


@require_POST
def editor_image_upload(request):
    """CKEditor 5's image upload (replaces the package's view at the same URL name).

    Staff with the right permission only; the content, the byte and the pixel limits are
    checked by core.uploads, EXIF is removed, and every failure is a JSON 400 that the
    editor shows to the writer instead of a 500.
    """
    user = request.user
    if not (user.is_authenticated and user.is_active and user.is_staff and user.has_perm("news.add_editorimage")):
        return JsonResponse({"error": {"message": "Bạn không có quyền tải ảnh lên."}}, status=403)
    upload = request.FILES.get("upload")
    if upload is None:
        return JsonResponse({"error": {"message": "Chưa chọn tệp ảnh."}}, status=400)
    try:
        cleaned, width, height = clean_image(upload, folder="editor")
    except ValidationError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    image = EditorImage(width=width, height=height, uploaded_by=user)
    try:
        image.file.save(cleaned.name.rsplit("/", 1)[-1], cleaned, save=True)
    except StorageFullError as exc:
        return JsonResponse({"error": {"message": " ".join(exc.messages)}}, status=400)
    except OSError:
        # A read-only media folder: the editor shows this message; nothing was recorded.
        return JsonResponse({"error": {"message": MEDIA_NOT_WRITABLE}}, status=503)
    return JsonResponse({"url": image.file.url})
