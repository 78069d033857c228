"""Where the library's files live: outside MEDIA_ROOT, so the web server never serves them.

They sit in ``VAR_DIR/private/documents/`` beside the member photos, so ``manage.py backup``
(which copies ``VAR_DIR/private``) keeps them and the web server's configuration needs nothing new.

Every file (public or internal) goes out through ``documents.views.document_file``, which
checks that the document is public, or that the reader is staff allowed to see it. A file of a
document made internal later therefore stops being reachable at once, with no URL left behind.
"""

from core.storage import PrivateFolderStorage


class LibraryStorage(PrivateFolderStorage):
    def url(self, name):
        raise ValueError("Library files have no direct URL: use DocumentFile.get_absolute_url().")


def library_storage():
    """Callable storage, so migrations reference it by name."""
    return LibraryStorage()
