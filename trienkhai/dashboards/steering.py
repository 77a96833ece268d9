"""A steering committee's board (Ban Chỉ đạo): every programme it oversees on one screen,
with the same four measures per programme and per district, and the change since the
period before (the previous quarter, for a quarter).

The committee is the unit above the steering committee (`orgs.scope.committee_path`);
each programme is counted with its implementing plans (its family: the plans below it,
the plans below them) over the committee's whole subtree, and a district's cell over
the district and everything under it:

- concretisation: implementing plans issued / obligations due or met by the day (the
  period's end, or today), and how many were issued late (`risk_counts.obligation_rows`,
  `plan_state`);
- reporting: reports of the period sent on time / owed and due, and those missing
  (`completeness.compute`: who owes through which programme, each report's state);
- targets: the programme's own targets rated against the period's plan (`rollup.compute`,
  `rollup.summary`'s colours: met or exceeded, nearly, not met, no plan, no data); a
  district's cell rates its own plan's lower targets;
- tasks: done on time, done late and overdue on the day, of all (`lib.taskstatus`).

Each measure's rate is the scorecard's (`scorecard.values_of`: the same division, the
same thresholds from `settings.TK_SCORECARD_THRESHOLDS`, the same green / amber / red),
so a district reads the same here and on its scorecard. Everything is read in bulk:
`compute` costs a fixed number of queries whatever the number of programmes and
districts (a few more for each level of the tree a roll-up reads), and writes nothing.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.utils.translation import gettext_lazy as _

from trienkhai.core import clock
from trienkhai.dashboards import scorecard
from trienkhai.dashboards.tally import TASK_KEYS, day_of
from trienkhai.lib import taskstatus
from trienkhai.lib.vnformat import format_number
from trienkhai.lib.vntext import sort_key
from trienkhai.orgs.models import Level, OrgUnit
from trienkhai.orgs.scope import STEPLEN, committee_path, subtree_q
from trienkhai.oversight.risk_counts import obligation_rows
from trienkhai.programmes.models import PlanState, Programme, Target, Task, plan_state
from trienkhai.reporting import completeness, rollup
from trienkhai.reporting.models import Period
from trienkhai.reporting.services import without_ratio_parts

# The four measures: (key of `?measure=`, label, the scorecard measure giving its rate).
MEASURES = (
    ("concretisation", _("Cụ thể hóa"), "plans_issued"),
    ("reporting", _("Báo cáo trong kỳ"), "reports_on_time"),
    ("targets", _("Chỉ tiêu"), "targets_period"),
    ("tasks", _("Nhiệm vụ"), "tasks_on_time"),
)
KEYS = [key for key, _label, _rate in MEASURES]
RATE_OF = {key: rate for key, _label, rate in MEASURES}
LABEL_OF = {key: label for key, label, _rate in MEASURES}
# The level of the units a committee's matrix has columns for: its districts, seen from
# the province.
BELOW = {
    Level.CENTRAL: Level.PROVINCE,
    Level.PROVINCE: Level.DISTRICT,
    Level.DISTRICT: Level.COMMUNE,
}
LIGHTS = tuple(rollup.LIGHT_LABELS)  # green, amber, red, none (no plan), grey (no data)


@dataclass
class Change:
    """A rate against the same rate the period before, in percentage points."""

    now: Decimal | None
    before: Decimal | None

    @property
    def difference(self):
        if self.now is None or self.before is None:
            return None
        return self.now - self.before

    @property
    def arrow(self):
        d = self.difference
        if d is None:
            return ""
        return "▲" if d > 0 else "▼" if d < 0 else "="

    @property
    def text(self):
        """ "▲ 12,5", "▼ 3", "= 0" or "—" when either rate is unknown."""
        d = self.difference
        if d is None:
            return "—"
        return f"{self.arrow} {format_number(abs(d), trim=True)}"

    @property
    def direction(self):
        d = self.difference
        return None if d is None else "up" if d > 0 else "down" if d < 0 else "same"


@dataclass
class Figure:
    """One measure of one programme (or one district's cell) for the period."""

    key: str
    value: scorecard.Value  # the rate, its parts and its colour
    counts: Counter
    change: Change | None = None

    @property
    def label(self):
        return LABEL_OF[self.key]

    @property
    def rating(self):
        return self.value.rating

    @property
    def text(self):
        return self.value.text

    @property
    def details(self):
        """[(label, count)]: what the row shows under the rate."""
        c = self.counts
        if self.key == "concretisation":
            return [
                (_("đã ban hành / phải ban hành"), f"{c['plans_issued']}/{c['plans_due']}"),
                (_("ban hành muộn"), c["plans_issued"] - c["plans_on_time"]),
            ]
        if self.key == "reporting":
            rated = c["reports_expected"] - c["reports_due"]
            return [
                (_("đúng hạn / phải gửi"), f"{c['reports_on_time']}/{rated}"),
                (_("chưa gửi, quá hạn"), c["reports_missing"]),
                (_("chưa đến hạn"), c["reports_due"]),
            ]
        if self.key == "targets":
            return [(rollup.LIGHT_LABELS[light], c[f"light_{light}"]) for light in LIGHTS]
        return [
            (_("xong đúng hạn"), c["tasks_done"]),
            (_("xong muộn"), c["tasks_done_late"]),
            (_("quá hạn"), c["tasks_overdue"]),
            (_("tổng số"), c["tasks_all"]),
        ]

    @property
    def summary(self):
        """The details in one line ("đã ban hành / phải ban hành: 1/2; …"), for a cell's
        tooltip."""
        return "; ".join(f"{label}: {n}" for label, n in self.details if n)


@dataclass
class Line:
    programme: Programme
    figures: list  # [Figure] in MEASURES order
    cells: list = field(default_factory=list)  # [Figure of the chosen measure per district]


@dataclass
class Board:
    committee: OrgUnit
    period: Period
    previous: Period | None
    districts: list
    measure: str
    lines: list = field(default_factory=list)  # [Line] per programme overseen


class Counts:
    """Counts per (period, top programme, district or None for the programme's total)."""

    def __init__(self, committee, districts):
        self.cut = len(committee.path) + STEPLEN
        self.by_path = {d.path: d for d in districts}
        self.counts = defaultdict(Counter)

    def district_of(self, path):
        return self.by_path.get(path[: self.cut]) if len(path) >= self.cut else None

    def add(self, period, top, path, key, n=1, *, total=True):
        if total:
            self.counts[period.pk, top, None][key] += n
        district = self.district_of(path)
        if district is not None:
            self.counts[period.pk, top, district.pk][key] += n

    def get(self, period, top, district=None) -> Counter:
        found = self.counts.get((period.pk, top, district.pk if district else None))
        return found if found is not None else Counter()


def districts_of(committee, on=None):
    """The units a committee's matrix has a column for: its Party committees and
    organisations one level down (the districts, seen from the province), open on the
    day, in Vietnamese order. One query."""
    return list(
        OrgUnit.objects.get_children(committee)
        .active_on(on or clock.today())
        .filter(level=BELOW.get(committee.level, committee.level))
        .filter(kind__in=("party_committee", "party_org"))
        .in_display_order()
    )


# Words a district's name starts with, left out of a matrix's narrow column.
NAME_HEADS = ("Huyện ủy ", "Thị ủy ", "Thành ủy ", "Đảng ủy xã ", "Đảng ủy phường ", "Đảng ủy ")


def column_label(unit):
    """A district's name as a matrix column shows it: "Hoằng Hóa" for Huyện ủy Hoằng
    Hóa, "TP. Sầm Sơn" for Thành ủy Sầm Sơn (its short name when it has one)."""
    if unit.short_name:
        return unit.short_name
    for head in NAME_HEADS:
        if unit.name.startswith(head):
            rest = unit.name[len(head) :]
            return {"Thành ủy ": "TP. ", "Thị ủy ": "TX. "}.get(head, "") + rest
    return unit.name


def committee_of_steering(steering):
    """The committee a steering committee belongs to (the unit above it). One query."""
    return OrgUnit.objects.get(path=committee_path(steering.unit.path))


def previous_period(period):
    """The stored period before `period` (the previous quarter, for a quarter), or None."""
    return Period.objects.filter(code=period.span.previous().code).first()


def families(committee, tops):
    """{programme pk: its top programme's pk} for the programmes of the committee's
    subtree descending from one of `tops` (one query, walked in memory)."""
    parents = dict(
        Programme.objects.filter(subtree_q(committee.path, "unit__"))
        .order_by()
        .values_list("pk", "parent_id")
    )
    found = {pk: pk for pk in tops}

    def top_of(pk, seen=()):
        if pk in found:
            return found[pk]
        parent = parents.get(pk)
        top = None if parent is None or pk in seen else top_of(parent, (*seen, pk))
        found[pk] = top
        return top

    for pk in parents:
        top_of(pk)
    return {pk: top for pk, top in found.items() if top is not None}


def _plans(c, committee, family, periods, today):
    for path, programme_id, due, plan in obligation_rows([committee.path]):
        top = family.get(programme_id)
        if top is None:
            continue
        for period in periods:
            state = plan_state(due, plan, day_of(period, today))
            if state == PlanState.MISSING:  # not due and not issued: nothing expected yet
                continue
            c.add(period, top, path, "plans_due")
            if state in (PlanState.ISSUED, PlanState.LATE):
                c.add(period, top, path, "plans_issued")
            if state == PlanState.ISSUED:
                c.add(period, top, path, "plans_on_time")


def _reports(c, committee, tops, periods, today):
    matrix = completeness.compute(committee, periods, today=today)
    states = {unit.pk: (unit.path, row) for unit, row in matrix.units}
    for top in tops:
        members = matrix.owing.get(top, {})
        for i, period in enumerate(periods):
            for unit_id in members.get(period.pk, ()):
                path, row = states.get(unit_id, ("", [None] * len(periods)))
                if row[i] is not None:
                    c.add(period, top, path, "reports_expected")
                    c.add(period, top, path, f"reports_{row[i]}")


def _tasks(c, committee, family, periods, today):
    rows = (
        Task.objects.filter(subtree_q(committee.path, "lead_unit__"), programme__in=list(family))
        .order_by()
        .values_list("programme_id", "lead_unit__path", "start", "deadline", "completed_on")
    )
    for programme_id, path, start, deadline, completed_on in rows:
        top = family[programme_id]
        for period in periods:
            on = day_of(period, today)
            c.add(period, top, path, "tasks_all")
            status = taskstatus.status_on(start, deadline, completed_on, on)
            if status in TASK_KEYS:
                c.add(period, top, path, TASK_KEYS[status])


def _count_light(c, period, top, path, light, *, total):
    c.add(period, top, path, f"light_{light}", total=total)
    if light in ("green", "amber", "red"):  # a value against a plan: rated
        c.add(period, top, path, "targets_rated", total=total)
    if light == "green":
        c.add(period, top, path, "targets_reached", total=total)


def _targets(c, tops, periods):
    """The programmes' own targets (their total), and their lower targets in the
    districts' plans (the districts' cells), each rated against the period's plan."""
    programme_of = dict(Target.objects.filter(programme__in=tops).values_list("pk", "programme_id"))
    for period in periods:
        running = Target.objects.filter(
            completeness.running_q(period, "programme__"), programme__in=tops
        )
        for row in rollup.compute(without_ratio_parts(running), period, shown=0):
            top = programme_of[row.target.pk]
            _count_light(c, period, top, "", row.light, total=True)
            for child in row.children:
                _count_light(c, period, top, child.target.unit_path, child.light, total=False)


def programme_order(today):
    """Key programmes first, then breakthroughs, each by issue date and title (as the
    concretisation matrix orders them)."""

    def key(p):
        issued = (p.document.issue_date if p.document_id else None) or today
        return (p.kind != "key", issued, sort_key(p.title))

    return key


def _figure(key, counts, before=None):
    value = scorecard.values_of(counts, [RATE_OF[key]])[0]
    change = None
    if before is not None:
        change = Change(value.value, scorecard.values_of(before, [RATE_OF[key]])[0].value)
    return Figure(key, value, counts, change)


def compute(steering, period, *, measure="concretisation", today=None) -> Board:
    """The board of `steering` for `period`: one line per programme it oversees (in the
    programmes' order), each with its four measures, their change since the period
    before, and the cells of `measure` per district."""
    today = today or clock.today()
    measure = measure if measure in RATE_OF else KEYS[0]
    committee = committee_of_steering(steering)
    programmes = sorted(steering.programmes.select_related("document"), key=programme_order(today))
    previous = previous_period(period)
    periods = [period] if previous is None else [previous, period]
    districts = districts_of(committee, today)
    board = Board(committee, period, previous, districts, measure)
    if not programmes:
        return board
    tops = [p.pk for p in programmes]
    c = Counts(committee, districts)
    family = families(committee, tops)
    _plans(c, committee, family, periods, today)
    _reports(c, committee, tops, periods, today)
    _tasks(c, committee, family, periods, today)
    _targets(c, tops, periods)
    for programme in programmes:
        top = programme.pk
        figures = [
            _figure(key, c.get(period, top), c.get(previous, top) if previous else None)
            for key in KEYS
        ]
        cells = [_figure(measure, c.get(period, top, d)) for d in districts]
        board.lines.append(Line(programme, figures, cells))
    return board
