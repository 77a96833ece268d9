"""A lower unit issues its implementing plan for an upper programme."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.accounts.access import get_programme_for_user
from trienkhai.core.refusals import show_on_form
from trienkhai.programmes import services
from trienkhai.programmes.cascade import planning_unit
from trienkhai.programmes.forms import (
    PlanForm,
    PlanTargetFormSet,
    PlanTaskFormSet,
)
from trienkhai.programmes.models import Programme

log = logging.getLogger("trienkhai.programmes")

PLAN_FIELDS = ("title", "symbol", "issue_date", "start_year", "end_year")


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
    if data:
        read = [form.is_valid(), target_forms.is_valid(), task_forms.is_valid()]
        by_id = {t.pk: t for t in upper_targets}
        plan_input = {
            **{k: form.cleaned_data.get(k) for k in PLAN_FIELDS},
            "targets": [
                (by_id[f["upper_id"]].code, {y: f.get(f"y{y}") for y in years})
                for f in (t.cleaned_data for t in target_forms.forms)
                if f.get("take") and f.get("upper_id") in by_id
            ],
            "tasks": [f.cleaned_data for f in task_forms.forms if f.cleaned_data.get("title")],
            "take_tasks": [t.uid for t in upper_tasks if str(t.uid) in take],
        }
        if all(read):
            try:
                plan = services.issue_plan(request.user, upper, **plan_input)
            except ValidationError as exc:
                show_on_form(form, exc)
            else:
                log.info("user %s created plan %s for %s", request.user, plan.pk, upper.pk)
                messages.success(request, _("Đã lập kế hoạch thực hiện."))
                return redirect(plan)
        else:  # say at once what the rules refuse too, beside what could not be read
            problems = services.plan_problems(request.user, upper, **plan_input)
            for field, message in problems.items():
                if field not in form.errors:
                    form.add_error(field if field in form.fields else None, message)
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
