"""The cascade: a lower unit concretises an upper programme into its own plan, and
tasks are delegated down the tree. Each operation writes everything or nothing."""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.accounts.access import may_write_for_unit
from trienkhai.documents.registry import Draft, register
from trienkhai.programmes.models import Programme, ProgrammeKind, Target, TargetPlan, Task


def planning_unit(user, upper):
    """The user's unit, when it may issue an implementing plan for `upper`: a unit below
    the programme's unit, and a user who writes for it. PermissionDenied otherwise."""
    unit = user.unit
    if (
        unit is None
        or not may_write_for_unit(user, unit)
        or unit.pk == upper.unit_id
        or not unit.path.startswith(upper.unit.path)
    ):
        raise PermissionDenied(
            _("Chỉ đơn vị cấp dưới mới lập kế hoạch thực hiện chương trình này.")
        )
    return unit


@transaction.atomic
def create_plan(
    upper,
    unit,
    *,
    title,
    symbol,
    issue_date,
    start_year,
    end_year,
    targets,
    tasks,
    take_tasks,
    user=None,
):
    """Register the plan's document, create the plan with the upper targets it takes up
    (with the unit's own planned values), its own tasks, and the upper tasks it takes on
    as sub-tasks. `targets` is [(upper_target, {year: value})], `tasks` a list of dicts."""
    (document,) = register(
        [Draft(symbol=symbol, issue_date=issue_date, issuing_unit=unit, title=title, organ="BTV")]
    )
    plan = Programme(
        unit=unit,
        kind=ProgrammeKind.PLAN,
        parent=upper,
        document=document,
        title=title,
        start_year=start_year,
        end_year=end_year,
    )
    plan.full_clean()
    plan.save()
    for upper_target, values in targets:
        target = Target.objects.create(
            programme=plan,
            code=upper_target.code,
            name=upper_target.name,
            unit_of_measure=upper_target.unit_of_measure,
            value_type=upper_target.value_type,
            direction=upper_target.direction,
            aggregation=upper_target.aggregation,
            cumulative=upper_target.cumulative,
            upper=upper_target,
        )
        TargetPlan.objects.bulk_create(
            TargetPlan(target=target, year=year, value=value)
            for year, value in values.items()
            if value is not None
        )
    for upper_task in take_tasks:
        Task.objects.create(
            programme=plan,
            parent=upper_task,
            title=upper_task.title,
            lead_unit=unit,
            start=upper_task.start,
            deadline=upper_task.deadline,
            expected_output=upper_task.expected_output,
        )
    for data in tasks:
        Task.objects.create(
            programme=plan,
            lead_unit=data.get("lead_unit") or unit,
            title=data["title"],
            start=data.get("start"),
            deadline=data["deadline"],
            expected_output=data.get("expected_output") or "",
            responsible_person=data.get("responsible_person"),
            responsible_position=data.get("responsible_position"),
        )
    return plan


@transaction.atomic
def delegate(task, units, deadline, *, positions=None):
    """One sub-task per unit, in the same programme, led by that unit (and answered for
    by `positions[unit.pk]` when given). The checks are `services.delegate_task`'s."""
    created = []
    positions = positions or {}
    for unit in units:
        sub = Task(
            programme=task.programme,
            parent=task,
            title=task.title,
            lead_unit=unit,
            start=task.start,
            deadline=deadline,
            expected_output=task.expected_output,
            responsible_position=positions.get(unit.pk),
        )
        sub.full_clean(exclude=["coordinating_units"])
        sub.save()
        created.append(sub)
    return created
