from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.accounts.access import get_unit_for_user, scope_for
from trienkhai.core.history import history_rows
from trienkhai.lib.taskstatus import STATUS_LABELS
from trienkhai.lib.vntext import parse_date
from trienkhai.orgs.models import OrgUnit, Person
from trienkhai.programmes.matrix import concretisation_matrix
from trienkhai.programmes.models import Programme, Task

TASK_STATUSES = {
    "open": {"completed_on__isnull": True},
    "overdue": None,  # needs today
    "done": {"completed_on__isnull": False},
}


def _programme_for_user(user, uid):
    programme = (
        Programme.objects.for_user(user)
        .select_related("unit", "document", "parent")
        .filter(uid=uid)
        .first()
    )
    if programme is None:
        raise Http404(_("Không tìm thấy chương trình này."))
    return programme


@login_required
def programme_list(request):
    programmes = (
        Programme.objects.for_user(request.user)
        .select_related("unit", "document", "parent")
        .order_by("unit__path", "kind")
    )
    return render(request, "programmes/list.html", {"programmes": programmes})


@login_required
def programme_detail(request, uid):
    programme = _programme_for_user(request.user, uid)
    targets = programme.targets.prefetch_related("plans").select_related("upper")
    years = list(range(programme.start_year, programme.end_year + 1))
    for target in targets:
        planned = {p.year: p.value for p in target.plans.all()}
        target.row = [planned.get(y) for y in years]
    tasks = (
        programme.tasks.select_related("lead_unit", "responsible_person")
        .prefetch_related("milestones")
        .order_by("deadline")
    )
    today = timezone.localdate()
    for task in tasks:
        _annotate_status(task, today)
    ctx = {
        "programme": programme,
        "objectives": programme.objectives.all(),
        "targets": targets,
        "years": years,
        "tasks": tasks,
        "plans": Programme.objects.for_user(request.user)
        .filter(parent=programme)
        .select_related("unit", "document"),
        "history": history_rows(programme),
    }
    return render(request, "programmes/detail.html", ctx)


@login_required
def matrix(request):
    code = request.GET.get("unit")
    if code:
        unit, _may = get_unit_for_user(request.user, code)
    else:
        scope = scope_for(request.user)
        unit = OrgUnit.objects.get_root_nodes().first() if scope.everything else request.user.unit
        if unit is None:
            raise Http404(_("Tài khoản chưa được gắn với đơn vị nào."))
    on, errors = timezone.localdate(), []
    if request.GET.get("on"):
        try:
            on = parse_date(request.GET["on"])
        except ValueError as exc:
            errors.append(str(exc))
    data = concretisation_matrix(request.user, unit, today=on)
    ancestors = [
        a for a in OrgUnit.objects.get_ancestors(unit) if scope_for(request.user).sees(a.path)
    ]
    return render(
        request,
        "programmes/matrix.html",
        {"m": data, "ancestors": ancestors, "on": on, "errors": errors},
    )


@login_required
def task_list(request):
    today = timezone.localdate()
    qs = (
        Task.objects.for_user(request.user)
        .select_related("lead_unit", "programme", "responsible_person")
        .prefetch_related("milestones")
    )
    g = request.GET
    filters = {
        k: g.get(k, "").strip()
        for k in ("status", "unit", "programme", "person", "due_from", "due_to", "mine")
    }
    errors = []
    if filters["mine"] and request.user.unit_id:
        qs = qs.filter(lead_unit__path__startswith=request.user.unit.path)
    if filters["unit"]:
        unit, _may = get_unit_for_user(request.user, filters["unit"])
        qs = qs.filter(lead_unit__path__startswith=unit.path)
    if filters["programme"]:
        qs = (
            qs.filter(programme__uid=filters["programme"])
            if _is_uuid(filters["programme"])
            else qs.none()
        )
    if filters["person"]:
        qs = qs.filter(responsible_person__in=Person.objects.search(filters["person"]))
    if filters["status"] == "overdue":
        qs = qs.overdue(today)
    elif filters["status"] in TASK_STATUSES:
        qs = qs.filter(**TASK_STATUSES[filters["status"]])
    for key, lookup in (("due_from", "deadline__gte"), ("due_to", "deadline__lte")):
        if filters[key]:
            try:
                qs = qs.filter(**{lookup: parse_date(filters[key])})
            except ValueError as exc:
                errors.append(str(exc))
    page = Paginator(qs.order_by("deadline", "pk"), 50).get_page(g.get("page"))
    for task in page.object_list:
        _annotate_status(task, today)
    query = g.copy()
    query.pop("page", None)
    ctx = {
        "page": page,
        "filters": filters,
        "errors": errors,
        "query": query.urlencode(),
        "programmes": Programme.objects.for_user(request.user).order_by("title"),
    }
    return render(request, "programmes/tasks.html", ctx)


def _annotate_status(task, today):
    task.current_status = task.status(today)
    task.current_label = _(STATUS_LABELS[task.current_status])


def _is_uuid(value):
    import uuid

    try:
        uuid.UUID(value)
    except ValueError:
        return False
    return True


@login_required
def task_detail(request, uid):
    task = (
        Task.objects.for_user(request.user)
        .select_related(
            "programme", "lead_unit", "responsible_person", "responsible_position", "parent"
        )
        .prefetch_related(
            "coordinating_units",
            "milestones",
            Prefetch("subtasks", queryset=Task.objects.select_related("lead_unit")),
        )
        .filter(uid=uid)
        .first()
    )
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ này."))
    status = task.status()
    ctx = {
        "task": task,
        "status": status,
        "status_label": _(STATUS_LABELS[status]),
        "history": history_rows(task),
        "missing": [_(name) for name in task.missing_clears()],
    }
    return render(request, "programmes/task.html", ctx)
