"""The subject's dossier (hồ sơ đối tượng): what the system already knows about a unit
and the units below it over the period an inspection covers, on one page, so the team
does not ask for what is already reported.

Each section asks the module that owns its rule and re-derives nothing:

(a) implementing plans against the obligations to concretise (`programmes.models.
    plan_state`, as the concretisation matrix reads it);
(b) periodic reports, each period overlapping the covered span (a span ending in
    November still reads the fourth quarter's report): due date, first sent,
    on time / late / returned / missing (`reporting.completeness.expected_units` and
    `state_of`, `reporting.models.Deadlines`), and how many times it was returned;
(c) target attainment for the latest period with data (`reporting.rollup`);
(d) study coverage of the documents in question (`study.coverage.compute`);
(e) formalism signals (`reporting.flags.for_period`), compared among the subtree's
    own reports, so no signal names a unit outside it;
(f) open tasks led in the subtree, overdue or coming due (`Task.status`, lib/taskstatus);
(g) open recommendations of earlier inspections (`Recommendation.issued().still_open()`).

Given programmes narrow (a), (c) and (f) to them and the plans below them; given no
documents, (d) studies the programmes' own documents. `on` is the day the states are
read as of (a plan issued after it was not issued yet). Nothing is written.

Queries: a fixed number per section, plus about eight per period in the covered span
(deadlines, who owes a report, the signals), three per level of the tree for the
roll-up and one per level of delegation for the tasks; none per unit, report or task
(pinned in tests/test_dossier.py).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field
from operator import attrgetter

from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from trienkhai.documents.models import Document
from trienkhai.lib.taskstatus import STATUS_LABELS
from trienkhai.orgs.models import OrgUnit
from trienkhai.orgs.scope import subtree_q
from trienkhai.oversight.models import Recommendation
from trienkhai.programmes.models import (
    Concretisation,
    PlanState,
    Programme,
    Task,
    attach_descendants,
    plan_state,
)
from trienkhai.reporting import completeness, flags, rollup
from trienkhai.reporting.models import (
    Act,
    Deadlines,
    Period,
    Submission,
    SubmissionEvent,
    TargetValue,
)
from trienkhai.reporting.services import unit_targets
from trienkhai.study import coverage

# "Coming due": open tasks with a deadline within this many days of `on`. Wider than the
# daily reminder's week: a team works with the subject for a month or more.
DUE_WITHIN_DAYS = 30
# Rows listed per kind of task; the counts cover them all, the task list shows the rest.
MAX_TASKS = 50

NOT_ISSUED = (PlanState.MISSING, PlanState.OVERDUE)
PROBLEMS = (completeness.LATE, completeness.MISSING, completeness.RETURNED)
# The completeness matrix's words for the same states.
REPORT_LABELS = {
    completeness.ON_TIME: gettext_noop("Đúng hạn"),
    completeness.LATE: gettext_noop("Muộn"),
    completeness.RETURNED: gettext_noop("Bị trả lại"),
    completeness.DUE: gettext_noop("Chưa đến hạn"),
    completeness.MISSING: gettext_noop("Chưa gửi"),
}


def _with_query(name, args=None, **query):
    return f"{reverse(name, args=args)}?{urlencode(query, doseq=True)}"


# --- the items ------------------------------------------------------------------------


@dataclass(frozen=True)
class PlanItem:
    """One obligation to concretise `programme` by `due`, and the plan issued for it."""

    unit: OrgUnit
    programme: Programme
    due: datetime.date
    plan: Programme | None
    state: str

    @property
    def label(self):
        return PlanState(self.state).label

    @property
    def issued_on(self):
        if self.plan is None:
            return None
        if self.plan.document_id and self.plan.document.issue_date:
            return self.plan.document.issue_date
        return timezone.localdate(self.plan.created_at)

    @property
    def url(self):
        return (self.plan or self.programme).get_absolute_url()


@dataclass(frozen=True)
class ReportItem:
    """A unit's report owed for a period: its due date, when it was first sent, where it
    stands, and how many times the level above returned it."""

    unit: OrgUnit
    period: Period
    due: datetime.date
    submission: Submission | None
    state: str
    returns: int = 0

    @property
    def sent_on(self):
        sent = self.submission.first_submitted_at if self.submission else None
        return timezone.localdate(sent) if sent else None

    @property
    def label(self):
        return _(REPORT_LABELS[self.state])

    @property
    def is_problem(self):
        return self.state in PROBLEMS or self.returns > 0

    @property
    def url(self):
        """The report once sent; the completeness matrix of the unit's year otherwise
        (a draft is the unit's own until it is sent)."""
        if self.sent_on is not None:
            return self.submission.get_absolute_url()
        return _with_query(
            "reporting:completeness",
            root=self.unit.code,
            year=self.period.end.year,
            kind=self.period.kind,
        )


@dataclass(frozen=True)
class TargetItem:
    """A target of the subject: `row` is reporting.rollup's (value, plan, attainment,
    traffic light)."""

    row: rollup.Row
    period: Period

    @property
    def url(self):
        return _with_query("reporting:target", args=[self.row.target.pk], period=self.period.code)


@dataclass(frozen=True)
class Attainment:
    """The subject's targets in the latest period of the span with values sent."""

    period: Period | None = None
    targets: tuple = ()  # TargetItem
    lights: dict = field(default_factory=dict)  # rollup.summary: green, amber, red, grey

    @property
    def rows(self):
        return [t.row for t in self.targets]


@dataclass(frozen=True)
class StudyItem:
    """One document's coverage in the subtree."""

    document: Document
    total: coverage.Cell
    not_studied: tuple  # OrgUnit
    implausible: tuple  # (OrgUnit, coverage.UnitStudy, the url of its sessions)
    root: OrgUnit

    @property
    def url(self):
        """The coverage matrix under the subject, listing the units not yet studied."""
        uid = str(self.document.uid)
        return _with_query("study:coverage", root=self.root.code, doc=uid, missing=uid)


@dataclass(frozen=True)
class Signal:
    submission: Submission
    period: Period
    flag: flags.Flag

    @property
    def url(self):
        return self.submission.get_absolute_url()


@dataclass(frozen=True)
class TaskItem:
    task: Task
    status: str

    @property
    def label(self):
        return _(STATUS_LABELS[self.status])

    @property
    def url(self):
        return self.task.get_absolute_url()


@dataclass(frozen=True)
class RecItem:
    recommendation: Recommendation
    overdue: bool

    @property
    def url(self):
        return self.recommendation.get_absolute_url()


@dataclass(frozen=True)
class Dossier:
    subject: OrgUnit
    covers_from: datetime.date
    covers_to: datetime.date
    on: datetime.date
    programmes: tuple
    documents: tuple
    plans: tuple  # PlanItem, by unit then due date
    periods: tuple  # Period in the span, by end
    reports: tuple  # ReportItem, by unit then period
    attainment: Attainment
    study: tuple  # StudyItem per document
    signals: tuple  # Signal, by period then unit
    tasks_overdue: tuple  # TaskItem (at most MAX_TASKS)
    tasks_due: tuple  # TaskItem (at most MAX_TASKS)
    overdue_count: int
    due_count: int
    recommendations: tuple  # RecItem, by deadline

    # Plans
    @property
    def plans_late(self):
        return [p for p in self.plans if p.state == PlanState.LATE]

    @property
    def plans_missing(self):
        """Obligations past their due date with no plan issued."""
        return [p for p in self.plans if p.state == PlanState.OVERDUE]

    # Reports
    @property
    def own_reports(self):
        return [r for r in self.reports if r.unit.pk == self.subject.pk]

    @property
    def reports_below(self):
        """The units below's reports that need a look (late, missing, returned); the
        others are counted in `below_in_order`."""
        return [r for r in self.reports if r.unit.pk != self.subject.pk and r.is_problem]

    @property
    def reports_listed(self):
        """What the page lists: all of the subject's own, the units below's that need a
        look."""
        return self.own_reports + self.reports_below

    @property
    def below_in_order(self):
        return sum(1 for r in self.reports if r.unit.pk != self.subject.pk and not r.is_problem)

    def _reports(self, state):
        return [r for r in self.reports if r.state == state]

    @property
    def reports_on_time(self):
        return self._reports(completeness.ON_TIME)

    @property
    def reports_late(self):
        return self._reports(completeness.LATE)

    @property
    def reports_missing(self):
        return self._reports(completeness.MISSING)

    @property
    def returns(self):
        """Times a report of the span was returned (one report returned twice: 2)."""
        return sum(r.returns for r in self.reports)

    @property
    def report_problems(self):
        return [r for r in self.reports if r.is_problem]

    @property
    def completeness_url(self):
        year = self.periods[-1].end.year if self.periods else self.covers_to.year
        return _with_query("reporting:completeness", root=self.subject.code, year=year)

    @property
    def dashboard_url(self):
        period = self.attainment.period
        return period and _with_query(
            "reporting:dashboard", unit=self.subject.code, period=period.code
        )

    # Recommendations
    @property
    def recommendations_overdue(self):
        return [r for r in self.recommendations if r.overdue]

    # Tasks
    @property
    def tasks(self):
        return self.tasks_overdue + self.tasks_due

    @property
    def due_within_days(self):
        return DUE_WITHIN_DAYS

    @property
    def tasks_listed_all(self):
        return len(self.tasks) == self.overdue_count + self.due_count

    @property
    def tasks_url(self):
        return _with_query("programmes:tasks", unit=self.subject.code, status="overdue")


@dataclass(frozen=True)
class Summary:
    """A handful of counts of a dossier, for pages that show many units."""

    plans_missing: int
    plans_late: int
    reports_late: int
    reports_missing: int
    reports_returned: int  # times returned, not reports
    tasks_overdue: int
    signals: int
    recommendations_open: int
    recommendations_overdue: int


def summary(dossier: Dossier) -> Summary:
    return Summary(
        plans_missing=len(dossier.plans_missing),
        plans_late=len(dossier.plans_late),
        reports_late=len(dossier.reports_late),
        reports_missing=len(dossier.reports_missing),
        reports_returned=dossier.returns,
        tasks_overdue=dossier.overdue_count,
        signals=len(dossier.signals),
        recommendations_open=len(dossier.recommendations),
        recommendations_overdue=len(dossier.recommendations_overdue),
    )


# --- gathering ------------------------------------------------------------------------


def gather(
    subject,
    *,
    covers_from,
    covers_to,
    on,
    programmes=(),
    documents=(),
    exclude_case=None,
) -> Dossier:
    """The dossier of `subject` and the units below it over [covers_from, covers_to], as
    of `on` (see the module docstring). `exclude_case`: the inspection being prepared,
    whose own recommendations are not "earlier" ones."""
    programmes = list(programmes)
    family = _family(programmes) if programmes else None
    documents = list(documents) or _programme_documents(programmes)
    periods = list(
        Period.objects.filter(start__lte=covers_to, end__gte=covers_from).order_by("end", "-start")
    )
    submissions = list(
        Submission.objects.filter(subtree_q(subject.path, "unit__"), period__in=periods)
        .select_related("unit")
        .only("uid", "unit", "period_id", "status", "first_submitted_at")
    )
    reports = _reports(subject, periods, submissions, on)
    overdue, due, overdue_count, due_count = _tasks(subject, family, on)
    return Dossier(
        subject=subject,
        covers_from=covers_from,
        covers_to=covers_to,
        on=on,
        programmes=tuple(programmes),
        documents=tuple(documents),
        plans=tuple(_plans(subject, family, covers_from, covers_to, on)),
        periods=tuple(periods),
        reports=tuple(reports),
        attainment=_attainment(subject, family, periods),
        study=tuple(_study(subject, documents, on)),
        signals=tuple(_signals(subject, periods, submissions)),
        tasks_overdue=tuple(overdue),
        tasks_due=tuple(due),
        overdue_count=overdue_count,
        due_count=due_count,
        recommendations=tuple(_recommendations(subject, on, exclude_case)),
    )


def _family(programmes):
    """The programmes' pks and those of every implementing plan below them (one query
    per level of the cascade)."""
    ids = {p.pk for p in programmes}
    level = set(ids)
    while level:
        below = Programme.objects.filter(parent_id__in=level).order_by().values_list("pk")
        level = {pk for (pk,) in below} - ids
        ids |= level
    return ids


def _programme_documents(programmes):
    ids = [p.document_id for p in programmes if p.document_id]  # none: no query
    return list(Document.objects.filter(pk__in=ids).order_by("-issue_date", "symbol"))


def _plans(subject, family, covers_from, covers_to, on):
    """Obligations of the subtree due by the end of the span, unless settled (a plan
    issued) before the span began."""
    obligations = Concretisation.objects.filter(
        subtree_q(subject.path, "unit__"), due__lte=covers_to
    ).select_related("unit", "programme__document")
    if family is not None:
        obligations = obligations.filter(programme_id__in=family)
    obligations = list(obligations.order_by("unit__path", "due", "pk"))
    if not obligations:
        return []
    plans = {
        (p.parent_id, p.unit_id): p
        for p in Programme.objects.filter(
            subtree_q(subject.path, "unit__"),
            parent_id__in={o.programme_id for o in obligations},
        ).select_related("document")
    }
    items = []
    for o in obligations:
        plan = plans.get((o.programme_id, o.unit_id))
        state = plan_state(o.due, plan, on)
        item = PlanItem(o.unit, o.programme, o.due, None if state in NOT_ISSUED else plan, state)
        if o.due < covers_from and item.issued_on is not None and item.issued_on < covers_from:
            continue
        items.append(item)
    return items


def _reports(subject, periods, submissions, on):
    """Every report the subtree owed for the periods, with its state on `on`."""
    by_key = {(s.unit_id, s.period_id): s for s in submissions}
    returned = SubmissionEvent.objects.filter(submission__in=by_key.values(), act=Act.RETURN)
    returns = dict(returned.values_list("submission_id").annotate(n=Count("pk")).order_by())
    items = []
    for period in periods:
        deadlines = Deadlines(period)
        for unit in completeness.expected_units(subject, period).order_by("path"):
            due = deadlines.for_unit(unit)
            found = by_key.get((unit.pk, period.pk))
            state = completeness.state_of(found, due, on)
            times = returns.get(found.pk, 0) if found else 0
            items.append(ReportItem(unit, period, due.deadline, found, state, times))
    order = {p.pk: i for i, p in enumerate(periods)}
    items.sort(key=lambda r: (r.unit.path, order[r.period.pk]))
    return items


def _attainment(subject, family, periods):
    if not periods:
        return Attainment()
    values = TargetValue.objects.filter(
        subtree_q(subject.path, "submission__unit__"),
        submission__period__in=periods,
        submission__status__in=rollup.SENT,
    )
    if family is not None:
        values = values.filter(target__programme_id__in=family)
    latest = (
        values.order_by("-submission__period__end", "-submission__period__start")
        .values_list("submission__period_id", flat=True)
        .first()
    )
    if latest is None:
        return Attainment()
    period = next(p for p in periods if p.pk == latest)
    targets = unit_targets(subject, period)
    if family is not None:
        targets = targets.filter(programme_id__in=family)
    rows = rollup.compute(targets, period)
    return Attainment(
        period=period,
        targets=tuple(TargetItem(row, period) for row in rows),
        lights=rollup.summary(rows),
    )


def _study(subject, documents, on):
    if not documents:
        return []
    matrix = coverage.compute(subject, documents, on=on)
    wanted = {pk for pks in matrix.not_studied.values() for pk in pks}
    wanted |= {pk for pk, _doc, _study in matrix.implausible}
    units = OrgUnit.objects.in_bulk(wanted) if wanted else {}
    items = []
    for i, document in enumerate(matrix.documents):
        missing = sorted(
            (units[pk] for pk in matrix.not_studied[document.pk]), key=attrgetter("path")
        )
        odd = [
            (units[pk], found, _with_query("study:list", unit=units[pk].code, doc=document.uid))
            for pk, doc_id, found in matrix.implausible
            if doc_id == document.pk
        ]
        items.append(StudyItem(document, matrix.total[i], tuple(missing), tuple(odd), subject))
    return items


def _signals(subject, periods, submissions):
    """Signals of the periods with reports sent, each compared with the subtree's own
    reports of the period (a few queries per period)."""
    by_pk = {s.pk: s for s in submissions}
    sent = {s.period_id for s in submissions if s.status in flags.SENT}
    items = []
    for period in periods:
        if period.pk not in sent:
            continue
        reports = Submission.objects.filter(subtree_q(subject.path, "unit__"), period=period)
        found = flags.for_period(period, reports)
        for pk in sorted(found, key=lambda pk: by_pk[pk].unit.path):
            items.extend(Signal(by_pk[pk], period, flag) for flag in found[pk])
    return items


def _tasks(subject, family, on):
    """Open tasks led in the subtree: overdue on `on`, and coming due within
    DUE_WITHIN_DAYS; the first MAX_TASKS of each with their status."""
    soon = on + datetime.timedelta(days=DUE_WITHIN_DAYS)
    open_tasks = Task.objects.filter(
        subtree_q(subject.path, "lead_unit__"), completed_on__isnull=True, deadline__lte=soon
    )
    if family is not None:
        open_tasks = open_tasks.filter(programme_id__in=family)
    counts = open_tasks.aggregate(
        overdue=Count("pk", filter=Q(deadline__lt=on)),
        due=Count("pk", filter=Q(deadline__gte=on)),
    )
    listed = open_tasks.select_related("lead_unit", "programme").prefetch_related("milestones")
    overdue = list(listed.filter(deadline__lt=on).order_by("deadline", "pk")[:MAX_TASKS])
    due = list(listed.filter(deadline__gte=on).order_by("deadline", "pk")[:MAX_TASKS])
    attach_descendants(overdue + due)

    def items(tasks):
        return [TaskItem(t, t.status(on)) for t in tasks]

    return items(overdue), items(due), counts["overdue"], counts["due"]


def _recommendations(subject, on, exclude_case):
    """Issued recommendations not yet verified done, of inspections of the subtree or
    addressed to a unit in it."""
    recs = (
        Recommendation.objects.issued()
        .still_open()
        .filter(
            subtree_q(subject.path, "case__subject__")
            | subtree_q(subject.path, "responsible_unit__")
        )
        .select_related("case__team__plan__body", "case__conclusion", "responsible_unit")
        .order_by("deadline", "pk")
    )
    if exclude_case is not None:
        recs = recs.exclude(case=exclude_case)
    return [RecItem(r, r.deadline < on) for r in recs]


__all__ = ["DUE_WITHIN_DAYS", "Dossier", "Summary", "gather", "summary"]
