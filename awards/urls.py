from django.urls import path

from . import views

app_name = "awards"

urlpatterns = [
    path("khen-thuong/", views.honour_roll, name="honour_roll"),
]
