"""Targets through the tree for one period: the value each unit reported, the value
computed from the units below by the target's own rule, the difference, and the
attainment against plan.

A target's lower targets (`Target.upper`) are the same indicator in the implementing
plans of the units below. Only reports sent up (submitted or accepted) count; drafts
and returned reports do not. Plans: a point-in-time target (a rate, a level) is
compared with its plan for the year; a cumulative one (houses built, members
admitted), reported as the total since the start of the year, with the share of the
year's plan for the months elapsed at the period's end.

A ratio target is not reported itself: a unit reports its numerator and denominator
(two targets of their own, `Target.numerator` / `denominator`), and the row shows the
ratio of those two with the parts beside it. Every row is rated by one rule,
`lib.rollup.rating`, for its words, its colour, the legend and the counts.

`compute(targets, period)` loads the whole subtree of targets level by level (two
queries per level of the tree: the targets, and their programmes' units; one for the
values, one for the plans) and works bottom-up in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from trienkhai.lib import rollup as rules
from trienkhai.lib.vnformat import trim_zeros
from trienkhai.lib.vntext import sort_key_text
from trienkhai.reporting.models import Status, TargetValue

SENT = (Status.SUBMITTED, Status.ACCEPTED)
# Reported and computed values further apart than this share disagree.
TOLERANCE = Decimal("0.005")

# The words of `lib.rollup.Rating` and of its legend, for the pages (the same
# Vietnamese, here for the English catalog; a test keeps the two alike).
RATING_LABELS = {
    rules.Rating.EXCEEDED: _("Vượt"),
    rules.Rating.MET: _("Đạt"),
    rules.Rating.NEARLY: _("Gần đạt"),
    rules.Rating.NOT_MET: _("Không đạt"),
    rules.Rating.NO_PLAN: _("Chưa có kế hoạch"),
    rules.Rating.NO_DATA: _("Chưa có số liệu"),
}
LIGHT_LABELS = {
    "green": _("đạt, vượt"),
    "amber": _("gần đạt"),
    "red": _("không đạt"),
    "none": _("chưa có kế hoạch"),
    "grey": _("chưa có số liệu"),
}


FIELDS = (
    "pk",
    "upper_id",
    "code",
    "name",
    "unit_of_measure",
    "aggregation",
    "direction",
    "cumulative",
    "numerator_id",
    "denominator_id",
    "programme__unit__code",
    "programme__unit__name",
    "programme__unit__path",
    "programme__unit__sort_key",
)


class TargetInfo(NamedTuple):
    """What the roll-up needs of a target, read as plain values (tens of thousands of
    lower targets are loaded for one province dashboard; a named tuple is built five
    times faster than a frozen dataclass)."""

    pk: int
    upper_id: int | None
    code: str
    name: str
    unit_of_measure: str
    aggregation: str
    direction: str
    cumulative: bool
    numerator_id: int | None
    denominator_id: int | None
    unit_code: str
    unit_name: str
    unit_path: str
    unit_sort_key: str


@dataclass
class Row:
    target: TargetInfo
    reported: Decimal | None = None
    computed: rules.RollupResult | None = None
    plan: Decimal | None = None
    children: list = field(default_factory=list)
    # A ratio target: the unit's own (numerator, denominator), whose ratio is `reported`.
    parts: tuple | None = None

    @property
    def value(self):
        """The figure shown: the reported one, else the one computed from below."""
        if self.reported is not None:
            return self.reported
        return self.computed.value if self.computed else None

    @property
    def difference(self):
        if self.reported is None or self.computed is None or self.computed.value is None:
            return None
        return self.reported - self.computed.value

    @property
    def disagrees(self):
        diff = self.difference
        if diff is None:
            return False
        scale = max(abs(self.reported), abs(self.computed.value), Decimal(1))
        return abs(diff) > scale * TOLERANCE

    @property
    def attainment(self):
        return rules.attainment(self.value, self.plan, self.target.direction)

    @property
    def rate(self):
        return rules.attainment_rate(self.value, self.plan, self.target.direction)

    @property
    def rating(self):
        """The one rating of the row (`lib.rollup.rating`): its words and its colour."""
        return rules.rating(self.value, self.plan, self.target.direction)

    @property
    def light(self):
        return self.rating.light

    @property
    def attainment_label(self):
        return RATING_LABELS[self.rating]

    @property
    def is_ratio(self):
        return self.parts is not None


def trim(value):
    """40.0000 → 40 and 7.2800 → 7.28, for display; None stays None."""
    return None if value is None else trim_zeros(value)


def plan_for_period(target, yearly_plan, period):
    """The plan to compare a period's value with (see the module docstring)."""
    if yearly_plan is None:
        return None
    if not target.cumulative or period.end.month == 12:
        return yearly_plan
    return trim((yearly_plan * Decimal(period.end.month) / Decimal(12)).quantize(Decimal("0.01")))


def compute(targets, period, *, shown=1):
    """Rows for `targets` (a queryset of Target) with their lower targets' rows nested,
    for one period.

    The first `shown` levels (the targets themselves, and with `shown=2` their lower
    targets too, as on a target's drill-down page) get the value computed from below, so
    a gap between reported and computed shows. Further down a lower target's reported
    value is what counts, and its own lower targets are read only when it has none:
    a province dashboard reads the districts' figures, and a district's communes only
    where the district has not reported. Three queries per level read, one for the plans.
    With `shown=0` (a scorecard's counts: the figure, not the gap) only the targets
    without a reported value are computed, and only their own plans are read.
    """
    from trienkhai.programmes.models import Programme, Target, TargetPlan

    roots = [TargetInfo(*row) for row in targets.values_list(*FIELDS)]
    by_id = {t.pk: t for t in roots}
    children: dict[int, list] = {}
    order = {}
    reported: dict[int, Decimal] = {}

    def read_values(infos):
        ids = {t.pk for t in infos}
        ids |= {t.numerator_id for t in infos if t.numerator_id}
        ids |= {t.denominator_id for t in infos if t.denominator_id}
        reported.update(
            (pk, trim(value))
            for pk, value in TargetValue.objects.filter(
                target_id__any_of=ids, submission__period=period, submission__status__in=SENT
            ).values_list("target_id", "value")
        )

    # Lists of ids, level by level: measured on the synthetic province, faster than
    # subqueries on the level above (whose "not reported" filter PostgreSQL plans poorly),
    # as long as only the levels needed are read.
    read_values(roots)
    level, depth = roots, 1
    while level:
        expand = [t.pk for t in level if depth <= shown or reported.get(t.pk) is None]
        if not expand:
            break
        rows = [
            row
            for row in Target.objects.filter(upper_id__any_of=expand)
            .order_by()
            .values_list(*FIELDS[:-4], "programme_id")
            if row[0] not in by_id
        ]
        # Units come from their programmes (hundreds of rows, not one join per target);
        # lower targets are put in the model's order here rather than by the database.
        # The title's sort key once per programme, not once per target.
        units = {
            pk: (*rest, sort_key_text(title))
            for pk, *rest, title in Programme.objects.filter(pk__any_of={row[-1] for row in rows})
            .order_by()
            .values_list(
                "pk", "unit__code", "unit__name", "unit__path", "unit__sort_key", "kind", "title"
            )
        }
        level = []
        for row in rows:
            code, name, path, key, kind, title_key = units[row[-1]]
            t = TargetInfo(*row[:-1], code, name, path, key)
            # Units in Vietnamese alphabetical order (their `sort_key`), as lists of units are.
            order[t.pk] = (key, path, kind, title_key, t.code)
            by_id[t.pk] = t
            children.setdefault(t.upper_id, []).append(t)
            level.append(t)
        read_values(level)
        depth += 1
    for below in children.values():
        below.sort(key=lambda t: order[t.pk])
    # Plans: of the targets and the rows below them (the drill-down shows both), and of
    # the lower targets whose upper target's rule counts the units reaching their plan.
    counting = {t.pk for t in by_id.values() if t.aggregation == rules.Rule.COUNT_REACHED}
    counted = {c.pk for pk in counting for c in children.get(pk, [])}
    shown_q = Q(target__in=targets.order_by().values("pk"))
    if shown:  # with `shown=0` (counts only) no row below is shown
        shown_q |= Q(target__upper__in=targets.order_by().values("pk"))
    plans = {
        pk: trim(value)
        for pk, value in TargetPlan.objects.filter(
            shown_q | Q(target_id__in=counted), year=period.end.year
        ).values_list("target_id", "value")
    }

    def build(target):
        row = Row(
            target=target,
            reported=reported.get(target.pk),
            plan=plan_for_period(target, plans.get(target.pk), period),
        )
        if target.numerator_id and target.denominator_id:
            parts = reported.get(target.numerator_id), reported.get(target.denominator_id)
            row.parts = parts
            if row.reported is None:
                row.reported = trim(rules.ratio(*parts))
        row.children = [build(child) for child in children.get(target.pk, [])]
        if row.children:
            row.computed = rules.roll_up(
                target.aggregation,
                [_child_value(child, reported) for child in row.children],
                target.direction,
            )
        return row

    return [build(t) for t in roots]


def _child_value(row, reported):
    target = row.target
    return rules.ChildValue(
        value=row.value,
        numerator=reported.get(target.numerator_id) if target.numerator_id else None,
        denominator=reported.get(target.denominator_id) if target.denominator_id else None,
        plan=row.plan,
    )


def summary(rows):
    """Counts of targets by colour of their rating (green, amber, red, none: no plan,
    grey: no data), in the legend's order, for a dashboard's headline."""
    counts = dict.fromkeys(LIGHT_LABELS, 0)
    for row in rows:
        counts[row.light] += 1
    return counts


def legend(rows):
    """[(colour, words, count)] of the rows: the summary with the legend's words."""
    return [(light, LIGHT_LABELS[light], n) for light, n in summary(rows).items()]


def chart(trend, *, width=560, height=200):
    """Geometry of a plan-against-actual bar chart over periods, drawn as inline SVG by
    the template (no script, prints as it shows): one bar for the value, a tick for the
    plan. `trend` is [(period, Row)]."""
    values = [v for _p, row in trend for v in (row.value, row.plan) if v is not None]
    top = max(values, default=Decimal(0)) or Decimal(1)
    slot = width / max(len(trend), 1)
    bars = []
    for i, (period, row) in enumerate(trend):
        x = i * slot + slot * 0.25
        bar = {
            "label": period.label,
            "x": round(x, 1),
            "width": round(slot * 0.5, 1),
            "x2": round(x + slot * 0.5, 1),
            "light": row.light,
            "value": row.value,
            "plan": row.plan,
        }
        if row.value is not None:
            h = float(row.value / top) * (height - 30)
            bar["y"], bar["height"] = round(height - 20 - h, 1), round(h, 1)
        if row.plan is not None:
            bar["plan_y"] = round(height - 20 - float(row.plan / top) * (height - 30), 1)
        bars.append(bar)
    return {"width": width, "height": height, "bars": bars, "base": height - 20}
