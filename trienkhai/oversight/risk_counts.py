"""The counts of the risk list's signals (oversight/risk.py), each read in bulk over a
committee's subtree: a fixed number of queries whatever the number of units. Each
function adds to a `Tally` the count of one family of signals for the ranked units
above the rows it reads, with what the reason and the link of each need (`notes`).

The rules are those of the pages that show each signal: `plan_state` (the
concretisation matrix), `completeness` (who owes a report, deadlines, `state_of`),
`flags` (copies, stalled tasks; the pairs of alike texts by `similarity.alike_pairs`,
as `flags` finds them), `coverage` and `Recommendation`'s querysets.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from types import SimpleNamespace
from typing import NamedTuple

from django.db.models import (
    BooleanField,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    Max,
    Min,
    OuterRef,
    Q,
)
from django.db.models.functions import Coalesce, TruncDate
from django.utils import timezone

from trienkhai.documents.models import Document
from trienkhai.lib.similarity import THRESHOLD, alike_pairs, jaccard, shingles
from trienkhai.orgs.models import Kind
from trienkhai.orgs.scope import STEPLEN, ancestors, subtree_q, subtrees_q
from trienkhai.oversight.models import Recommendation
from trienkhai.programmes.models import (
    Concretisation,
    PlanState,
    Programme,
    Target,
    Task,
    plan_state,
)
from trienkhai.reporting import completeness, flags
from trienkhai.reporting.models import (
    Act,
    DeadlineRule,
    Deadlines,
    Exemption,
    Extension,
    Period,
    Submission,
    SubmissionEvent,
    TaskReport,
)
from trienkhai.study import coverage
from trienkhai.study.models import StudySession

REPORT_WINDOW = datetime.timedelta(days=365)
RETURNED_TIMES = 2  # a report returned this many times is a signal
LOW_STUDY = 80  # % of Party members: the coverage page's "most" band starts here
STUDY_GRACE = datetime.timedelta(days=60)  # time to study a document before it counts
# The committee's own bodies, whose documents its whole subtree studies.
BODY_KINDS = (Kind.LEADING_BODY, Kind.AGENCY)
# plans (2), periods, owing (2, and one more for the programmes of a task given outside
# their branch), exemptions, deadline rules, extensions, reports, returns, narratives,
# stalled tasks, documents, coverage (3), recommendations (2)
MAX_QUERIES = 19


class _Unit(NamedTuple):
    """What `Deadlines.for_unit` reads of a unit."""

    pk: int
    path: str
    level: str


class _Sent(NamedTuple):
    """What `completeness.state_of` reads of a report."""

    status: str
    first_submitted_at: datetime.datetime | None


class _Deadlines(Deadlines):
    """`Deadlines(period)` from rules and extensions read once for every period (and
    the period's code parsed once, not once a unit)."""

    def __init__(self, period, rules, extensions):
        self.period = SimpleNamespace(span=period.span)  # all `for_unit` reads of it
        self.rules, self.extensions = rules, extensions


class Tally:
    """Counts per ranked unit and signal, and what each reason and link need."""

    def __init__(self, root, children, on):
        self.root, self.on = root, on
        self.cut = len(root.path) + STEPLEN
        self.by_path = {c.path: c for c in children}
        self.counts = defaultdict(lambda: defaultdict(int))  # unit pk -> signal -> n
        self.notes = defaultdict(dict)  # (unit pk, signal) -> details
        self.urls = {}  # URL name -> path

    def add(self, path, key, n=1):
        """Count `n` for the ranked unit at or above `path`; returns its note (a dict) or
        None when `path` is under no ranked unit."""
        child = self.by_path.get(path[: self.cut]) if len(path) >= self.cut else None
        if child is None or not n:
            return None
        self.counts[child.pk][key] += n
        return self.notes[child.pk, key]


def _end_of(day):
    """The first moment after `day`, in Vietnam's time (for "sent by that day")."""
    start = datetime.datetime.combine(day + datetime.timedelta(days=1), datetime.time())
    return timezone.make_aware(start)


def _sent_by(moment, on, tz):
    return moment is not None and moment.astimezone(tz).date() <= on


# --- the signals, each in bulk over the subtree ---------------------------------------


def obligations(paths, *, due_before=None):
    """[(unit path, due, plan)] of the concretisation obligations of the units under any
    of `paths` (due before `due_before` when given), `plan` what `plan_state` reads of the
    implementing plan issued for it (None when none was): two queries, as the matrix reads
    them (the plan's issue day is the day it was recorded when its document has none)."""
    return [
        (path, due, plan)
        for path, _programme, due, plan in obligation_rows(paths, due_before=due_before)
    ]


def obligation_rows(paths, *, due_before=None):
    """`obligations` with the programme each obligation concretises:
    [(unit path, programme pk, due, plan)]."""
    issued = Coalesce(
        "document__issue_date", TruncDate("created_at", tzinfo=timezone.get_current_timezone())
    )
    stand_ins = {}  # what plan_state reads of a plan issued on a day, one per day
    plans = {}
    for parent_id, unit_id, day in (
        Programme.objects.filter(subtrees_q(paths, "unit__"), parent__isnull=False)
        .order_by()
        .values_list("parent_id", "unit_id", issued)
    ):
        if day not in stand_ins:
            stand_ins[day] = SimpleNamespace(
                document_id=1, document=SimpleNamespace(issue_date=day), created_at=None
            )
        plans[parent_id, unit_id] = stand_ins[day]
    rows = Concretisation.objects.filter(subtrees_q(paths, "unit__"))
    if due_before is not None:
        rows = rows.filter(due__lt=due_before)
    return [
        (path, programme_id, due, plans.get((programme_id, unit_id)))
        for path, programme_id, unit_id, due in rows.values_list(
            "unit__path", "programme_id", "unit_id", "due"
        )
    ]


def plans(t: Tally):
    """Plans overdue and not issued, or issued late, by the day (`obligations`)."""
    keys = {PlanState.OVERDUE: "plan_missing", PlanState.LATE: "plan_late"}
    for path, due, plan in obligations([t.root.path], due_before=t.on):
        key = keys.get(plan_state(due, plan, t.on))
        note = t.add(path, key) if key else None
        if note is not None:
            note["own"] = note.get("own") or len(path) == t.cut
            note["due"] = min(due, note.get("due", due))


def periods(on):
    """(the periods of the window, oldest first; every stored period closed by `on`, by
    code): one query on the small table of periods."""
    closed = list(Period.objects.filter(data_to__lt=on).order_by("end", "kind"))
    return [p for p in closed if p.end > on - REPORT_WINDOW], {p.code: p for p in closed}


def _owing(paths, window):
    """{(unit pk, period pk)} of reports owed, and the units owing them: the rule of
    `completeness.expected_units` for every period of the window at once, for the units
    under any of `paths`. Who leads a task in which programme (one pass over the tasks),
    then which of those programmes run in each period and which have targets (their
    `running_q`, one row a programme); units open during the period, exemptions apart."""
    facts = ("path", "level", "valid_from", "valid_to")
    owing, units = set(), {}
    for unit_id, programme_id, *unit in (
        Task.objects.filter(subtrees_q(paths, "lead_unit__"))
        .order_by()
        .values_list("lead_unit_id", "programme_id", *(f"lead_unit__{f}" for f in facts))
        .distinct()
    ):
        owing.add((unit_id, programme_id))
        units[unit_id] = unit
    programmes = (
        Programme.objects.order_by()
        .annotate(has_targets=Exists(Target.objects.filter(programme=OuterRef("pk"))))
        .values_list(
            "pk",
            "unit_id",
            "has_targets",
            *(f"unit__{f}" for f in facts),
            *(ExpressionWrapper(completeness.running_q(p), BooleanField()) for p in window),
        )
    )
    # Tasks are led in the subtrees' programmes and in those above them; any other is
    # read by its ids (rare: a task given to a unit outside its programme's branch).
    above = {a for path in paths for a in ancestors(path)}
    found = list(programmes.filter(subtrees_q(paths, "unit__") | Q(unit__path__in=above)))
    missing = {programme_id for _unit, programme_id in owing} - {r[0] for r in found}
    if missing:
        found += list(programmes.filter(pk__in=missing))
    runs_in = {}  # programme pk -> [period pk it runs in]
    for pk, unit_id, has_targets, *rest in found:
        unit, running = rest[: len(facts)], rest[len(facts) :]
        runs_in[pk] = [p.pk for p, runs in zip(window, running, strict=True) if runs]
        if has_targets and any(unit[0].startswith(path) for path in paths):
            owing.add((unit_id, pk))
            units[unit_id] = unit
    open_in = {
        pk: {
            p.pk
            for p in window
            if (valid_from is None or valid_from <= p.end)
            and (valid_to is None or valid_to >= p.start)
        }
        for pk, (_path, _level, valid_from, valid_to) in units.items()
    }
    owed = set()
    for unit_id, programme_id in owing:
        unit_open = open_in[unit_id]
        owed.update((unit_id, p) for p in runs_in.get(programme_id, ()) if p in unit_open)
    exempt = Exemption.objects.filter(
        Q(period__in=window) | Q(period__isnull=True), subtrees_q(paths, "unit__")
    ).values_list("unit_id", "period_id")
    for unit_id, period_id in exempt:
        for p in window if period_id is None else [p for p in window if p.pk == period_id]:
            owed.discard((unit_id, p.pk))
    return owed, {pk: _Unit(pk, path, level) for pk, (path, level, *_v) in units.items()}


def _deadlines(paths, window):
    """{period pk: _Deadlines}: two queries for every period."""
    rules = defaultdict(dict)
    for kind, path, offsets, grace in DeadlineRule.objects.filter(
        kind__in={p.kind for p in window}
    ).values_list("kind", "unit__path", "offsets", "grace_days"):
        rules[kind][path] = (offsets, grace)
    extensions = defaultdict(dict)
    for period_id, unit_id, until in Extension.objects.filter(
        subtrees_q(paths, "unit__"), period__in=window
    ).values_list("period_id", "unit_id", "until"):
        extensions[period_id][unit_id] = until
    return {p.pk: _Deadlines(p, rules[p.kind], extensions[p.pk]) for p in window}


def report_states(paths, window, on):
    """[(unit, period, state)] of every report owed by a unit under any of `paths` for a
    period of `window`, as `completeness.state_of` sees it on `on` (a report first sent
    after that day was not there yet): about seven queries for any number of units and
    periods (owing 2-3, exemptions, deadline rules, extensions, reports)."""
    if not window:
        return []
    owed, units = _owing(paths, window)
    deadlines = _deadlines(paths, window)
    sent, tz = {}, timezone.get_current_timezone()
    for unit_id, period_id, status, first in (
        Submission.objects.filter(subtrees_q(paths, "unit__"), period__in=window)
        .order_by()
        .values_list("unit_id", "period_id", "status", "first_submitted_at")
    ):
        sent[unit_id, period_id] = _Sent(status, first) if _sent_by(first, on, tz) else None
    by_pk = {p.pk: p for p in window}
    found = []
    for unit_id, period_id in owed:
        unit = units[unit_id]
        due = deadlines[period_id].for_unit(unit)
        state = completeness.state_of(sent.get((unit_id, period_id)), due, on)
        found.append((unit, by_pk[period_id], state))
    return found


def reports(t: Tally, window):
    keys = {completeness.MISSING: "report_missing", completeness.LATE: "report_late"}
    for unit, period, state in report_states([t.root.path], window, t.on):
        key = keys.get(state)
        note = t.add(unit.path, key) if key else None
        if note is not None and period.end >= note.get("period", period).end:
            note["period"] = period
    if not window:
        return
    by_pk = {p.pk: p for p in window}
    returned = (
        SubmissionEvent.objects.filter(
            subtree_q(t.root.path, "submission__unit__"),
            act=Act.RETURN,
            at__lt=_end_of(t.on),
            submission__period__in=window,
        )
        .order_by()
        .values("submission_id", "submission__unit__path", "submission__period_id")
        .annotate(n=Count("pk"))
        .filter(n__gte=RETURNED_TIMES)
    )
    for row in returned:
        period = by_pk[row["submission__period_id"]]
        note = t.add(row["submission__unit__path"], "report_returned")
        if note is not None and period.end >= note.get("period", period).end:
            note["period"] = period


def _text(row):
    """A report's narrative as flags.py compares it."""
    return "\n".join([row["results"], row["shortcomings"], row["next_steps"]])


class Formalism(NamedTuple):
    signals: list  # [(key "copied" or "stalled", unit path, period)], one a report or task
    sent: list  # [(unit path, period)] of the reports sent by the day in the periods


def formalism(paths, latest, closed, on) -> Formalism:
    """The signals of formalism of the units under any of `paths` in `latest` ({period
    kind: period}): reports sent by `on` whose narrative nearly repeats another unit's
    report of the period or the unit's previous one, and tasks at the same % three
    periods running. One query for the texts (the reports of the periods and the reports
    before them) and one aggregate for the tasks."""
    found = Formalism([], [])
    if not latest:
        return found
    before = {k: closed.get(p.span.previous().code) for k, p in latest.items()}
    end = _end_of(on)
    rows = Submission.objects.filter(subtrees_q(paths, "unit__")).filter(
        Q(
            period__in=latest.values(),
            status__in=flags.SENT,
            first_submitted_at__lt=end,
        )
        | Q(period__in=[p for p in before.values() if p is not None])
    )
    texts = defaultdict(dict)  # period pk -> {submission pk: row}
    for row in rows.order_by().values(
        "pk",
        "unit_id",
        "unit__path",
        "period_id",
        "results",
        "shortcomings",
        "next_steps",
        "status",
        "first_submitted_at",
    ):
        texts[row["period_id"]][row["pk"]] = row
    for kind, period in latest.items():
        # A report of an earlier period may sit in the same rows: only those sent count.
        mine = {
            pk: shingles(_text(r))
            for pk, r in texts.get(period.pk, {}).items()
            if r["status"] in flags.SENT
            and r["first_submitted_at"] is not None
            and r["first_submitted_at"] < end
        }
        copied = {pk for pair in alike_pairs(mine) for pk in pair}
        previous = before[kind]
        earlier = {
            r["unit_id"]: shingles(_text(r))
            for r in texts.get(previous.pk if previous else None, {}).values()
        }
        for pk, words in mine.items():
            row = texts[period.pk][pk]
            found.sent.append((row["unit__path"], period))
            old = earlier.get(row["unit_id"], frozenset())
            if pk in copied or jaccard(words, old) >= THRESHOLD:
                found.signals.append(("copied", row["unit__path"], period))
    # Three periods running: the latest sent by the day, the two before in any state.
    triples = {}
    for kind, period in latest.items():
        two = before[kind] and closed.get(before[kind].span.previous().code)
        if two is not None:
            triples[kind] = (period, before[kind], two)
    if not triples:
        return found
    last = [ps[0].pk for ps in triples.values()]
    stalled = (
        TaskReport.objects.filter(
            subtrees_q(paths, "submission__unit__"),
            submission__period__in=[p.pk for ps in triples.values() for p in ps],
        )
        .values("submission__unit__path", "task_id", "submission__period__kind")
        .annotate(
            n=Count("pk"),
            low=Min("progress"),
            high=Max("progress"),
            sent=Count(
                "pk",
                filter=Q(
                    submission__period__in=last,
                    submission__status__in=flags.SENT,
                    submission__first_submitted_at__lt=end,
                ),
            ),
        )
        .filter(n=3, sent=1, high__lt=100, low=F("high"))
        .order_by()
    )
    for row in stalled:
        period = triples[row["submission__period__kind"]][0]
        found.signals.append(("stalled", row["submission__unit__path"], period))
    return found


def narratives(t: Tally, window, closed):
    """Copied narratives and stalled tasks in the latest period of each kind."""
    latest = {}
    for p in window:  # oldest first: the last one of each kind stays
        latest[p.kind] = p
    for key, path, period in formalism([t.root.path], latest, closed, t.on).signals:
        note = t.add(path, key)
        if note is not None:
            note.setdefault("periods", defaultdict(int))[period] += 1


def study_documents(root, on):
    """The documents the whole subtree of `root` (a committee) studies: issued by the
    committee, its bodies, the units above it or no unit of the tree, over `STUDY_GRACE`
    before `on`, with a session in the subtree. One query."""
    studied = StudySession.documents.through.objects.filter(
        subtree_q(root.path, "studysession__unit__")
    ).values("document_id")
    return list(
        Document.objects.filter(
            Q(issue_date__isnull=True) | Q(issue_date__lte=on - STUDY_GRACE),
            Q(issuing_unit__isnull=True)
            | Q(issuing_unit__path__in=[*ancestors(root.path), root.path])
            | Q(
                subtree_q(root.path, "issuing_unit__"),
                issuing_unit__depth=root.depth + 1,
                issuing_unit__kind__in=BODY_KINDS,
            ),
            pk__in=studied,
        ).order_by("-issue_date", "symbol")
    )


def study(t: Tally, children):
    """The coverage of the documents the whole subtree studies (`study_documents`)."""
    documents = study_documents(t.root, t.on)
    if not documents:
        return
    matrix = coverage.compute(t.root, documents, on=t.on)
    ranked = {c.pk for c in children}
    for unit, cells in matrix.rows:
        if unit.pk not in ranked:
            continue
        low = [
            (d, c)
            for d, c in zip(documents, cells, strict=True)
            if (c.percent is not None and c.percent < LOW_STUDY)
            or (c.percent is None and c.units and not c.studied)
        ]
        note = t.add(unit.path, "study_low", len(low))
        if note is not None:
            note["documents"] = sorted(low, key=lambda dc: dc[1].percent or 0)
        implausible = [d for d, c in zip(documents, cells, strict=True) if c.implausible]
        note = t.add(unit.path, "study_implausible", sum(c.implausible for c in cells))
        if note is not None:
            note["documents"] = implausible


def recommendation_counts(paths, on):
    """[(key, responsible unit path, n)]: recommendations of conclusions issued by `on`
    still open ("rec_open"), and those of them overdue ("rec_overdue"), for the units
    under any of `paths`. Two aggregates."""
    found = []
    for key, queryset in (
        ("rec_open", Recommendation.objects.issued().still_open()),
        ("rec_overdue", Recommendation.objects.overdue(on)),
    ):
        rows = (
            queryset.filter(subtrees_q(paths, "responsible_unit__"), case__concluded_on__lte=on)
            .order_by()
            .values_list("responsible_unit__path")
            .annotate(n=Count("pk"))
        )
        found += [(key, path, n) for path, n in rows]
    return found


def recommendations(t: Tally):
    """Recommendations still open, and overdue, per responsible unit."""
    for key, path, n in recommendation_counts([t.root.path], t.on):
        t.add(path, key, n)
