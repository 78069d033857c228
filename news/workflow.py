"""Who may do what with an article: plain functions that the admin, its actions and tests call.

Editors ("Biên tập viên") write and submit for review. Only holders of ``news.publish_article``
(publishers, "Duyệt bài", and superusers) publish, schedule, unpublish, archive or feature.
The admin hides those fields from editors, and ``check_change`` refuses a crafted POST anyway.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import Article

EDITOR_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)
PUBLISHER_ONLY_FIELDS = ("published_at", "is_featured")


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm("news.publish_article"))


def can_edit(user, article: Article | None) -> bool:
    """Editors may change drafts and articles in review; published or archived ones only a publisher."""
    if not user.has_perm("news.change_article"):
        return False
    if article is None or can_publish(user):
        return True
    return article.status in EDITOR_STATUSES


def check_change(user, before: Article | None, after: Article) -> None:
    """Refuse a change the user's role does not allow (whatever the form posted)."""
    if can_publish(user):
        return
    if before is not None and before.status not in EDITOR_STATUSES:
        raise PermissionDenied("Biên tập viên không được sửa tin đã đăng hoặc đã lưu trữ.")
    if after.status not in EDITOR_STATUSES:
        raise PermissionDenied("Chỉ người duyệt bài mới được đăng, hẹn giờ hoặc lưu trữ tin.")
    old_published_at = before.published_at if before else None
    old_featured = before.is_featured if before else False
    if after.published_at != old_published_at or after.is_featured != old_featured:
        raise PermissionDenied("Chỉ người duyệt bài mới được đặt thời điểm đăng hoặc tin nổi bật.")


def submit_for_review(article: Article) -> bool:
    if article.status != Article.Status.DRAFT:
        return False
    article.status = Article.Status.REVIEW
    article.save()
    return True


def publish_now(article: Article) -> bool:
    if article.is_public:
        return False
    now = timezone.now()
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > now:
        article.published_at = now
    article.save()
    return True


def unpublish(article: Article) -> bool:
    """Back to draft: gone from every public place, the URL answers 404 until published again."""
    if article.status != Article.Status.PUBLISHED:
        return False
    article.status = Article.Status.DRAFT
    article.save()
    return True


def archive(article: Article) -> bool:
    if article.status == Article.Status.ARCHIVED:
        return False
    article.status = Article.Status.ARCHIVED
    article.save()
    return True


def set_featured(article: Article, featured: bool) -> bool:
    if article.is_featured == featured:
        return False
    article.is_featured = featured
    article.save()
    return True
