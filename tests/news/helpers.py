"""Submitting the real admin form, as staff do."""

from django.urls import reverse

from news.models import Article


def article_form_data(category, **overrides):
    data = {
        "title": "Chi bộ Viễn thông học tập nghị quyết",
        "category": str(category.pk),
        "summary": "Tóm tắt buổi học tập.",
        "body": "<p>Nội dung buổi học tập nghị quyết.</p>",
        "cover_caption": "",
        "cover_alt": "",
        "byline": "Chi bộ Viễn thông",
        "status": Article.Status.DRAFT,
        "_save": "Lưu",
    }
    data.update(overrides)
    return data


def post_article(client, category, article=None, **overrides):
    url = reverse("admin:news_article_change", args=[article.pk]) if article else reverse("admin:news_article_add")
    return client.post(url, article_form_data(category, **overrides))
