"""``manage.py backup [--output DIR]``: one timestamped archive holding everything to restore the site.

The archive (``partysite-backup-YYYYMMDD-HHMMSS.tar.gz``) contains:

- ``data.json``: ``dumpdata --natural-foreign --natural-primary`` of the project's apps, users and
  groups, the admin's change log and the record history. The JSON loads into SQLite or PostgreSQL
  alike; content types and permissions are referred to by name, so they need not match.
- ``media/``: uploaded files (``MEDIA_ROOT``); ``private/``: member photos (``VAR_DIR/private``).
- ``manifest.json``: when, from which database, the applied migrations, row counts, a checksum of
  the member records (checked after loading), and a SHA-256 of every file in the archive and of
  every table's rows in ``data.json``, which ``restore`` checks before it changes anything.

Running it writes an access-log row (the archive holds member data): the operating-system user,
since a command has no logged-in person.

Login throttling records and sessions are not kept: they are short-lived by design.
"""

import getpass
import hashlib
import json
import os
import tarfile
import tempfile
from datetime import UTC, datetime
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder
from django.utils import timezone

FORMAT_VERSION = 1
# Restore stages files inside each folder under this name (same disk, so the swap is a rename).
STAGING_PREFIX = ".restore-staging"
CHUNK = 1024 * 1024
# What a restore needs; contenttypes and permissions are recreated by ``migrate``.
DUMPED_APPS = ["auth.user", "auth.group", "admin.logentry", "partysite", "news", "members", "awards"]
# Throttling records and transient state, not worth restoring.
EXCLUDED_MODELS = {"axes", "sessions", "contenttypes", "auth.permission"}


def dumped_models():
    """The model classes whose rows go into the archive."""
    models = []
    for label in DUMPED_APPS:
        if "." in label:
            models.append(apps.get_model(label))
        else:
            models.extend(apps.get_app_config(label).get_models())
    return models


def row_counts() -> dict[str, int]:
    return {model._meta.label_lower: model._default_manager.count() for model in dumped_models()}


def member_checksum() -> str:
    """SHA-256 over every member record, field by field, in id order (no data leaves the server)."""
    Member = apps.get_model("members", "Member")
    digest = hashlib.sha256()
    names = sorted(f.attname for f in Member._meta.concrete_fields)
    for row in Member._default_manager.order_by("pk").values_list(*names):
        row = [_stable(value) for value in row]
        digest.update(json.dumps(row, cls=DjangoJSONEncoder, ensure_ascii=False).encode())
        digest.update(b"\n")
    return digest.hexdigest()


def _stable(value):
    # The JSON dump keeps milliseconds, not microseconds: compare at the precision that survives.
    if isinstance(value, datetime):
        return value.astimezone(UTC).isoformat(timespec="milliseconds")
    return value


def applied_migrations() -> dict[str, str]:
    latest = {}
    for app_label, name in MigrationRecorder(connection).applied_migrations():
        latest[app_label] = max(latest.get(app_label, ""), name)
    return latest


def file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as handle:
        while chunk := handle.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


class _HashingReader:
    def __init__(self, handle):
        self.handle, self.digest = handle, hashlib.sha256()

    def read(self, size=-1):
        data = self.handle.read(size)
        self.digest.update(data)
        return data


def _add_hashed(archive: tarfile.TarFile, path: Path, arcname: str) -> str:
    """Add one file and return the SHA-256 of the bytes that went into the archive."""
    with open(path, "rb") as handle:
        info = archive.gettarinfo(arcname=arcname, fileobj=handle)
        reader = _HashingReader(handle)
        archive.addfile(info, reader)
    return reader.digest.hexdigest()


def table_checksums(data_path: Path) -> dict[str, str]:
    """SHA-256 of each model's rows in a dumpdata file, so an edited row names its table."""
    with open(data_path, encoding="utf-8") as handle:
        rows = json.load(handle)
    digests: dict[str, hashlib._Hash] = {}
    for row in rows:
        digest = digests.setdefault(row.get("model", ""), hashlib.sha256())
        digest.update(json.dumps(row, sort_keys=True, ensure_ascii=False).encode())
        digest.update(b"\n")
    return {label: digest.hexdigest() for label, digest in sorted(digests.items())}


def archived_files() -> dict[str, Path]:
    """Archive name → file on disk, for every uploaded file (restore's staging folders left out)."""
    files = {}
    for arcname, root in file_roots().items():
        if not root.is_dir():
            continue
        for path in sorted(root.rglob("*")):
            relative = path.relative_to(root)
            if relative.parts[0].startswith(STAGING_PREFIX) or not path.is_file() or path.is_symlink():
                continue
            files[f"{arcname}/{relative.as_posix()}"] = path
    return files


def log_backup(count: int) -> None:
    """The access-log row for an archive of member data; the actor is the operating-system user."""
    from core.models import DataAccessLog

    try:
        who = getpass.getuser()
    except (KeyError, OSError):
        who = str(os.getuid())
    DataAccessLog.objects.create(
        username=f"hệ điều hành: {who}"[:150],
        action=DataAccessLog.Action.EXPORTED,
        model="members.member",
        object_ids=[],
        object_count=count,
    )


def file_roots() -> dict[str, Path]:
    """Archive folder → folder on disk."""
    return {"media": Path(settings.MEDIA_ROOT), "private": Path(settings.VAR_DIR) / "private"}


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên vào một tệp nén có dấu thời gian."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output",
            default=None,
            help="Thư mục lưu bản sao lưu (mặc định: VAR_DIR/backups).",
        )

    def handle(self, *args, output=None, **options):
        out_dir = Path(output) if output else Path(settings.VAR_DIR) / "backups"
        try:
            out_dir.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Không tạo được thư mục {out_dir}: {exc.strerror}.") from None
        stamp = timezone.localtime().strftime("%Y%m%d-%H%M%S")
        target = out_dir / f"partysite-backup-{stamp}.tar.gz"
        partial = target.with_name(target.name + ".part")

        with tempfile.TemporaryDirectory(prefix="partysite-backup-") as work:
            data_path = Path(work) / "data.json"
            # dumpdata streams rows to the file; large registries do not need to fit in memory.
            call_command(
                "dumpdata",
                *DUMPED_APPS,
                exclude=sorted(EXCLUDED_MODELS),
                natural_foreign=True,
                natural_primary=True,
                indent=None,
                output=str(data_path),
                verbosity=0,
            )
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": timezone.now().isoformat(),
                "database_vendor": connection.vendor,
                "migrations": applied_migrations(),
                "counts": row_counts(),
                "member_checksum": member_checksum(),
                "tables": table_checksums(data_path),
            }
            manifest_path = Path(work) / "manifest.json"
            try:
                with tarfile.open(partial, "w:gz") as archive:
                    # The manifest goes last: it holds the SHA-256 of the bytes actually archived,
                    # so a file replaced by an upload during the backup is not misreported.
                    manifest["files"] = {"data.json": _add_hashed(archive, data_path, "data.json")}
                    for name, file_path in archived_files().items():
                        try:
                            manifest["files"][name] = _add_hashed(archive, file_path, name)
                        except FileNotFoundError:
                            continue  # deleted while we worked: not part of this backup
                    manifest_path.write_text(json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8")
                    archive.add(manifest_path, arcname="manifest.json")
                os.replace(partial, target)
            except OSError as exc:
                partial.unlink(missing_ok=True)
                raise CommandError(f"Không ghi được bản sao lưu {target}: {exc.strerror or exc}.") from None
        os.chmod(target, 0o600)  # it holds member records: readable by the site's account only
        log_backup(manifest["counts"].get("members.member", 0))
        total = sum(manifest["counts"].values())
        self.stdout.write(f"Đã sao lưu {total} bản ghi và tệp tải lên vào {target}")
        return None
