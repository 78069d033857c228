"""Benchmark: checking and importing a member spreadsheet of N rows (issue 16, item 2).

Run from the project root:
    .venv/bin/python bench/bench_import.py                  # 20,000 rows, SQLite (a temporary file)
    .venv/bin/python bench/bench_import.py --rows 2000
    DATABASE_URL=postgres://postgres@127.0.0.1:5432/ps_x .venv/bin/python bench/bench_import.py
Options: --rows N (default 20000), --legacy (django-import-export's row-by-row path, as before
the bulk import; only for the before/after comparison, slow above a few thousand rows).

It builds a throw-away database, 20 cells and 1,000 members already on file (their card
numbers must be checked against), writes an .xlsx the way the office fills the template
(text dates, 5% of rows with a gap), then times the check (the preview) and the import,
and prints one line:
    import: sqlite, rows 20000, check 3.1 s, import 4.2 s, total 7.3 s (CPU 7.0 s), peak 180 MB (RSS), …
Target: total under 20 s on SQLite with memory bounded (the rows are streamed, not held
twice).

Measured 2026-12-07 on the shared 2-core machine (load average 3-4 from other work):
  before (--legacy, django-import-export row by row): 2,000 rows 10.0 s (check 5.2 + import 4.9);
    the issue measured 20,000 rows at 260 s + 294 s and 260 MB per worker.
  after: 2,000 rows 0.9 s; 20,000 rows 15.0 s on SQLite (check 2.7 + import 12.3, CPU 11.5 s),
    17.1 s on PostgreSQL; peak RSS 95 MB for the whole process (+1 MB during the import;
    Python's own allocation peak 9 MB); the 0.3 MB file that unpacks to 284 MB is refused in 0.1 ms.
"""

import argparse
import io
import os
import random
import resource
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "partysite.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

GIVEN = ["An", "Bình", "Cường", "Dũng", "Đức", "Hà", "Hải", "Lan", "Minh", "Nga", "Quyết", "Tâm", "Thu", "Vinh"]
FAMILY = ["Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Đỗ", "Vũ", "Đặng", "Bùi", "Lữ"]
MIDDLE = ["Văn", "Thị", "Hữu", "Ngọc", "Minh", "Thanh"]


def peak_mb() -> float:
    # ru_maxrss is in KiB on Linux.
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def build_existing(rng: random.Random, count: int = 1000):
    from members.models import Member, PartyCell

    cells = [PartyCell.objects.create(name=f"Chi bộ Đo tải {i}") for i in range(20)]
    members = []
    for i in range(count):
        member = Member(
            full_name=f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            admission_date=date(1980, 1, 1) + timedelta(days=rng.randrange(15000)),
            cell=rng.choice(cells),
            card_number=f"9100{i:08d}",
        )
        member.fill_derived_fields()
        members.append(member)
    Member.objects.bulk_create(members)
    return cells


def workbook(rows: int, cells, rng: random.Random) -> bytes:
    from openpyxl import Workbook

    from members.resources import MemberResource

    headers = [MemberResource().fields[name].column_name for name in MemberResource.IMPORT_FIELDS]
    book = Workbook(write_only=True)
    sheet = book.create_sheet("Đảng viên")
    sheet.append(headers)
    for i in range(rows):
        admission = date(1960, 1, 1) + timedelta(days=rng.randrange(22000))
        official = admission + timedelta(days=365 + rng.randrange(30))
        gaps = ""
        if i % 20 == 0:
            start = admission + timedelta(days=800)
            gaps = f"{start:%d/%m/%Y} – {start + timedelta(days=200):%d/%m/%Y}"
        values = {
            "Họ và tên": f"{rng.choice(FAMILY)} {rng.choice(MIDDLE)} {rng.choice(GIVEN)}",
            "Giới tính": rng.choice(["Nam", "Nữ"]),
            "Ngày sinh": f"{admission - timedelta(days=9000 + rng.randrange(3000)):%d/%m/%Y}",
            "Quê quán": "xã Tân Lập, tỉnh Hòa Bình Xanh",
            "Dân tộc": "Kinh",
            "Tôn giáo": "Không",
            "Số thẻ đảng viên": f"9300{i:08d}",
            "Số lý lịch": f"LL-{i}",
            "Ngày ra quyết định kết nạp": f"{admission:%d/%m/%Y}",
            "Ngày kết nạp": f"{admission:%d/%m/%Y}",
            "Ngày chính thức": f"{official:%d/%m/%Y}",
            "Chi bộ": rng.choice(cells).name,
            "Chức vụ chính quyền": "Chuyên viên",
            "Chức vụ Đảng": "",
            "Tình trạng": "Chính thức",
            "Tình trạng từ ngày": "",
            "Thời gian gián đoạn": gaps,
            "Ghi chú": "",
        }
        sheet.append([values[h] for h in headers])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def refuse_bomb() -> tuple[float, float]:
    """(MB, milliseconds): a small .xlsx that unpacks to 284 MB (issue 16's example) and the time to refuse it."""
    import zipfile

    from members import importing

    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as bomb:
        bomb.writestr("xl/workbook.xml", "<workbook/>")
        with bomb.open("xl/worksheets/sheet1.xml", "w") as sheet:  # written in pieces: never 284 MB in memory
            sheet.write(b"<worksheet>")
            for _ in range(284):
                sheet.write(b" " * (1024 * 1024))
            sheet.write(b"</worksheet>")
    data = buffer.getvalue()
    started = time.perf_counter()
    try:
        importing.check_file(data, "xlsx")
    except importing.ImportRefused:
        return len(data) / 1e6, (time.perf_counter() - started) * 1000
    raise AssertionError("the bomb was not refused")


def run_legacy(data: bytes):
    """The path before the bulk import: django-import-export's dry run, then the real run."""
    from import_export.formats.base_formats import XLSX

    from members.resources import MemberResource

    dataset = XLSX().create_dataset(data)
    started = time.perf_counter()
    result = MemberResource().import_data(dataset, dry_run=True)
    assert not result.has_errors() and not result.has_validation_errors(), "legacy check failed"
    checked = time.perf_counter()
    dataset = XLSX().create_dataset(data)
    MemberResource().import_data(dataset, dry_run=False)
    return checked - started, time.perf_counter() - checked


def run_bulk(data: bytes):
    from members import importing

    started = time.perf_counter()
    checked_rows = importing.check_file(data, "xlsx")
    assert not checked_rows.errors, checked_rows.errors[:5]
    checked = time.perf_counter()
    importing.import_file(data, "xlsx", user=None)
    return checked - started, time.perf_counter() - checked


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--rows", type=int, default=20000)
    parser.add_argument("--legacy", action="store_true")
    parser.add_argument(
        "--tracemalloc", action="store_true", help="Also report Python's own allocation peak (about 2x slower)."
    )
    args = parser.parse_args()

    # As production runs: no query log (DEBUG keeps every SQL string with its parameters).
    settings.DEBUG = False
    db = settings.DATABASES["default"]
    tmpdir = None
    if connection.vendor == "sqlite":
        tmpdir = tempfile.mkdtemp(prefix="bench-import-")
        db["TEST"]["NAME"] = str(Path(tmpdir) / "bench.sqlite3")
    else:
        db["TEST"]["NAME"] = f"bench_import_{db['NAME']}"
    # Bigger than any file the bench writes: the limits are measured elsewhere.
    settings.PARTYSITE_IMPORT_MAX_ROWS = max(args.rows + 10, getattr(settings, "PARTYSITE_IMPORT_MAX_ROWS", 0))
    old_name = connection.creation.create_test_db(verbosity=0, autoclobber=True, serialize=False)
    try:
        from members.models import Member

        rng = random.Random(16)
        cells = build_existing(rng)
        data = workbook(args.rows, cells, rng)
        before = peak_mb()
        if args.tracemalloc:
            import tracemalloc

            tracemalloc.start()
        cpu = time.process_time()
        check_s, import_s = (run_legacy if args.legacy else run_bulk)(data)
        traced = ""
        if args.tracemalloc:
            traced = f", Python peak {tracemalloc.get_traced_memory()[1] / 1e6:.0f} MB"
            tracemalloc.stop()
        assert Member.objects.count() == 1000 + args.rows
        peak = peak_mb()
        cpu = time.process_time() - cpu
        bomb_mb, bomb_ms = refuse_bomb()
        label = "import (legacy)" if args.legacy else "import"
        print(
            f"{label}: {connection.vendor}, rows {args.rows}, check {check_s:.1f} s, import {import_s:.1f} s, "
            f"total {check_s + import_s:.1f} s (CPU {cpu:.1f} s), peak {peak:.0f} MB (RSS), +{peak - before:.0f} MB, "
            f"file {len(data) / 1e6:.1f} MB{traced}; "
            f"a {bomb_mb:.1f} MB file unpacking to 284 MB refused in {bomb_ms:.1f} ms"
        )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)
        if tmpdir:
            import shutil

            shutil.rmtree(tmpdir, ignore_errors=True)


if __name__ == "__main__":
    main()
