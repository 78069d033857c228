from django.apps import AppConfig


class PartysiteConfig(AppConfig):
    name = "partysite"
    verbose_name = "Cấu hình trang"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import widgets
        from .cache import connect_invalidation

        widgets.install()
        connect_invalidation()
