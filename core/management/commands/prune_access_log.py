"""Delete access-log rows older than the retention period (safe to run every night)."""

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.audit import prune_access_log, retention_cutoff


class Command(BaseCommand):
    help = (
        "Xóa các mục nhật ký truy cập dữ liệu cũ hơn thời hạn lưu (DATA_ACCESS_LOG_RETENTION_YEARS, mặc định 5 năm). "
        "Chạy lại nhiều lần không sao; --dry-run chỉ đếm."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Chỉ đếm số mục sẽ bị xóa, không xóa.")

    def handle(self, *args, **options):
        cutoff = retention_cutoff()
        count = prune_access_log(dry_run=options["dry_run"])
        years = settings.DATA_ACCESS_LOG_RETENTION_YEARS
        when = f"trước {timezone.localtime(cutoff):%d/%m/%Y} (giữ {years} năm)"
        if options["dry_run"]:
            self.stdout.write(f"Sẽ xóa {count} mục nhật ký truy cập {when}; chưa xóa gì (--dry-run).")
        else:
            self.stdout.write(f"Đã xóa {count} mục nhật ký truy cập {when}.")
