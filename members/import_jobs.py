"""A member import running in the background (django-tasks), watched on a progress page.

The office confirms a large file, the page shows a progress bar and can be left: the job
row keeps who started it, where it stands and, at the end, how many members were added or
why nothing was.
"""

from django.conf import settings
from django.db import models


class ImportJob(models.Model):
    class Status(models.TextChoices):
        QUEUED = "queued", "Đang chờ"
        CHECKING = "checking", "Đang kiểm tra"
        WRITING = "writing", "Đang ghi"
        DONE = "done", "Đã nhập xong"
        FAILED = "failed", "Không nhập được"

    ACTIVE_STATUSES = (Status.QUEUED, Status.CHECKING, Status.WRITING)

    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name="người nhập"
    )
    created_at = models.DateTimeField("bắt đầu lúc", auto_now_add=True)
    updated_at = models.DateTimeField("cập nhật lúc", auto_now=True)
    original_name = models.CharField("tên tệp", max_length=255)
    # A random token naming the file in members.importing.PrivateImportStorage, never a path.
    file_name = models.CharField(max_length=64, editable=False)
    file_format = models.CharField(max_length=8, default="xlsx", editable=False)
    status = models.CharField("tình trạng", max_length=10, choices=Status.choices, default=Status.QUEUED)
    total_rows = models.PositiveIntegerField("số dòng", default=0)
    done_rows = models.PositiveIntegerField("đã kiểm tra", default=0)
    imported_count = models.PositiveIntegerField("đã nhập", default=0)
    messages = models.JSONField("thông báo", default=list, blank=True)

    class Meta:
        verbose_name = "lần nhập đảng viên"
        verbose_name_plural = "các lần nhập đảng viên"
        ordering = ["-created_at", "-id"]
        default_permissions = ()

    def __str__(self):
        return f"{self.original_name} ({self.get_status_display().lower()})"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def percent(self) -> int:
        """Checking is the first half of the bar; writing (one transaction) the second."""
        if self.status == self.Status.DONE:
            return 100
        if self.status == self.Status.WRITING:
            return 90
        if not self.total_rows:
            return 0
        return min(89, round(89 * self.done_rows / self.total_rows))
