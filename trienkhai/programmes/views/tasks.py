"""Tasks: the list and the overdue list, a task's page, delegation to lower units,
progress (HTMX) and editing."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.accounts.access import (
    get_programme_for_user,
    get_task_for_user,
    get_unit_for_user,
    is_uuid,
    may_change_programme,
    may_write_for_unit,
    scope_for,
)
from trienkhai.core import clock
from trienkhai.core.history import history_rows
from trienkhai.core.refusals import say_form_errors, show_on_form
from trienkhai.exports.lists import chunks, list_format, list_response
from trienkhai.lib.taskstatus import STATUS_LABELS
from trienkhai.lib.vnformat import format_date, parse_date
from trienkhai.lib.vntext import sort_key
from trienkhai.orgs.models import Person
from trienkhai.programmes import services, sheets
from trienkhai.programmes.forms import (
    DelegateForm,
    MilestoneForm,
    ProgressForm,
    TaskForm,
)
from trienkhai.programmes.models import Programme, Task, attach_descendants

log = logging.getLogger("trienkhai.programmes")


TASK_STATUSES = {
    "open": {"completed_on__isnull": True},
    "overdue": None,  # needs today
    "done": {"completed_on__isnull": False},
}


@login_required
def task_list(request):
    today = clock.today()
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
            if is_uuid(filters["programme"])
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
    if (fmt := list_format(request)) and not errors:
        return _task_file(request, fmt, qs.order_by("deadline", "pk"), today, page)
    for task in attach_descendants(page.object_list):
        annotate_status(task, today)
    query = g.copy()
    query.pop("page", None)
    ctx = {
        "page": page,
        "filters": filters,
        "errors": errors,
        "query": query.urlencode(),
        "programmes": filter_programmes(request.user),
    }
    return render(request, "programmes/tasks.html", ctx)


def _task_file(request, fmt, qs, today, page):
    """Every task the filters select, as Excel or CSV, in chunks (each with its sub-tasks'
    progress loaded in one query a level)."""

    def prepare(chunk):
        for task in attach_descendants(chunk):
            annotate_status(task, today)

    return list_response(
        request,
        fmt,
        _("Danh sách nhiệm vụ, ngày %s") % format_date(today),
        sheets.TASK_COLUMNS,
        sheets.task_rows(chunks(qs, prepare), today),
        f"nhiem-vu-{today.isoformat()}",
        count=page.paginator.count,
    )


def filter_programmes(user):
    """The programme filter lists the programmes of the user's unit and the units above,
    not the thousands of lower units' plans."""
    qs = Programme.objects.for_user(user)
    if user.unit_id and not scope_for(user).everything:
        qs = qs.filter(unit__depth__lte=user.unit.depth)
    elif scope_for(user).everything:
        qs = qs.filter(parent__isnull=True)
    return sorted(qs, key=lambda p: sort_key(p.title))  # Vietnamese order, not code points


def annotate_status(task, today):
    """Sets the task's status today and its label, for lists and the roadmap."""
    task.current_status = task.status(today)
    task.current_label = _(STATUS_LABELS[task.current_status])


@login_required
def task_detail(request, uid):
    task = (
        Task.objects.for_user(request.user)
        .select_related(
            "programme", "lead_unit", "responsible_person", "responsible_position", "parent"
        )
        .prefetch_related("coordinating_units", "milestones")
        .filter(uid=uid)
        .first()
    )
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ này."))
    attach_descendants([task])
    # The roll-up counts every sub-task; the list shows only those the user may see.
    visible_subtasks = attach_descendants(
        Task.objects.for_user(request.user)
        .filter(parent=task)
        .select_related("lead_unit")
        .order_by("lead_unit__path")
    )
    status = task.status()
    may_write = may_write_for_unit(request.user, task.lead_unit)
    ctx = {
        "task": task,
        "subtasks": visible_subtasks,
        "status": status,
        "status_label": _(STATUS_LABELS[status]),
        "history": history_rows(task),
        "missing": [_(name) for name in task.missing_clears()],
        "may_write": may_write,
        "progress_form": ProgressForm(instance=task) if may_write else None,
        "can_delegate": may_write and task.lead_unit is not None and task.lead_unit.numchild > 0,
        "can_edit": may_change_programme(request.user, task.programme),
        "milestone_form": MilestoneForm(),
    }
    return render(request, "programmes/task.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def task_delegate(request, uid):
    task, _may = get_task_for_user(request.user, uid)
    if task.lead_unit is None or not may_write_for_unit(request.user, task.lead_unit):
        raise PermissionDenied(_("Bạn không có quyền giao nhiệm vụ này."))
    form = DelegateForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        try:
            created = services.delegate_task(request.user, task, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã giao nhiệm vụ cho %(n)d đơn vị.") % {"n": len(created)})
            return redirect(task)
    return render(
        request,
        "programmes/delegate.html",
        {"task": task, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def task_progress(request, uid):
    """Report a task's progress (HTMX: the status panel is swapped in place)."""
    task, _may = get_task_for_user(request.user, uid)
    if not may_write_for_unit(request.user, task.lead_unit):
        raise PermissionDenied(_("Bạn không có quyền cập nhật tiến độ nhiệm vụ này."))
    form = ProgressForm(request.POST, instance=task)
    saved = False
    if form.is_valid():
        try:
            services.record_progress(request.user, task, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            saved = True
    if saved:
        log.info("user %s reported %s%% on task %s", request.user, task.progress, task.pk)
        if not request.htmx:
            messages.success(request, _("Đã cập nhật tiến độ."))
            return redirect(task)
    task = attach_descendants([get_task_for_user(request.user, uid)[0]])[0]
    status = task.status()
    ctx = {
        "task": task,
        "status": status,
        "status_label": _(STATUS_LABELS[status]),
        "progress_form": form,
        "may_write": True,
        "saved": saved,
    }
    if request.htmx:
        return render(request, "programmes/_task_status.html", ctx, status=200 if saved else 400)
    say_form_errors(request, form)  # without HTMX: said on the task's page
    return redirect(task)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, uid):
    """Office users of the programme's unit edit a task (HTMX: the form replaces the
    task's facts in place; every save is kept in the task's history)."""
    task, _may = get_task_for_user(request.user, uid, change=True)
    form = TaskForm(request.POST or None, instance=task, unit=task.programme.unit)
    if request.method == "POST" and form.is_valid():
        saved = _save_task(request, form, task)
        if saved is not None:
            messages.success(request, _("Đã lưu nhiệm vụ."))
            if request.htmx:
                response = HttpResponse(status=204)
                response["HX-Redirect"] = task.get_absolute_url()
                return response
            return redirect(task)
    template = "programmes/_task_form.html" if request.htmx else "programmes/task_form.html"
    return render(
        request,
        template,
        {"task": task, "form": form},
        status=400 if request.method == "POST" else 200,
    )


def _save_task(request, form, task):
    """The task saved by the service, or None with its refusal on the form."""
    data = dict(form.cleaned_data)
    coordinating = list(data.pop("coordinating_units", []))
    based_on = data.pop("revision", None)
    try:
        return services.save_task(
            request.user, task, data, coordinating=coordinating, based_on=based_on
        )
    except ValidationError as exc:
        show_on_form(form, exc)
        return None


@login_required
@require_http_methods(["GET", "POST"])
def task_add(request, uid):
    """Add one task to a programme or plan (whoever may change it), with its "5 rõ"."""
    programme, _may = get_programme_for_user(request.user, uid, change=True)
    task = Task(programme=programme, lead_unit=programme.unit)
    form = TaskForm(request.POST or None, instance=task, unit=programme.unit)
    if request.method == "POST" and form.is_valid():
        saved = _save_task(request, form, task)
        if saved is not None:
            log.info("user %s added task %s to %s", request.user, saved.pk, programme.pk)
            messages.success(request, _("Đã thêm nhiệm vụ."))
            return redirect(saved)
    return render(
        request,
        "programmes/task_form.html",
        {"task": task, "form": form, "programme": programme, "adding": True},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def milestone_add(request, uid):
    """A dated step of a task (whoever may change the programme)."""
    task, _may = get_task_for_user(request.user, uid, change=True)
    form = MilestoneForm(request.POST)
    if form.is_valid():
        try:
            services.add_milestone(request.user, task, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã thêm mốc."))
            return redirect(task)
    say_form_errors(request, form)
    return redirect(task)
