"""Programme factories beyond factories.py: objectives, implementing plans (through the
cascade's own `create_plan`, which registers the plan's document), concretisation
obligations and milestones.

There is no service for an obligation or a milestone without a user: the concretise
page writes `Concretisation` rows itself, and `services.add_milestone` checks the
caller; these make the same rows, checked by the model's rules."""

import datetime
import itertools

from trienkhai.orgs.models import Level
from trienkhai.programmes.cascade import create_plan
from trienkhai.programmes.models import Concretisation, Milestone, Objective

from .factories import document, programme, reload, target, task

_numbers = itertools.count(1)

# The registry's suffix of a plan issued by a unit of that level.
_PLAN_SUFFIX = {Level.PROVINCE: "KH/TU", Level.DISTRICT: "KH/HU", Level.COMMUNE: "KH/ĐU"}


def objective(programme, text=None, *, order=1, **fields):
    return Objective.objects.create(
        programme=programme, order=order, text=text or f"Mục tiêu {next(_numbers)}", **fields
    )


def plan(
    upper,
    unit,
    *,
    symbol=None,
    issue_date=None,
    title=None,
    years=None,
    targets=(),
    tasks=(),
    take_tasks=(),
    user=None,
):
    """`unit`'s implementing plan of `upper`, issued by its document `symbol` on
    `issue_date`, through `cascade.create_plan`: `targets` [(upper_target, {year:
    value})], `take_tasks` the upper tasks taken on, `tasks` dicts of its own tasks."""
    n = next(_numbers)
    start_year, end_year = years or (upper.start_year, upper.end_year)
    return create_plan(
        upper,
        unit,
        title=title or f"Kế hoạch thực hiện {upper.title}",
        symbol=symbol or f"{100 + n}-{_PLAN_SUFFIX.get(unit.level, 'KH/ĐU')}",
        issue_date=issue_date or datetime.date(2021, 11, 20),
        start_year=start_year,
        end_year=end_year,
        targets=list(targets),
        tasks=list(tasks),
        take_tasks=list(take_tasks),
        user=user,
    )


def concretisation(programme, unit, due=None):
    """`unit` must issue its plan of `programme` by `due` (as the concretise page asks)."""
    made = Concretisation(programme=programme, unit=unit, due=due or datetime.date(2021, 11, 30))
    made.full_clean()
    made.save()
    return made


def milestone(task, title=None, due=None, *, expected_progress=0, done_on=None):
    """A dated step of `task`, within its dates (as `services.add_milestone` requires)."""
    due = due or task.deadline or task.start
    if (task.start and due < task.start) or (task.deadline and due > task.deadline):
        raise ValueError("a milestone falls within its task's dates")
    made = Milestone(
        task=task,
        title=title or f"Mốc {next(_numbers)}",
        due=due,
        expected_progress=expected_progress,
        done_on=done_on,
    )
    made.full_clean()
    made.save()
    return made


__all__ = [
    "concretisation",
    "document",
    "milestone",
    "objective",
    "plan",
    "programme",
    "reload",
    "target",
    "task",
]
