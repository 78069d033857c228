from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        # dashboard: start page blocks for editors and publishers (partysite.dashboard).
        from . import citing, dashboard  # noqa: F401

        citing.register()  # articles cite library documents (partysite.citations)
