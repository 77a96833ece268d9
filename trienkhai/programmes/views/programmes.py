"""Programmes and breakthroughs: list, page, concretisation matrix, roadmap, creation
from a document, objectives and targets, Excel import of the structure."""

import datetime
import logging
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files import File
from django.core.files.storage import default_storage
from django.db import transaction
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.accounts.access import (
    get_overview_unit_for_user,
    get_programme_for_user,
    may_change_owned,
    may_change_programme,
    may_write_for_unit,
    scope_for,
)
from trienkhai.core import clock
from trienkhai.core.history import history_rows
from trienkhai.core.refusals import show_on_form
from trienkhai.exports.sheets import wants_xlsx, xlsx_response
from trienkhai.lib.vnformat import parse_date
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes import imports, services, sheets
from trienkhai.programmes.forms import (
    ConcretiseForm,
    ObjectiveForm,
    ProgrammeForm,
    TargetForm,
)
from trienkhai.programmes.matrix import concretisation_matrix
from trienkhai.programmes.models import Concretisation, Programme, Task, attach_descendants
from trienkhai.programmes.views.tasks import annotate_status

log = logging.getLogger("trienkhai.programmes")


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
    programme, _may = get_programme_for_user(request.user, uid)
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
    today = clock.today()
    tasks = attach_descendants(tasks)
    for task in tasks:
        annotate_status(task, today)
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
        "may_change": may_change_programme(request.user, programme),
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
    unit = get_overview_unit_for_user(request.user, request.GET.get("unit", ""))
    if unit is None:
        raise Http404(_("Tài khoản chưa được gắn với đơn vị nào."))
    on, errors = clock.today(), []
    if request.GET.get("on"):
        try:
            on = parse_date(request.GET["on"])
        except ValueError as exc:
            errors.append(str(exc))
    data = concretisation_matrix(request.user, unit, today=on)
    if wants_xlsx(request) and not errors:
        return xlsx_response(
            _("Cụ thể hóa chương trình: các đơn vị trực thuộc %s") % unit.name,
            sheets.matrix_tables(data, on),
            f"cu-the-hoa-{unit.code}-{on.isoformat()}",
        )
    ancestors = [
        a for a in OrgUnit.objects.get_ancestors(unit) if scope_for(request.user).sees(a.path)
    ]
    return render(
        request,
        "programmes/matrix.html",
        {"m": data, "ancestors": ancestors, "on": on, "errors": errors},
    )


@login_required
def roadmap(request, uid):
    """The programme's tasks on a timeline: bars from start to deadline, milestones,
    today's line, late items marked (drawn with CSS from computed percentages)."""
    programme, _may = get_programme_for_user(request.user, uid)
    tasks = list(
        Task.objects.for_user(request.user)
        .filter(programme=programme)
        .select_related("lead_unit")
        .prefetch_related("milestones")
        .order_by("start", "deadline")
    )
    today = clock.today()
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
        annotate_status(task, today)
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


def _position(day, first, total_days):
    return round(100 * (day - first).days / total_days, 2)


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
    data = request.POST if request.method == "POST" else None  # an empty POST is read too
    form = TargetForm(data, instance=target, programme=programme)
    if request.method == "POST":
        read = form.is_valid()
        fields, plans = form.target_fields()
        if read:
            try:
                services.save_target(
                    request.user,
                    programme,
                    fields,
                    plans=plans,
                    instance=target,
                    based_on=form.based_on,
                )
            except ValidationError as exc:
                show_on_form(form, exc)
            else:
                messages.success(request, _("Đã lưu chỉ tiêu."))
                return redirect(programme)
        else:  # say at once what the rules refuse too, beside what could not be read
            problems = services.target_problems(
                request.user, programme, fields, plans=plans, instance=target
            )
            for field, message in problems.items():
                if field not in form.errors:
                    form.add_error(field if field in form.fields else None, message)
    title = _("Sửa chỉ tiêu") if target else _("Thêm chỉ tiêu")
    return render(
        request,
        "programmes/target_form.html",
        {"programme": programme, "form": form, "title": title},
        status=400 if request.method == "POST" else 200,
    )


IMPORT_SESSION_KEY = "programme_import"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _editable_programme(user, uid):
    """The programme, when the user may change its structure (access.may_change_programme:
    its unit's office, and for an implementing plan also the unit's reporters)."""
    programme, _may = get_programme_for_user(user, uid, change=True)
    return programme


@login_required
def import_template(request, uid):
    programme, _may = get_programme_for_user(request.user, uid)
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
