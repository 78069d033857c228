"""A publisher sends an article back, or takes it down, with a reason the editor sees and the history keeps."""

import pytest
from django.urls import reverse

from news import workflow
from news.models import Article

from .factories import ArticleFactory, CategoryFactory
from .helpers import post_article

pytestmark = pytest.mark.django_db

REASON = "Thiếu ảnh và chú thích; sửa tên đồng chí Bí thư cho đúng."


def _changelist_post(client, **data):
    return client.post(reverse("admin:news_article_changelist"), data)


def test_send_back_needs_a_reason_and_keeps_it():
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    with pytest.raises(ValueError, match="lý do"):
        workflow.send_back(article, "   ")
    assert workflow.send_back(article, f"  {REASON}  ")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.review_note == REASON
    latest = article.history.order_by("-history_date", "-history_id").first()
    assert latest.history_change_reason == f"Trả lại biên tập viên: {REASON}"


def test_resubmitting_clears_the_note_but_the_history_keeps_it():
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    workflow.send_back(article, REASON)
    assert workflow.submit_for_review(article)
    article.refresh_from_db()
    assert article.review_note == "" and article.status == Article.Status.REVIEW
    reasons = list(article.history.values_list("history_change_reason", flat=True))
    assert f"Trả lại biên tập viên: {REASON}" in reasons


def test_unpublish_needs_a_reason():
    article = ArticleFactory()
    with pytest.raises(ValueError):
        workflow.unpublish(article, "")
    assert Article.objects.get(pk=article.pk).status == Article.Status.PUBLISHED
    assert workflow.unpublish(article, "Tin trùng với bài ngày 02/12.")
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.review_note == "Tin trùng với bài ngày 02/12."
    assert article.history.order_by("-history_id").first().history_change_reason.startswith("Gỡ xuống: ")


def test_publisher_action_asks_the_reason_first_then_sends_back(client, publisher):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.force_login(publisher)
    response = _changelist_post(client, action="send_back", _selected_action=[article.pk])
    assert response.status_code == 200
    assert "Lý do" in response.content.decode() and article.title in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW

    response = _changelist_post(client, action="send_back", _selected_action=[article.pk], review_reason=" ")
    assert response.status_code == 200 and workflow.REASON_REQUIRED in response.content.decode()
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW

    response = _changelist_post(client, action="send_back", _selected_action=[article.pk], review_reason=REASON)
    assert response.status_code == 302
    article.refresh_from_db()
    assert article.status == Article.Status.DRAFT and article.review_note == REASON
    assert article.history.order_by("-history_id").first().history_user == publisher


def test_publisher_unpublish_action_asks_the_reason(client, publisher):
    article = ArticleFactory()
    client.force_login(publisher)
    response = _changelist_post(client, action="unpublish", _selected_action=[article.pk])
    assert response.status_code == 200 and Article.objects.get(pk=article.pk).is_public
    _changelist_post(client, action="unpublish", _selected_action=[article.pk], review_reason="Sai ngày sự kiện.")
    article.refresh_from_db()
    assert not article.is_public and article.review_note == "Sai ngày sự kiện."


def test_publisher_form_refuses_a_send_back_without_reason(client, publisher):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.force_login(publisher)
    response = post_article(client, article.category, article=article, title=article.title, status=Article.Status.DRAFT)
    assert response.status_code == 200
    assert "review_reason" in response.context["adminform"].form.errors
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
    response = post_article(
        client,
        article.category,
        article=article,
        title=article.title,
        status=Article.Status.DRAFT,
        review_reason=REASON,
    )
    assert response.status_code == 302
    assert Article.objects.get(pk=article.pk).review_note == REASON


def test_editor_sees_the_reason_on_the_article_and_withdraws_without_one(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None, author=editor)
    workflow.send_back(article, REASON)
    client.force_login(editor)
    page = client.get(reverse("admin:news_article_change", args=[article.pk])).content.decode()
    assert "Ý kiến người duyệt" in page and REASON in page

    other = ArticleFactory(status=Article.Status.REVIEW, published_at=None, author=editor)
    response = post_article(client, other.category, article=other, title=other.title, status=Article.Status.DRAFT)
    assert response.status_code == 302
    other.refresh_from_db()
    assert other.status == Article.Status.DRAFT and other.review_note == ""


def test_editor_cannot_set_a_note_by_crafted_post(client, editor):
    category = CategoryFactory()
    client.force_login(editor)
    post_article(client, category, title="Tin mới", review_reason="tự ghi")
    assert Article.objects.get().review_note == ""


def test_editor_cannot_send_back(client, editor):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.force_login(editor)
    _changelist_post(client, action="send_back", _selected_action=[article.pk], review_reason=REASON)
    assert Article.objects.get(pk=article.pk).status == Article.Status.REVIEW
