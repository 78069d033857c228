from django.apps import AppConfig


class PartysiteConfig(AppConfig):
    name = "partysite"
    verbose_name = "Cấu hình trang"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from .cache import connect_invalidation

        connect_invalidation()
