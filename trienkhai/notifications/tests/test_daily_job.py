"""The daily reminders as a job of the background worker."""

import datetime

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from trienkhai.notifications import tasks

pytestmark = pytest.mark.django_db
HANOI = timezone.get_fixed_timezone(7 * 60)


def test_the_next_run_is_at_seven_in_hanoi_today_or_tomorrow(settings):
    settings.TK_REMINDER_HOUR = 7
    before = datetime.datetime(2021, 12, 24, 6, 30, tzinfo=HANOI)
    after = datetime.datetime(2021, 12, 24, 7, 30, tzinfo=HANOI)
    assert timezone.localtime(tasks.next_run(before)).strftime("%d/%m %H:%M") == "24/12 07:00"
    assert timezone.localtime(tasks.next_run(after)).strftime("%d/%m %H:%M") == "25/12 07:00"


def test_scheduling_twice_queues_one_run_for_the_worker(capsys):
    call_command("send_reminders", "--schedule")
    call_command("send_reminders", "--schedule")
    waiting = DBTaskResult.objects.filter(task_path=tasks.daily_reminders.module_path)
    assert waiting.count() == 1
    assert "lần chạy tới lúc" in capsys.readouterr().out


# The worker closes its connection after a job: a transactional test, as a worker runs.
@pytest.mark.django_db(transaction=True)
def test_the_worker_sends_the_reminders_and_queues_the_next_day(world):
    tasks.daily_reminders.enqueue()
    call_command("db_worker", "--batch", "--no-startup-delay", verbosity=0)
    runs = DBTaskResult.objects.filter(task_path=tasks.daily_reminders.module_path)
    assert runs.filter(status="SUCCESSFUL").count() == 1
    assert runs.filter(status="READY", run_after__gt=timezone.now()).count() == 1
