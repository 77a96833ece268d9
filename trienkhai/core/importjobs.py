"""Large imports run as a background job (Django's tasks API) with progress, instead of
holding the request: the page stores the file in an `ImportJob` and sends the user to
its page, which follows the job (HTMX, every second) and ends on what was stored or on
every row's problem. The import itself stays all or nothing, as in the request.

An app's importer offers `work(job, progress)`: it reads `job.file`, calls
`progress(percent, step)` between its phases (the write is one transaction, so it is
not split to report inside it), and returns the summary to show, or raises
`Refused(problems)` with rows that `problem()` describes, having stored nothing.
"""

import logging

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core.models import ImportJob

log = logging.getLogger(__name__)
State = ImportJob.State


class Refused(Exception):
    def __init__(self, problems):
        super().__init__(f"{len(problems)} problems")
        self.problems = problems


def problem(row, column, message, sheet=""):
    column = f"{sheet} · {column}" if sheet and column else (column or sheet)
    return {"row": row, "column": str(column), "message": str(message)}


def in_background(rows: int) -> bool:
    """Whether a file of `rows` rows is imported by the worker (TK_IMPORT_INLINE_ROWS)."""
    return rows > settings.IMPORT_INLINE_ROWS


def start(user, kind, upload, *, rows, task, next_url="", params=None):
    """Store the file and queue `task` (an app's @task taking the job's uid)."""
    upload.seek(0)
    job = ImportJob(
        requested_by=user, kind=kind, name=upload.name[:255], rows=rows, params=params or {}
    )
    job.next_url = next_url
    job.file.save(upload.name[-100:], upload, save=False)
    job.save()
    transaction.on_commit(lambda: task.enqueue(str(job.uid)))
    log.info("import %s by %s queued: %s, %d rows", kind, user, job.name, rows)
    return job


def run(job_uid, work):
    """What the worker does for a job: run `work`, keep its progress and its outcome."""
    job = ImportJob.objects.filter(uid=job_uid).first()
    if job is None or job.is_finished:
        return
    ImportJob.objects.filter(pk=job.pk).update(
        state=State.RUNNING, progress=5, step=_("Đang đọc tệp")
    )

    def progress(percent, step):
        ImportJob.objects.filter(pk=job.pk).update(progress=min(int(percent), 99), step=step)

    outcome = {"state": State.DONE, "progress": 100, "step": "", "finished_at": None}
    try:
        outcome["summary"] = work(job, progress)
    except Refused as exc:
        outcome |= {"state": State.FAILED, "problems": exc.problems}
    except Exception:  # the job must end, and say so, whatever went wrong
        log.exception("import job %s failed", job.uid)
        outcome |= {
            "state": State.FAILED,
            "summary": _("Có lỗi khi nhập tệp; chưa có gì được ghi. Hãy thử lại sau."),
        }
    outcome["finished_at"] = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(**outcome)
