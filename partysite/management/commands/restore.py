"""``manage.py restore ARCHIVE [--force]``: bring a migrated installation to the archive's state.

Run ``manage.py migrate`` first. The database must hold no data of its own (the roles that
``migrate`` creates do not count) unless ``--force`` is given, which replaces everything. The
load runs in one transaction: if anything fails, or the restored rows do not match the archive's
counts and member checksum, nothing changes. Files are put in place only after the database
has committed, and are extracted with tar's "data" filter (no absolute paths, no "..", no links
out of the folder).
"""

import json
import shutil
import tarfile
import tempfile
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, connections, transaction
from django.db.migrations.executor import MigrationExecutor

from .backup import FORMAT_VERSION, file_roots, member_checksum, row_counts

# Rows a freshly migrated installation already has; they do not make the database "in use".
FRESH_INSTALL_MODELS = {"auth.group", "partysite.siteprofile"}


def flush_database():
    """``flush``, also inside a transaction that has pending deferred constraint checks (PostgreSQL)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            # TRUNCATE refuses to run while deferred foreign-key checks are pending: run them now.
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")
    call_command("flush", interactive=False, verbosity=0)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL DEFERRED")


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp tải lên từ một bản sao lưu của lệnh backup."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do lệnh backup tạo ra.")
        parser.add_argument(
            "--force", action="store_true",
            help="Xóa toàn bộ dữ liệu hiện có rồi khôi phục (chỉ dùng khi chắc chắn).",
        )

    def handle(self, *args, archive, force=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu {path}.")
        self._check_migrated()
        with tempfile.TemporaryDirectory(prefix="partysite-restore-") as work:
            work = Path(work)
            self._extract(path, work)
            manifest = self._read_manifest(work)
            in_use = self._rows_in_use()
            if in_use and not force:
                raise CommandError(
                    "Cơ sở dữ liệu đang có dữ liệu (" + ", ".join(f"{k}: {v}" for k, v in in_use.items())
                    + "). Khôi phục sẽ ghi đè; chạy lại với --force nếu chắc chắn."
                )
            with transaction.atomic():
                if force:
                    flush_database()
                call_command("loaddata", str(work / "data.json"), verbosity=0)
                self._verify(manifest)
            self._put_files(work)
        total = sum(manifest["counts"].values())
        self.stdout.write(f"Đã khôi phục {total} bản ghi từ {path.name} (sao lưu lúc {manifest['created_at']}).")

    def _check_migrated(self):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("Cơ sở dữ liệu chưa được cập nhật cấu trúc: chạy manage.py migrate trước khi khôi phục.")

    def _extract(self, path, work):
        try:
            with tarfile.open(path, "r:gz") as tar:
                tar.extractall(work, filter="data")
        except (tarfile.TarError, OSError, EOFError) as exc:
            raise CommandError(f"Tệp sao lưu {path.name} hỏng hoặc không đọc được: {exc}.") from None

    def _read_manifest(self, work):
        try:
            manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise CommandError("Tệp sao lưu thiếu manifest.json: không phải bản sao lưu của partysite.") from None
        if manifest.get("format") != FORMAT_VERSION or not (work / "data.json").is_file():
            raise CommandError("Bản sao lưu có định dạng không được hỗ trợ.")
        return manifest

    def _rows_in_use(self):
        return {label: n for label, n in row_counts().items() if n and label not in FRESH_INSTALL_MODELS}

    def _verify(self, manifest):
        """Compare with the archive; raising here rolls the whole load back."""
        counts = row_counts()
        wrong = {label: (n, counts.get(label)) for label, n in manifest["counts"].items() if counts.get(label) != n}
        # A fresh installation's roles and site profile may outnumber nothing in the archive.
        wrong = {k: v for k, v in wrong.items() if not (k in FRESH_INSTALL_MODELS and (v[1] or 0) >= v[0])}
        if wrong:
            details = ", ".join(f"{k}: cần {want}, có {have}" for k, (want, have) in wrong.items())
            raise CommandError(f"Số bản ghi sau khôi phục không khớp bản sao lưu ({details}); đã hủy khôi phục.")
        if member_checksum() != manifest["member_checksum"]:
            raise CommandError("Dữ liệu đảng viên sau khôi phục không khớp bản sao lưu; đã hủy khôi phục.")

    def _put_files(self, work):
        for arcname, root in file_roots().items():
            source = work / arcname
            if not source.is_dir():
                continue
            root.mkdir(parents=True, exist_ok=True)
            shutil.copytree(source, root, dirs_exist_ok=True)
