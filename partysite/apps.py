from django.apps import AppConfig


class PartysiteConfig(AppConfig):
    name = "partysite"
    verbose_name = "Cấu hình trang"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import widgets
        from .cache import invalidate_on
        from .models import SiteProfile

        widgets.install()
        invalidate_on(SiteProfile)  # the header, footer and about page
