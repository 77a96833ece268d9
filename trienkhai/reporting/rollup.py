"""Targets through the tree for one period: the value each unit reported, the value
computed from the units below by the target's own rule, the difference, and the
attainment against plan.

A target's lower targets (`Target.upper`) are the same indicator in the implementing
plans of the units below. Only reports sent up (submitted or accepted) count; drafts
and returned reports do not. Plans: a point-in-time target (a rate, a level) is
compared with its plan for the year; a cumulative one (houses built, members
admitted), reported as the total since the start of the year, with the share of the
year's plan for the months elapsed at the period's end.

`compute(targets, period)` loads the whole subtree of targets level by level (two
queries per level of the tree: the targets, and their programmes' units; one for the
values, one for the plans) and works bottom-up in memory.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q

from trienkhai.lib import rollup as rules
from trienkhai.reporting.models import Status, TargetValue

SENT = (Status.SUBMITTED, Status.ACCEPTED)
# Reported and computed values further apart than this share disagree.
TOLERANCE = Decimal("0.005")


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


@dataclass
class Row:
    target: TargetInfo
    reported: Decimal | None = None
    computed: rules.RollupResult | None = None
    plan: Decimal | None = None
    children: list = field(default_factory=list)

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
    def light(self):
        return rules.traffic_light(self.attainment, self.rate)

    @property
    def attainment_label(self):
        return rules.ATTAINMENT_LABELS[self.attainment]


def trim(value):
    """40.0000 → 40 and 7.2800 → 7.28, for display; None stays None."""
    if value is None:
        return None
    if value == value.to_integral_value():
        return value.quantize(Decimal(1))
    return value.normalize()


def plan_for_period(target, yearly_plan, period):
    """The plan to compare a period's value with (see the module docstring)."""
    if yearly_plan is None:
        return None
    if not target.cumulative or period.end.month == 12:
        return yearly_plan
    return trim((yearly_plan * Decimal(period.end.month) / Decimal(12)).quantize(Decimal("0.01")))


def compute(targets, period):
    """Rows for `targets` (a queryset of Target) with their lower targets' rows nested,
    for one period: two queries per level of the tree, one for the values, one for the
    plans, whatever the number of units."""
    from trienkhai.programmes.models import Programme, Target, TargetPlan

    roots = [TargetInfo(*row) for row in targets.values_list(*FIELDS)]
    by_id = {t.pk: t for t in roots}
    children: dict[int, list] = {}
    # Each level is selected by a subquery on the level above, not by a list of ids:
    # a province's targets have tens of thousands of lower targets, and a list that
    # long costs seconds to build and send. Their units come from a second query on
    # their programmes (thousands, not tens of thousands of joins), and each target's
    # lower targets are put in the model's order (programme: unit path, kind, title;
    # code) here: sorting tens of thousands of wide rows in the database spills to disk.
    level = targets.order_by().values("pk")
    in_tree = Q(target__in=level)
    order = {}
    while True:
        lower = Target.objects.filter(upper__in=level).order_by()
        rows = [
            row for row in lower.values_list(*FIELDS[:-3], "programme_id") if row[0] not in by_id
        ]
        if not rows:
            break
        units = {
            pk: rest
            for pk, *rest in Programme.objects.filter(pk__in=lower.values("programme_id"))
            .order_by()
            .values_list("pk", "unit__code", "unit__name", "unit__path", "kind", "title")
        }
        for row in rows:
            code, name, path, kind, title = units[row[-1]]
            t = TargetInfo(*row[:-1], code, name, path)
            order[t.pk] = (path, kind, title, t.code)
            by_id[t.pk] = t
            children.setdefault(t.upper_id, []).append(t)
        in_tree |= Q(target__upper__in=level)
        level = lower.values("pk")
    for below in children.values():
        below.sort(key=lambda t: order[t.pk])
    # Ratio targets roll up from their numerator and denominator targets' values.
    parts = {t.numerator_id for t in by_id.values() if t.numerator_id} | {
        t.denominator_id for t in by_id.values() if t.denominator_id
    }
    if parts:
        in_tree |= Q(target_id__in=parts)
    reported = {
        pk: trim(value)
        for pk, value in TargetValue.objects.filter(
            in_tree, submission__period=period, submission__status__in=SENT
        ).values_list("target_id", "value")
    }
    # Plans: of the targets shown, and of those whose rule counts the units reaching theirs.
    counting = {t.pk for t in by_id.values() if t.aggregation == rules.Rule.COUNT_REACHED}
    wanted = {t.pk for t in roots} | {c.pk for pk in counting for c in children.get(pk, [])}
    wanted |= {c.pk for t in roots for c in children.get(t.pk, [])}
    plans = {
        pk: trim(value)
        for pk, value in TargetPlan.objects.filter(
            target_id__in=wanted, year=period.end.year
        ).values_list("target_id", "value")
    }

    def build(target):
        row = Row(
            target=target,
            reported=reported.get(target.pk),
            plan=plan_for_period(target, plans.get(target.pk), period),
        )
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
    """Counts of targets by traffic light, for a dashboard's headline."""
    counts = {"green": 0, "amber": 0, "red": 0, "grey": 0}
    for row in rows:
        counts[row.light] += 1
    return counts


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
            "label": period.code,
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
