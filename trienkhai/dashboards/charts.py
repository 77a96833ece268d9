"""The scorecard's trend as a small self-contained SVG: one line per measure over the
year's quarters, 0-100 %. Geometry is computed here and drawn by the template
(`dashboards/_trend_chart.svg`) with every colour and font given as an attribute, no
page stylesheet and no script, so the same SVG shows on screen, prints, and goes into
PDF and Word (reporting/rollup.chart is the house way; this one also carries its own
legend and axis, since a report has no page around it)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from trienkhai.lib.vnformat import format_percent, roman

# One colour a series, told apart without colour too (dash patterns), on white.
SERIES_STYLES = (
    {"stroke": "#1f3f8a", "dash": ""},
    {"stroke": "#b3261e", "dash": "6 3"},
    {"stroke": "#1a7f37", "dash": "2 3"},
    {"stroke": "#9a6700", "dash": "8 3 2 3"},
)
FONT = "DejaVu Sans, Arial, sans-serif"
INK, MUTED, GRID = "#1f2328", "#5f6670", "#d9dde3"


def quarter_name(period) -> str:
    """ "Quý IV" for an axis whose year is in the title."""
    return _("Quý %(q)s") % {"q": roman((period.start.month - 1) // 3 + 1)}


def trend_chart(trend, *, width=420, plot_height=150, legend_row=18):
    """`trend` as from scorecard.trend: [(quarter, [Value])]. Returns the drawing's
    geometry: size, grid lines, x labels, and per series its points and legend entry."""
    if not trend:
        return None
    left, right, top = 40, 12, 10
    keys = [v.measure for v in trend[0][1]]
    legend_top = top + plot_height + 36
    height = legend_top + legend_row * len(keys)
    slots = len(trend)
    step = (width - left - right) / max(slots, 1)

    def x(i):
        return round(left + step * (i + 0.5), 1)

    def y(value):
        return round(top + plot_height * (1 - float(value) / 100), 1)

    grid = [{"y": y(v), "label": f"{v}%"} for v in (0, 50, 100)]
    labels = [{"x": x(i), "text": quarter_name(p)} for i, (p, _vals) in enumerate(trend)]
    series = []
    for n, measure in enumerate(keys):
        style = SERIES_STYLES[n % len(SERIES_STYLES)]
        points = []
        for i, (period, values) in enumerate(trend):
            value = values[n].value
            if value is not None:
                points.append(
                    {
                        "x": x(i),
                        "y": y(value),
                        "title": f"{quarter_name(period)}: {format_percent(value, 1)}",
                    }
                )
        series.append(
            {
                "label": str(measure.label),
                "stroke": style["stroke"],
                "dash": style["dash"],
                "points": points,
                "line": " ".join(f"{p['x']},{p['y']}" for p in points),
                "legend_x": left,
                "legend_x2": left + 18,
                "legend_text_x": left + 24,
                "legend_y": legend_top + n * legend_row,
            }
        )
    return {
        "width": width,
        "height": round(height),
        "left": left,
        "grid_label_x": left - 4,
        "right": width - right,
        "base": y(0),
        "label_y": y(0) + 16,
        "grid": grid,
        "labels": labels,
        "series": series,
        "font": FONT,
        "ink": INK,
        "muted": MUTED,
        "grid_colour": GRID,
    }
