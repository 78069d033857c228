"""Keep what depends on a document in step with it: citing texts' links, search text, stored files."""

from django.db.models.signals import post_delete, post_save, pre_save
from django.dispatch import receiver

from .models import Document, DocumentFile


@receiver(pre_save, sender=Document, dispatch_uid="documents-remember-key")
def _remember_key(sender, instance, raw=False, **kwargs):
    instance._old_sign_key = None
    if instance.pk and not raw:
        instance._old_sign_key = Document.objects.filter(pk=instance.pk).values_list("sign_key", flat=True).first()


@receiver(post_save, sender=Document, dispatch_uid="documents-relink-on-save")
def _relink_on_save(sender, instance, raw=False, **kwargs):
    # Published, made internal, renumbered: the articles that cite it gain or lose the link.
    if raw:
        return
    from .citing import relink_for

    relink_for(instance, getattr(instance, "_old_sign_key", None))


@receiver(post_delete, sender=Document, dispatch_uid="documents-relink-on-delete")
def _relink_on_delete(sender, instance, **kwargs):
    from .citing import relink_for

    relink_for(instance)


@receiver(post_save, sender=DocumentFile, dispatch_uid="documents-file-saved")
@receiver(post_delete, sender=DocumentFile, dispatch_uid="documents-file-deleted")
def _file_changed(sender, instance, raw=False, **kwargs):
    if raw:
        return
    document = Document.objects.filter(pk=instance.document_id).select_related("issuer").first()
    if document is not None:
        document.refresh_search_text()


@receiver(post_delete, sender=DocumentFile, dispatch_uid="documents-file-remove-bytes")
def _remove_stored_file(sender, instance, **kwargs):
    # No orphan left behind: a deleted attachment (or a deleted document's) leaves the disk too.
    if instance.file:
        instance.file.storage.delete(instance.file.name)
