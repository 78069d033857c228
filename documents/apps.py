from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from core import citations, search_groups
        from core.cache import invalidate_on

        from . import signals  # noqa: F401  (re-link citing texts when a document changes)
        from .citing import Library
        from .models import Document, DocumentFile, IssuingBody
        from .search import search_group

        citations.register_library(Library())
        search_groups.register("documents", search_group)
        invalidate_on(Document, DocumentFile, IssuingBody)  # the library's pages, citation links on articles
