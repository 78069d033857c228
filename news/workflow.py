"""Who may do what with an article: plain functions that the admin, its actions and tests call.

Editors ("Biên tập viên") write and submit for review. Only holders of ``news.publish_article``
(publishers, "Duyệt bài", and superusers) publish, schedule, unpublish, archive or feature.
The admin hides those fields from editors, and ``check_change`` refuses a crafted POST anyway.

Sending an article back to its editor and taking a published one down both need a short reason:
it is kept on the article (``review_note``) until the editor submits it again, shown on the
article's page and on the editor's start page, and written into the history as the change reason.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import Article

EDITOR_STATUSES = (Article.Status.DRAFT, Article.Status.REVIEW)
PUBLISHER_ONLY_FIELDS = ("published_at", "is_featured")
# Moving an article from these statuses back to a draft is a send-back or a take-down: a reason is due.
RETURNED_FROM = (Article.Status.REVIEW, Article.Status.PUBLISHED)
REASON_MAX_LENGTH = 500
REASON_REQUIRED = "Hãy ghi ngắn gọn lý do để biên tập viên biết cần sửa gì."


def clean_reason(reason) -> str:
    """The reason as stored (spaces tidied); ValueError with the Vietnamese sentence when empty."""
    text = " ".join(str(reason or "").split())
    if not text:
        raise ValueError(REASON_REQUIRED)
    if len(text) > REASON_MAX_LENGTH:
        raise ValueError(f"Lý do dài quá {REASON_MAX_LENGTH} ký tự; hãy viết ngắn hơn.")
    return text


def needs_reason(old_status: str | None, new_status: str) -> bool:
    """True when a change of status sends an article back or takes it down."""
    return old_status in RETURNED_FROM and new_status == Article.Status.DRAFT


def record_status_change(article: Article, old_status: str | None, reason: str = "", by_publisher=True) -> None:
    """Set the review note and the history's change reason for a status change (before saving).

    A publisher's send-back or take-down stores the reason; submitting again or publishing clears
    the note (the history still has it). An editor withdrawing an article from review gives none.
    """
    if needs_reason(old_status, article.status):
        if not by_publisher:
            article._change_reason = "Rút lại, chưa gửi duyệt"
            return
        text = clean_reason(reason)
        article.review_note = text
        verb = "Gỡ xuống" if old_status == Article.Status.PUBLISHED else "Trả lại biên tập viên"
        article._change_reason = f"{verb}: {text}"
    elif article.status != old_status and article.status in (Article.Status.REVIEW, Article.Status.PUBLISHED):
        article.review_note = ""
        article._change_reason = "Gửi duyệt" if article.status == Article.Status.REVIEW else "Đăng"


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
    record_status_change(article, Article.Status.DRAFT)
    article.save()
    return True


def publish_now(article: Article) -> bool:
    if article.is_public:
        return False
    now = timezone.now()
    old_status = article.status
    article.status = Article.Status.PUBLISHED
    if article.published_at is None or article.published_at > now:
        article.published_at = now
    record_status_change(article, old_status)
    article.save()
    return True


def send_back(article: Article, reason: str) -> bool:
    """Review → draft with the publisher's reason for the editor (ValueError without a reason)."""
    text = clean_reason(reason)
    if article.status != Article.Status.REVIEW:
        return False
    article.status = Article.Status.DRAFT
    record_status_change(article, Article.Status.REVIEW, text)
    article.save()
    return True


def unpublish(article: Article, reason: str) -> bool:
    """Back to draft: gone from every public place, the URL answers 404 until published again.

    The reason (required, ValueError without it) is shown to the editor and kept in the history.
    """
    text = clean_reason(reason)
    if article.status != Article.Status.PUBLISHED:
        return False
    article.status = Article.Status.DRAFT
    record_status_change(article, Article.Status.PUBLISHED, text)
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
