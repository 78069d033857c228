"""Private storage for member photos and scanned certificates: outside MEDIA_ROOT, no public URL.

The web server never serves this folder; each file is shown through an office-only view
that checks who asks and then answers with ``serve_private_file`` (the one way a private
file reaches a browser).
"""

import mimetypes

from django.http import FileResponse, Http404

from core.storage import PrivateFolderStorage


class PrivateStorage(PrivateFolderStorage):
    """Member photos and scanned certificates under ``VAR_DIR/private``, written atomically like
    every other upload (a full disk leaves no half-written file)."""

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


def serve_private_file(request, field_file, *, log_as: str, pk) -> FileResponse:
    """Send a private file to a user the calling view has already checked.

    The view is recorded in the access log (``log_as``: what was seen, ``pk``: whose), and the
    answer is never cached nor content-sniffed. A missing file is a 404, not a 500.
    """
    # Imported here: this module is loaded with the models, before the admin that audit imports.
    from core.audit import Action, log_access

    if not field_file:
        raise Http404("Không có tệp.")
    try:
        handle = field_file.open("rb")
    except FileNotFoundError:
        raise Http404("Không tìm thấy tệp.") from None
    log_access(request, Action.VIEWED, log_as, [pk])
    content_type = mimetypes.guess_type(field_file.name)[0] or "application/octet-stream"
    response = FileResponse(handle, content_type=content_type)
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    return response
