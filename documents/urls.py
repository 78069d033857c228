from django.urls import path

from . import feeds, views

app_name = "documents"

urlpatterns = [
    path("van-ban/", views.document_list, name="list"),
    path("van-ban/rss/", feeds.LatestDocumentsFeed(), name="rss"),
    path("van-ban/<int:document_id>/tep/<int:file_id>/", views.document_file, name="file"),
    path("van-ban/<str:key>/", views.document_detail, name="detail"),
]
