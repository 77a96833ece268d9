"""Where to inspect next: the units below a body's committee ranked by the signals the
system holds (oversight/risk.py), and the start of a plan for the units ticked."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from trienkhai.accounts.access import (
    committee_of,
    get_unit_for_user,
    may_run_oversight,
    scope_for,
)
from trienkhai.core import clock
from trienkhai.exports.sheets import wants_xlsx, xlsx_response
from trienkhai.lib.vnformat import parse_date
from trienkhai.orgs.models import Kind, OrgUnit
from trienkhai.oversight import risk, sheets


def _default_body(user):
    """The user's own unit's committee when the user sees it, else the committee of the
    first unit of the scope that the user sees (a leader's assigned district)."""
    scope = scope_for(user)
    homes = [user.unit] if user.unit_id else []
    homes += list(OrgUnit.objects.filter(path__in=scope.roots).order_by("path"))
    for home in homes:
        committee = committee_of(home)
        if scope.sees(committee.path):
            return committee
    if scope.everything:
        return OrgUnit.objects.filter(depth=1).order_by("path").first()
    return None


def _bodies(user, committee):
    """The committee and its leading bodies and agencies the user may plan for: the
    choices of the body a plan is started for."""
    bodies = [committee, *OrgUnit.objects.get_children(committee).filter(kind__in=risk.BODY_KINDS)]
    return [b for b in bodies if may_run_oversight(user, b)]


@login_required
def risk_list(request):
    """The risk list of a body (`body`, a unit code) on a day (`on`, dd/mm/yyyy); 404 when
    the body's committee is outside the user's scope."""
    user = request.user
    if request.GET.get("body"):
        body, _may = get_unit_for_user(user, request.GET["body"])
    else:
        body = _default_body(user)
    if body is None:
        raise Http404(_("Chưa có đơn vị nào."))
    committee, _may = get_unit_for_user(user, committee_of(body).code)
    on, errors = clock.today(), []
    if request.GET.get("on"):
        try:
            on = parse_date(request.GET["on"])
        except ValueError as exc:
            errors.append(str(exc))
        else:
            refused = risk.day_refused(on)
            if refused:
                on = clock.today()
                errors.append(refused)
    scope = scope_for(user)
    rows = [r for r in risk.risk_list(committee, on=on) if scope.sees(r.unit.path)]
    if wants_xlsx(request):
        return xlsx_response(
            _("Danh sách nguy cơ: các đơn vị thuộc %s") % committee.name,
            sheets.risk_tables(rows, risk.weight_table(), on),
            f"nguy-co-{committee.code}-{on.isoformat()}",
        )
    may_plan = may_run_oversight(user, body)
    ancestors = (
        OrgUnit.objects.get_ancestors(committee).filter(scope.q()) if committee.depth > 1 else []
    )
    return render(
        request,
        "oversight/risk.html",
        {
            "body": body,
            "committee": committee,
            "on": on,
            "errors": errors,
            "rows": rows,
            "weights": risk.weight_table(),
            "may_plan": may_plan,
            "bodies": _bodies(user, committee) if may_plan else [],
            "ancestors": ancestors,
            "ranked_kinds": [Kind(k).label for k in risk.RANKED_KINDS],
        },
    )
