"""``manage.py restore ARCHIVE [--force]``: bring a migrated installation to the archive's state.

Run ``manage.py migrate`` first. The database must hold no data of its own (the roles that
``migrate`` creates do not count) unless ``--force`` is given, which replaces everything.

Nothing changes until the whole archive has been checked, in this order:

1. the compressed file is read to its end (a flipped byte fails gzip's CRC or the inflater);
2. it is unpacked with tar's "data" filter (no absolute paths, no "..", no links out of the folder);
3. the manifest's migrations are compared with the code's: an archive from a newer release is refused;
4. every file and every table's rows are compared with the SHA-256 in the manifest, and a file the
   manifest does not list is refused;
5. the files are copied into a staging folder inside each destination folder and checked again
   there (a read-only or full disk is found now, before the database is touched).

Then the load runs in one transaction (rolled back if the restored rows do not match the archive's
counts and member checksum), and only after it commits are the staged files moved into place, by
rename on the same disk. Every refusal is one Vietnamese sentence.
"""

import errno
import gzip
import json
import shutil
import tarfile
import tempfile
import zlib
from pathlib import Path

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.core.serializers.base import DeserializationError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections, transaction
from django.db.migrations.executor import MigrationExecutor
from django.db.migrations.loader import MigrationLoader

from core.management.commands.backup import (
    CHUNK,
    FORMAT_VERSION,
    STAGING_PREFIX,
    file_roots,
    file_sha256,
    member_checksum,
    row_counts,
    table_checksums,
)

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


def _disk_reason(exc: OSError) -> str:
    if exc.errno == errno.ENOSPC:
        return "ổ đĩa đã đầy"
    if exc.errno in (errno.EROFS, errno.EACCES, errno.EPERM):
        return "thư mục chỉ cho đọc hoặc không có quyền ghi"
    return exc.strerror or str(exc)


def newer_migrations(archived: dict[str, str]) -> list[str]:
    """Migrations the archive's database had that this code does not know: it came from a newer release."""
    known = set(MigrationLoader(None, ignore_no_migrations=True).graph.nodes)
    return [f"{app}.{name}" for app, name in sorted(archived.items()) if (app, name) not in known]


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp tải lên từ một bản sao lưu của lệnh backup."

    def add_arguments(self, parser):
        parser.add_argument("archive", help="Tệp .tar.gz do lệnh backup tạo ra.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Xóa toàn bộ dữ liệu hiện có rồi khôi phục (chỉ dùng khi chắc chắn).",
        )

    def handle(self, *args, archive, force=False, **options):
        path = Path(archive)
        if not path.is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu {path}.")
        self._check_migrated()
        self._check_compressed_stream(path)
        with tempfile.TemporaryDirectory(prefix="partysite-restore-") as work:
            work = Path(work)
            self._extract(path, work)
            manifest = self._read_manifest(work)
            self._check_release(manifest)
            self._check_contents(work, manifest)
            in_use = self._rows_in_use()
            if in_use and not force:
                raise CommandError(
                    "Cơ sở dữ liệu đang có dữ liệu ("
                    + ", ".join(f"{k}: {v}" for k, v in in_use.items())
                    + "). Khôi phục sẽ ghi đè; chạy lại với --force nếu chắc chắn."
                )
            staged = self._stage_files(work, manifest)
            try:
                with transaction.atomic():
                    if force:
                        flush_database()
                    self._load(work)
                    self._verify(manifest)
            except BaseException:
                self._discard(staged)
                raise
            self._swap_in(staged)
        total = sum(manifest["counts"].values())
        self.stdout.write(f"Đã khôi phục {total} bản ghi từ {path.name} (sao lưu lúc {manifest['created_at']}).")

    # --- checks before anything changes -----------------------------------------------------
    def _check_migrated(self):
        connection = connections[DEFAULT_DB_ALIAS]
        executor = MigrationExecutor(connection)
        if executor.migration_plan(executor.loader.graph.leaf_nodes()):
            raise CommandError("Cơ sở dữ liệu chưa được cập nhật cấu trúc: chạy manage.py migrate trước khi khôi phục.")

    def _check_compressed_stream(self, path):
        # tarfile stops reading at the end-of-archive blocks and never reaches gzip's CRC:
        # read the stream to its very end ourselves.
        try:
            with gzip.open(path, "rb") as stream:
                while stream.read(CHUNK):
                    pass
        except (OSError, EOFError, zlib.error):
            raise CommandError(
                f"Tệp sao lưu {path.name} hỏng (dữ liệu nén sai hoặc thiếu phần cuối); không khôi phục gì."
            ) from None

    def _extract(self, path, work):
        try:
            with tarfile.open(path, "r:gz") as tar:
                tar.extractall(work, filter="data")
        except (tarfile.TarError, OSError, EOFError, zlib.error) as exc:
            raise CommandError(f"Tệp sao lưu {path.name} hỏng hoặc không đọc được: {exc}.") from None

    def _read_manifest(self, work):
        try:
            manifest = json.loads((work / "manifest.json").read_text(encoding="utf-8"))
        except (OSError, ValueError):
            raise CommandError("Tệp sao lưu thiếu manifest.json: không phải bản sao lưu của partysite.") from None
        if (
            not isinstance(manifest, dict)
            or manifest.get("format") != FORMAT_VERSION
            or not (work / "data.json").is_file()
        ):
            raise CommandError("Bản sao lưu có định dạng không được hỗ trợ.")
        if not isinstance(manifest.get("files"), dict) or not isinstance(manifest.get("tables"), dict):
            raise CommandError(
                "Bản sao lưu không có mã kiểm tra cho từng tệp và từng bảng (bản cũ hoặc đã bị sửa); "
                "hãy tạo bản sao lưu mới bằng manage.py backup."
            )
        return manifest

    def _check_release(self, manifest):
        newer = newer_migrations(manifest.get("migrations") or {})
        if newer:
            raise CommandError(
                "Bản sao lưu được tạo từ phiên bản mới hơn của phần mềm (có "
                + ", ".join(newer)
                + "); hãy cập nhật mã nguồn và chạy manage.py migrate trước khi khôi phục."
            )

    def _check_contents(self, work, manifest):
        expected = manifest["files"]
        present = {p.relative_to(work).as_posix() for p in work.rglob("*") if p.is_file()} - {"manifest.json"}
        unknown = sorted(present - set(expected))
        missing = sorted(set(expected) - present)
        if unknown or missing:
            raise CommandError(
                f"Bản sao lưu không khớp danh mục ({'thừa ' + unknown[0] if unknown else 'thiếu ' + missing[0]}); "
                "không khôi phục gì."
            )
        for name, digest in expected.items():
            if file_sha256(work / name) != digest:
                raise CommandError(f"Tệp {name} trong bản sao lưu đã bị thay đổi hoặc hỏng; không khôi phục gì.")
        try:
            tables = table_checksums(work / "data.json")
        except (OSError, ValueError, AttributeError):
            raise CommandError("Dữ liệu trong bản sao lưu không đọc được; không khôi phục gì.") from None
        for label in sorted(set(tables) | set(manifest["tables"])):
            if tables.get(label) != manifest["tables"].get(label):
                raise CommandError(f"Dữ liệu bảng {label} trong bản sao lưu đã bị sửa hoặc hỏng; không khôi phục gì.")

    def _rows_in_use(self):
        return {label: n for label, n in row_counts().items() if n and label not in FRESH_INSTALL_MODELS}

    # --- files: staged and checked before the database, swapped in after ----------------------
    def _stage_files(self, work, manifest) -> list[tuple[Path, Path]]:
        """Copy into ``<folder>/.restore-staging-*/`` and check; (staging folder, destination) pairs."""
        staged = []
        try:
            for arcname, root in file_roots().items():
                source = work / arcname
                if not source.is_dir():
                    continue
                root.mkdir(parents=True, exist_ok=True)
                stage = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX + "-", dir=root))
                staged.append((stage, root))
                # File by file (not copytree, which folds errors into one without an errno).
                for original in sorted(p for p in source.rglob("*") if p.is_file()):
                    relative = original.relative_to(source)
                    path = stage / relative
                    path.parent.mkdir(parents=True, exist_ok=True)
                    shutil.copyfile(original, path)
                    name = f"{arcname}/{relative.as_posix()}"
                    if file_sha256(path) != manifest["files"].get(name):
                        raise CommandError(f"Tệp {name} chép vào thư mục đích bị sai lệch; không khôi phục gì.")
                    # Folders the swap will need, made now while a failure still changes nothing.
                    (root / relative).parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self._discard(staged)
            raise CommandError(
                f"Không chép được tệp tải lên vào {exc.filename or 'thư mục tệp'}: {_disk_reason(exc)}; "
                "cơ sở dữ liệu chưa bị thay đổi."
            ) from None
        except CommandError:
            self._discard(staged)
            raise
        return staged

    def _swap_in(self, staged):
        for stage, root in staged:
            for path in sorted(stage.rglob("*")):
                if path.is_file():
                    path.replace(root / path.relative_to(stage))  # a rename on the same disk
            shutil.rmtree(stage, ignore_errors=True)

    def _discard(self, staged):
        for stage, _root in staged:
            shutil.rmtree(stage, ignore_errors=True)

    # --- the database -------------------------------------------------------------------------
    def _load(self, work):
        try:
            call_command("loaddata", str(work / "data.json"), verbosity=0)
        except (DeserializationError, DatabaseError, ValueError, LookupError):
            # The database's own message is English and technical; the checksums above make this rare.
            message = "Không nạp được dữ liệu từ bản sao lưu vào cơ sở dữ liệu này; đã hủy khôi phục."
            raise CommandError(message) from None

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
