"""A lower unit issues its implementing plan for an upper programme."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.accounts.access import (
    get_programme_for_user,
)
from trienkhai.documents.registry import RegistrationError
from trienkhai.programmes.cascade import create_plan, planning_unit
from trienkhai.programmes.forms import (
    PlanForm,
    PlanTargetFormSet,
    PlanTaskFormSet,
)
from trienkhai.programmes.models import Programme

log = logging.getLogger("trienkhai.programmes")


@login_required
@require_http_methods(["GET", "POST"])
def plan_create(request, uid):
    """A lower unit issues its implementing plan for an upper programme."""
    upper, _may = get_programme_for_user(request.user, uid)
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
