from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        # Start page blocks for editors and publishers (partysite.dashboard).
        from . import dashboard  # noqa: F401
