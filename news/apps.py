from django.apps import AppConfig


class NewsConfig(AppConfig):
    name = "news"
    verbose_name = "Tin tức"

    def ready(self):
        from core import cache as page_cache

        # dashboard registers the start page blocks for editors and publishers; search registers the
        # check that the search index follows the articles.
        from . import citing, dashboard, search  # noqa: F401
        from .models import Article, Category
        from .view_counts import count_cached_reading

        citing.register()  # articles cite library documents (core.citations)
        page_cache.invalidate_on(Article, Category)
        page_cache.expire_at(Article.objects.next_scheduled_time)  # a scheduled article appears
        page_cache.served_from_cache.connect(count_cached_reading, dispatch_uid="news-count-cached-reading")
