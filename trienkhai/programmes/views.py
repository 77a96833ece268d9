import datetime
import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.accounts.access import (
    get_unit_for_user,
    is_uuid,
    may_change_owned,
    may_write_for_unit,
    scope_for,
)
from trienkhai.core.history import history_rows
from trienkhai.documents.registry import RegistrationError
from trienkhai.lib.taskstatus import STATUS_LABELS
from trienkhai.lib.vntext import parse_date
from trienkhai.orgs.models import OrgUnit, Person
from trienkhai.programmes import imports
from trienkhai.programmes.cascade import create_plan, delegate, planning_unit
from trienkhai.programmes.forms import (
    ConcretiseForm,
    DelegateForm,
    ObjectiveForm,
    PlanForm,
    PlanTargetFormSet,
    PlanTaskFormSet,
    ProgrammeForm,
    ProgressForm,
    TargetForm,
    TaskForm,
)
from trienkhai.programmes.matrix import concretisation_matrix
from trienkhai.programmes.models import Concretisation, Programme, Task, attach_descendants

log = logging.getLogger("trienkhai.programmes")

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
    can_create = bool(request.user.unit_id) and may_change_owned(request.user, request.user.unit)
    return render(
        request, "programmes/list.html", {"programmes": programmes, "can_create": can_create}
    )


@login_required
def programme_detail(request, uid):
    programme = _programme_for_user(request.user, uid)
    targets = programme.targets.prefetch_related("plans").select_related("upper")
    years = list(range(programme.start_year, programme.end_year + 1))
    for target in targets:
        planned = {p.year: p.value for p in target.plans.all()}
        target.row = [planned.get(y) for y in years]
    tasks = (
        Task.objects.for_user(request.user)
        .filter(programme=programme)
        .select_related("lead_unit", "responsible_person")
        .prefetch_related("milestones")
        .order_by("deadline")
    )
    today = timezone.localdate()
    tasks = attach_descendants(tasks)
    for task in tasks:
        _annotate_status(task, today)
    unit = request.user.unit
    obligation = None
    if unit is not None:
        obligation = programme.concretisations.filter(unit=unit).first()
    own_plan = Programme.objects.filter(parent=programme, unit=unit).first() if unit else None
    ctx = {
        "obligation": obligation,
        "own_plan": own_plan,
        "can_plan": obligation is not None
        and own_plan is None
        and may_write_for_unit(request.user, unit),
        "programme": programme,
        "may_change": may_change_owned(request.user, programme.unit),
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
    for task in attach_descendants(page.object_list):
        _annotate_status(task, today)
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


def filter_programmes(user):
    """The programme filter lists the programmes of the user's unit and the units above,
    not the thousands of lower units' plans."""
    qs = Programme.objects.for_user(user)
    if user.unit_id and not scope_for(user).everything:
        qs = qs.filter(unit__depth__lte=user.unit.depth)
    elif scope_for(user).everything:
        qs = qs.filter(parent__isnull=True)
    return qs.order_by("title")


def _annotate_status(task, today):
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
        "can_edit": may_change_owned(request.user, task.programme.unit),
    }
    return render(request, "programmes/task.html", ctx)


def _task_for_user(user, uid):
    task = (
        Task.objects.for_user(user).select_related("programme", "lead_unit").filter(uid=uid).first()
    )
    if task is None:
        raise Http404(_("Không tìm thấy nhiệm vụ này."))
    return task


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, uid):
    """A lower unit issues its implementing plan for an upper programme."""
    upper = _programme_for_user(request.user, uid)
    unit = planning_unit(request.user, upper)
    existing = Programme.objects.filter(parent=upper, unit=unit).first()
    if existing is not None:
        messages.info(request, _("Đơn vị đã có kế hoạch thực hiện chương trình này."))
        return redirect(existing)
    years = list(range(upper.start_year, upper.end_year + 1))
    upper_targets = list(upper.targets.filter(objective__isnull=False).prefetch_related("plans"))
    upper_tasks = list(upper.tasks.filter(parent__isnull=True).order_by("deadline"))
    data = request.POST if request.method == "POST" else None
    form = PlanForm(
        data,
        unit=unit,
        initial={
            "title": f"Kế hoạch thực hiện {upper.title[0].lower()}{upper.title[1:]}",
            "start_year": upper.start_year,
            "end_year": upper.end_year,
        },
    )
    target_forms = PlanTargetFormSet(
        data,
        prefix="t",
        form_kwargs={"years": years},
        initial=[{"upper_id": t.pk, "take": True} for t in upper_targets],
    )
    task_forms = PlanTaskFormSet(data, prefix="k", form_kwargs={"unit": unit})
    take = set(request.POST.getlist("take_task")) if data else {str(t.uid) for t in upper_tasks}
    if data and form.is_valid() and target_forms.is_valid() and task_forms.is_valid():
        by_id = {t.pk: t for t in upper_targets}
        targets = [
            (by_id[f["upper_id"]], {y: f.get(f"y{y}") for y in years})
            for f in target_forms.cleaned_data
            if f.get("take") and f["upper_id"] in by_id
        ]
        tasks = [f for f in task_forms.cleaned_data if f.get("title")]
        try:
            plan = create_plan(
                upper,
                unit,
                title=form.cleaned_data["title"],
                symbol=form.cleaned_data["symbol"],
                issue_date=form.cleaned_data["issue_date"],
                start_year=form.cleaned_data["start_year"],
                end_year=form.cleaned_data["end_year"],
                targets=targets,
                tasks=tasks,
                user=request.user,
                take_tasks=[t for t in upper_tasks if str(t.uid) in take],
            )
        except (RegistrationError, ValidationError) as exc:
            form.add_error(
                None,
                "; ".join(m for _i, m in exc.errors)
                if isinstance(exc, RegistrationError)
                else " ".join(exc.messages),
            )
        else:
            log.info("user %s created plan %s for %s", request.user, plan.pk, upper.pk)
            messages.success(request, _("Đã lập kế hoạch thực hiện."))
            return redirect(plan)
    if len(target_forms.forms) != len(upper_targets):  # a tampered or stale form
        target_forms = PlanTargetFormSet(
            prefix="t",
            form_kwargs={"years": years},
            initial=[{"upper_id": t.pk, "take": True} for t in upper_targets],
        )
        form.add_error(None, _("Danh sách chỉ tiêu của cấp trên đã thay đổi; hãy nhập lại."))
    rows = list(zip(upper_targets, target_forms.forms, strict=True))
    ctx = {
        "upper": upper,
        "unit": unit,
        "form": form,
        "target_rows": rows,
        "target_forms": target_forms,
        "task_forms": task_forms,
        "years": years,
        "upper_tasks": upper_tasks,
        "take": take,
    }
    return render(request, "programmes/plan_form.html", ctx, status=400 if data else 200)


@login_required
@require_http_methods(["GET", "POST"])
def task_delegate(request, uid):
    task = _task_for_user(request.user, uid)
    if task.lead_unit is None or not may_write_for_unit(request.user, task.lead_unit):
        raise PermissionDenied(_("Bạn không có quyền giao nhiệm vụ này."))
    form = DelegateForm(request.POST or None, task=task)
    if request.method == "POST" and form.is_valid():
        created = delegate(task, form.cleaned_data["units"], form.cleaned_data["deadline"])
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
    task = _task_for_user(request.user, uid)
    if not may_write_for_unit(request.user, task.lead_unit):
        raise PermissionDenied(_("Bạn không có quyền cập nhật tiến độ nhiệm vụ này."))
    form = ProgressForm(request.POST, instance=task)
    if form.is_valid():
        form.save()
        log.info("user %s reported %s%% on task %s", request.user, task.progress, task.pk)
        if not request.htmx:
            messages.success(request, _("Đã cập nhật tiến độ."))
            return redirect(task)
    task = attach_descendants([_task_for_user(request.user, uid)])[0]
    status = task.status()
    ctx = {
        "task": task,
        "status": status,
        "status_label": _(STATUS_LABELS[status]),
        "progress_form": form,
        "may_write": True,
        "saved": form.is_valid(),
    }
    if request.htmx:
        return render(
            request, "programmes/_task_status.html", ctx, status=200 if form.is_valid() else 400
        )
    return redirect(task)


def _position(day, first, total_days):
    return round(100 * (day - first).days / total_days, 2)


@login_required
def roadmap(request, uid):
    """The programme's tasks on a timeline: bars from start to deadline, milestones,
    today's line, late items marked (drawn with CSS from computed percentages)."""
    programme = _programme_for_user(request.user, uid)
    tasks = list(
        Task.objects.for_user(request.user)
        .filter(programme=programme)
        .select_related("lead_unit")
        .prefetch_related("milestones")
        .order_by("start", "deadline")
    )
    today = timezone.localdate()
    first = min([t.start for t in tasks if t.start] + [datetime.date(programme.start_year, 1, 1)])
    last = max(
        [t.deadline for t in tasks if t.deadline] + [datetime.date(programme.end_year, 12, 31)]
    )
    total = max((last - first).days, 1)
    rows = []
    attach_descendants(tasks)
    for task in tasks:
        start = task.start or first
        end = task.deadline or start
        _annotate_status(task, today)
        rows.append(
            {
                "task": task,
                "left": _position(start, first, total),
                "width": max(_position(end, first, total) - _position(start, first, total), 0.5),
                "late": task.current_status in ("overdue", "done_late"),
                "milestones": [
                    {
                        "m": m,
                        "at": _position(m.due, first, total),
                        "missed": m.done_on is None and m.due < today,
                    }
                    for m in task.milestones.all()
                ],
            }
        )
    years = [
        {"year": y, "at": _position(datetime.date(y, 1, 1), first, total)}
        for y in range(first.year + 1, last.year + 1)
    ]
    ctx = {
        "programme": programme,
        "rows": rows,
        "years": years,
        "today_at": _position(today, first, total) if first <= today <= last else None,
        "first": first,
        "last": last,
    }
    return render(request, "programmes/roadmap.html", ctx)


IMPORT_SESSION_KEY = "programme_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable_programme(user, uid):
    programme = _programme_for_user(user, uid)
    if not may_change_owned(user, programme.unit):
        raise PermissionDenied(_("Chỉ Văn phòng của đơn vị được sửa chương trình này."))
    return programme


@login_required
def import_template(request, uid):
    programme = _programme_for_user(request.user, uid)
    response = HttpResponse(imports.template(programme), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-cau-truc-chuong-trinh.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def structure_import(request, uid):
    """Upload → preview → confirm; nothing is written before the confirmation, and the
    confirmation parses the kept file again, so it cannot write what was not shown."""
    programme = _editable_programme(request.user, uid)
    ctx = {"programme": programme, "parsed": None}
    if request.method == "POST" and "confirm" in request.POST:
        kept = request.session.get(IMPORT_SESSION_KEY) or {}
        if kept.get("programme") != str(programme.uid) or not default_storage.exists(
            kept.get("path", "")
        ):
            messages.error(request, _("Tệp đã hết hạn; hãy tải lên lại."))
            return redirect("programmes:import", uid=programme.uid)
        with default_storage.open(kept["path"], "rb") as fh:
            parsed = imports.parse(File(fh, name="kept.xlsx"), programme, request.user)
        default_storage.delete(kept["path"])
        request.session.pop(IMPORT_SESSION_KEY, None)
        if parsed.errors:
            ctx["parsed"] = parsed
            return render(request, "programmes/import.html", ctx, status=400)
        counts = imports.apply(parsed, programme)
        log.info("user %s imported structure into %s: %s", request.user, programme.pk, counts)
        messages.success(
            request,
            _("Đã nhập %(o)d mục tiêu, %(t)d chỉ tiêu, %(k)d nhiệm vụ.")
            % {"o": counts[0], "t": counts[1], "k": counts[2]},
        )
        return redirect(programme)
    if request.method == "POST":
        upload = request.FILES.get("file")
        if upload is None or not upload.name.lower().endswith(".xlsx"):
            messages.error(request, _("Hãy chọn tệp Excel (.xlsx) theo mẫu."))
            return render(request, "programmes/import.html", ctx, status=400)
        parsed = imports.parse(upload, programme, request.user)
        ctx["parsed"] = parsed
        if parsed.errors:
            log.warning("structure import refused: %d errors", len(parsed.errors))
            return render(request, "programmes/import.html", ctx, status=400)
        upload.seek(0)
        path = default_storage.save(f"imports/{uuid.uuid4()}.xlsx", upload)
        request.session[IMPORT_SESSION_KEY] = {"programme": str(programme.uid), "path": path}
    return render(request, "programmes/import.html", ctx)


@login_required
@require_http_methods(["GET", "POST"])
def task_edit(request, uid):
    """Office users of the programme's unit edit a task (HTMX: the form replaces the
    task's facts in place; every save is kept in the task's history)."""
    task = _task_for_user(request.user, uid)
    if not may_change_owned(request.user, task.programme.unit):
        raise PermissionDenied(_("Chỉ Văn phòng của đơn vị được sửa nhiệm vụ này."))
    form = TaskForm(request.POST or None, instance=task, unit=task.programme.unit)
    if request.method == "POST" and form.is_valid():
        form.save()
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


@login_required
@require_http_methods(["GET", "POST"])
def concretise(request, uid):
    """The programme's office states which units below must issue their implementing
    plan, and by when (a unit already asked keeps its row; its date is updated)."""
    programme = _editable_programme(request.user, uid)
    asked = set(programme.concretisations.values_list("unit_id", flat=True))
    form = ConcretiseForm(request.POST or None, programme=programme, initial={"units": list(asked)})
    if request.method == "POST" and form.is_valid():
        due = form.cleaned_data["due"]
        with transaction.atomic():
            for unit in form.cleaned_data["units"]:
                Concretisation.objects.update_or_create(
                    programme=programme, unit=unit, defaults={"due": due}
                )
        messages.success(
            request,
            _("Đã giao %(n)d đơn vị cụ thể hóa chương trình.")
            % {"n": len(form.cleaned_data["units"])},
        )
        return redirect(programme)
    return render(
        request,
        "programmes/concretise.html",
        {"programme": programme, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def programme_create(request):
    """An office creates a programme of its unit from one of its registered documents;
    objectives, targets and tasks then come from the Excel template or the task forms."""
    unit = request.user.unit
    if unit is None or not may_change_owned(request.user, unit):
        raise PermissionDenied(_("Chỉ Văn phòng được tạo chương trình."))
    form = ProgrammeForm(request.POST or None, unit=unit)
    if request.method == "POST" and form.is_valid():
        programme = form.save(commit=False)
        programme.unit = unit
        programme.save()
        messages.success(request, _("Đã tạo chương trình."))
        return redirect(programme)
    return render(
        request,
        "programmes/programme_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def objective_add(request, uid):
    programme = _editable_programme(request.user, uid)
    next_order = (
        programme.objectives.order_by("-order").values_list("order", flat=True).first() or 0
    ) + 1
    form = ObjectiveForm(request.POST or None, initial={"order": next_order})
    if request.method == "POST" and form.is_valid():
        objective = form.save(commit=False)
        objective.programme = programme
        objective.save()
        messages.success(request, _("Đã thêm mục tiêu."))
        return redirect(programme)
    return render(
        request,
        "programmes/target_form.html",
        {"programme": programme, "form": form, "title": _("Thêm mục tiêu")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def target_edit(request, uid, code=None):
    """Add a target, or change one (its definition and yearly plans; history is kept)."""
    programme = _editable_programme(request.user, uid)
    target = None
    if code is not None:
        target = programme.targets.filter(code=code).first()
        if target is None:
            raise Http404(_("Không tìm thấy chỉ tiêu này."))
    form = TargetForm(request.POST or None, instance=target, programme=programme)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            form.save()
        messages.success(request, _("Đã lưu chỉ tiêu."))
        return redirect(programme)
    title = _("Sửa chỉ tiêu") if target else _("Thêm chỉ tiêu")
    return render(
        request,
        "programmes/target_form.html",
        {"programme": programme, "form": form, "title": title},
        status=400 if request.method == "POST" else 200,
    )
