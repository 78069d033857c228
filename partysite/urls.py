from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from core.audit import AuditedAutocompleteJsonView
from core.privacy import data_inventory_view
from news import views as news_views

from . import views
from .sitemaps import SITEMAPS

admin.site.site_header = "Quản trị Đảng bộ"
admin.site.site_title = "Quản trị"
admin.site.index_title = "Bảng điều khiển"

handler500 = "partysite.views.server_error"

urlpatterns = [
    path("", views.home, name="home"),
    path("gioi-thieu/", views.about, name="about"),
    path("robots.txt", views.robots_txt, name="robots_txt"),
    path("favicon.ico", views.favicon),
    path("sitemap.xml", sitemap, {"sitemaps": SITEMAPS}, name="sitemap"),
    # Before admin.site.urls, whose catch-all would otherwise answer these paths.
    path(f"{settings.ADMIN_URL_PREFIX}ho-so-dang-vien/", include("members.urls")),
    path(f"{settings.ADMIN_URL_PREFIX}du-lieu-ca-nhan/", data_inventory_view, name="data_inventory"),
    # The admin's autocomplete at its own path, logging the members it lists (core.audit).
    path(
        f"{settings.ADMIN_URL_PREFIX}autocomplete/",
        admin.site.admin_view(AuditedAutocompleteJsonView.as_view(admin_site=admin.site)),
    ),
    path(settings.ADMIN_URL_PREFIX, admin.site.urls),
    # The editor's upload URL keeps the package's name (its widget reverses it) but runs our view:
    # staff with permission only, content/byte/pixel checks, EXIF removed, JSON 400 instead of 500.
    path("ckeditor5/image_upload/", news_views.editor_image_upload, name="ck_editor_5_upload_file"),
    path("", include("news.urls")),
    path("", include("awards.urls")),
    path("", include("documents.urls")),
]

if settings.PARTYSITE_BENCH:
    from demo.bench import trivial

    urlpatterns.insert(0, path("bench/trivial/", trivial, name="bench_trivial"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
