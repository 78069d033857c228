"""Private storage for member photos: outside MEDIA_ROOT, no public URL.

The web server never serves this folder; photos are shown through an
office-only view (members.views).
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    def __init__(self):
        super().__init__(location=settings.VAR_DIR / "private", base_url=None)

    def url(self, name):
        raise ValueError("Private files have no public URL.")


def private_storage():
    """Callable storage, so migrations reference it by name and tests can move VAR_DIR."""
    return PrivateStorage()
