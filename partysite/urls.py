from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path

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
    path(settings.ADMIN_URL_PREFIX, admin.site.urls),
    path("ckeditor5/", include("django_ckeditor_5.urls")),
    path("", include("news.urls")),
    path("", include("awards.urls")),
]

if settings.PARTYSITE_BENCH:
    from .bench import trivial

    urlpatterns.insert(0, path("bench/trivial/", trivial, name="bench_trivial"))

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
