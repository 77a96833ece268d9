"""What programmes ask of a person now, for the home page (core/todo.py): the open tasks
its unit leads (or the person answers for) due within a week or overdue, and the
implementing plans its unit must still issue for an upper programme (the
concretisation obligations of `matrix.py`). Two queries; reading never writes."""

import datetime

from django.db.models import Exists, OuterRef, Q
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.accounts.access import scope_for
from trienkhai.core.todo import Item
from trienkhai.programmes.models import Concretisation, PlanState, Programme, Task, plan_state

DAYS = 7  # the week ahead, as the daily reminders (programmes/reminders.py)
LIMIT = 20  # lines per kind; the task list and the programmes hold the rest
TASKS, PLANS = "tasks", "plans"


def items(user, today) -> list[Item]:
    unit = user.unit if user.unit_id else None
    writes = unit is not None and scope_for(user).writes_for(unit.path)
    return [
        *_tasks(user, unit if writes else None, today),
        *(_plans(unit, today) if writes else []),
    ]


def _tasks(user, unit, today):
    """Tasks whose progress the unit's writers report (`access.get_task_for_user`: the
    writers of its lead unit), and those naming the user's person as responsible, as
    the daily reminders tell them."""
    mine = Q(pk__in=[])
    if unit is not None:
        mine |= Q(lead_unit=unit)
    if user.person_id:
        mine |= Q(responsible_person_id=user.person_id)
    tasks = (
        Task.objects.for_user(user)
        .filter(mine, completed_on__isnull=True, deadline__lte=today + datetime.timedelta(DAYS))
        .select_related("lead_unit", "programme")
        .order_by("deadline", "pk")[:LIMIT]
    )
    found = []
    for task in tasks:
        text = task.title
        if unit is None or task.lead_unit_id != unit.pk:
            who = task.lead_unit.name if task.lead_unit_id else task.programme.title
            text = _("%(task)s (%(unit)s chủ trì)") % {"task": task.title, "unit": who}
        found.append(
            Item(text, task.get_absolute_url(), task.deadline, task.deadline < today, group=TASKS)
        )
    return found


def _plans(unit, today):
    """Upper programmes the unit must concretise and has no plan for yet; its writers
    issue the plan (`cascade.planning_unit`)."""
    has_plan = Programme.objects.filter(parent=OuterRef("programme"), unit=unit)
    obligations = (
        Concretisation.objects.filter(unit=unit)
        .exclude(Exists(has_plan))
        .select_related("programme")
        .order_by("due", "pk")[:LIMIT]
    )
    return [
        Item(
            _("Ban hành kế hoạch thực hiện %(p)s") % {"p": _lower_first(o.programme.title)},
            reverse("programmes:plan-create", args=[o.programme.uid]),
            o.due,
            plan_state(o.due, None, today) == PlanState.OVERDUE,
            group=PLANS,
        )
        for o in obligations
    ]


def _lower_first(title):
    """ "Chương trình …" inside a sentence: "kế hoạch thực hiện chương trình …"."""
    return title[:1].lower() + title[1:]
