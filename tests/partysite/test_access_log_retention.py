"""The access log keeps rows for a set period (default 5 years) and a nightly command prunes it (issue 12.8)."""

import io
from datetime import datetime, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone

from core.audit import prune_access_log, retention_cutoff
from core.models import DataAccessLog

pytestmark = pytest.mark.django_db


def _row(age: timedelta) -> DataAccessLog:
    return DataAccessLog.objects.create(
        action="viewed", model="members.member", at=timezone.now() - age, object_ids=["1"], object_count=1
    )


def test_default_retention_is_five_years():
    now = timezone.make_aware(datetime(2029, 3, 1, 12, 0))
    assert retention_cutoff(now) == timezone.make_aware(datetime(2024, 3, 1, 12, 0))
    leap = timezone.make_aware(datetime(2028, 2, 29, 12, 0))
    assert retention_cutoff(leap).date().isoformat() == "2023-02-28"


def test_command_deletes_only_rows_past_the_period_and_is_safe_to_run_again():
    old = [_row(timedelta(days=5 * 366 + 1)) for _ in range(3)]
    recent = _row(timedelta(days=5 * 365 - 2))
    today = _row(timedelta(0))
    out = io.StringIO()
    call_command("prune_access_log", stdout=out)
    assert "Đã xóa 3 mục" in out.getvalue()
    assert not DataAccessLog.objects.filter(pk__in=[r.pk for r in old]).exists()
    assert set(DataAccessLog.objects.values_list("pk", flat=True)) == {recent.pk, today.pk}
    again = io.StringIO()
    call_command("prune_access_log", stdout=again)
    assert "Đã xóa 0 mục" in again.getvalue()
    assert DataAccessLog.objects.count() == 2


def test_dry_run_counts_and_deletes_nothing():
    _row(timedelta(days=6 * 366))
    _row(timedelta(days=1))
    out = io.StringIO()
    call_command("prune_access_log", "--dry-run", stdout=out)
    assert "Sẽ xóa 1 mục" in out.getvalue()
    assert DataAccessLog.objects.count() == 2


def test_retention_follows_the_setting_and_prunes_in_batches(settings):
    settings.DATA_ACCESS_LOG_RETENTION_YEARS = 1
    for _ in range(5):
        _row(timedelta(days=400))
    keep = _row(timedelta(days=300))
    assert prune_access_log(batch_size=2) == 5
    assert list(DataAccessLog.objects.values_list("pk", flat=True)) == [keep.pk]


def test_personal_data_page_states_the_retention_period(client, office, settings):
    client.force_login(office)
    page = client.get("/quan-tri/du-lieu-ca-nhan/").content.decode()
    assert "Nhật ký truy cập được giữ 5 năm" in page
    settings.DATA_ACCESS_LOG_RETENTION_YEARS = 7
    assert "được giữ 7 năm" in client.get("/quan-tri/du-lieu-ca-nhan/").content.decode()
