"""Office-only pages of the registry, mounted under the admin prefix (partysite/urls.py)."""

from django.urls import path

from . import views

app_name = "members"

urlpatterns = [
    path("anh/<int:pk>/", views.member_photo, name="photo"),
    path("tep-mau-nhap-dang-vien.xlsx", views.import_template, name="import_template"),
]
