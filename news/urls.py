from django.urls import path

from . import feeds, views

app_name = "news"

urlpatterns = [
    path("tin-tuc/", views.article_list, name="list"),
    path("tin-tuc/rss/", feeds.LatestArticlesFeed(), name="rss"),
    path("tin-tuc/atom/", feeds.LatestArticlesAtomFeed(), name="atom"),
    path("tin-tuc/<slug:slug>/", views.article_detail, name="article"),
    path("chuyen-muc/<slug:slug>/", views.category_detail, name="category"),
    path("tim-kiem/", views.search, name="search"),
]
