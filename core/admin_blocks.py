"""Start page blocks for superusers: lockouts of the last 24 hours and the latest access-log rows."""

from datetime import timedelta

from django.apps import apps
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from core import dashboard
from core.models import DataAccessLog

LOG_ROWS = 8


def _model_name(label: str) -> str:
    try:
        return str(apps.get_model(label)._meta.verbose_name)
    except (LookupError, ValueError):
        return label


def _url(name: str) -> str:
    try:
        return reverse(name)
    except NoReverseMatch:  # axes' admin switched off (AXES_ENABLE_ADMIN = False)
        return ""


@dashboard.register("partysite.lockouts", superuser_only=True, section=dashboard.ADMIN, order=10)
def lockouts(viewer):
    """Who was locked out (django-axes) in the last 24 hours: one query."""
    if not apps.is_installed("axes"):
        return None
    from axes.models import AccessAttempt

    since = viewer.now - timedelta(hours=24)
    attempts = list(
        AccessAttempt.objects.filter(attempt_time__gte=since, failures_since_start__gte=settings.AXES_FAILURE_LIMIT)
        .only("username", "ip_address", "attempt_time", "failures_since_start")
        .order_by("-attempt_time")[: LOG_ROWS + 1]
    )
    url = _url("admin:axes_accessattempt_changelist")
    return dashboard.Block(
        title="Tài khoản bị khóa đăng nhập trong 24 giờ qua",
        items=[dashboard.Item("lượt bị khóa", len(attempts) if len(attempts) <= LOG_ROWS else f"{LOG_ROWS}+", url)],
        rows=[
            dashboard.Row(
                f"{a.username or '(không tên)'} – {a.ip_address or 'không rõ địa chỉ'}",
                detail=f"{a.failures_since_start} lần sai, lần cuối "
                f"{timezone.localtime(a.attempt_time):%H:%M %d/%m/%Y}",
            )
            for a in attempts[:LOG_ROWS]
        ],
    )


@dashboard.register("partysite.access_log", superuser_only=True, section=dashboard.ADMIN, order=20)
def access_log(viewer):
    """The latest rows of the personal-data access log (core.audit): one query."""
    rows = DataAccessLog.objects.only("at", "username", "action", "model", "object_count").order_by("-at", "-id")
    return dashboard.Block(
        title="Nhật ký truy cập dữ liệu cá nhân",
        rows=[
            dashboard.Row(
                f"{r.username or '(ẩn danh)'}: {r.get_action_display().lower()} {r.object_count} bản ghi "
                f"{_model_name(r.model)}",
                detail=f"{timezone.localtime(r.at):%H:%M %d/%m/%Y}",
            )
            for r in rows[:LOG_ROWS]
        ],
        empty="Chưa có lượt truy cập nào được ghi.",
        link=("Xem toàn bộ nhật ký", _url("admin:partysite_dataaccesslog_changelist")),
    )
