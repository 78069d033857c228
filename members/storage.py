"""Private storage for member photos: outside MEDIA_ROOT, no public URL.

The web server never serves this folder; photos are shown through an
office-only view (members.views).
"""

import os

from django.conf import settings

from partysite.storage import AtomicFileSystemStorage


class PrivateStorage(AtomicFileSystemStorage):
    """Files under ``VAR_DIR/private``, read from the settings at each use.

    Written atomically like every other upload (a full disk leaves no half-written file).

    The field calls the storage callable once, when models load; reading the folder
    lazily lets tests (and deployments that set VAR_DIR late) move it.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.VAR_DIR / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    # Member photos and scanned certificates: readable by the site's own account only, whatever
    # FILE_UPLOAD_PERMISSIONS says for public media (issue 12.7).
    @property
    def file_permissions_mode(self):
        return 0o600

    @property
    def directory_permissions_mode(self):
        return 0o700

    def url(self, name):
        raise ValueError("Private files have no public URL.")


def private_storage():
    """Callable storage, so migrations reference it by name."""
    return PrivateStorage()
