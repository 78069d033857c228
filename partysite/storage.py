"""File storage that never leaves a half-written file behind.

Django's ``FileSystemStorage`` writes straight into the final name, so a full disk
(``ENOSPC``) or a quota (``EDQUOT``) leaves a truncated image that the site would then
serve. Here the bytes go to a hidden temporary file in the same folder, are flushed to
disk, and only then get their final name (a hard link, which also refuses to replace an
existing file). On a full disk the temporary file is removed and ``StorageFullError``
(a ``ValidationError`` with a Vietnamese message) is raised; ``StorageFullMiddleware``
turns it into a clear page when no form caught it.
"""

import errno
import os
import tempfile

from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage

FULL_DISK_ERRNOS = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
FULL_DISK_MESSAGE = "Máy chủ đã hết chỗ lưu trữ nên tệp chưa được lưu. Vui lòng báo quản trị viên rồi thử lại sau."


class StorageFullError(ValidationError):
    def __init__(self):
        super().__init__(FULL_DISK_MESSAGE, code="storage_full")


class AtomicFileSystemStorage(FileSystemStorage):
    def _save(self, name, content):
        full_path = self.path(name)
        directory = os.path.dirname(full_path)
        temp_path = None
        try:
            os.makedirs(directory, exist_ok=True)
            fd, temp_path = tempfile.mkstemp(dir=directory, prefix=".upload-", suffix=".part")
            with os.fdopen(fd, "wb") as out:
                if hasattr(content, "seek"):
                    content.seek(0)
                for chunk in content.chunks():
                    out.write(chunk.encode() if isinstance(chunk, str) else chunk)
                out.flush()
                os.fsync(out.fileno())
            full_path = self._publish(temp_path, name)
        except OSError as exc:
            if exc.errno in FULL_DISK_ERRNOS:
                raise StorageFullError() from exc
            raise
        finally:
            if temp_path and os.path.exists(temp_path):
                os.unlink(temp_path)
        if self.file_permissions_mode is not None:
            os.chmod(full_path, self.file_permissions_mode)
        return os.path.relpath(full_path, self.location).replace("\\", "/")

    def _publish(self, temp_path, name):
        """Give the finished file its name without ever replacing another file."""
        full_path = self.path(name)
        if getattr(self, "_allow_overwrite", False):
            # Configured to replace files of the same name (Django's allow_overwrite option).
            os.replace(temp_path, full_path)
            return full_path
        while True:
            try:
                os.link(temp_path, full_path)
                return full_path
            except FileExistsError:
                name = self.get_available_name(name)
                full_path = self.path(name)
            except OSError as exc:
                if exc.errno in FULL_DISK_ERRNOS:
                    raise
                # A file system without hard links: names are random, a rename is safe enough.
                if os.path.exists(full_path):
                    name = self.get_available_name(name)
                    full_path = self.path(name)
                    continue
                os.replace(temp_path, full_path)
                return full_path
