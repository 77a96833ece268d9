"""Completeness and timeliness (DHIS2's reporting rates): which units owe a report for
a period, and where each stands.

A unit owes a report for a period when it leads a task or owns a target in a
programme running in the period (its years cover the period's, and its document was
issued by the period's end), was open at some time in the period, and is
not exempted. Units opened after the period or closed before it owe nothing, so no
rate goes above 100%. States: on time, late (first sent after the deadline for the
unit, after any grace period), returned (waiting for the unit), draft or nothing (due before the
deadline, missing after it). Accepted reports count as sent, on time or late.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Exists, Q
from django.utils import timezone

from trienkhai.core import clock
from trienkhai.orgs.models import OrgUnit
from trienkhai.orgs.scope import subtree_q
from trienkhai.reporting.models import Deadlines, Exemption, Period, Status, Submission

ON_TIME, LATE, RETURNED, DUE, MISSING = "on_time", "late", "returned", "due", "missing"


# Periods every programme reports in; monthly and quarterly reports only cover the
# programmes on that cycle (Programme.report_every).
GENERAL_KINDS = ("half", "nine_months", "year", "term")


def running_q(period, prefix=""):
    """Programmes reporting in the period: its year within theirs, issued by its end,
    and on the period's cycle (6-month, 9-month, annual and term reports cover all)."""
    year = period.end.year
    q = Q(**{f"{prefix}start_year__lte": year, f"{prefix}end_year__gte": year}) & (
        Q(**{f"{prefix}document__isnull": True})
        | Q(**{f"{prefix}document__issue_date__isnull": True})
        | Q(**{f"{prefix}document__issue_date__lte": period.end})
    )
    if period.kind not in GENERAL_KINDS:
        q &= Q(**{f"{prefix}report_every": period.kind})
    return q


def expected_units(root, period):
    """The units under `root` (included) that owe a report for `period` (one query)."""
    from trienkhai.programmes.models import Programme, Task

    leading = Task.objects.filter(
        running_q(period, "programme__"), subtree_q(root.path, "lead_unit__")
    ).values("lead_unit")
    owning = Programme.objects.filter(
        running_q(period), subtree_q(root.path, "unit__"), targets__isnull=False
    ).values("unit")
    exempt = Exemption.objects.filter(Q(period=period) | Q(period__isnull=True)).values("unit")
    return (
        OrgUnit.objects.filter(Q(pk__in=leading) | Q(pk__in=owning))
        .filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end))
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=period.start))
        .exclude(pk__in=exempt)
    )


def owing(unit, periods) -> set:
    """The pks of the `periods` for which `unit` owes a report (`expected_units`'s rule),
    in one query however many periods."""
    periods = list(periods)
    if not periods:
        return set()
    asks = {
        f"p{p.pk}": Exists(expected_units(unit, p).filter(pk=unit.pk).values("pk")) for p in periods
    }
    row = OrgUnit.objects.filter(pk=unit.pk).annotate(**asks).values(*asks).first() or {}
    return {p.pk for p in periods if row.get(f"p{p.pk}")}


@dataclass(frozen=True)
class Owed:
    period: object
    due: object  # models.Due
    status: str | None  # None: not started; draft; returned

    def overdue(self, today):
        return today > self.due.late_after


def owed_reports(unit, today, *, recent=12) -> list[Owed]:
    """Reports `unit` still has to send: the open periods (of the `recent` latest) whose
    data cut-off has passed, that it owes and has not sent or has had returned, newest
    first. Periods are opened by the office or by the daily job, never by a read. Five
    queries whatever the number of periods (periods, its reports, owing, deadlines)."""
    periods = list(
        Period.objects.filter(is_closed=False, data_to__lt=today).order_by("-end")[:recent]
    )
    if not periods:
        return []
    sent = dict(
        Submission.objects.filter(unit=unit, period__in=periods).values_list("period_id", "status")
    )
    waiting = [p for p in periods if sent.get(p.pk) not in (Status.SUBMITTED, Status.ACCEPTED)]
    owed = owing(unit, waiting)
    waiting = [p for p in waiting if p.pk in owed]
    deadlines = Deadlines.of_periods(waiting, units=[unit])
    return [Owed(p, deadlines[p.pk].for_unit(unit), sent.get(p.pk)) for p in waiting]


def state_of(submission, due, today):
    """The cell of one unit and one period; `due` from models.Deadlines. Late and
    missing count from the end of the grace period."""
    if submission is not None and submission.first_submitted_at is not None:
        if submission.status == Status.RETURNED:
            return RETURNED
        sent = timezone.localdate(submission.first_submitted_at)
        return LATE if sent > due.late_after else ON_TIME
    return DUE if today <= due.late_after else MISSING


@dataclass
class Rates:
    expected: int = 0
    on_time: int = 0
    late: int = 0
    returned: int = 0
    due: int = 0
    missing: int = 0

    def add(self, state):
        self.expected += 1
        setattr(self, state, getattr(self, state) + 1)

    @property
    def sent(self):
        """Reports sent and standing: a returned one waits for the unit again."""
        return self.on_time + self.late

    @property
    def completeness(self):
        return round(100 * self.sent / self.expected, 1) if self.expected else None

    @property
    def timeliness(self):
        return round(100 * self.on_time / self.expected, 1) if self.expected else None


@dataclass
class Matrix:
    root: OrgUnit
    periods: list
    units: list = field(default_factory=list)  # [(unit, [state or None per period])]
    totals: list = field(default_factory=list)  # [Rates per period]
    by_branch: list = field(default_factory=list)  # [(branch unit, [Rates per period])]
    by_programme: list = field(default_factory=list)  # [(top programme, [Rates per period])]
    # {top programme pk: {period pk: pks of the units owing through it}} (`programme_units`)
    owing: dict = field(default_factory=dict)

    @property
    def has_groups(self):
        """Whether the rows under the root group several units (else the per-unit table
        says it all)."""
        return any(r.expected > 1 for _head, rates in self.by_branch for r in rates)


def compute(root, periods, *, today=None, by_programme=True) -> Matrix:
    """States of every expected unit under `root` for each period, with the rates per
    period, per unit directly under `root` (the districts, seen from the province) and,
    unless `by_programme` is False, per programme."""
    today = today or clock.today()
    matrix = Matrix(root=root, periods=list(periods))
    expected = {p.pk: set(expected_units(root, p).values_list("pk", flat=True)) for p in periods}
    all_ids = set().union(*expected.values()) if expected else set()
    units = list(OrgUnit.objects.filter(pk__in=all_ids).order_by("path"))
    submissions = {
        (s.unit_id, s.period_id): s
        for s in Submission.objects.filter(unit_id__in=all_ids, period__in=periods).only(
            "unit_id", "period_id", "status", "first_submitted_at"
        )
    }
    step = OrgUnit.steplen
    branch_length = len(root.path) + step
    branches: dict[str, list[Rates]] = {}
    matrix.totals = [Rates() for _p in periods]
    resolvers = {p.pk: Deadlines(p) for p in periods}
    for unit in units:
        states = []
        branch = branches.setdefault(unit.path[:branch_length], [Rates() for _p in periods])
        for i, period in enumerate(periods):
            if unit.pk not in expected[period.pk]:
                states.append(None)
                continue
            due = resolvers[period.pk].for_unit(unit)
            state = state_of(submissions.get((unit.pk, period.pk)), due, today)
            states.append(state)
            matrix.totals[i].add(state)
            branch[i].add(state)
        matrix.units.append((unit, states))
    heads = OrgUnit.objects.filter(path__in=branches).in_display_order()
    matrix.by_branch = [(head, branches[head.path]) for head in heads]
    if not by_programme:
        return matrix
    states = {unit.pk: row for unit, row in matrix.units}
    for programme, members in programme_units(root, periods):
        matrix.owing[programme.pk] = members
        rates = [Rates() for _p in periods]
        for i, period in enumerate(periods):
            for unit_id in members[period.pk]:
                state = states.get(unit_id, [None] * len(periods))[i]
                if state is not None:
                    rates[i].add(state)
        if any(r.expected for r in rates):
            matrix.by_programme.append((programme, rates))
    return matrix


def programme_units(root, periods):
    """[(top programme, {period pk: unit pks under `root` owing through it})] for the
    programmes issued at or above `root`: a unit owes through a programme when it leads
    a task or owns targets in it or in an implementing plan below it."""
    from trienkhai.programmes.models import Programme, Task

    step = OrgUnit.steplen
    above = [root.path[:end] for end in range(step, len(root.path) + 1, step)]
    tops = list(Programme.objects.filter(parent__isnull=True, unit__path__in=above).order_by("pk"))
    family = {t.pk: t.pk for t in tops}  # programme pk -> its top programme's pk
    level = list(family)
    while level:
        below = list(Programme.objects.filter(parent_id__in=level).values_list("pk", "parent_id"))
        for pk, parent in below:
            family[pk] = family[parent]
        level = [pk for pk, _parent in below]
    result = []
    per_top = {t.pk: {p.pk: set() for p in periods} for t in tops}
    for period in periods:
        leading = (
            Task.objects.filter(
                running_q(period, "programme__"), subtree_q(root.path, "lead_unit__")
            )
            .values_list("programme_id", "lead_unit_id")
            .distinct()
        )
        owning = (
            Programme.objects.filter(
                running_q(period), subtree_q(root.path, "unit__"), targets__isnull=False
            )
            .values_list("pk", "unit_id")
            .distinct()
        )
        # Programmes outside the family are dropped here, not by an IN list of
        # thousands of plan ids in the query (docs/benchmarks.md, reporting).
        for programme_id, unit_id in [*leading, *owning]:
            if programme_id in family:
                per_top[family[programme_id]][period.pk].add(unit_id)
    for top in tops:
        result.append((top, per_top[top.pk]))
    return result
