"""Public library pages (/van-ban/), the staff preview and file delivery. Rules live in models/search."""

from django.core.paginator import InvalidPage, Paginator
from django.db.models import Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control
from django.utils.http import content_disposition_header

from core.http import private_response, read_only_page
from core.numbers import number_or_404, parse_number

from .citing import citing_items
from .forms import DocumentFilter
from .models import Document, DocumentFile

PER_PAGE = 20
MAX_PAGES = 200


def can_preview(user) -> bool:
    """Staff who work on the library see drafts and internal documents (and their files)."""
    return bool(user.is_authenticated and user.is_active and user.is_staff and user.has_perm("documents.view_document"))


def _page(request, queryset):
    number = number_or_404(
        request.GET.get("page"), default=1, minimum=1, maximum=MAX_PAGES, message="Không có trang này."
    )
    try:
        return Paginator(queryset, PER_PAGE).page(number)
    except InvalidPage:
        raise Http404("Không có trang này.") from None


def _query_string(request) -> str:
    params = request.GET.copy()
    for key in list(params):
        if key not in ("q", "loai", "co_quan", "nam"):
            params.pop(key)
    return params.urlencode()


@read_only_page
def document_list(request):
    documents = Document.objects.public().for_lists().order_by("-issued_on", "-id")
    document_filter = DocumentFilter(request.GET or None, queryset=documents)
    page = _page(request, document_filter.qs)
    return render(
        request,
        "documents/document_list.html",
        {
            "filter": document_filter,
            "page_obj": page,
            "documents": page.object_list,
            "query_string": _query_string(request),
        },
    )


def _find(key: str):
    files = Prefetch("files", queryset=DocumentFile.objects.defer("text").order_by("order", "id"))
    found = Document.objects.select_related("issuer").defer("search_text").prefetch_related(files)
    if (pk := parse_number(key)) is not None:
        found = found.filter(pk=pk)
    else:
        found = found.filter(slug=key)
    return next(iter(found[:1]), None)


@read_only_page
def document_detail(request, key):
    document = _find(key)
    if document is None:
        raise Http404("Không tìm thấy văn bản này.")
    if document.slug and key != document.slug:
        # /van-ban/<id>/ works (a short link to give out); the address to keep is the slug's.
        return redirect(document.get_absolute_url(), permanent=True)
    preview = not document.is_visible
    if preview and not can_preview(request.user):
        raise Http404("Không tìm thấy văn bản này.")
    canonical_url = request.build_absolute_uri(document.get_absolute_url())
    response = render(
        request,
        "documents/document_detail.html",
        {
            "document": document,
            "files": list(document.files.all()),
            "citing": citing_items(document),
            "preview": preview,
            "canonical_url": canonical_url,
        },
    )
    return private_response(response) if preview else response


@read_only_page
def document_file(request, document_id, file_id):
    """A file of a public document for everyone; of any other only for staff who may preview it.

    PDFs open in the browser (inline); Word and Excel files download. The file's bytes were
    checked at upload, and the content type comes from that check, never from the name.
    """
    attachment = (
        DocumentFile.objects.select_related("document")
        .only(
            "id",
            "file",
            "kind",
            "document__id",
            "document__number",
            "document__status",
            "document__is_public",
            "document__published_at",
        )
        .filter(pk=file_id, document_id=document_id)
        .first()
    )
    if attachment is None:
        raise Http404("Không tìm thấy tệp này.")
    visible = attachment.document.is_visible
    if not visible and not can_preview(request.user):
        raise Http404("Không tìm thấy tệp này.")
    try:
        handle = attachment.file.open("rb")
    except (FileNotFoundError, ValueError):
        raise Http404("Không tìm thấy tệp này.") from None
    response = FileResponse(handle, content_type=attachment.content_type)
    response["Content-Disposition"] = content_disposition_header(
        attachment.kind != DocumentFile.Kind.PDF, attachment.download_name
    )
    if visible:
        patch_cache_control(response, public=True, max_age=0, must_revalidate=True)
    else:
        private_response(response)
    return response
