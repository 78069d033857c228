from django.apps import AppConfig


class DocumentsConfig(AppConfig):
    name = "documents"
    verbose_name = "Văn bản"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from partysite import citations, search_groups

        from . import signals  # noqa: F401  (re-link citing texts when a document changes)
        from .citing import Library
        from .search import search_group

        citations.register_library(Library())
        search_groups.register("documents", search_group)
