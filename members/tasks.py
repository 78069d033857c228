"""Background work of the member registry (django-tasks; see docs/deploy.md for the worker).

django-tasks is the backport of Django 6's own task API: the code here stays as it is when
the project moves to Django 6, and its database backend (django-tasks-db) needs no broker,
so a large import survives without Redis; in development the tasks run in-process.
"""

import logging

from django.contrib.auth import get_user_model
from django_tasks import task

from . import importing
from .import_jobs import ImportJob

logger = logging.getLogger(__name__)


@task()
def run_import_job(job_id: int) -> int:
    """Check the whole file again (the registry may have changed since the preview), then write it.

    Returns the number of members added. The check updates the progress row after every
    batch; the writing is one transaction, so a worker killed half-way leaves nothing.
    """
    job = ImportJob.objects.get(pk=job_id)
    if job.status != ImportJob.Status.QUEUED:
        return job.imported_count  # already run (a task delivered twice)
    user = get_user_model().objects.filter(pk=job.created_by_id).first()
    storage = importing.PrivateImportStorage(name=job.file_name)

    def update(**changes):
        ImportJob.objects.filter(pk=job.pk).update(**changes)
        for key, value in changes.items():
            setattr(job, key, value)

    update(status=ImportJob.Status.CHECKING)
    try:
        data = storage.read()
        checked = importing.process(data, job.file_format, commit=False, progress=lambda done: update(done_rows=done))
        if not checked.ok:
            update(status=ImportJob.Status.FAILED, messages=checked.errors, total_rows=checked.rows)
            return 0
        update(status=ImportJob.Status.WRITING, done_rows=checked.rows, total_rows=checked.rows)
        result = importing.import_file(data, job.file_format, user=user)
        if not result.ok:
            update(status=ImportJob.Status.FAILED, messages=result.errors)
            return 0
        update(status=ImportJob.Status.DONE, imported_count=len(result.created_ids), messages=[])
        return len(result.created_ids)
    except importing.ImportRefused as exc:
        update(status=ImportJob.Status.FAILED, messages=[str(exc)])
        return 0
    except Exception:
        logger.exception("Member import job %s failed", job.pk)
        update(
            status=ImportJob.Status.FAILED,
            messages=["Lỗi hệ thống khi nhập: không đảng viên nào được thêm. Hãy thử lại hoặc báo quản trị viên."],
        )
        raise
    finally:
        if job.status in (ImportJob.Status.DONE, ImportJob.Status.FAILED):
            storage.remove()
