from django.apps import AppConfig


class CoreConfig(AppConfig):
    name = "core"
    # The label stays "partysite": the app was called so until issue 17, and its tables,
    # permissions, content types and migration history (which other apps depend on) keep it.
    label = "partysite"
    verbose_name = "Cấu hình trang"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        # The two project-wide overrides, installed here and nowhere else:
        # - integer ``__in`` drops values no integer column can hold (core/lookups.py);
        # - the admin's autocomplete widgets drop posted ids that are not ids (core/widgets.py).
        from core import lookups

        lookups.install()

        from django.db.backends.signals import connection_created

        from core import admin_blocks, widgets  # noqa: F401  (admin_blocks registers start page blocks)
        from core.cache import invalidate_on
        from core.models import SiteProfile
        from core.storage import connect_replaced_file_cleanup, restrict_sqlite_file

        widgets.install()
        invalidate_on(SiteProfile)  # the header, footer and about page
        connect_replaced_file_cleanup()
        connection_created.connect(restrict_sqlite_file, dispatch_uid="partysite-sqlite-private")
