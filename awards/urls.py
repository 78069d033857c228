from django.http import Http404
from django.urls import path

app_name = "awards"


def _not_built_yet(request, **kwargs):
    # Placeholder so other apps can reverse the name; the honour-roll work replaces it.
    raise Http404


urlpatterns = [
    path("khen-thuong/", _not_built_yet, name="honour_roll"),
]
