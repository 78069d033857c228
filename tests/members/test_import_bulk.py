"""Large member imports: bulk checks, limits before parsing, serial dates, NFC, private temp files,
a preview of the data rows only, and background jobs with progress (issues 12.5, 13.6, 16.2)."""

import io
import os
import re
import tempfile
import time
import unicodedata
import zipfile
from datetime import date

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.models import DataAccessLog
from members import importing
from members.import_jobs import ImportJob
from members.models import Member, MembershipGap
from members.resources import MemberResource

from .factories import MemberFactory, PartyCellFactory

pytestmark = pytest.mark.django_db
IMPORT = reverse("admin:members_member_import")
PROCESS = reverse("admin:members_member_process_import")
HEADERS = [MemberResource().fields[f].column_name for f in MemberResource.IMPORT_FIELDS]


def _row(i=1, **values):
    row = dict.fromkeys(HEADERS, "")
    row.update(
        {
            "Họ và tên": f"Lò Văn Nhập {i}",
            "Ngày ra quyết định kết nạp": "19/05/2015",
            "Chi bộ": "Chi bộ Viễn thông",
            "Ngày chính thức": "19/05/2016",
            "Số thẻ đảng viên": f"9300007{i:05d}",
        }
    )
    row.update(values)
    return row


def _rows(count, **values):
    return [_row(i, **values) for i in range(1, count + 1)]


def _xlsx_bytes(rows, headers=HEADERS, blank_formatted=0):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    # The template pre-formats blank lines as text: they carry no data.
    for line in range(len(rows) + 2, len(rows) + 2 + blank_formatted):
        for column in range(1, len(headers) + 1):
            sheet.cell(row=line, column=column).number_format = "@"
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def _upload(data, name="dang-vien.xlsx"):
    return SimpleUploadedFile(name, data)


def _preview(client, data, fmt="0"):
    response = client.post(IMPORT, {"import_file": _upload(data), "format": fmt, "resource": "0"})
    assert response.status_code == 200
    return response


def _confirm(client, preview):
    confirm = preview.context["confirm_form"]
    return client.post(PROCESS, dict(confirm.initial))


def _form_errors(response):
    return [str(e) for e in response.context["form"].errors.get("import_file", [])]


@pytest.fixture
def cells(db):
    return [PartyCellFactory(name="Chi bộ Viễn thông"), PartyCellFactory(name="Chi bộ Văn phòng")]


@pytest.fixture
def logged_in(client, office, cells):
    client.force_login(office)
    return client


# --- speed: queries do not grow with the rows -------------------------------------------------
def test_checking_a_file_costs_the_same_few_queries_for_any_number_of_rows(cells, django_assert_num_queries):
    MemberFactory(card_number="930000999999", cell=cells[0])
    data = _xlsx_bytes(_rows(1500))
    # One query for the cells, one per batch of 1,000 rows for card numbers already on file.
    with django_assert_num_queries(3):
        result = importing.check_file(data, "xlsx")
    assert result.ok and result.rows == 1500


def test_preview_queries_do_not_grow_with_the_rows(logged_in):
    counts = []
    _preview(logged_in, _xlsx_bytes(_rows(1)))  # the session's first write
    for size in (5, 200):
        with CaptureQueriesContext(connection) as ctx:
            response = _preview(logged_in, _xlsx_bytes(_rows(size)))
        assert "confirm_form" in response.context
        counts.append(len(ctx.captured_queries))
    assert counts[0] == counts[1], counts


def test_import_writes_members_gaps_history_search_columns_and_the_access_log(logged_in, office):
    rows = _rows(3)
    rows[1]["Thời gian gián đoạn"] = "01/03/2017 – 01/03/2018"
    preview = _preview(logged_in, _xlsx_bytes(rows))
    response = _confirm(logged_in, preview)
    assert response.status_code == 302
    members = list(Member.objects.order_by("card_number"))
    assert [m.full_name for m in members] == ["Lò Văn Nhập 1", "Lò Văn Nhập 2", "Lò Văn Nhập 3"]
    assert all(m.search_text.strip().startswith("lo van nhap") and m.sort_key for m in members)
    assert [(g.start, g.end) for g in MembershipGap.objects.all()] == [(date(2017, 3, 1), date(2018, 3, 1))]
    history = Member.history.filter(history_type="+")
    assert history.count() == 3 and {h.history_user_id for h in history} == {office.pk}
    log = DataAccessLog.objects.get(action="imported", model="members.member")
    assert sorted(log.object_ids) == sorted(str(m.pk) for m in members)


def test_one_bad_row_among_many_imports_nothing_and_names_the_row(logged_in):
    rows = _rows(1200)
    rows[1100]["Ngày sinh"] = "31/02/1985"
    response = _preview(logged_in, _xlsx_bytes(rows))
    assert "confirm_form" not in response.context
    assert response.context["import_messages"] == [
        "Dòng 1102, cột “Ngày sinh”: “31/02/1985” không phải ngày hợp lệ: "
        "ghi theo dạng ngày/tháng/năm, ví dụ 25/08/1990."
    ]
    assert not Member.objects.exists()


def test_a_card_on_file_found_in_a_later_batch_rolls_back_the_batches_already_written(cells):
    MemberFactory(card_number="930000701150", cell=cells[0])
    result = importing.import_file(_xlsx_bytes(_rows(1200)), "xlsx")
    assert not result.ok
    assert result.errors == ["Dòng 1151, cột “Số thẻ đảng viên”: Số thẻ 930000701150 đã có trong danh sách đảng viên."]
    assert Member.objects.count() == 1


# --- limits, before parsing ----------------------------------------------------------------------
def _never_parsed(monkeypatch):
    def fail(*args, **kwargs):
        raise AssertionError("the file was parsed")

    monkeypatch.setattr("members.xlsx_rows.iter_rows", fail)
    monkeypatch.setattr("openpyxl.load_workbook", fail)


def test_too_many_rows_is_refused_before_parsing(logged_in, settings, monkeypatch):
    settings.PARTYSITE_IMPORT_MAX_ROWS = 10
    data = _xlsx_bytes(_rows(11))
    _never_parsed(monkeypatch)
    response = _preview(logged_in, data)
    assert _form_errors(response) == [
        "Tệp có 11 dòng, quá giới hạn 10 dòng cho một lần nhập: hãy chia thành nhiều tệp nhỏ hơn."
    ]
    assert not Member.objects.exists()


def test_a_sheet_that_hides_its_size_is_stopped_while_streaming(cells, settings):
    settings.PARTYSITE_IMPORT_MAX_ROWS = 10
    data = _xlsx_bytes(_rows(30))
    # Rewrite the declared dimension to claim two lines.
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                content = re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:R2"', content)
            target.writestr(info, content)
    with pytest.raises(importing.ImportRefused, match="quá giới hạn 10 dòng"):
        importing.import_file(out.getvalue(), "xlsx")
    assert not Member.objects.exists()


def test_a_small_file_that_unpacks_to_a_huge_one_is_refused_cheaply(logged_in, settings, monkeypatch):
    settings.PARTYSITE_IMPORT_MAX_UNPACKED_BYTES = 50 * 1024 * 1024
    data = io.BytesIO()
    with zipfile.ZipFile(data, "w", zipfile.ZIP_DEFLATED) as bomb:
        original = zipfile.ZipFile(io.BytesIO(_xlsx_bytes(_rows(2))))
        for info in original.infolist():
            bomb.writestr(info, original.read(info.filename))
        bomb.writestr("xl/media/padding.bin", b"\0" * (64 * 1024 * 1024))
    data = data.getvalue()
    assert len(data) < 1024 * 1024
    _never_parsed(monkeypatch)
    started = time.perf_counter()
    response = _preview(logged_in, data)
    assert time.perf_counter() - started < 5
    (message,) = _form_errors(response)
    assert message.startswith("Tệp giải nén ra 64 MB dữ liệu, quá giới hạn 50 MB")
    assert not os.path.exists(importing.PrivateImportStorage.folder()) or not os.listdir(
        importing.PrivateImportStorage.folder()
    )


def test_a_file_over_the_byte_limit_is_refused(logged_in, settings):
    settings.PARTYSITE_IMPORT_MAX_BYTES = 2000
    response = _preview(logged_in, _xlsx_bytes(_rows(20)))
    (message,) = _form_errors(response)
    assert "quá giới hạn" in message and "chia thành nhiều tệp" in message


# --- serial dates and NFC ----------------------------------------------------------------------------
def test_excel_serial_numbers_are_read_as_dates(logged_in):
    row = _row(**{"Ngày ra quyết định kết nạp": 33106, "Ngày sinh": 25000, "Ngày chính thức": "33471"})
    _confirm(logged_in, _preview(logged_in, _xlsx_bytes([row])))
    member = Member.objects.get()
    assert (member.admission_date, member.date_of_birth, member.official_date) == (
        date(1990, 8, 21),
        date(1968, 6, 11),
        date(1991, 8, 21),
    )


def test_a_year_alone_gets_a_sentence_saying_how_to_write_the_date(logged_in):
    response = _preview(logged_in, _xlsx_bytes([_row(**{"Ngày sinh": 1985})]))
    assert response.context["import_messages"] == [
        "Dòng 2, cột “Ngày sinh”: “1985” chỉ là một năm (hoặc một số ngày kiểu Excel): ghi đủ ngày/tháng/năm, "
        "ví dụ 25/08/1990."
    ]


def test_names_and_home_towns_are_stored_in_nfc(logged_in):
    name, hometown = unicodedata.normalize("NFD", "Nguyễn Thị Hường"), unicodedata.normalize("NFD", "Quảng Trị")
    _confirm(logged_in, _preview(logged_in, _xlsx_bytes([_row(**{"Họ và tên": name, "Quê quán": hometown})])))
    member = Member.objects.get()
    assert (member.full_name, member.hometown) == ("Nguyễn Thị Hường", "Quảng Trị")
    assert Member.objects.filter(full_name="Nguyễn Thị Hường").exists()


# --- the temporary file (issue 12.5) ----------------------------------------------------------------
def _token(preview):
    return preview.context["confirm_form"].initial["import_file_name"]


def test_preview_shows_a_token_never_a_server_path(logged_in):
    preview = _preview(logged_in, _xlsx_bytes([_row()]))
    token = _token(preview)
    assert re.fullmatch(r"[0-9a-f]{32}", token)
    html = preview.content.decode()
    assert tempfile.gettempdir() not in html and "/var/" not in html and "private" not in html
    stored = importing.PrivateImportStorage.folder() / token
    assert stored.exists() and (stored.stat().st_mode & 0o777) == 0o600


def test_posting_another_file_name_opens_and_deletes_nothing(logged_in):
    victim = tempfile.NamedTemporaryFile(delete=False)
    victim.write(b"not ours")
    victim.close()
    other = importing.PrivateImportStorage()
    other.save(_xlsx_bytes([_row()]))  # another office user's waiting file
    try:
        for name in (os.path.basename(victim.name), victim.name, other.name, "../../db.sqlite3"):
            response = logged_in.post(
                PROCESS, {"import_file_name": name, "original_file_name": "x.xlsx", "format": "0", "resource": "0"}
            )
            assert response.status_code == 302
        assert os.path.exists(victim.name) and other.path().exists()
        assert not Member.objects.exists()
    finally:
        os.unlink(victim.name)


def test_unconfirmed_files_are_deleted_after_the_set_time(logged_in, settings):
    settings.PARTYSITE_IMPORT_TMP_MAX_AGE = 600
    stale = importing.PrivateImportStorage.folder() / _token(_preview(logged_in, _xlsx_bytes([_row()])))
    fresh = importing.PrivateImportStorage.folder() / _token(_preview(logged_in, _xlsx_bytes([_row(2)])))
    old = time.time() - 601
    os.utime(stale, (old, old))
    call_command("prune_import_files")
    assert not stale.exists() and fresh.exists()
    # Also at every upload, so nothing depends on a timer being set up.
    os.utime(fresh, (old, old))
    _preview(logged_in, _xlsx_bytes([_row(3)]))
    assert not fresh.exists()


def test_the_file_is_removed_once_imported(logged_in):
    preview = _preview(logged_in, _xlsx_bytes([_row()]))
    stored = importing.PrivateImportStorage.folder() / _token(preview)
    _confirm(logged_in, preview)
    assert Member.objects.count() == 1 and not stored.exists()


def test_a_file_confirmed_twice_is_imported_once(logged_in):
    preview = _preview(logged_in, _xlsx_bytes([_row()]))
    _confirm(logged_in, preview)
    response = _confirm(logged_in, preview)
    assert response.status_code == 302
    assert Member.objects.count() == 1


# --- the preview and the column list (issue 13.6) -----------------------------------------------------
def test_preview_lists_only_rows_with_data_and_the_gap_column(logged_in):
    rows = _rows(3)
    rows[2]["Thời gian gián đoạn"] = "01/03/2017 – 01/03/2018"
    response = _preview(logged_in, _xlsx_bytes(rows, blank_formatted=497))
    html = response.content.decode()
    body = html.split('id="import-preview"', 1)[1].split("</table>", 1)[0]
    assert body.count("<tr>") == 4  # the header and three members
    # No "skipped" rows from the template's pre-formatted blank lines (the page itself may say
    # "Bỏ qua" in its skip-to-content link).
    assert "Bỏ qua" not in body and "Skipped" not in html and 'class="skip"' not in html
    assert "Thời gian gián đoạn" in body and "01/03/2017 – 01/03/2018" in body
    assert "3 đảng viên sẽ được thêm" in html


def test_import_page_lists_the_columns_in_nfc_outside_a_monospace_block(logged_in):
    html = logged_in.get(IMPORT).content.decode()
    assert "<code>" not in html
    columns = html.split('class="import-columns"', 1)[1].split("</ul>", 1)[0]
    for header in HEADERS:
        assert f"<li>{header}</li>" in columns
    assert unicodedata.is_normalized("NFC", columns)


# --- background import with progress (issue 16.2) ------------------------------------------------------
@pytest.fixture
def worker_backend(settings, monkeypatch):
    # The real queue and `manage.py db_worker`, as production runs them (django-tasks resets
    # its backends when TASKS changes).
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    settings.PARTYSITE_IMPORT_BACKGROUND_ROWS = 5
    # The worker's connection housekeeping would close the test's transaction on PostgreSQL
    # (it is not in autocommit); everything else is the real `db_worker` loop.
    monkeypatch.setattr("django_tasks_db.management.commands.db_worker.close_old_connections", lambda: None)


def run_worker():
    """`manage.py db_worker --batch` in this process, until the queue is empty.

    The worker installs its own SIGINT/SIGTERM handlers and leaves them behind; put the
    test run's back so that Ctrl+C still stops pytest.
    """
    import signal

    saved = {sig: signal.getsignal(sig) for sig in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--interval", "0", "--no-startup-delay")
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)


def _job_page(client, job):
    return client.get(reverse("admin:members_member_import_job", args=[job.pk]))


def test_a_large_import_runs_in_the_worker_with_a_progress_page(
    logged_in, worker_backend, django_capture_on_commit_callbacks
):
    preview = _preview(logged_in, _xlsx_bytes(_rows(12)))
    assert preview.context["background"] is True
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(logged_in, preview)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == reverse(
        "admin:members_member_import_job", args=[job.pk]
    )
    assert (job.status, job.total_rows, Member.objects.count()) == ("queued", 12, 0)
    page = _job_page(logged_in, job).content.decode()
    assert '<progress id="import-progress" max="100" value="0">' in page and "Đang chờ" in page
    assert re.findall(r"<script(?![^>]*\bsrc=)[^>]*>", page) == []  # no inline script (CSP)
    assert "js/import-progress.js" in page

    run_worker()

    job.refresh_from_db()
    assert (job.status, job.imported_count, job.done_rows, job.percent) == ("done", 12, 12, 100)
    assert Member.objects.count() == 12
    status = logged_in.get(reverse("admin:members_member_import_job_status", args=[job.pk])).json()
    assert status == {
        "status": "done",
        "status_display": "Đã nhập xong",
        "percent": 100,
        "done_rows": 12,
        "total_rows": 12,
        "active": False,
    }
    page = _job_page(logged_in, job).content.decode()
    assert "Đã nhập 12 đảng viên" in page and "import-progress.js" not in page
    assert not (importing.PrivateImportStorage.folder() / job.file_name).exists()
    # The import page lists it, to come back to.
    assert job.original_name in logged_in.get(IMPORT).content.decode()


def test_a_background_import_that_finds_a_new_conflict_imports_nothing(
    logged_in, worker_backend, cells, django_capture_on_commit_callbacks
):
    preview = _preview(logged_in, _xlsx_bytes(_rows(12)))
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(logged_in, preview)
    # Someone records one of the file's card numbers between the preview and the worker.
    MemberFactory(card_number="930000700007", cell=cells[0])
    run_worker()
    job = ImportJob.objects.get()
    assert job.status == "failed"
    assert job.messages == ["Dòng 8, cột “Số thẻ đảng viên”: Số thẻ 930000700007 đã có trong danh sách đảng viên."]
    assert Member.objects.count() == 1
    assert "Dòng 8" in _job_page(logged_in, job).content.decode()


def test_without_a_worker_development_runs_the_job_in_process(logged_in, settings, django_capture_on_commit_callbacks):
    settings.PARTYSITE_IMPORT_BACKGROUND_ROWS = 5
    preview = _preview(logged_in, _xlsx_bytes(_rows(8)))
    with django_capture_on_commit_callbacks(execute=True):
        response = _confirm(logged_in, preview)
    job = ImportJob.objects.get()
    assert response["Location"].endswith(f"/import/job/{job.pk}/")
    assert job.status == "done" and Member.objects.count() == 8


def test_another_users_job_is_not_shown(client, logged_in, django_user_model, settings):
    settings.PARTYSITE_IMPORT_BACKGROUND_ROWS = 5
    _confirm(logged_in, _preview(logged_in, _xlsx_bytes(_rows(8))))
    job = ImportJob.objects.get()
    from django.contrib.auth.models import Group

    from core import roles

    other = django_user_model.objects.create_user(username="vanphong2", password="x" * 12, is_staff=True)
    other.groups.add(Group.objects.get(name=roles.OFFICE))
    client.force_login(other)
    assert _job_page(client, job).status_code == 404


def test_a_job_whose_worker_died_says_so_and_its_file_is_pruned(
    logged_in, worker_backend, settings, django_capture_on_commit_callbacks
):
    settings.PARTYSITE_IMPORT_TMP_MAX_AGE = 600
    with django_capture_on_commit_callbacks(execute=True):
        _confirm(logged_in, _preview(logged_in, _xlsx_bytes(_rows(8))))
    job = ImportJob.objects.get()
    stored = importing.PrivateImportStorage.folder() / job.file_name
    call_command("prune_import_files", verbosity=0)
    assert stored.exists()  # queued and recent: kept for the worker
    from datetime import timedelta

    from django.utils import timezone

    ImportJob.objects.filter(pk=job.pk).update(status="checking", updated_at=timezone.now() - timedelta(hours=1))
    old = time.time() - 3600
    os.utime(stored, (old, old))
    assert "không tiến triển đã lâu" in _job_page(logged_in, job).content.decode()
    call_command("prune_import_files", verbosity=0)
    assert not stored.exists()


# The worker as production starts it: `manage.py db_worker` in its own process, reading the
# queue from the database. It needs committed data (a transactional test) and a database
# another process can open (PostgreSQL), and a transactional test empties the database
# afterwards (the role groups other tests use), so it runs in a pytest session of its own:
#   PARTYSITE_TEST_WORKER_PROCESS=1 DATABASE_URL=postgres://… pytest tests/members/test_import_bulk.py -k worker_process
@pytest.mark.skipif(
    os.environ.get("PARTYSITE_TEST_WORKER_PROCESS") != "1", reason="run alone: PARTYSITE_TEST_WORKER_PROCESS=1"
)
@pytest.mark.django_db(transaction=True)
def test_the_worker_process_imports_a_queued_file(settings, cells, django_user_model):
    import subprocess
    import sys
    from pathlib import Path

    if connection.vendor != "postgresql":
        pytest.skip("needs a database another process can open (CI runs this on PostgreSQL)")
    user = django_user_model.objects.create_user(username="vanphong_worker", password="x" * 12, is_staff=True)
    storage = importing.PrivateImportStorage()
    storage.save(_xlsx_bytes(_rows(30)))
    job = ImportJob.objects.create(created_by=user, original_name="lon.xlsx", file_name=storage.name, total_rows=30)
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    from members.tasks import run_import_job

    run_import_job.enqueue(job.pk)
    db = connection.settings_dict
    env = {
        **os.environ,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "PARTYSITE_TASKS_BACKEND": "database",
        "PARTYSITE_VAR_DIR": str(settings.VAR_DIR),
    }
    root = Path(__file__).resolve().parents[2]
    subprocess.run(
        [sys.executable, "manage.py", "db_worker", "--batch", "--interval", "0", "--no-startup-delay"],
        cwd=root,
        env=env,
        check=True,
        timeout=120,
        capture_output=True,
    )
    job.refresh_from_db()
    assert (job.status, job.imported_count) == ("done", 30)
    assert Member.objects.count() == 30 and Member.history.filter(history_user=user).count() == 30
    assert not storage.path().exists()


def test_a_csv_with_too_many_lines_is_refused_before_parsing(logged_in, settings, monkeypatch):
    settings.PARTYSITE_IMPORT_MAX_ROWS = 10
    lines = [",".join(HEADERS)] + [",".join(str(r[h]) for h in HEADERS) for r in _rows(12)]
    monkeypatch.setattr("csv.reader", lambda *a, **k: pytest.fail("the file was parsed"))
    response = _preview(logged_in, ("\n".join(lines) + "\n").encode(), fmt="1")
    assert _form_errors(response) == [
        "Tệp có 12 dòng, quá giới hạn 10 dòng cho một lần nhập: hãy chia thành nhiều tệp nhỏ hơn."
    ]


@pytest.mark.parametrize("fmt", ["²", "9", "-1", ""])
def test_a_tampered_confirmation_is_refused_in_vietnamese(logged_in, fmt):
    preview = _preview(logged_in, _xlsx_bytes([_row()]))
    data = {**preview.context["confirm_form"].initial, "format": fmt}
    response = logged_in.post(PROCESS, data, follow=True)
    assert response.status_code == 200
    assert "Tệp chờ nhập không hợp lệ hoặc đã hết hạn" in response.content.decode()
    assert not Member.objects.exists()


def test_finished_jobs_are_forgotten_after_the_keeping_time(office):
    from datetime import timedelta

    from django.utils import timezone

    old = ImportJob.objects.create(created_by=office, original_name="a.xlsx", status="failed", messages=["Số thẻ 1"])
    recent = ImportJob.objects.create(created_by=office, original_name="b.xlsx", status="done")
    running = ImportJob.objects.create(created_by=office, original_name="c.xlsx", status="checking")
    ImportJob.objects.filter(pk__in=[old.pk, running.pk]).update(updated_at=timezone.now() - timedelta(days=91))
    call_command("prune_import_files", verbosity=0)
    assert set(ImportJob.objects.values_list("pk", flat=True)) == {recent.pk, running.pk}
