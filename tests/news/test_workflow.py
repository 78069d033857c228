"""Editors write and submit; only publishers publish, schedule, unpublish, archive and feature."""

import datetime as dt

import pytest
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from core import roles
from news import workflow
from news.models import Article

from .factories import ArticleFactory, CategoryFactory
from .helpers import post_article

pytestmark = pytest.mark.django_db


def test_roles_get_their_permissions_from_the_migration():
    editors = set(Group.objects.get(name=roles.EDITORS).permissions.values_list("codename", flat=True))
    publishers = set(Group.objects.get(name=roles.PUBLISHERS).permissions.values_list("codename", flat=True))
    assert {"add_article", "change_article", "view_article"} <= editors
    assert "publish_article" not in editors and "delete_article" not in editors
    assert {"publish_article", "change_article", "delete_article", "change_category"} <= publishers


def test_editor_writes_and_submits_for_review(client, editor):
    category = CategoryFactory()
    client.force_login(editor)
    response = post_article(client, category, title="Hội nghị sơ kết quý III", status=Article.Status.REVIEW)
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.status == Article.Status.REVIEW
    assert article.author == editor
    assert article.published_at is None and not article.is_featured


@pytest.mark.parametrize(
    "crafted",
    [
        {"status": Article.Status.PUBLISHED},
        {"status": Article.Status.ARCHIVED},
        {"status": Article.Status.PUBLISHED, "published_at_0": "01/01/2030", "published_at_1": "08:00:00"},
    ],
)
def test_editor_cannot_publish_archive_or_schedule_by_crafted_post(client, editor, crafted):
    category = CategoryFactory()
    client.force_login(editor)
    response = post_article(client, category, title="Bài tự đăng", **crafted)
    assert response.status_code == 200  # the form refuses the choice
    assert "status" in response.context["adminform"].form.errors
    assert not Article.objects.exists()


def test_editor_cannot_feature_or_date_by_crafted_post(client, editor):
    category = CategoryFactory()
    client.force_login(editor)
    response = post_article(
        client,
        category,
        title="Tin lén nổi bật",
        is_featured="on",
        published_at_0="01/01/2020",
        published_at_1="08:00:00",
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert not article.is_featured and article.published_at is None and article.status == Article.Status.DRAFT


def test_editor_cannot_change_or_unpublish_a_published_article(client, editor):
    article = ArticleFactory(title="Tin đã đăng")
    client.force_login(editor)
    response = post_article(client, article.category, article=article, title="Sửa lén", status=Article.Status.DRAFT)
    assert response.status_code == 403
    article.refresh_from_db()
    assert article.title == "Tin đã đăng" and article.status == Article.Status.PUBLISHED


@pytest.mark.parametrize("action", ["publish_now", "unpublish", "archive", "feature", "unfeature"])
def test_editor_cannot_run_publisher_actions(client, editor, action):
    draft = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    published = ArticleFactory()
    client.force_login(editor)
    response = client.post(
        reverse("admin:news_article_changelist"), {"action": action, "_selected_action": [draft.pk, published.pk]}
    )
    draft.refresh_from_db()
    published.refresh_from_db()
    assert draft.status == Article.Status.REVIEW
    assert published.status == Article.Status.PUBLISHED and not published.is_featured
    assert response.status_code in (200, 302)


def test_editor_action_list_has_no_publishing_actions(client, editor):
    client.force_login(editor)
    response = client.get(reverse("admin:news_article_changelist"))
    actions = [value for value, _label in response.context["action_form"].fields["action"].choices]
    assert "submit_for_review" in actions
    assert not {"publish_now", "unpublish", "archive", "feature"} & set(actions)


def test_publisher_publishes_now_from_the_list(client, publisher):
    article = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    client.force_login(publisher)
    client.post(reverse("admin:news_article_changelist"), {"action": "publish_now", "_selected_action": [article.pk]})
    article.refresh_from_db()
    assert article.is_public and article.first_published_at is not None


def test_publisher_schedules_with_a_future_date(client, publisher):
    category = CategoryFactory()
    client.force_login(publisher)
    when = timezone.localtime() + dt.timedelta(days=2)
    response = post_article(
        client,
        category,
        title="Tin hẹn giờ",
        status=Article.Status.PUBLISHED,
        published_at_0=when.strftime("%d/%m/%Y"),
        published_at_1=when.strftime("%H:%M:%S"),
    )
    assert response.status_code == 302
    article = Article.objects.get()
    assert article.is_scheduled and not article.is_public
    assert article not in Article.objects.published()


def test_scheduled_article_appears_when_its_time_comes_without_cron():
    article = ArticleFactory(published_at=timezone.now() + dt.timedelta(minutes=5))
    assert not Article.objects.published().filter(pk=article.pk).exists()
    Article.objects.filter(pk=article.pk).update(published_at=timezone.now() - dt.timedelta(seconds=1))
    assert Article.objects.published().filter(pk=article.pk).exists()


def test_publisher_unpublishes_archives_and_features():
    article = ArticleFactory()
    assert workflow.set_featured(article, True) and Article.objects.get(pk=article.pk).is_featured
    assert workflow.unpublish(article, "Sai số liệu") and not Article.objects.published().filter(pk=article.pk).exists()
    assert workflow.publish_now(article) and workflow.archive(article)
    assert Article.objects.get(pk=article.pk).status == Article.Status.ARCHIVED


def test_check_change_refuses_an_editor_publishing_whatever_the_path(editor, publisher):
    before = ArticleFactory(status=Article.Status.REVIEW, published_at=None)
    after = Article.objects.get(pk=before.pk)
    after.status = Article.Status.PUBLISHED
    with pytest.raises(PermissionDenied):
        workflow.check_change(editor, before, after)
    workflow.check_change(publisher, before, after)  # allowed


def test_office_staff_cannot_open_news_admin(client, office):
    client.force_login(office)
    assert client.get(reverse("admin:news_article_changelist")).status_code == 403


def test_change_history_records_who_changed_what(client, editor, publisher):
    category = CategoryFactory()
    client.force_login(editor)
    post_article(client, category, title="Tin có lịch sử", status=Article.Status.REVIEW)
    article = Article.objects.get()
    client.force_login(publisher)
    client.post(reverse("admin:news_article_changelist"), {"action": "publish_now", "_selected_action": [article.pk]})
    history = list(article.history.order_by("history_date"))
    assert [(h.status, h.history_user) for h in history] == [("review", editor), ("published", publisher)]
    response = client.get(reverse("admin:news_article_history", args=[article.pk]))
    assert response.status_code == 200 and "duyetbai" in response.content.decode()


def test_admin_search_ignores_accents_and_case(client, publisher):
    ArticleFactory(title="Đảng bộ tổng kết năm")
    ArticleFactory(title="Công đoàn du lịch", body="<p>Nghỉ mát.</p>")
    draft = ArticleFactory(title="ĐẢNG BỘ chuẩn bị đại hội", status=Article.Status.DRAFT, published_at=None)
    client.force_login(publisher)
    response = client.get(reverse("admin:news_article_changelist"), {"q": "dang bo"})
    titles = {a.title for a in response.context["cl"].result_list}
    assert titles == {"Đảng bộ tổng kết năm", draft.title}


def test_admin_list_filters_render(client, publisher):
    ArticleFactory.create_batch(3)
    client.force_login(publisher)
    for params in ({}, {"status__exact": "published"}, {"hien_thi": "hen-gio"}, {"is_featured__exact": "1"}):
        assert client.get(reverse("admin:news_article_changelist"), params).status_code == 200


def test_editor_form_has_no_publishing_fields(client, editor):
    client.force_login(editor)
    form = client.get(reverse("admin:news_article_add")).context["adminform"].form
    assert "published_at" not in form.fields and "is_featured" not in form.fields
    assert [c[0] for c in form.fields["status"].choices] == ["draft", "review"]
