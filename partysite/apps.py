from django.apps import AppConfig


class PartysiteConfig(AppConfig):
    name = "partysite"
    verbose_name = "Cấu hình trang"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from django.db.backends.signals import connection_created

        from . import admin_blocks, widgets  # noqa: F401  (admin_blocks registers start page blocks)
        from .cache import invalidate_on
        from .models import SiteProfile
        from .storage import connect_replaced_file_cleanup, restrict_sqlite_file

        widgets.install()
        invalidate_on(SiteProfile)  # the header, footer and about page
        connect_replaced_file_cleanup()
        connection_created.connect(restrict_sqlite_file, dispatch_uid="partysite-sqlite-private")
