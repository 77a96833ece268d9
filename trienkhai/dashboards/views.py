"""Scorecards: a unit's measures side by side, the units below it as a sortable table
with drill-down, and the trend over the year's quarters (dashboards/scorecard.py)."""

from urllib.parse import urlencode

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.utils.translation import gettext as _

from trienkhai.accounts.access import get_overview_unit_for_user, scope_for
from trienkhai.core import clock
from trienkhai.dashboards import charts, exported, scorecard
from trienkhai.exports.sheets import wants_xlsx, xlsx_response
from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting.models import Period, PeriodKind
from trienkhai.reporting.views.overview import chosen_period

# The periods offered in the chooser: those a scorecard reads (not months, not the term).
CHOOSER_KINDS = (PeriodKind.QUARTER, PeriodKind.HALF, PeriodKind.NINE_MONTHS, PeriodKind.YEAR)


def _columns(base, period, sort, descending):
    """(the name column, [the measure columns]): each (measure or None, url, "asc" /
    "desc" / "" for the column sorted on). A click sorts by that column, best first
    (highest first where more is better, names from A); a second click turns it round."""
    columns = []
    for measure in [None, *scorecard.MEASURES]:
        key = measure.key if measure else "name"
        current = key == sort
        best_first = "desc" if measure and measure.higher_is_better else "asc"
        if current:
            best_first = "asc" if descending else "desc"
        query = urlencode({"period": period.code, "sort": key, "dir": best_first})
        state = ("desc" if descending else "asc") if current else ""
        columns.append((measure, f"{base}?{query}", state))
    return columns[0], columns[1:]


@login_required
def scorecard_page(request, code=""):
    """The scorecard of a unit (the user's home unit by default: for a Standing Committee,
    its Party committee) for a period (`period`, a code), and of the units below it
    sorted by `sort` (a measure's key or "name") in `dir` ("asc" or "desc")."""
    user = request.user
    unit = get_overview_unit_for_user(user, code)
    if unit is None:
        raise Http404(_("Chưa có đơn vị nào."))
    period = chosen_period(request)
    today = clock.today()
    head, rows, trend = scorecard.compute(unit, period, today=today, trend=True)
    # A leader's committee (access.home_unit) may reach beyond its scope: the card counts
    # every unit, the table shows the units the user sees.
    scope = scope_for(user)
    shown = [r for r in rows if scope.sees(r.unit.path)]
    sort = request.GET.get("sort", "")
    descending = request.GET.get("dir") == "desc"
    if sort:
        shown = scorecard.sort_rows(shown, sort, descending)
    if wants_xlsx(request):
        return xlsx_response(
            f"{unit.name} — {period.label}",
            [exported.score_table(_("Bảng điểm %s") % unit.name, [head, *shown])],
            f"bang-diem-{unit.code}-{period.code}",
        )
    name_column, columns = _columns(request.path, period, sort, descending)
    return render(
        request,
        "dashboards/scorecard.html",
        {
            "unit": unit,
            "period": period,
            "card": head,
            "families": scorecard.families(head.values),
            "rows": shown,
            "hidden": len(rows) - len(shown),
            "measures": scorecard.MEASURES,
            "sort": sort if sort in scorecard.BY_KEY or sort == "name" else "",
            "name_column": name_column,
            "columns": columns,
            "chart": charts.trend_chart(trend),
            "year": period.end.year,
            "periods": Period.objects.filter(kind__in=CHOOSER_KINDS, start__lte=today).order_by(
                "-end", "kind"
            )[:16],
            "ancestors": [a for a in OrgUnit.objects.get_ancestors(unit) if scope.sees(a.path)]
            if unit.depth > 1
            else [],
        },
    )
