"""The counts behind the scorecards, read in bulk: for a unit and the units directly below
it (or for any few units of one parent), every count each measure needs, each over the
unit and everything under it, in a fixed number of queries whatever the number of units.

The rules are those of the pages that show each count, read through the same bulk
readers as the risk list (oversight/risk_counts.py): `obligations` and `plan_state`
(the concretisation matrix), `report_states` (completeness: who owes, deadlines,
`state_of`), `lib.taskstatus` (done, done late, overdue), `reporting.rollup` (targets of
the units' own plans, reported or computed from below, against plan),
`study_documents` and `study.coverage`, `formalism` (reporting/flags.py's copies and
stalled tasks) and `recommendation_counts`.

As of which day: reports, formalism signals and recommendations as they stand today (a
report of a past quarter sent late is late, not missing); tasks and plans as they stood
at the end of the period (or today, for the period running), so a year's quarters make a
trend.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from trienkhai.lib import rollup as rules
from trienkhai.lib import taskstatus
from trienkhai.orgs.scope import subtrees_q
from trienkhai.oversight import risk_counts as bulk
from trienkhai.programmes.models import PlanState, Target, TargetPlan, Task, plan_state
from trienkhai.reporting import completeness, rollup
from trienkhai.reporting.models import Period
from trienkhai.study import coverage

A = rules.Attainment


class Buckets:
    """Counts per period and unit (the unit and everything under it), for units whose
    paths may nest (a unit and its children)."""

    def __init__(self, units):
        self.units = list(units)
        self.by_path = {u.path: u for u in self.units}
        self.lengths = sorted({len(u.path) for u in self.units})
        self.counts = defaultdict(Counter)  # (period pk, unit pk) -> Counter

    def owners(self, path):
        for n in self.lengths:
            unit = self.by_path.get(path[:n]) if len(path) >= n else None
            if unit is not None:
                yield unit

    def add(self, period, path, key, n=1):
        for unit in self.owners(path):
            self.counts[period.pk, unit.pk][key] += n

    def add_own(self, period, path, key, n=1):
        """Count for the unit at `path` alone (its own targets), not the units above."""
        unit = self.by_path.get(path)
        if unit is not None:
            self.counts[period.pk, unit.pk][key] += n

    def get(self, period, unit) -> Counter:
        return self.counts.get((period.pk, unit.pk), Counter())


def day_of(period, today):
    """The day tasks and plans are read on for a period: its end, or today if sooner."""
    return min(today, period.end)


def plans(b: Buckets, paths, periods, today):
    """Obligations due by the day or issued by then: issued, issued on time, missing."""
    rows = bulk.obligations(paths)
    for period in periods:
        on = day_of(period, today)
        for path, due, plan in rows:
            state = plan_state(due, plan, on)
            if state == PlanState.MISSING:  # not due yet and not issued: nothing expected
                continue
            b.add(period, path, "plans_due")
            if state in (PlanState.ISSUED, PlanState.LATE):
                b.add(period, path, "plans_issued")
            if state == PlanState.ISSUED:
                b.add(period, path, "plans_on_time")


def reports(b: Buckets, paths, periods, today):
    """Every report owed for the periods, in the state it has today."""
    for unit, period, state in bulk.report_states(paths, periods, today):
        b.add(period, unit.path, "reports_expected")
        b.add(period, unit.path, f"reports_{state}")


TASK_KEYS = {
    taskstatus.TaskStatus.DONE: "tasks_done",
    taskstatus.TaskStatus.DONE_LATE: "tasks_done_late",
    taskstatus.TaskStatus.OVERDUE: "tasks_overdue",
}


def tasks(b: Buckets, paths, periods, today):
    """Tasks led under the units, done (on time or late) or overdue on the day
    (`taskstatus.status_on`: a task completed after the day was still open then). One
    query."""
    rows = (
        Task.objects.filter(subtrees_q(paths, "lead_unit__"))
        .order_by()
        .values_list("lead_unit__path", "start", "deadline", "completed_on")
    )
    # Tasks of the same unit with the same dates count alike: the rule once per kind,
    # the buckets once per unit and state (not once per task: 96,000 at province scale).
    alike = Counter(r for r in rows if r[2] is not None or r[3] is not None)
    for period in periods:
        on = day_of(period, today)
        found = Counter()
        for (path, start, deadline, completed_on), n in alike.items():
            key = TASK_KEYS.get(taskstatus.status_on(start, deadline, completed_on, on))
            if key:
                found[path, key] += n
        for (path, key), n in found.items():
            b.add(period, path, key, n)


def targets(b: Buckets, groups, periods):
    """The targets of the units' own plans running in each period (those they report),
    against the period's plan and, to date, against the year's. `groups` are lists of
    units none of which is above another (a unit, then its children: a lower target read
    as a root would not count in its upper target's figure); per group and period, three
    queries per level of the tree the roll-up reads, and one for the year's plans."""
    for period in periods:
        for units in groups:
            if units:
                _targets(b, units, period)


def _targets(b, units, period):
    # As `reporting.services.shown_targets` picks them for one unit: a ratio in place of
    # its numerator and denominator.
    running = Target.objects.filter(
        completeness.running_q(period, "programme__"), programme__unit__in=[u.pk for u in units]
    )
    ratios = running.filter(numerator__isnull=False)
    own = running.exclude(pk__in=ratios.values("numerator_id")).exclude(
        pk__in=ratios.values("denominator_id")
    )
    # Only the figure counts here (reported, else computed from below), not the gap
    # between the two: lower targets are read only under the unreported (`shown=0`).
    rows = rollup.compute(own, period, shown=0)
    yearly = dict(
        TargetPlan.objects.filter(
            target_id__any_of=[r.target.pk for r in rows], year=period.end.year
        ).values_list("target_id", "value")
    )
    for row in rows:
        path, direction = row.target.unit_path, row.target.direction
        _count_attainment(b, period, path, "targets", row.value, row.plan, direction)
        plan = yearly.get(row.target.pk)
        _count_attainment(b, period, path, "targets_year", row.value, plan, direction)


def _count_attainment(b, period, path, prefix, value, plan, direction):
    """Counts a target as no_data (no figure), no_plan (a figure without a plan, not
    rated), or exceeded / met / not_met, rated."""
    if value is None or plan is None:
        b.add_own(period, path, f"{prefix}_{'no_data' if value is None else 'no_plan'}")
        return
    attainment = rules.attainment(value, plan, direction)
    b.add_own(period, path, f"{prefix}_{attainment.value}")
    b.add_own(period, path, f"{prefix}_rated")
    if attainment in (A.MET, A.EXCEEDED):
        b.add_own(period, path, f"{prefix}_reached")


def study(b: Buckets, root, units, period, today):
    """Party members reached / expected over the documents the root's subtree studies
    (`study_documents`), for the root (the matrix's total) and its children (its rows):
    four queries."""
    documents = bulk.study_documents(root, today)
    if not documents:
        return
    matrix = coverage.compute(root, documents, on=today)
    cells = {unit.pk: row for unit, row in matrix.rows}
    cells[root.pk] = matrix.total
    for unit in units:
        for cell in cells.get(unit.pk, ()):
            b.counts[period.pk, unit.pk]["study_expected"] += cell.expected
            b.counts[period.pk, unit.pk]["study_reached"] += cell.reached


def formalism(b: Buckets, paths, period, today):
    """Reports of the period sent and those of them with a signal of formalism (a copied
    narrative or a task stalled three periods): three queries."""
    previous = period.span.previous()
    codes = [previous.code, previous.previous().code]
    closed = {p.code: p for p in Period.objects.filter(code__in=codes)}
    found = bulk.formalism(paths, {period.kind: period}, closed, today)
    for path, _period in found.sent:
        b.add(period, path, "formalism_sent")
    for path in {path for _key, path, _period in found.signals}:
        b.add(period, path, "formalism_flagged")


def recommendations(b: Buckets, paths, period, today):
    """Recommendations still open today, and overdue: two aggregates."""
    for key, path, n in bulk.recommendation_counts(paths, today):
        b.add(period, path, key, n)
