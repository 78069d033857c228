"""Member import in bulk: limits before parsing, a streamed check, inserts in batches.

django-import-export's row-by-row import ran a few queries and a full model validation
per row (36 s for 2,000 rows); here every row is checked in plain Python against data
loaded once (the cells, the card numbers of a batch in one query), and members are
written with ``bulk_create`` in batches, keeping their history (simple_history).

The rules stay those of ``MemberResource`` (its column names and widgets are the one
definition of the spreadsheet's columns): all or nothing, and every problem named by
spreadsheet line, column and reason in Vietnamese.

The uploaded file waits between the preview and the confirmation in
``PrivateImportStorage`` (a private folder, random names, no path in any form) and is
removed after the import or after ``PARTYSITE_IMPORT_TMP_MAX_AGE`` seconds.
"""

from __future__ import annotations

import csv
import io
import os
import re
import time
import unicodedata
import zipfile
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from types import SimpleNamespace
from xml.etree.ElementTree import ParseError

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import transaction
from import_export.tmp_storages import BaseStorage

from .models import Member, MembershipGap
from .validation import gap_errors, is_valid_card_number

BATCH_SIZE = 1000
# The preview lists this many rows; the rest are counted.
PREVIEW_ROWS = 50
# More problems than this: the office fixes these first (the file is clearly off).
MAX_MESSAGES = 200
UNREADABLE = (
    "Không đọc được tệp này như một bảng tính: hãy chọn tệp .xlsx hoặc .csv (UTF-8) theo tệp mẫu "
    "và chọn đúng định dạng."
)
# Text columns stored in NFC: a name typed on a Mac (NFD) must find and sort like the same name typed elsewhere.
TEXT_ATTRIBUTES = (
    "full_name",
    "hometown",
    "ethnicity",
    "religion",
    "dossier_number",
    "job_title",
    "party_position",
    "notes",
)


class ImportRefused(Exception):
    """The file is refused as a whole (too big, not a spreadsheet); ``str()`` is the Vietnamese sentence."""


def limit(name: str) -> int:
    defaults = {
        "PARTYSITE_IMPORT_MAX_BYTES": 20 * 1024 * 1024,
        "PARTYSITE_IMPORT_MAX_ROWS": 30_000,
        "PARTYSITE_IMPORT_MAX_UNPACKED_BYTES": 100 * 1024 * 1024,
        "PARTYSITE_IMPORT_BACKGROUND_ROWS": 300,
        "PARTYSITE_IMPORT_TMP_MAX_AGE": 2 * 60 * 60,
    }
    return int(getattr(settings, name, defaults[name]))


def _mb(size: int) -> str:
    return f"{size / (1024 * 1024):.0f} MB".replace(".", ",")


def count_vi(number: int) -> str:
    return f"{number:,}".replace(",", ".")  # 30.000, as Vietnamese writes it


def _too_many_rows(rows: int | None = None) -> ImportRefused:
    max_rows = limit("PARTYSITE_IMPORT_MAX_ROWS")
    found = f"có {count_vi(rows)} dòng" if rows else "có quá nhiều dòng"
    return ImportRefused(
        f"Tệp {found}, quá giới hạn {count_vi(max_rows)} dòng cho một lần nhập: hãy chia thành nhiều tệp nhỏ hơn."
    )


def check_limits(data: bytes, fmt: str) -> int | None:
    """Refuse a file over the limits before any parsing; returns the row count the file declares.

    An .xlsx is a zip: its members' declared sizes and the sheet's ``dimension`` are read
    without unpacking anything, so a 1 MB file that unpacks to 284 MB costs nothing.
    The declared counts can lie; ``read_table`` enforces the same limits while streaming.
    """
    max_bytes = limit("PARTYSITE_IMPORT_MAX_BYTES")
    if len(data) > max_bytes:
        raise ImportRefused(f"Tệp nặng {_mb(len(data))}, quá giới hạn {_mb(max_bytes)}: hãy chia thành nhiều tệp.")
    max_rows = limit("PARTYSITE_IMPORT_MAX_ROWS")
    if fmt == "csv":
        lines = data.count(b"\n")
        if lines - 1 > max_rows:
            raise _too_many_rows(lines - 1)
        return lines
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
        unpacked = sum(info.file_size for info in archive.infolist())
    except (zipfile.BadZipFile, ValueError, OSError):
        raise ImportRefused(UNREADABLE) from None
    max_unpacked = limit("PARTYSITE_IMPORT_MAX_UNPACKED_BYTES")
    if unpacked > max_unpacked:
        raise ImportRefused(
            f"Tệp giải nén ra {_mb(unpacked)} dữ liệu, quá giới hạn {_mb(max_unpacked)}: tệp này không giống "
            "danh sách đảng viên theo tệp mẫu; hãy kiểm tra lại hoặc chia nhỏ."
        )
    rows = _declared_rows(archive)
    if rows is not None and rows - 1 > max_rows:
        raise _too_many_rows(rows - 1)
    return rows


_DIMENSION = re.compile(rb"<(?:\w+:)?dimension[^>]*\bref=\"[A-Z]+\d+(?::[A-Z]+(\d+))?\"")


def _declared_rows(archive: zipfile.ZipFile) -> int | None:
    """The last row of the first sheet's ``<dimension ref="A1:R20001">``, read from its first bytes."""
    names = sorted(n for n in archive.namelist() if re.fullmatch(r"xl/worksheets/sheet\d+\.xml", n))
    if not names:
        return None
    first = min(names, key=lambda n: int(re.search(r"\d+", n.rsplit("/", 1)[1]).group()))
    with archive.open(first) as handle:
        head = handle.read(4096)
    match = _DIMENSION.search(head)
    if not match:
        return None
    return int(match.group(1)) if match.group(1) else 1


def _blank(value) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def read_table(data: bytes, fmt: str):
    """(headers, rows): rows yield (spreadsheet line, values) for lines that carry data only.

    The template pre-formats 500 blank lines; they are not members and are never shown.
    """
    check_limits(data, fmt)
    max_rows = limit("PARTYSITE_IMPORT_MAX_ROWS")
    if fmt == "csv":
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:
            raise ImportRefused(UNREADABLE) from None
        if "\x00" in text:
            raise ImportRefused(UNREADABLE)
        source = csv.reader(io.StringIO(text))
    else:
        from .xlsx_rows import iter_rows

        source = iter_rows(zipfile.ZipFile(io.BytesIO(data)))
    try:
        header_row = next(source, None)
    except (ValueError, KeyError, zipfile.BadZipFile, ParseError, csv.Error):
        raise ImportRefused(UNREADABLE) from None
    if header_row is None:
        raise ImportRefused("Tệp không có dữ liệu: dòng đầu tiên phải là tên cột như tệp mẫu.")
    headers = [unicodedata.normalize("NFC", str(h).strip()) if h is not None else "" for h in header_row]

    def rows():
        count = 0
        try:
            for line, values in enumerate(source, start=2):
                if all(_blank(v) for v in values):
                    continue
                count += 1
                if count > max_rows:
                    raise _too_many_rows()
                yield line, values
        except (ValueError, KeyError, zipfile.BadZipFile, ParseError, csv.Error):
            raise ImportRefused(UNREADABLE) from None

    return headers, rows()


@dataclass
class CheckResult:
    rows: int = 0
    errors: list[str] = field(default_factory=list)
    error_count: int = 0
    headers: list[str] = field(default_factory=list)
    preview: list[dict] = field(default_factory=list)
    created_ids: list[int] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.error_count


class RowChecker:
    """Turns one spreadsheet row into an unsaved Member (+ gaps), or the row's messages."""

    def __init__(self):
        from .resources import GAPS_COLUMN, REQUIRED_COLUMNS, MemberResource

        resource = MemberResource()
        self.gaps_column = GAPS_COLUMN
        self.required = REQUIRED_COLUMNS
        self.fields = [resource.fields[name] for name in MemberResource.IMPORT_FIELDS]
        self.columns = {f.attribute: f.column_name for f in self.fields if f.attribute}
        self.columns["gaps_text"] = GAPS_COLUMN
        self.cards_seen: dict[str, int] = {}
        self.max_lengths = {
            a: Member._meta.get_field(a).max_length for a in TEXT_ATTRIBUTES if Member._meta.get_field(a).max_length
        }
        self.defaults = {a: Member._meta.get_field(a).get_default() for a in ("gender", "ethnicity", "religion")}
        # Widgets fold and look up every value; a column repeats a few dozen values over 20,000 rows.
        self._memo: dict[tuple[str, object], object] = {}

    def missing_columns(self, headers) -> list[str]:
        return [c for c in self.required if c not in headers]

    def _clean(self, fld, value):
        key = (fld.attribute, value)
        cacheable = fld.attribute in ("cell", "gender", "status")
        if cacheable and key in self._memo:
            cached = self._memo[key]
            if isinstance(cached, Exception):
                raise cached
            return cached
        try:
            result = fld.widget.clean(value)
        except ValueError as exc:
            if cacheable:
                self._memo[key] = exc
            raise
        if cacheable:
            self._memo[key] = result
        return result

    def check(self, line: int, row: dict):
        """(member, gaps, errors) where errors maps an attribute to messages."""
        from .resources import parse_gaps

        errors: dict[str, list[str]] = {}
        values = {}
        for fld in self.fields:
            if fld.attribute is None or fld.column_name not in row:
                continue
            raw = row[fld.column_name]
            try:
                value = self._clean(fld, raw)
            except ValueError as exc:
                errors.setdefault(fld.attribute, []).append(str(exc))
                continue
            if isinstance(value, str):
                value = unicodedata.normalize("NFC", value.strip())
            values[fld.attribute] = value
        member = Member()
        for attr, value in values.items():
            if attr == "cell":
                member.cell = value
            elif value is not None:
                setattr(member, attr, value)
        for attr in TEXT_ATTRIBUTES:
            if getattr(member, attr) is None:
                setattr(member, attr, "")
        if "full_name" not in errors and not member.full_name.strip():
            errors["full_name"] = ["Họ và tên không được để trống."]
        if "admission_date" not in errors and not member.admission_date:
            errors["admission_date"] = ["Thiếu ngày ra quyết định kết nạp (dd/mm/yyyy)."]
        if "cell" not in errors and not member.cell_id:
            errors["cell"] = ["Thiếu tên chi bộ."]
        if not values.get("status"):
            member.status = Member.Status.FULL if member.official_date else Member.Status.PROBATIONARY
        for attr, default in self.defaults.items():
            if not getattr(member, attr):
                setattr(member, attr, default)
        gaps = []
        gaps_text = row.get(self.gaps_column)
        if not _blank(gaps_text):
            try:
                gaps = parse_gaps(gaps_text)
            except ValueError as exc:
                errors["gaps_text"] = [str(exc)]
            else:
                problems = gap_errors(member, gaps) if member.admission_date else []
                if problems:
                    errors["gaps_text"] = problems
        card = member.card_number
        if "card_number" not in errors and card:
            if not is_valid_card_number(card):
                errors["card_number"] = [f"“{card}” không hợp lệ: số thẻ gồm 12 chữ số (thẻ cũ: 8 chữ số)."]
            elif card in self.cards_seen:
                errors["card_number"] = [f"Số thẻ {card} trùng với dòng {self.cards_seen[card]} trong tệp."]
            else:
                self.cards_seen[card] = line
        # The model's own rules, without queries: widgets already checked dates and choices,
        # the cell was found above and card numbers are checked against the database a batch
        # at a time; what full_clean would add is the text lengths.
        for attr, max_length in self.max_lengths.items():
            value = getattr(member, attr)
            if value and len(value) > max_length and attr not in errors:
                errors[attr] = [f"Dài {len(value)} ký tự, tối đa {max_length} ký tự."]
        try:
            member.clean()
        except ValidationError as exc:
            for attr, messages in exc.message_dict.items():
                errors.setdefault(attr, []).extend(m for m in messages if m not in errors.get(attr, []))
        return member, gaps, errors

    def locate(self, line: int, errors: dict) -> list[str]:
        located = []
        for attr, messages in errors.items():
            column = self.columns.get(attr) if attr != NON_FIELD_ERRORS else None
            where = f"Dòng {line}, cột “{column}”" if column else f"Dòng {line}"
            located.extend(dict.fromkeys(f"{where}: {message}" for message in messages))
        return located


def _preview_row(member, gaps, line) -> dict:
    return {
        "line": line,
        "full_name": member.full_name,
        "date_of_birth": member.date_of_birth,
        "card_number": member.card_number or "",
        "admission_date": member.admission_date,
        "official_date": member.official_date,
        "cell": member.cell.name if member.cell_id else "",
        "status": member.get_status_display(),
        "gaps": "; ".join(f"{g.start:%d/%m/%Y} – {g.end:%d/%m/%Y}" if g.end else f"{g.start:%d/%m/%Y} –" for g in gaps),
    }


def process(data: bytes, fmt: str, *, commit: bool, user=None, progress=None) -> CheckResult:
    """Check every row; with ``commit``, write them all in one transaction, or none.

    ``progress(done_rows)`` is called after each batch. Raises ``ImportRefused`` for a
    file refused as a whole; row problems are returned in ``result.errors``.
    """
    headers, rows = read_table(data, fmt)
    result = CheckResult(headers=headers)
    checker = RowChecker()
    missing = checker.missing_columns(headers)
    if missing:
        result.errors = [
            "Tệp thiếu cột: " + ", ".join(f"“{c}”" for c in missing) + ". Hãy dùng tệp mẫu (dòng đầu tiên là tên cột)."
        ]
        result.error_count = 1
        return result

    def add_errors(messages):
        result.error_count += len(messages)
        room = MAX_MESSAGES - len(result.errors)
        if room > 0:
            result.errors.extend(messages[:room])

    def flush(batch):
        cards = {m.card_number: line for line, m, _gaps in batch if m.card_number}
        if cards:
            for card in Member.objects.filter(card_number__in=list(cards)).values_list("card_number", flat=True):
                add_errors(
                    [f"Dòng {cards[card]}, cột “Số thẻ đảng viên”: Số thẻ {card} đã có trong danh sách đảng viên."]
                )
        if commit and result.ok:
            _write(batch, user, result)
        if progress is not None:
            progress(result.rows)

    atomic = transaction.atomic() if commit else _nullcontext()
    with atomic:
        batch = []
        for line, values in rows:
            result.rows += 1
            row = {h: v for h, v in zip(headers, values, strict=False) if h}
            member, gaps, errors = checker.check(line, row)
            if errors:
                add_errors(checker.locate(line, errors))
                continue
            if len(result.preview) < PREVIEW_ROWS:
                result.preview.append(_preview_row(member, gaps, line))
            batch.append((line, member, gaps))
            if len(batch) >= BATCH_SIZE:
                flush(batch)
                batch = []
        flush(batch)
        # Messages in spreadsheet order (database conflicts are found a batch later).
        result.errors.sort(key=_line_of)
        if commit and not result.ok:
            transaction.set_rollback(True)
            result.created_ids = []
    if result.rows == 0 and result.ok:
        result.errors = ["Tệp không có dòng dữ liệu nào: hãy điền đảng viên từ dòng thứ hai như tệp mẫu."]
        result.error_count = 1
    return result


class _nullcontext:
    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


def _line_of(message: str) -> int:
    match = re.match(r"Dòng (\d+)", message)
    return int(match.group(1)) if match else 0


def _write(batch, user, result) -> None:
    from simple_history.utils import bulk_create_with_history

    members = []
    for _line, member, _gaps in batch:
        member.fill_derived_fields()  # bulk_create skips save()
        members.append(member)
    history_user = user if getattr(user, "pk", None) else None
    created = bulk_create_with_history(
        members,
        Member,
        batch_size=BATCH_SIZE,
        default_user=history_user,
        default_change_reason="Nhập từ tệp",
    )
    result.created_ids.extend(m.pk for m in created)
    gaps = [
        MembershipGap(
            member=member,
            start=gap.start,
            end=gap.end,
            reason=MembershipGap.Reason.OTHER,
            note="Nhập từ tệp: hãy bổ sung lý do.",
        )
        for (_line, member, member_gaps) in batch
        for gap in member_gaps
    ]
    if gaps:
        bulk_create_with_history(
            gaps, MembershipGap, batch_size=BATCH_SIZE, default_user=history_user, default_change_reason="Nhập từ tệp"
        )


def check_file(data: bytes, fmt: str) -> CheckResult:
    return process(data, fmt, commit=False)


def import_file(data: bytes, fmt: str, *, user=None, progress=None) -> CheckResult:
    result = process(data, fmt, commit=True, user=user, progress=progress)
    if result.ok and result.created_ids:
        log_import(user, result.created_ids)
    return result


def log_import(user, ids) -> None:
    from core.audit import Action, log_access

    # A background worker has no request: the log row names the user who confirmed.
    log_access(SimpleNamespace(user=user, META={}), Action.IMPORTED, Member, ids)


# --- where the file waits between the preview and the confirmation ----------------
_NAME = re.compile(r"[0-9a-f]{32}")


class PrivateImportStorage(BaseStorage):
    """``IMPORT_EXPORT_TMP_STORAGE_CLASS``: files under ``VAR_DIR/private/imports``, mode 0600.

    The name in the confirmation form is a random 32-hex token, never a path; any other
    value is refused, so a posted name cannot reach (or delete) another file.
    """

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.read_mode = "rb"
        if self.name is not None and not _NAME.fullmatch(str(self.name)):
            raise ImportRefused("Tệp chờ nhập không hợp lệ hoặc đã hết hạn: hãy tải tệp lên lại.")

    @staticmethod
    def folder():
        return settings.VAR_DIR / "private" / "imports"

    def path(self):
        return self.folder() / self.name

    def save(self, data):
        if not self.name:
            self.name = os.urandom(16).hex()
        folder = self.folder()
        folder.mkdir(parents=True, exist_ok=True, mode=0o700)
        fd = os.open(self.path(), os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data if isinstance(data, bytes) else data.encode("utf-8"))
        prune_stale_files()

    def read(self):
        try:
            return self.path().read_bytes()
        except FileNotFoundError:
            raise ImportRefused(
                "Tệp chờ nhập đã hết hạn (tệp tải lên chỉ được giữ trong một thời gian): hãy tải tệp lên lại."
            ) from None

    def remove(self):
        try:
            self.path().unlink()
        except FileNotFoundError:
            pass


def prune_stale_files(max_age: int | None = None, now: float | None = None) -> int:
    """Delete waiting files older than ``max_age`` seconds (previews never confirmed); returns how many.

    Runs at every upload and from ``manage.py prune_import_files``; a file of an import
    still queued or running is kept.
    """
    from .models import ImportJob

    max_age = limit("PARTYSITE_IMPORT_TMP_MAX_AGE") if max_age is None else max_age
    now = time.time() if now is None else now
    folder = PrivateImportStorage.folder()
    if not folder.is_dir():
        return 0
    # A queued or running job's file is kept, unless the job has not moved for as long (its worker died).
    moving = datetime.fromtimestamp(now - max_age, tz=UTC)
    in_use = set(
        ImportJob.objects.filter(status__in=ImportJob.ACTIVE_STATUSES, updated_at__gte=moving).values_list(
            "file_name", flat=True
        )
    )
    removed = 0
    for entry in os.scandir(folder):
        if entry.name in in_use or not entry.is_file():
            continue
        if now - entry.stat().st_mtime > max_age:
            try:
                os.unlink(entry.path)
                removed += 1
            except FileNotFoundError:
                pass
    return removed


def prune_old_jobs(days: int | None = None) -> int:
    """Forget finished imports after ``PARTYSITE_IMPORT_JOB_KEEP_DAYS`` (their messages quote card numbers)."""
    from django.utils import timezone

    from .models import ImportJob

    days = int(getattr(settings, "PARTYSITE_IMPORT_JOB_KEEP_DAYS", 90)) if days is None else days
    cutoff = timezone.now() - timedelta(days=days)
    finished = ImportJob.objects.exclude(status__in=ImportJob.ACTIVE_STATUSES).filter(updated_at__lt=cutoff)
    return finished.delete()[0]
