"""Where the library's files live: outside MEDIA_ROOT, so the web server never serves them.

They sit in ``VAR_DIR/private/documents/`` beside the member photos, so ``manage.py backup``
(which copies ``VAR_DIR/private``) keeps them and the web server's configuration needs nothing new.

Every file (public or internal) goes out through ``documents.views.document_file``, which
checks that the document is public, or that the reader is staff allowed to see it. A file of a
document made internal later therefore stops being reachable at once, with no URL left behind.
"""

import os

from django.conf import settings

from core.storage import AtomicFileSystemStorage


class LibraryStorage(AtomicFileSystemStorage):
    def __init__(self):
        super().__init__(base_url=None)

    # Read from the settings at each use, so tests and late VAR_DIR settings move it.
    @property
    def base_location(self):
        return str(settings.VAR_DIR / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Library files have no direct URL: use DocumentFile.get_absolute_url().")


def library_storage():
    """Callable storage, so migrations reference it by name."""
    return LibraryStorage()
