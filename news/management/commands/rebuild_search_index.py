"""Rebuild the article search index (FTS5 on SQLite, the narrow table on PostgreSQL) and its triggers.

Safe at any time: after a restore, after a migration that copied the article table on SQLite
(which drops its triggers; ``manage.py check --database default`` reports it as news.E001), or
when search results look wrong.
"""

from django.core.management.base import BaseCommand
from django.db import DEFAULT_DB_ALIAS, connections, transaction

from news.models import Article
from news.search import rebuild_index


class Command(BaseCommand):
    help = "Tạo lại chỉ mục tìm kiếm tin bài (và các trigger giữ nó khớp với bảng tin bài)."

    def add_arguments(self, parser):
        parser.add_argument("--database", default=DEFAULT_DB_ALIAS)

    def handle(self, *args, database, **options):
        with transaction.atomic(using=database):
            rebuild_index(connections[database])
        count = Article.objects.using(database).count()
        self.stdout.write(f"Đã tạo lại chỉ mục tìm kiếm cho {count} tin bài.")
