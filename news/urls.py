from django.http import Http404
from django.urls import path

app_name = "news"


def _not_built_yet(request, **kwargs):
    # Placeholders so other apps can reverse these names; the news work replaces them.
    raise Http404


urlpatterns = [
    path("tin-tuc/", _not_built_yet, name="list"),
    path("tin-tuc/rss/", _not_built_yet, name="rss"),
    path("tin-tuc/atom/", _not_built_yet, name="atom"),
    path("tin-tuc/<slug:slug>/", _not_built_yet, name="article"),
    path("chuyen-muc/<slug:slug>/", _not_built_yet, name="category"),
    path("tim-kiem/", _not_built_yet, name="search"),
]
