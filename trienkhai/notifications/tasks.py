"""The daily reminders as a background job: the worker runs `send_reminders` at
`TK_REMINDER_HOUR` (Hà Nội time) every day, each run queueing the next, so no cron is
needed where the worker runs (a cron line calling `send_reminders` still works)."""

import datetime
import io
import logging

from django.conf import settings
from django.core.management import call_command
from django.utils import timezone
from django_tasks import task, task_backends

log = logging.getLogger(__name__)


@task()
def daily_reminders(days: int = 7):
    out = io.StringIO()
    call_command("send_reminders", days=days, stdout=out)
    log.info("daily reminders:\n%s", out.getvalue())
    schedule_next()


def next_run(now=None) -> datetime.datetime:
    now = timezone.localtime(now or timezone.now())
    at = now.replace(hour=settings.TK_REMINDER_HOUR, minute=0, second=0, microsecond=0)
    return at if at > now else at + datetime.timedelta(days=1)


def schedule_next(now=None):
    """Queue the next daily run unless one is already waiting; None on a backend that
    does not keep jobs (tests, immediate mode)."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(task_backends[daily_reminders.backend], DatabaseBackend):
        return None

    waiting = DBTaskResult.objects.filter(
        task_path=daily_reminders.module_path, status="READY"
    ).first()
    if waiting is not None:
        return timezone.localtime(waiting.run_after)
    at = next_run(now)
    daily_reminders.using(run_after=at).enqueue()
    return at
