from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

from . import views
from .admin_privacy import data_inventory_view
from .sitemaps import SITEMAPS
from .uploads import editor_image_upload

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
    path(settings.ADMIN_URL_PREFIX, admin.site.urls),
    # Same URL and name as the package's, answering this project's upload refusals as JSON.
    path("ckeditor5/image_upload/", editor_image_upload, name="ck_editor_5_upload_file"),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("", include("news.urls")),
    path("", include("awards.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
