"""Who may do what with a document: the same roles as news (rules the admin and tests call).

Editors ("Biên tập viên") enter documents and send them for review; only holders of
``documents.publish_document`` (publishers, "Duyệt bài", and superusers) publish, unpublish,
archive or mark a document public.
"""

from django.core.exceptions import PermissionDenied
from django.utils import timezone

from .models import Document

EDITOR_STATUSES = (Document.Status.DRAFT, Document.Status.REVIEW)
PUBLISHER_ONLY_FIELDS = ("is_public",)


def can_publish(user) -> bool:
    return bool(user and user.is_active and user.has_perm("documents.publish_document"))


def can_edit(user, document: Document | None) -> bool:
    if not user.has_perm("documents.change_document"):
        return False
    if document is None or can_publish(user):
        return True
    return document.status in EDITOR_STATUSES


def check_change(user, before: Document | None, after: Document) -> None:
    """Refuse a change the user's role does not allow, whatever the form posted."""
    if can_publish(user):
        return
    if before is not None and before.status not in EDITOR_STATUSES:
        raise PermissionDenied("Biên tập viên không được sửa văn bản đã đăng hoặc đã lưu trữ.")
    if after.status not in EDITOR_STATUSES:
        raise PermissionDenied("Chỉ người duyệt bài mới được đăng hoặc lưu trữ văn bản.")
    if after.is_public != (before.is_public if before else False):
        raise PermissionDenied("Chỉ người duyệt bài mới được đặt văn bản công khai.")


def submit_for_review(document: Document) -> bool:
    if document.status != Document.Status.DRAFT:
        return False
    document.status = Document.Status.REVIEW
    document.save()
    return True


def publish_now(document: Document) -> bool:
    if document.status == Document.Status.PUBLISHED:
        return False
    document.status = Document.Status.PUBLISHED
    if document.published_at is None or document.published_at > timezone.now():
        document.published_at = timezone.now()
    document.save()
    return True


def unpublish(document: Document) -> bool:
    if document.status != Document.Status.PUBLISHED:
        return False
    document.status = Document.Status.DRAFT
    document.save()
    return True


def archive(document: Document) -> bool:
    if document.status == Document.Status.ARCHIVED:
        return False
    document.status = Document.Status.ARCHIVED
    document.save()
    return True
