"""What the level above reads: completeness of the reports, the targets dashboard,
a target's drill-down and the formalism signals."""

import logging

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Max
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from trienkhai.accounts.access import (
    get_overview_unit_for_user,
    get_target_for_user,
    scope_for,
)
from trienkhai.core import clock
from trienkhai.exports.sheets import wants_xlsx, xlsx_response
from trienkhai.lib import periods as regime
from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting import completeness, flags, rollup, services, sheets
from trienkhai.reporting.models import (
    Period,
    PeriodKind,
    Submission,
)
from trienkhai.reporting.views import period_or_404

log = logging.getLogger("trienkhai.reporting")

MATRIX_KINDS = [k.value for k in services.INBOX_KINDS]


@login_required
def completeness_matrix(request):
    """Units × periods of a year: sent on time, late, returned, missing."""
    scope = scope_for(request.user)
    root = get_overview_unit_for_user(request.user, request.GET.get("root", ""))
    if root is None:
        raise Http404(_("Chưa có đơn vị nào."))
    today = clock.today()
    latest = Submission.objects.for_user(request.user).aggregate(y=Max("period__end"))["y"]
    try:
        year = int(request.GET.get("year") or (latest or today).year)
    except ValueError:
        year = today.year
    year = min(max(year, 2000), 2100)
    kind = request.GET.get("kind") if request.GET.get("kind") in MATRIX_KINDS else "quarter"
    codes = [p.code for p in regime.periods_of(regime.Kind(kind), year)]
    periods = list(Period.objects.filter(code__in=codes).order_by("start"))
    matrix = completeness.compute(root, periods, today=today)
    # A leader's committee (access.home_unit) may reach beyond its scope: the totals
    # count every unit, the rows show the units the user sees.
    shown = [row for row in matrix.units if scope.sees(row[0].path)]
    hidden = len(matrix.units) - len(shown)
    matrix.units = shown
    matrix.by_branch = [row for row in matrix.by_branch if scope.sees(row[0].path)]
    if wants_xlsx(request):
        return xlsx_response(
            _("Tình hình báo cáo năm %(y)s: %(u)s") % {"y": year, "u": root.name},
            sheets.completeness_tables(matrix, root),
            f"tinh-hinh-bao-cao-{root.code}-{year}-{kind}",
        )
    page = Paginator(matrix.units, 100).get_page(request.GET.get("page"))
    return render(
        request,
        "reporting/completeness.html",
        {
            "m": matrix,
            "page": page,
            "root": root,
            "hidden": hidden,
            "year": year,
            "kind": kind,
            "kinds": [(k, PeriodKind(k).label) for k in MATRIX_KINDS],
            "ancestors": OrgUnit.objects.get_ancestors(root).filter(scope.q())
            if root.depth > 1
            else [],
        },
    )


def chosen_period(request):
    """The period asked for, else the latest one with a report sent in the user's scope."""
    if request.GET.get("period"):
        return period_or_404(request.GET["period"])
    latest = (
        Submission.objects.for_user(request.user)
        .filter(status__in=rollup.SENT)
        .order_by("-period__end")
        .values_list("period__code", flat=True)
        .first()
    )
    if latest:
        return Period.objects.get(code=latest)
    span = regime.due_periods([regime.Kind.QUARTER], clock.today(), "province")[0]
    period = Period.objects.filter(code=span.code).first() or (
        Period.objects.filter(kind=regime.Kind.QUARTER.value, start__lte=clock.today())
        .order_by("-start")
        .first()
    )
    if period is None:
        raise Http404(_("Chưa có kỳ báo cáo nào được mở."))
    return period


@login_required
def dashboard(request):
    """A unit's targets for one period: reported and computed values, plan, attainment,
    and the completeness of the reports under it."""
    unit = get_overview_unit_for_user(request.user, request.GET.get("unit", ""))
    if unit is None:
        raise Http404(_("Chưa có đơn vị nào."))
    period = chosen_period(request)
    targets = services.shown_targets(unit, period)
    rows = rollup.compute(targets, period)
    if wants_xlsx(request):
        title = _("Kết quả thực hiện chỉ tiêu %(p)s: %(u)s") % {"p": period.label, "u": unit.name}
        return xlsx_response(
            title, [sheets.targets_table(rows, title)], f"chi-tieu-{unit.code}-{period.code}"
        )
    rates = completeness.compute(unit, [period], by_programme=False).totals[0]
    return render(
        request,
        "reporting/dashboard.html",
        {
            "unit": unit,
            "period": period,
            "rows": rows,
            "legend": rollup.legend(rows),
            "rates": rates,
            "periods": Period.objects.filter(kind=period.kind).order_by("-end")[:12],
        },
    )


@login_required
def target_detail(request, pk):
    """One target for one period, and how it comes from the units below (drill-down)."""
    from trienkhai.programmes.models import Target

    target, _may = get_target_for_user(request.user, pk)
    period = chosen_period(request)
    (row,) = rollup.compute(Target.objects.filter(pk=target.pk), period, shown=2)
    scope = scope_for(request.user)
    visible = [c for c in row.children if scope.sees(c.target.unit_path)]
    year = list(
        Period.objects.filter(
            code__in=[p.code for p in regime.periods_of(regime.Kind.QUARTER, period.end.year)]
        ).order_by("start")
    )
    one = Target.objects.filter(pk=target.pk)
    trend = [(p, rollup.compute(one, p)[0]) for p in year if p.data_to <= period.data_to]
    return render(
        request,
        "reporting/target.html",
        {
            "target": target,
            "period": period,
            "row": row,
            "row_list": [row],
            "children": visible,
            "hidden": len(row.children) - len(visible),
            "trend": trend,
            "chart": rollup.chart(trend),
        },
    )


@login_required
def formalism(request):
    """Signals of copy-paste and stalled reports in the user's scope, for one period."""
    period = chosen_period(request)
    reports = Submission.objects.for_user(request.user).filter(period=period)
    found = flags.for_period(period, reports)
    by_pk = reports.select_related("unit").in_bulk(list(found))
    rows = sorted(
        ((by_pk[pk], items) for pk, items in found.items() if pk in by_pk),
        key=lambda row: row[0].unit.path,
    )
    return render(
        request,
        "reporting/flags.html",
        {
            "period": period,
            "rows": rows,
            "periods": Period.objects.filter(kind=period.kind).order_by("-end")[:12],
        },
    )
