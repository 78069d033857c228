"""Load demo content: the committee, one account per role, cells, members, news and awards.

Idempotent: running it twice adds nothing the second time. Each app's demo content is a module of the demo app
(``demo/site.py``, ``members.py``, ``news.py``, ``awards.py``); this command runs them in dependency order.
"""

import importlib

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

DEMO_MODULES = ["demo.site", "demo.members", "demo.news", "demo.awards", "demo.documents"]


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu (chạy lại nhiều lần không tạo trùng)."

    def add_arguments(self, parser):
        parser.add_argument("--force", action="store_true", help="Cho phép chạy khi DJANGO_ENV=production.")

    def handle(self, *args, force=False, **options):
        if settings.PRODUCTION and not force:
            raise CommandError("Không nạp dữ liệu mẫu trên máy chủ thật (thêm --force nếu thật sự cần).")
        accounts_file = settings.VAR_DIR / "demo-accounts.txt"
        for module_name in DEMO_MODULES:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as exc:
                if exc.name != module_name:
                    raise
                continue
            with transaction.atomic():
                if module_name == "demo.site":
                    module.seed(self.stdout, accounts_file=accounts_file)
                else:
                    module.seed(self.stdout)
        if options["verbosity"] >= 1:
            self.stdout.write(self.style.SUCCESS("Đã nạp dữ liệu mẫu."))
            if accounts_file.exists():
                self.stdout.write(f"Tài khoản demo đã lưu trong {accounts_file}.")
