"""The schematic map: the units directly below a unit, each a circle at its territory's
centroid (bundled from `vietnamadminunits`, `orgs/data/SOURCES.md`), coloured by one
scorecard measure; the same values in a table beside it for those who do not read maps.
No boundary set is licensed for this, so the map says it is a schematic."""

from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.accounts.access import get_overview_unit_for_user, scope_for
from trienkhai.core import clock
from trienkhai.dashboards import scorecard
from trienkhai.dashboards.views import CHOOSER_KINDS
from trienkhai.lib.schematic_map import LegendEntry, Place, render_svg
from trienkhai.orgs import geo
from trienkhai.reporting.models import Period
from trienkhai.reporting.views.overview import chosen_period

COLOURS = {"green": "#2e7d32", "amber": "#e0a100", "red": "#c62828", None: "#bdbdbd"}
OUTSIDE = "#f1f1f1"
DEFAULT_MEASURE = "reports_on_time"


def map_svg(unit, rows, measure, period, others=()):
    """(svg, [(row, value, point)]) of the rows that have a point on the map; `others`,
    the units below `unit` outside the user's scope, are drawn pale and without a value,
    so the map keeps the province's shape."""
    points = geo.points_for_units([r.unit for r in rows])
    drawn, places = [], []
    for other, point in _with_points(others):
        places.append(
            Place(
                key=other.code,
                label=other.name,
                lat=point.lat,
                lon=point.lon,
                area_km2=point.area_km2,
                value=_("ngoài phạm vi theo dõi"),
                colour=OUTSIDE,
            )
        )
    for row in rows:
        point = points.get(row.unit.pk)
        value = row.value(measure.key)
        drawn.append((row, value, point))
        if point is None:
            continue
        places.append(
            Place(
                key=row.unit.code,
                label=row.unit.name,
                lat=point.lat,
                lon=point.lon,
                area_km2=point.area_km2,
                value=f"{measure.label}: {value.text}"
                + (f" ({value.parts})" if value.parts else ""),
                colour=COLOURS[value.rating],
                href=reverse("dashboards:map", args=[row.unit.code]) + f"?measure={measure.key}",
            )
        )
    bounds = measure.bounds()
    legend = [
        LegendEntry(COLOURS["green"], _("Xanh: %s") % bounds["green"]),
        LegendEntry(COLOURS["amber"], _("Vàng: %s") % bounds["amber"]),
        LegendEntry(COLOURS["red"], _("Đỏ: %s") % bounds["red"]),
        LegendEntry(COLOURS[None], _("Không có số liệu")),
    ]
    if others:
        legend.append(LegendEntry(OUTSIDE, _("Ngoài phạm vi theo dõi")))
    title = f"{measure.label} — {unit.name}, {period.label}"
    svg = render_svg(
        places,
        legend,
        title,
        legend_title=measure.label,
        note=_("Sơ đồ vị trí theo tâm địa giới (không phải bản đồ địa giới)."),
        width=820,
        height=620,
    )
    return svg, drawn


@login_required
def map_page(request, code=""):
    unit = get_overview_unit_for_user(request.user, code)
    if unit is None:
        raise Http404(_("Chưa có đơn vị nào."))
    measure = scorecard.BY_KEY.get(request.GET.get("measure") or DEFAULT_MEASURE)
    if measure is None:
        raise Http404(_("Không có chỉ số này."))
    period = chosen_period(request)
    today = clock.today()
    _head, rows = scorecard.compute(unit, period, today=today, with_root=False)
    scope = scope_for(request.user)
    others = [r.unit for r in rows if not scope.sees(r.unit.path)]
    rows = [r for r in rows if scope.sees(r.unit.path)]
    svg, drawn = map_svg(unit, rows, measure, period, others)
    return render(
        request,
        "dashboards/map.html",
        {
            "unit": unit,
            "period": period,
            "measure": measure,
            "measures": scorecard.MEASURES,
            "svg": svg,
            "drawn": drawn,
            "off_map": sum(1 for _r, _v, p in drawn if p is None),
            "periods": Period.objects.filter(kind__in=CHOOSER_KINDS, start__lte=today).order_by(
                "-end", "kind"
            )[:16],
        },
    )


def _with_points(units):
    points = geo.points_for_units(units)
    return [(u, points[u.pk]) for u in units if u.pk in points]
