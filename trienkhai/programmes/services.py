"""Every write to a programme's plans and tasks, one function per act. Each owns its
checks and refuses with `ValidationError({field: message})` (saving nothing) or
`PermissionDenied`; the pages, the API and the importers only parse input into a call.

- `issue_plan`: a lower unit issues its implementing plan for an upper programme;
- `save_task`: add a task to a programme or change one ("5 rõ": who leads, who
  coordinates, who answers for it, from when, by when, what it produces);
- `delegate_task`: give a task to lower units, each its own sub-task;
- `add_milestone`: a dated step of a task;
- `record_progress`: a task's progress and, when done, its completion day;
- `save_target`: add a target to a programme or change one, with its yearly plans.
"""

import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.accounts.access import may_change_programme, may_write_for_unit
from trienkhai.core import clock, versions
from trienkhai.core.bounds import check_dates, year_problem
from trienkhai.documents.registry import RegistrationError, check_document
from trienkhai.orgs.models import OrgUnit, Person, Position
from trienkhai.orgs.scope import is_below
from trienkhai.programmes.cascade import create_plan, delegate, planning_unit
from trienkhai.programmes.models import Milestone, Programme, Target, TargetPlan, Task

# The years a programme or plan may span: a term of office and the strategies beyond it.


def _in_unit(unit, root) -> bool:
    return unit.pk == root.pk or is_below(unit.path, root.path)


def _refuse(errors):
    if errors:
        raise ValidationError({k: v if isinstance(v, list) else [v] for k, v in errors.items()})


def check_years(errors, start_year, end_year):
    """The one rule for a programme's or plan's years: each within YEAR_MIN–YEAR_MAX (a
    programme page builds a column per year), the end not before the start."""
    for key, year in (("start_year", start_year), ("end_year", end_year)):
        if problem := year_problem(year):
            errors[key] = problem
    if "start_year" not in errors and "end_year" not in errors and end_year < start_year:
        errors["end_year"] = _("Năm kết thúc phải từ năm bắt đầu trở đi.")


def _check_dates(errors, start, deadline, *, key="deadline"):
    check_dates(errors, start=start, **{key: deadline})
    if "start" not in errors and key not in errors and start and deadline and deadline < start:
        errors[key] = _("Hạn hoàn thành phải sau ngày bắt đầu.")


def _check_responsible(errors, root, person, position):
    """The person or position that answers for a task belongs to the programme's unit
    or a unit below it."""
    if position is not None and not _in_unit(position.unit, root):
        errors["responsible_position"] = _(
            "Chức vụ chịu trách nhiệm phải thuộc đơn vị của chương trình hoặc cấp dưới."
        )
    if person is not None and not any(
        _in_unit(unit, root)
        for unit in OrgUnit.objects.filter(positions__tenures__person=person).distinct()
    ):
        errors["responsible_person"] = _(
            "Người chịu trách nhiệm phải là cán bộ của đơn vị chương trình hoặc cấp dưới."
        )


def issue_plan(user, upper: Programme, **plan) -> Programme:
    """The user's unit issues its plan for `upper`, with its document (registered by the
    registry's rule), the upper targets it takes up with its own yearly values
    (`targets`: [(code, {year: value})]), the upper tasks it takes on (`take_tasks`:
    uids) and its own tasks (`tasks`: dicts of title, lead_unit, start, deadline,
    expected_output, responsible_person, responsible_position). Besides those: title,
    symbol, issue_date, start_year, end_year (the upper programme's years by default)."""
    unit, errors, resolved = _check_plan(user, upper, **plan)
    _refuse(errors)
    try:
        return create_plan(upper, unit, **resolved, user=user)
    except RegistrationError as exc:  # registered by someone else meanwhile
        raise ValidationError({"symbol": [m for _f, m in exc.errors]}) from None


def plan_problems(user, upper: Programme, **plan) -> dict:
    """What `issue_plan` would refuse, by field, for a page that shows every problem at
    once (also when some fields could not be read: those are None)."""
    return _check_plan(user, upper, **plan)[1]


def _check_plan(
    user,
    upper,
    *,
    title,
    symbol,
    issue_date,
    start_year=None,
    end_year=None,
    targets=(),
    tasks=(),
    take_tasks=(),
):
    unit = planning_unit(user, upper)
    if Programme.objects.filter(parent=upper, unit=unit).exists():
        raise ValidationError({"unit": [_("Đơn vị đã có kế hoạch thực hiện chương trình này.")]})
    start_year = start_year or upper.start_year
    end_year = end_year or upper.end_year
    errors = {}
    # The plan's document is registered with it: who may issue the plan (planning_unit)
    # registers its document, whatever the registry's own rule for the unit's office.
    _parsed, doc_errors = check_document(
        symbol=symbol or "", issue_date=issue_date, issuing_unit=unit, title=title or ""
    )
    errors.update(doc_errors)
    check_years(errors, start_year, end_year)
    span = range(start_year, end_year + 1)

    by_code = {t.code: t for t in upper.targets.all()}
    codes = [str(code) for code, _values in targets]
    uids = [str(u) for u in take_tasks]
    if len(codes) != len(set(codes)) or len(uids) != len(set(uids)):
        errors["targets"] = _("Mỗi chỉ tiêu, nhiệm vụ chỉ được ghi một lần.")
    unknown = [c for c in codes if c not in by_code]
    if unknown:
        errors["targets"] = _("Không có chỉ tiêu mã %(c)s.") % {"c": ", ".join(unknown)}
    for _code, values in targets:
        for year, value in values.items():
            if value is not None and (not str(year).isdigit() or int(year) not in span):
                errors["targets"] = _("Năm “%(y)s” nằm ngoài giai đoạn %(span)s.") % {
                    "y": year,
                    "span": f"{start_year}-{end_year}",
                }
    upper_tasks = {str(t.uid): t for t in upper.tasks.filter(parent__isnull=True)}
    missing = [u for u in uids if u not in upper_tasks]
    if missing:
        errors["take_tasks"] = _("Không có nhiệm vụ %(t)s.") % {"t": ", ".join(missing)}

    own, task_errors = [], []
    for row, data in enumerate(tasks, 1):
        if not (data.get("title") or "").strip():
            continue
        found = {}
        lead = data.get("lead_unit") or unit
        if not _in_unit(lead, unit):
            found["lead_unit"] = _("Đơn vị chủ trì phải thuộc đơn vị lập kế hoạch.")
        if not data.get("deadline"):
            found["deadline"] = _("Nhiệm vụ cần có hạn hoàn thành.")
        _check_dates(found, data.get("start"), data.get("deadline"))
        _check_responsible(
            found, unit, data.get("responsible_person"), data.get("responsible_position")
        )
        task_errors += [_("Nhiệm vụ %(n)d: %(m)s") % {"n": row, "m": m} for m in found.values()]
        own.append({**data, "lead_unit": lead})
    if task_errors:
        errors["tasks"] = task_errors
    resolved = {
        "title": title,
        "symbol": symbol,
        "issue_date": issue_date,
        "start_year": start_year,
        "end_year": end_year,
        "targets": [
            (
                by_code[str(code)],
                {int(y): v for y, v in values.items() if v is not None and str(y).isdigit()},
            )
            for code, values in targets
            if str(code) in by_code
        ],
        "tasks": own,
        "take_tasks": [upper_tasks[u] for u in uids if u in upper_tasks],
    }
    return unit, errors, resolved


TASK_FIELDS = (
    "title",
    "lead_unit",
    "responsible_position",
    "responsible_person",
    "start",
    "deadline",
    "expected_output",
)


def save_task(user, task: Task, fields: dict, *, coordinating=None, based_on=None) -> Task:
    """Add `task` (unsaved, with its programme) or change it with `fields` (any of
    TASK_FIELDS); `coordinating`, when given, replaces the coordinating units;
    `based_on`, the revision an edit was opened at (core.versions). Whoever
    may change the programme (its office; for a plan, its unit's writers)."""
    programme = task.programme
    if not may_change_programme(user, programme):
        raise PermissionDenied(_("Bạn không có quyền sửa nhiệm vụ này."))
    for name in TASK_FIELDS:
        if name in fields:
            setattr(task, name, fields[name])
    if task.expected_output is None:
        task.expected_output = ""
    errors = {}
    root = programme.unit
    if not (task.title or "").strip():
        errors["title"] = _("Hãy nhập nội dung nhiệm vụ.")
    if task.lead_unit is not None and not _in_unit(task.lead_unit, root):
        errors["lead_unit"] = _("Đơn vị chủ trì phải thuộc đơn vị của chương trình hoặc cấp dưới.")
    if coordinating is not None:
        outside = [u.name for u in coordinating if not _in_unit(u, root)]
        if outside:
            errors["coordinating_units"] = _(
                "Không có đơn vị %(u)s trong phạm vi của chương trình."
            ) % {"u": ", ".join(outside)}
        elif task.lead_unit is not None and task.lead_unit in coordinating:
            errors["coordinating_units"] = _("Đơn vị chủ trì không đồng thời là đơn vị phối hợp.")
    _check_dates(errors, task.start, task.deadline)
    _check_responsible(errors, root, task.responsible_person, task.responsible_position)
    _refuse(errors)
    try:
        task.full_clean(exclude=["coordinating_units", "programme", "parent"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    with transaction.atomic():
        versions.lock_and_check(task, based_on, fields)
        task.save()
        if coordinating is not None:
            task.coordinating_units.set(coordinating)
    return task


def delegate_task(user, task: Task, units, deadline, *, responsible_title="") -> list[Task]:
    """One sub-task per unit directly below the task's lead unit, in the same programme,
    led by that unit; with `responsible_title` ("Bí thư"), answered for in each unit by
    that post (recorded for the unit when it was not yet)."""
    if task.lead_unit is None or not may_write_for_unit(user, task.lead_unit):
        raise PermissionDenied(_("Bạn không có quyền giao nhiệm vụ này."))
    errors = {}
    units = list(units)
    if not units:
        errors["units"] = _("Hãy chọn ít nhất một đơn vị.")
    lead = task.lead_unit
    not_below = [
        u.name for u in units if u.depth != lead.depth + 1 or not is_below(u.path, lead.path)
    ]
    if not_below:
        errors["units"] = _("Chỉ giao cho đơn vị trực thuộc: %(names)s không trực thuộc.") % {
            "names": ", ".join(not_below)
        }
    taken = sorted(
        task.subtasks.filter(lead_unit__in=units).values_list("lead_unit__name", flat=True)
    )
    if taken:
        errors["units"] = _("Đã giao cho: %(names)s.") % {"names": ", ".join(taken)}
    if deadline is None:
        errors["deadline"] = _("Nhiệm vụ cần có hạn hoàn thành.")
    _check_dates(errors, task.start, deadline)
    title = " ".join((responsible_title or "").split())
    _refuse(errors)
    with transaction.atomic():
        positions = {
            unit.pk: Position.objects.get_or_create(unit=unit, title=title)[0]
            for unit in units
            if title
        }
        return delegate(task, units, deadline, positions=positions)


def add_milestone(user, task: Task, *, title: str, due: datetime.date) -> Milestone:
    """A dated step (mốc) of a task, within the task's dates."""
    if not may_change_programme(user, task.programme):
        raise PermissionDenied(_("Bạn không có quyền sửa nhiệm vụ này."))
    errors = {}
    if not (title or "").strip():
        errors["title"] = _("Hãy nhập nội dung mốc.")
    if due is None:
        errors["due"] = _("Mốc cần có ngày.")
    elif (task.start and due < task.start) or (task.deadline and due > task.deadline):
        errors["due"] = _("Ngày của mốc phải nằm trong thời gian thực hiện nhiệm vụ.")
    _refuse(errors)
    return Milestone.objects.create(task=task, title=title.strip(), due=due)


def record_progress(user, task: Task, progress: Decimal | None, completed_on=None) -> Task:
    """A task's progress (0–100 %) and, when done, the day it was completed (not in the
    future; a completed task is at 100 %). The same report twice leaves the same state."""
    if not may_write_for_unit(user, task.lead_unit):
        raise PermissionDenied(_("Bạn không có quyền cập nhật tiến độ nhiệm vụ này."))
    errors = {}
    if progress is None:
        errors["progress"] = _("Hãy nhập tiến độ (0–100%).")
    elif not 0 <= progress <= 100:
        errors["progress"] = _("Tiến độ phải từ 0 đến 100%.")
    if completed_on and completed_on > clock.today():
        errors["completed_on"] = _("Ngày hoàn thành không thể ở tương lai.")
    if completed_on and "progress" not in errors and progress < 100:
        errors["progress"] = _("Nhiệm vụ đã hoàn thành thì tiến độ phải là 100%.")
    _refuse(errors)
    if (task.progress, task.completed_on) == (progress, completed_on or None):
        return task  # the same report again: nothing to write, not a new revision
    task.progress = progress
    task.completed_on = completed_on or None
    task.save()
    return task


def responsible_choices(unit):
    """The people and positions of a unit and the units below it, for the forms."""
    units = OrgUnit.objects.under(unit)
    return (
        Person.objects.filter(tenures__position__unit__in=units).distinct().order_by("sort_key"),
        Position.objects.filter(unit__in=units).select_related("unit").order_by("unit__path"),
    )


TARGET_FIELDS = (
    "code",
    "name",
    "objective",
    "unit_of_measure",
    "value_type",
    "direction",
    "aggregation",
    "numerator",
    "denominator",
    "cumulative",
    "annual_growth",
    "baseline_year",
    "baseline_value",
    "end_value",
)


def save_target(
    user, programme: Programme, fields: dict, *, plans=None, instance=None, based_on=None
):
    """Add a target to `programme` (or change `instance`) with `fields` (any of
    TARGET_FIELDS; numerator and denominator are targets of the same programme) and its
    planned value per year (`plans`: {year: Decimal or None}; None removes the year)."""
    target, errors = _check_target(user, programme, fields, plans or {}, instance)
    _refuse(errors)
    try:
        target.full_clean(exclude=["programme", "numerator", "denominator", "objective"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    with transaction.atomic():
        versions.lock_and_check(target, based_on, fields)
        target.save()
        for year, value in (plans or {}).items():
            if value is None:
                TargetPlan.objects.filter(target=target, year=int(year)).delete()
            else:
                TargetPlan.objects.update_or_create(
                    target=target, year=int(year), defaults={"value": value}
                )
    return target


def target_problems(user, programme, fields, *, plans=None, instance=None) -> dict:
    """What `save_target` would refuse, for a page that says every problem at once."""
    return _check_target(user, programme, fields, plans or {}, instance)[1]


def _check_target(user, programme, fields, plans, instance):
    if not may_change_programme(user, programme):
        raise PermissionDenied(_("Bạn không có quyền sửa chương trình này."))
    target = instance or Target(programme=programme)
    for name in TARGET_FIELDS:
        if name in fields:
            setattr(target, name, fields[name])
    target.code = (target.code or "").strip()
    errors = {}
    if not target.code:
        errors["code"] = _("Hãy nhập mã chỉ tiêu.")
    elif programme.targets.filter(code=target.code).exclude(pk=target.pk).exists():
        errors["code"] = _("Mã chỉ tiêu “%(c)s” đã có.") % {"c": target.code}
    for key in ("numerator", "denominator"):
        other = getattr(target, key)
        if other is not None and (other.programme_id != programme.pk or other.pk == target.pk):
            errors[key] = _("Tử số và mẫu số phải là chỉ tiêu khác của cùng chương trình.")
    if target.aggregation == "ratio" and not (target.numerator and target.denominator):
        errors["aggregation"] = _("Chỉ tiêu tỷ lệ phải có chỉ tiêu tử số và chỉ tiêu mẫu số.")
    if target.objective is not None and target.objective.programme_id != programme.pk:
        errors["objective"] = _("Mục tiêu phải thuộc chương trình này.")
    outside = [str(y) for y in plans if not programme.start_year <= int(y) <= programme.end_year]
    if outside:
        errors["plans"] = _("Năm “%(y)s” nằm ngoài giai đoạn %(span)s.") % {
            "y": ", ".join(outside),
            "span": programme.span,
        }
    return target, errors
