"""Delete member-import files previewed but never confirmed (they hold birth dates, religion…),
and finished import jobs older than PARTYSITE_IMPORT_JOB_KEEP_DAYS (90 days).

Uploads already prune as they go; run this nightly too (cron or a systemd timer) so that a
site nobody imports into keeps nothing either.
"""

from django.core.management.base import BaseCommand

from members.importing import limit, prune_old_jobs, prune_stale_files


class Command(BaseCommand):
    help = "Xóa các tệp nhập đảng viên đã xem trước nhưng không được xác nhận, quá thời hạn giữ."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age",
            type=int,
            default=None,
            help="Giữ tệp tối đa bao nhiêu giây (mặc định PARTYSITE_IMPORT_TMP_MAX_AGE).",
        )

    def handle(self, *args, max_age=None, **options):
        removed = prune_stale_files(max_age if max_age is not None else limit("PARTYSITE_IMPORT_TMP_MAX_AGE"))
        jobs = prune_old_jobs()
        if options["verbosity"]:
            self.stdout.write(f"Đã xóa {removed} tệp nhập quá hạn và {jobs} lần nhập cũ.")
