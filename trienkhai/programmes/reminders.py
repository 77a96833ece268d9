"""Daily reminders: tasks due within N days and overdue tasks, per lead unit, to the
users of that unit who report or keep its office, and to the responsible person's
accounts; in-app always, by e-mail when the user has an address."""

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.accounts.models import Role, User
from trienkhai.core import clock
from trienkhai.notifications.notify import notify_once
from trienkhai.programmes.models import Task


def due_tasks(days, today=None):
    """Open tasks with a deadline before today + days, grouped by lead unit."""
    today = today or clock.today()
    limit = today + datetime.timedelta(days=days)
    tasks = (
        Task.objects.filter(completed_on__isnull=True, deadline__lte=limit, lead_unit__isnull=False)
        .select_related("lead_unit", "responsible_person")
        .order_by("deadline")
    )
    by_unit = defaultdict(list)
    for task in tasks:
        by_unit[task.lead_unit].append(task)
    return by_unit


def recipients(unit, tasks):
    users = set(
        User.objects.filter(unit=unit, is_active=True, roles__role__in=[Role.REPORTER, Role.OFFICE])
    )
    people = {t.responsible_person_id for t in tasks if t.responsible_person_id}
    users |= set(User.objects.filter(person_id__in=people, is_active=True))
    return users


def send(days=7, today=None, *, email=True):
    """Returns {unit: (overdue, due_soon, notified users)}; running twice a day adds
    nothing the second time."""
    today = today or clock.today()
    summary = {}
    for unit, tasks in due_tasks(days, today).items():
        overdue = [t for t in tasks if t.deadline < today]
        soon = [t for t in tasks if t.deadline >= today]
        text = _(
            "%(unit)s: %(over)d nhiệm vụ quá hạn, %(soon)d nhiệm vụ đến hạn trong %(days)d "
            "ngày tới."
        ) % {"unit": unit.name, "over": len(overdue), "soon": len(soon), "days": days}
        notified = sum(
            notify_once(
                user,
                text=text,
                key=f"tasks:{unit.pk}:{today.isoformat()}",
                url=f"{reverse('programmes:tasks')}?unit={unit.code}&status=open",
                subject=_("Nhắc việc: nhiệm vụ đến hạn và quá hạn"),
                email=email,
            )
            for user in recipients(unit, tasks)
        )
        summary[unit] = (len(overdue), len(soon), notified)
    return summary
