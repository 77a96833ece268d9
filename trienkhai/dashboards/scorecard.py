"""Scorecards (bảng điểm): a unit's measures side by side, each rated green, amber or red
by thresholds that are settings and are stated on the page; the same for the units
directly below it, as a table; and a trend over the year's quarters.

Every measure is counted over the unit and everything under it, except the targets,
which are those of the unit's own plans (their figures reported by the unit or computed
from the units below by each target's rule). A measure with nothing expected (no report
owed, no task due, no target with a plan) is None, shown "—": neither 0 % nor red.

The counts are read in bulk (dashboards/tally.py): `compute` costs a fixed number of
queries (at most `MAX_QUERIES`, a few more for each level of lower targets the roll-up
reads) whatever the number of units below.

Thresholds: `DEFAULT_THRESHOLDS` below, changed per measure by
`settings.TK_SCORECARD_THRESHOLDS` (`{"reports_on_time": {"green": 95, "amber": 80}}`;
`"lower": true` turns a measure round, less being better). A measure where more is
better is green at or above "green", amber at or above "amber", red below; where less is
better, green at or below "green", amber at or below "amber", red above.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.conf import settings
from django.utils.translation import gettext_lazy as _

from trienkhai.core import clock
from trienkhai.dashboards import tally
from trienkhai.lib import periods as regime
from trienkhai.lib.vnformat import format_number, format_percent
from trienkhai.lib.vntext import sort_key
from trienkhai.orgs.models import OrgUnit
from trienkhai.oversight.risk import RANKED_KINDS
from trienkhai.reporting.models import Period

PERCENT, COUNT = "%", "count"
GREEN, AMBER, RED = "green", "amber", "red"

# Green / amber bounds, in the measure's unit (percentages). Reasons:
# - plans and reports: every unit must concretise and report (Nghị định 09/2019 has no
#   tolerance), so green asks nearly all (95 %), and 80 % is where the study coverage
#   page's "most" band, the risk list's LOW_STUDY and lib/rollup's amber attainment
#   start; timeliness is held to 90 / 70, so one late commune in ten stays green;
# - tasks: 80 / 60 done on time of those due, overdue at most 5 / 15 %;
# - targets: 90 / 70 % of the targets with a figure reached or exceeded;
# - study: 95 / 80 % of Party members, the coverage page's "full" and "most" bands;
# - formalism: at most 5 / 15 % of the reports sent flagged;
# - recommendations: none of those still open overdue is green, up to a quarter amber.
DEFAULT_THRESHOLDS = {
    "plans_issued": {"green": 95, "amber": 80},
    "plans_on_time": {"green": 90, "amber": 70},
    "reports_sent": {"green": 95, "amber": 80},
    "reports_on_time": {"green": 90, "amber": 70},
    "tasks_on_time": {"green": 80, "amber": 60},
    "tasks_overdue": {"green": 5, "amber": 15},
    "targets_period": {"green": 90, "amber": 70},
    "targets_year": {"green": 90, "amber": 70},
    "study_coverage": {"green": 95, "amber": 80},
    "formalism": {"green": 5, "amber": 15},
    "recs_overdue": {"green": 0, "amber": 25},
}
# children 1, plans 2, reports 6 (7 when a task is led outside its programme's branch),
# tasks 1, targets 14 (the unit's own, then its children's: each its targets, their
# values, one level of lower targets with their programmes and values, the plans and the
# year's plans; two more a further level the roll-up reads), study 1 (4 with documents),
# formalism 3, recommendations 2. Measured: 28 on the test province.
MAX_QUERIES = 34
# Measures a year's quarters are drawn for (the others are read as they stand today).
TREND_KEYS = ("plans_issued", "reports_on_time", "tasks_on_time", "targets_period")


@dataclass(frozen=True)
class Measure:
    key: str
    label: str
    how: str  # how it is computed, for the page's legend
    family: str  # the group it is shown in on the card
    unit: str = PERCENT
    part: str = ""  # numerator count
    whole: str = ""  # denominator count
    details: tuple = ()  # (count key, label) shown under the value
    lower_is_better: bool = False

    @property
    def thresholds(self) -> dict:
        """{"green", "amber", "lower"}, with the settings' overrides (read when asked, so
        a changed setting applies at once)."""
        merged = {
            **DEFAULT_THRESHOLDS[self.key],
            **(getattr(settings, "TK_SCORECARD_THRESHOLDS", None) or {}).get(self.key, {}),
        }
        merged.setdefault("lower", self.lower_is_better)
        return merged

    @property
    def higher_is_better(self) -> bool:
        return not self.thresholds["lower"]

    def rate(self, value) -> str | None:
        if value is None:
            return None
        t = self.thresholds
        green, amber = Decimal(str(t["green"])), Decimal(str(t["amber"]))
        if t["lower"]:
            return GREEN if value <= green else AMBER if value <= amber else RED
        return GREEN if value >= green else AMBER if value >= amber else RED

    def bounds(self) -> dict:
        """{"green", "amber", "red"}: each colour's range as the legend states it."""
        t = self.thresholds
        green, amber = self._format(t["green"]), self._format(t["amber"])
        if t["lower"]:
            return {"green": f"≤ {green}", "amber": f"≤ {amber}", "red": f"> {amber}"}
        return {"green": f"≥ {green}", "amber": f"≥ {amber}", "red": f"< {amber}"}

    def _format(self, bound):
        number = format_number(Decimal(str(bound)), trim=True)
        return f"{number}%" if self.unit == PERCENT else number


REPORT_DETAILS = (
    ("reports_on_time", _("đúng hạn")),
    ("reports_late", _("muộn")),
    ("reports_returned", _("bị trả lại")),
    ("reports_missing", _("chưa gửi, quá hạn")),
    ("reports_due", _("chưa đến hạn")),
)
TASK_DETAILS = (
    ("tasks_done", _("đúng hạn")),
    ("tasks_done_late", _("muộn")),
    ("tasks_overdue", _("quá hạn")),
)


def _target_details(prefix):
    return (
        (f"{prefix}_exceeded", _("vượt")),
        (f"{prefix}_met", _("đạt")),
        (f"{prefix}_not_met", _("không đạt")),
        (f"{prefix}_no_data", _("chưa có số liệu")),
        (f"{prefix}_no_plan", _("chưa có kế hoạch")),
    )


MEASURES = (
    Measure(
        "plans_issued",
        _("Kế hoạch thực hiện đã ban hành"),
        _("Số kế hoạch thực hiện đã ban hành trên số yêu cầu cụ thể hóa đã đến hạn."),
        _("Cụ thể hóa"),
        part="plans_issued",
        whole="plans_due",
    ),
    Measure(
        "plans_on_time",
        _("Kế hoạch ban hành đúng hạn"),
        _("Số kế hoạch ban hành trong thời hạn trên số yêu cầu đã đến hạn."),
        _("Cụ thể hóa"),
        part="plans_on_time",
        whole="plans_due",
    ),
    Measure(
        "reports_sent",
        _("Báo cáo đã gửi"),
        _("Số báo cáo định kỳ đã gửi (đúng hạn hoặc muộn) trên số phải gửi đã đến hạn."),
        _("Báo cáo"),
        part="reports_sent",
        whole="reports_rated",
        details=REPORT_DETAILS,
    ),
    Measure(
        "reports_on_time",
        _("Báo cáo đúng hạn"),
        _("Số báo cáo gửi lần đầu trong hạn (kể cả gia hạn) trên số phải gửi đã đến hạn."),
        _("Báo cáo"),
        part="reports_on_time",
        whole="reports_rated",
    ),
    Measure(
        "tasks_on_time",
        _("Nhiệm vụ hoàn thành đúng hạn"),
        _("Số nhiệm vụ hoàn thành trong hạn trên số nhiệm vụ đã đến hạn hoặc đã xong."),
        _("Nhiệm vụ"),
        part="tasks_done",
        whole="tasks_counted",
        details=TASK_DETAILS,
    ),
    Measure(
        "tasks_overdue",
        _("Nhiệm vụ quá hạn"),
        _("Số nhiệm vụ quá hạn chưa hoàn thành trên số nhiệm vụ đã đến hạn hoặc đã xong."),
        _("Nhiệm vụ"),
        part="tasks_overdue",
        whole="tasks_counted",
        lower_is_better=True,
    ),
    Measure(
        "targets_period",
        _("Chỉ tiêu đạt, vượt trong kỳ"),
        _(
            "Chỉ tiêu trong kế hoạch của chính đơn vị đạt hoặc vượt kế hoạch của kỳ (chỉ "
            "tiêu cộng dồn: phần kế hoạch năm tương ứng số tháng đã qua), trên số chỉ tiêu "
            "có số liệu."
        ),
        _("Chỉ tiêu"),
        part="targets_reached",
        whole="targets_rated",
        details=_target_details("targets"),
    ),
    Measure(
        "targets_year",
        _("Chỉ tiêu đạt kế hoạch năm (lũy kế)"),
        _("Chỉ tiêu có số liệu lũy kế đến kỳ đã đạt hoặc vượt kế hoạch cả năm."),
        _("Chỉ tiêu"),
        part="targets_year_reached",
        whole="targets_year_rated",
        details=_target_details("targets_year"),
    ),
    Measure(
        "study_coverage",
        _("Đảng viên học tập, quán triệt"),
        _(
            "Lượt đảng viên đã học tập, quán triệt trên số phải học, cộng qua các văn bản "
            "của cấp ủy và cấp trên ban hành trên 60 ngày (tính đến hôm nay)."
        ),
        _("Học tập"),
        part="study_reached",
        whole="study_expected",
    ),
    Measure(
        "formalism",
        _("Báo cáo có dấu hiệu hình thức"),
        _(
            "Số báo cáo của kỳ có nội dung gần như trùng báo cáo khác hoặc kỳ trước, hoặc "
            "có nhiệm vụ báo cáo cùng một mức ba kỳ liền, trên số báo cáo đã gửi."
        ),
        _("Chống hình thức"),
        part="formalism_flagged",
        whole="formalism_sent",
        lower_is_better=True,
    ),
    Measure(
        "recs_overdue",
        _("Kiến nghị quá hạn"),
        _(
            "Số kiến nghị sau kiểm tra, giám sát quá hạn mà chưa thực hiện xong trên số "
            "kiến nghị chưa thực hiện xong (hôm nay)."
        ),
        _("Kiến nghị"),
        part="rec_overdue",
        whole="rec_open",
        lower_is_better=True,
    ),
)
BY_KEY = {m.key: m for m in MEASURES}


@dataclass
class Value:
    measure: Measure
    value: Decimal | None  # % (one decimal), None with nothing expected
    part: int = 0
    whole: int = 0
    details: list = field(default_factory=list)  # [(label, n)] with n > 0
    rating: str | None = None

    @property
    def key(self):
        return self.measure.key

    @property
    def text(self):
        """The value as shown: "83,3%", "—" with nothing expected."""
        if self.value is None:
            return "—"
        if self.measure.unit == PERCENT:
            return format_percent(self.value, 1)
        return format_number(self.value, trim=True)

    @property
    def parts(self):
        """ "10/12": the counts the value divides (empty with nothing expected)."""
        if not self.whole:
            return ""
        return f"{format_number(self.part)}/{format_number(self.whole)}"


@dataclass
class Row:
    unit: OrgUnit
    values: list  # [Value] in MEASURES order
    counts: dict = field(default_factory=dict)

    def value(self, key) -> Value:
        return next(v for v in self.values if v.key == key)

    @property
    def by_key(self):
        return {v.key: v for v in self.values}


def _percent(part, whole):
    if not whole:
        return None
    return (Decimal(100) * part / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _derive(counts):
    """The totals the measures divide by, from the raw counts."""
    c = dict(counts)
    c["reports_sent"] = c.get("reports_on_time", 0) + c.get("reports_late", 0)
    c["reports_rated"] = c.get("reports_expected", 0) - c.get("reports_due", 0)
    c["tasks_counted"] = sum(c.get(k, 0) for k in tally.TASK_KEYS.values())
    return c


def values_of(counts, keys=None) -> list[Value]:
    """The measures (all, or `keys`) from one unit's counts for one period."""
    c = _derive(counts)
    found = []
    for m in MEASURES:
        if keys is not None and m.key not in keys:
            continue
        part, whole = c.get(m.part, 0), c.get(m.whole, 0)
        if m.unit == PERCENT:
            value = _percent(part, whole)
        else:  # a count, with its denominator saying whether anything was expected
            value = Decimal(part) if whole else None
        details = [(label, c.get(k, 0)) for k, label in m.details if c.get(k, 0)]
        found.append(Value(m, value, part, whole, details, m.rate(value)))
    return found


def children_of(unit, on):
    """The units directly below `unit` shown in its table: its Party committees and
    organisations open on the day (as the risk list ranks them), in display order; other
    units below (people's committees, the Front, agencies) are counted in the unit's own
    card and get a row when they have something expected (see `rows_below`)."""
    return list(OrgUnit.objects.get_children(unit).active_on(on).in_display_order())


def compute(root, period, *, units=None, today=None, with_root=True, every=False, trend=False):
    """(root's Row or None, [Row] of the units below) for one period: `units` the units
    of the table (by default `children_of(root)`), all directly below `root`; a unit
    other than a Party committee or organisation gets a row when it has something
    expected, or always with `every`. With `trend`, (head, rows, the root's `trend` over
    the period's year), its quarters counted in the same reads as the period."""
    today = today or clock.today()
    units = children_of(root, today) if units is None else list(units)
    buckets = [root, *units] if with_root else units
    paths = [root.path] if with_root else [u.path for u in units]
    quarters_read = quarters(period.end.year, today) if trend and with_root else []
    extra = [q for q in quarters_read if q.pk != period.pk]
    b = tally.Buckets(buckets)
    if paths:
        tally.plans(b, paths, [period, *extra], today)
        tally.reports(b, paths, [period, *extra], today)
        tally.tasks(b, paths, [period, *extra], today)
        tally.targets(b, [[root] if with_root else [], units], [period])
        if extra:  # the trend is the root's: its own targets only
            tally.targets(b, [[root]], extra)
        tally.study(b, root, buckets, period, today)
        tally.formalism(b, paths, period, today)
        tally.recommendations(b, paths, period, today)
    rows = []
    for unit in units:
        counts = b.get(period, unit)
        row = Row(unit, values_of(counts), counts)
        expected = any(v.value is not None for v in row.values)
        if every or unit.kind in RANKED_KINDS or expected:
            rows.append(row)
    head = Row(root, values_of(b.get(period, root)), b.get(period, root)) if with_root else None
    if trend:
        return head, rows, [(p, values_of(b.get(p, root), TREND_KEYS)) for p in quarters_read]
    return head, rows


def families(values):
    """[(family label, [Value])] in the measures' order, for the card's groups."""
    groups = []
    for value in values:
        if not groups or str(groups[-1][0]) != str(value.measure.family):
            groups.append((value.measure.family, []))
        groups[-1][1].append(value)
    return groups


def card(unit, period, *, today=None) -> Row:
    """The unit's measures for the period (see the module's docstring)."""
    head, _rows = compute(unit, period, units=[], today=today)
    return head


def rows_below(unit, period, *, today=None) -> list[Row]:
    """One row per unit directly below `unit`, in display order."""
    _head, rows = compute(unit, period, today=today, with_root=False)
    return rows


def quarters(year, today=None):
    """The stored quarters of `year` begun by today, in order."""
    today = today or clock.today()
    codes = [p.code for p in regime.periods_of(regime.Kind.QUARTER, year)]
    return list(Period.objects.filter(code__in=codes, start__lte=today).order_by("start"))


def trend(unit, year, *, today=None) -> list[tuple]:
    """[(quarter, [Value of TREND_KEYS])] over the year's quarters begun by today: plans
    and tasks as they stood at each quarter's end, each quarter's reports and targets.
    The scorecard page reads it with its card (`compute(trend=True)`); this is the same
    count for the unit alone."""
    today = today or clock.today()
    periods = quarters(year, today)
    if not periods:
        return []
    _head, _rows, found = compute(unit, periods[-1], units=[], today=today, trend=True)
    return found


def sort_rows(rows, key=None, descending=False):
    """Rows by a measure's value (None last whichever the direction, then by name) or,
    with no measure `key`, by name in Vietnamese order."""
    if key not in BY_KEY:
        return sorted(rows, key=lambda r: sort_key(r.unit.name), reverse=descending)
    by_name = sorted(rows, key=lambda r: sort_key(r.unit.name))
    known = [r for r in by_name if r.value(key).value is not None]
    unknown = [r for r in by_name if r.value(key).value is None]
    known.sort(key=lambda r: r.value(key).value, reverse=descending)
    return known + unknown
