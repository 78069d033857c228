"""File storage that never leaves a half-written file behind.

Django's ``FileSystemStorage`` writes straight into the final name, so a full disk
(``ENOSPC``) or a quota (``EDQUOT``) leaves a truncated image that the site would then
serve. Here the bytes go to a hidden temporary file in the same folder, are flushed to
disk, and only then get their final name (a hard link, which also refuses to replace an
existing file). On a full disk the temporary file is removed and ``StorageFullError``
(a ``ValidationError`` with a Vietnamese message) is raised; ``partysite.middleware.ErrorPageMiddleware``
turns it into a clear page when no form caught it.
"""

import errno
import os
import tempfile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.storage import FileSystemStorage
from django.db import transaction
from django.db.models import signals

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
            self._make_directories(directory)
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

    def _make_directories(self, directory):
        """Create the folders; with ``directory_permissions_mode`` set, every new one gets that mode."""
        mode = self.directory_permissions_mode
        if mode is None:
            os.makedirs(directory, exist_ok=True)
            return
        missing = []
        current = directory
        while not os.path.isdir(current):
            missing.append(current)
            current = os.path.dirname(current)
        for path in reversed(missing):
            try:
                os.mkdir(path)
            except FileExistsError:
                continue
            os.chmod(path, mode)  # not through the umask, which may be looser

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


class PrivateFolderStorage(AtomicFileSystemStorage):
    """Files under ``VAR_DIR/private`` (outside MEDIA_ROOT: the web server never serves them),
    where member files and the document library live, so ``manage.py backup`` keeps both.

    The folder is read from the settings at each use: a field calls its storage callable once,
    when models load, and tests (or deployments that set VAR_DIR late) move it afterwards.
    """

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.VAR_DIR / "private")

    @property
    def location(self):
        return os.path.abspath(self.base_location)


# --- Replaced files are deleted once the new one is committed -----------------------------------
# A replaced member photo, article cover (and its renditions) or commendation certificate would
# otherwise stay on disk and in every backup (issue 12.7). The old file is deleted only after the
# transaction that stored the new name commits: a rollback keeps the record pointing at a file
# that still exists.
REPLACED_FILE_FIELDS = {
    "members.Member": ("photo",),
    "news.Article": ("cover_image", "cover_webp", "cover_thumb"),
    "awards.Commendation": ("certificate",),
}


def _remember_stored_names(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw or instance._state.adding or instance.pk is None:
        return
    fields = [
        name
        for name in REPLACED_FILE_FIELDS[sender._meta.label]
        if (update_fields is None or name in update_fields) and name not in instance.get_deferred_fields()
    ]
    if not fields:
        return
    stored = sender._base_manager.filter(pk=instance.pk).values(*fields).first() or {}
    instance._stored_file_names = {name: stored[name] for name in fields if stored.get(name)}


def _delete_replaced(sender, instance, raw=False, **kwargs):
    stored = instance.__dict__.pop("_stored_file_names", None)
    if raw or not stored:
        return
    for name, old in stored.items():
        current = getattr(instance, name)
        if (current.name or "") == old:
            continue
        storage = current.storage
        transaction.on_commit(
            lambda storage=storage, old=old, name=name: _delete_if_unused(sender, name, old, storage),
            using=kwargs.get("using"),
        )


def _delete_if_unused(model, field_name, name, storage):
    if model._base_manager.filter(**{field_name: name}).exists():
        return  # another record (or a restore) points at the same file
    storage.delete(name)


def connect_replaced_file_cleanup():
    """Called from PartysiteConfig.ready(): one pre_save/post_save pair per listed model."""
    from django.apps import apps

    for label in REPLACED_FILE_FIELDS:
        try:
            model = apps.get_model(label)
        except LookupError:
            continue
        signals.pre_save.connect(_remember_stored_names, sender=model, dispatch_uid=f"replaced-files-pre-{label}")
        signals.post_save.connect(_delete_replaced, sender=model, dispatch_uid=f"replaced-files-post-{label}")


# --- The SQLite database file is private too ------------------------------------------------------
def restrict_sqlite_file(sender, connection, **kwargs):
    """Make the SQLite file readable by the site's own account only (it holds every member record)."""
    if connection.vendor != "sqlite":
        return
    name = str(connection.settings_dict.get("NAME") or "")
    if not name or name.startswith("file:") or name == ":memory:" or not os.path.isfile(name):
        return
    if os.stat(name).st_mode & 0o777 != 0o600:
        try:
            os.chmod(name, 0o600)
        except PermissionError:  # a file owned by another account: leave it to the administrator
            pass
