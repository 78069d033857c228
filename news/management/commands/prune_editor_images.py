from django.core.management.base import BaseCommand

from news.editor_images import GRACE_DAYS, prune_editor_images


class Command(BaseCommand):
    help = "Xóa ảnh tải lên từ trình soạn thảo mà không bài nào (kể cả lịch sử sửa) còn dùng."

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, default=GRACE_DAYS, help="Chỉ xóa ảnh tải lên quá số ngày này.")
        parser.add_argument("--dry-run", action="store_true", help="Chỉ liệt kê, không xóa.")

    def handle(self, *args, days, dry_run, **options):
        removed = prune_editor_images(days, dry_run=dry_run)
        verb = "Sẽ xóa" if dry_run else "Đã xóa"
        for name in removed:
            self.stdout.write(f"  {name}")
        self.stdout.write(f"{verb} {len(removed)} ảnh không còn dùng.")
