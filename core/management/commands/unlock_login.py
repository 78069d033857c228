"""Unlock an account locked by too many failed logins (django-axes), in one Vietnamese command.

``manage.py unlock_login USERNAME`` clears the lockouts of that username from every address;
``--ip`` narrows it to one address. axes' own ``axes_reset_username`` and ``axes_reset_ip``
do the same in English.
"""

from axes.utils import reset
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Mở khóa tài khoản bị khóa do đăng nhập sai nhiều lần."

    def add_arguments(self, parser):
        parser.add_argument("username", nargs="+", help="Tên đăng nhập cần mở khóa.")
        parser.add_argument("--ip", default=None, help="Chỉ mở khóa cho địa chỉ IP này.")

    def handle(self, *args, username, ip, **options):
        count = 0
        for name in username:
            count += reset(ip=ip, username=name) if ip else reset(username=name)
        if count:
            self.stdout.write(f"Đã mở khóa: xóa {count} lần đăng nhập sai của {', '.join(username)}.")
        else:
            self.stdout.write(f"Không có lần đăng nhập sai nào được ghi cho {', '.join(username)}.")
