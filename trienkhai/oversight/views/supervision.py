"""Supervision by Standing Committee members: the member's page of the units in their
charge (open items, recommendations, cases, signals), and their visits."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.accounts.access import (
    charge_of,
    get_visit_for_user,
    may_close_follow_ups,
    subtrees_q,
)
from trienkhai.core import clock
from trienkhai.core.history import history_rows
from trienkhai.core.refusals import say_refusal, show_on_form
from trienkhai.orgs.models import OrgUnit
from trienkhai.oversight import risk, services
from trienkhai.oversight.forms import VisitForm
from trienkhai.oversight.models import Case, CaseState, FollowUp, Recommendation, Visit

log = logging.getLogger("trienkhai.oversight")


@login_required
def supervision(request):
    """The member's page: every unit in their charge with its open follow-up items, its
    open and overdue recommendations, its cases in progress and what the system's
    signals say (the risk list's, with their reasons), and the member's visits."""
    units = charge_of(request.user)
    if not units:
        raise PermissionDenied(
            _("Trang này dành cho Ủy viên Ban Thường vụ được phân công phụ trách đơn vị.")
        )
    today = clock.today()
    paths = [u.path for u in units]
    recs = list(
        Recommendation.objects.issued()
        .still_open()
        .filter(subtrees_q(paths, "responsible_unit__"))
        .select_related("responsible_unit", "case__conclusion")
        .order_by("deadline")
    )
    cases = list(
        Case.objects.filter(subtrees_q(paths, "subject__"))
        .exclude(state=CaseState.CLOSED)
        .select_related("subject", "team__plan__body")
    )
    items = list(
        FollowUp.objects.filter(done_on__isnull=True)
        .filter(subtrees_q(paths, "visit__unit__"))
        .select_related("visit__unit")
        .order_by("deadline")
    )
    visits = Visit.objects.filter(member_id=request.user.person_id).select_related("unit")[:30]
    signals = _signals(units, today)
    rows = []
    for unit in units:
        mine = [r for r in recs if r.responsible_unit.path.startswith(unit.path)]
        rows.append(
            {
                "unit": unit,
                "recs": mine,
                "overdue": [r for r in mine if r.deadline < today],
                "cases": [c for c in cases if c.subject.path.startswith(unit.path)],
                "items": [i for i in items if i.visit.unit.path.startswith(unit.path)],
                "signals": signals.get(unit.pk),
            }
        )
    return render(
        request,
        "oversight/supervision.html",
        {"rows": rows, "visits": visits, "today": today},
    )


def _signals(units, today):
    """{unit pk: the risk list's row} for the units in charge: one risk list of the
    committee above them, computed once for all the units it ranks (usually all of
    them: members are put in charge of units of one level)."""
    found = {}
    for parent, group in OrgUnit.objects.by_parent(units):
        if parent is None:
            continue
        rows = {row.unit.pk: row for row in risk.risk_list(parent, on=today)}
        found.update({u.pk: rows[u.pk] for u in group if u.pk in rows})
    return found


@login_required
@require_http_methods(["GET", "POST"])
def visit_create(request):
    units = charge_of(request.user)
    if not units:
        raise PermissionDenied(
            _("Chỉ Ủy viên Ban Thường vụ được phân công phụ trách ghi buổi giám sát.")
        )
    paths = [u.path for u in units]
    choices = OrgUnit.objects.filter(subtrees_q(paths)).active_on().order_by("path")
    initial = {"held_on": clock.today()}
    code = (request.GET.get("unit") or "").upper()
    if code:
        initial["unit"] = choices.filter(code=code).first()
    form = VisitForm(request.POST or None, units=choices, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            visit = services.record_visit(
                request.user,
                Visit(),
                {k: data[k] for k in services.VISIT_FIELDS},
                follow_ups=form.follow_ups(),
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã ghi buổi giám sát."))
            return redirect(visit)
    return render(
        request,
        "oversight/visit_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def visit_detail(request, uid):
    visit, may_change = get_visit_for_user(request.user, uid)
    return render(
        request,
        "oversight/visit.html",
        {
            "visit": visit,
            "may_change": may_change,
            "items": visit.follow_ups.all(),
            "may_close": may_close_follow_ups(request.user, visit),
            "history": history_rows(visit),
            "today": clock.today(),
        },
    )


@login_required
@require_POST
def follow_up_done(request, pk):
    item = FollowUp.objects.filter(pk=pk).select_related("visit").first()
    if item is None:
        raise Http404(_("Không tìm thấy việc này."))
    visit, _may = get_visit_for_user(request.user, item.visit.uid)
    try:
        services.close_follow_up(request.user, item)
    except ValidationError as exc:
        say_refusal(request, exc)
    else:
        messages.success(request, _("Đã đánh dấu hoàn thành."))
    return redirect(visit)
