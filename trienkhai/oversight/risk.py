"""Where to inspect next (nơi cần kiểm tra, giám sát): the Party committees and Party
organisations directly below a committee, ranked by signals the system already holds.

Each signal is a count over the unit and every unit below it, as seen on a day:

- `plan_missing`, `plan_late`: implementing plans overdue and not issued, or issued after
  their due date (the concretisation matrix's `plan_state`);
- `report_missing`, `report_late`: period reports of the last twelve months (stored
  periods whose data window closed before the day and which ended within a year of it)
  missing after the deadline and its grace, or first sent after it (completeness.py:
  who owes, `Deadlines`, `state_of`); `report_returned`: those returned twice or more;
- `copied`, `stalled`: in the latest such period of each kind, reports whose narrative
  nearly repeats another unit's report or the unit's previous one, and tasks reported at
  the same % three periods running (the rules of reporting/flags.py);
- `study_low`, `study_implausible`: documents of the committee or above (or of no unit
  of the tree) that its units study, issued over `STUDY_GRACE` ago, where under
  `LOW_STUDY` % of the unit's Party members studied them, and implausible attendance
  figures (study/coverage.py, which counts the sessions recorded, whatever their day);
- `rec_open`, `rec_overdue`: recommendations of conclusions issued by the day and not
  verified done, and those of them past their deadline (oversight.models).

A unit's score is the sum of count × weight (`settings.TK_RISK_WEIGHTS`). Every signal is
read in bulk over the committee's subtree (risk_counts.py): a fixed number of queries
(at most `MAX_QUERIES`) whatever the number of units. Reading never writes.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trienkhai.core import clock
from trienkhai.core.bounds import year_problem
from trienkhai.lib.vnformat import format_date, format_number
from trienkhai.lib.vntext import sort_key
from trienkhai.orgs.models import Kind, OrgUnit
from trienkhai.oversight import risk_counts as counts
from trienkhai.oversight.risk_counts import (  # noqa: F401  (the list's public constants)
    BODY_KINDS,
    LOW_STUDY,
    REPORT_WINDOW,
    RETURNED_TIMES,
    STUDY_GRACE,
)
from trienkhai.reporting.services import INBOX_KINDS

# The units ranked: what a committee inspects below it (not its own bodies and agencies).
RANKED_KINDS = (Kind.PARTY_COMMITTEE, Kind.PARTY_ORG)
SIGNALS = (
    "plan_missing",
    "plan_late",
    "report_missing",
    "report_late",
    "report_returned",
    "copied",
    "stalled",
    "study_low",
    "study_implausible",
    "rec_open",
    "rec_overdue",
)
MAX_QUERIES = 1 + counts.MAX_QUERIES  # the ranked units, then the counts
# The period kinds the completeness page shows (the term is not one of them).
COMPLETENESS_KINDS = {k.value for k in INBOX_KINDS}


def day_refused(on) -> str | None:
    """Why the list cannot be read on `on` (a year the system plans for, so the windows
    counted back from it stay dates), or None."""
    return year_problem(on.year)


@dataclass
class Signal:
    key: str
    count: int
    weight: float
    reason: str
    url: str

    @property
    def points(self):
        return self.count * self.weight


@dataclass
class Row:
    unit: OrgUnit
    signals: list = field(default_factory=list)  # [Signal] with a count, in SIGNALS order
    rank: int = 0

    @property
    def score(self):
        return sum(s.points for s in self.signals)

    def signal(self, key):
        return next((s for s in self.signals if s.key == key), None)

    def count(self, key) -> int:
        found = self.signal(key)
        return found.count if found else 0


def current_weights(overrides=None) -> dict:
    """{signal: weight} from `settings.TK_RISK_WEIGHTS`, then `overrides`; a signal left
    out weighs 0 (switched off)."""
    merged = {**(getattr(settings, "TK_RISK_WEIGHTS", None) or {}), **(overrides or {})}
    return {key: merged.get(key, 0) for key in SIGNALS}


def weight_table(weights=None) -> list:
    """[(key, label, how it is counted, weight)] for the page."""
    weights = current_weights(weights)
    window = _("trong 12 tháng qua")
    text = {
        "plan_missing": (
            _("Kế hoạch thực hiện quá hạn chưa ban hành"),
            _("Mỗi yêu cầu cụ thể hóa đã quá hạn mà chưa ban hành kế hoạch thực hiện."),
        ),
        "plan_late": (
            _("Kế hoạch thực hiện ban hành muộn"),
            _("Mỗi kế hoạch thực hiện ban hành sau thời hạn."),
        ),
        "report_missing": (
            _("Báo cáo định kỳ quá hạn chưa gửi"),
            _("Mỗi báo cáo định kỳ %(window)s đã quá hạn (kể cả thời gian gia hạn) mà chưa gửi.")
            % {"window": window},
        ),
        "report_late": (
            _("Báo cáo định kỳ gửi muộn"),
            _("Mỗi báo cáo định kỳ %(window)s gửi lần đầu sau hạn.") % {"window": window},
        ),
        "report_returned": (
            _("Báo cáo bị trả lại nhiều lần"),
            _("Mỗi báo cáo định kỳ %(window)s bị cấp trên trả lại từ %(n)s lần trở lên.")
            % {"window": window, "n": RETURNED_TIMES},
        ),
        "copied": (
            _("Báo cáo sao chép"),
            _(
                "Mỗi báo cáo kỳ gần nhất có nội dung gần như trùng với báo cáo của đơn vị "
                "khác hoặc với báo cáo kỳ trước của đơn vị."
            ),
        ),
        "stalled": (
            _("Nhiệm vụ đứng yên"),
            _("Mỗi nhiệm vụ báo cáo cùng một mức hoàn thành ba kỳ liền, đến kỳ gần nhất."),
        ),
        "study_low": (
            _("Học tập, quán triệt chưa đạt"),
            _(
                "Mỗi văn bản của cấp ủy hoặc cấp trên, ban hành trên %(days)s ngày, có dưới "
                "%(p)s%% đảng viên học tập, quán triệt."
            )
            % {"days": STUDY_GRACE.days, "p": LOW_STUDY},
        ),
        "study_implausible": (
            _("Số liệu học tập bất thường"),
            _(
                "Mỗi số liệu có số đảng viên tham gia nhiều hơn số phải tham gia, hoặc số "
                "phải tham gia nhiều hơn danh mục đảng viên."
            ),
        ),
        "rec_open": (
            _("Kiến nghị chưa thực hiện xong"),
            _("Mỗi kiến nghị của kết luận kiểm tra, giám sát đã ban hành chưa được xác minh."),
        ),
        "rec_overdue": (
            _("Kiến nghị quá hạn"),
            _("Mỗi kiến nghị đã quá hạn mà chưa thực hiện xong (cộng thêm vào dòng trên)."),
        ),
    }
    return [(key, *text[key], weights[key]) for key in SIGNALS]


# --- reasons and links ----------------------------------------------------------------


def _link(t: counts.Tally, name, **params):
    if name not in t.urls:  # reversed once a list, not once a signal
        t.urls[name] = reverse(name)
    query = urlencode([(k, v) for k, vs in params.items() for v in _many(vs)])
    return f"{t.urls[name]}?{query}"


def _many(value):
    return value if isinstance(value, list) else [value]


def _describe(key, unit, n, note, t: counts.Tally):
    """(reason, url) of one signal of one unit."""
    count, day = format_number(n), format_date(t.on)
    if key in ("plan_missing", "plan_late"):
        # The matrix of a unit shows the units below it: the unit's own plans are in the
        # committee's matrix.
        url = _link(
            t, "programmes:matrix", unit=t.root.code if note.get("own") else unit.code, on=day
        )
        if key == "plan_missing":
            text = ngettext(
                "%(n)s kế hoạch thực hiện quá hạn chưa ban hành (hạn sớm nhất %(due)s)",
                "%(n)s kế hoạch thực hiện quá hạn chưa ban hành (hạn sớm nhất %(due)s)",
                n,
            ) % {"n": count, "due": format_date(note["due"])}
        else:
            text = ngettext(
                "%(n)s kế hoạch thực hiện ban hành muộn so với thời hạn",
                "%(n)s kế hoạch thực hiện ban hành muộn so với thời hạn",
                n,
            ) % {"n": count}
        return text, url
    if key in ("report_missing", "report_late", "report_returned"):
        period = note["period"]
        params = {"root": unit.code, "year": period.end.year}
        if period.kind in COMPLETENESS_KINDS:
            params["kind"] = period.kind
        url = _link(t, "reporting:completeness", **params)
        text = {
            "report_missing": ngettext(
                "%(n)s báo cáo định kỳ quá hạn chưa gửi trong 12 tháng qua (gần nhất: %(p)s)",
                "%(n)s báo cáo định kỳ quá hạn chưa gửi trong 12 tháng qua (gần nhất: %(p)s)",
                n,
            ),
            "report_late": ngettext(
                "%(n)s báo cáo định kỳ gửi muộn trong 12 tháng qua (gần nhất: %(p)s)",
                "%(n)s báo cáo định kỳ gửi muộn trong 12 tháng qua (gần nhất: %(p)s)",
                n,
            ),
            "report_returned": ngettext(
                "%(n)s báo cáo bị trả lại từ hai lần trở lên (gần nhất: %(p)s)",
                "%(n)s báo cáo bị trả lại từ hai lần trở lên (gần nhất: %(p)s)",
                n,
            ),
        }[key]
        return text % {"n": count, "p": period.label}, url
    if key in ("copied", "stalled"):
        period = max(note["periods"], key=lambda p: (note["periods"][p], p.end))
        url = _link(t, "reporting:flags", period=period.code)
        if key == "copied":
            text = ngettext(
                "%(n)s báo cáo %(p)s có nội dung gần như trùng với báo cáo khác hoặc kỳ trước",
                "%(n)s báo cáo %(p)s có nội dung gần như trùng với báo cáo khác hoặc kỳ trước",
                n,
            )
        else:
            text = ngettext(
                "%(n)s nhiệm vụ báo cáo cùng một mức hoàn thành ba kỳ liền, đến %(p)s",
                "%(n)s nhiệm vụ báo cáo cùng một mức hoàn thành ba kỳ liền, đến %(p)s",
                n,
            )
        return text % {"n": count, "p": period.label}, url
    if key in ("study_low", "study_implausible"):
        docs = note["documents"]
        shown = [d for d, _c in docs] if key == "study_low" else docs
        url = _link(
            t, "study:coverage", root=unit.code, on=day, doc=[str(d.uid) for d in shown[:8]]
        )
        if key == "study_low":
            lowest, cell = docs[0]
            percent = f"{format_number(cell.percent or 0, 1)}%"
            text = ngettext(
                "%(n)s văn bản có dưới %(low)s%% đảng viên học tập, quán triệt "
                "(thấp nhất: %(symbol)s, %(p)s)",
                "%(n)s văn bản có dưới %(low)s%% đảng viên học tập, quán triệt "
                "(thấp nhất: %(symbol)s, %(p)s)",
                n,
            ) % {"n": count, "low": LOW_STUDY, "symbol": lowest.symbol, "p": percent}
            return text, url
        text = ngettext(
            "%(n)s số liệu học tập bất thường (số tham gia vượt số phải tham gia)",
            "%(n)s số liệu học tập bất thường (số tham gia vượt số phải tham gia)",
            n,
        ) % {"n": count}
        return text, url + "#implausible"
    state = "open" if key == "rec_open" else "overdue"
    url = _link(t, "oversight:recommendations", unit=unit.code, state=state)
    if key == "rec_open":
        text = ngettext(
            "%(n)s kiến nghị sau kiểm tra, giám sát chưa thực hiện xong",
            "%(n)s kiến nghị sau kiểm tra, giám sát chưa thực hiện xong",
            n,
        )
    else:
        text = ngettext(
            "%(n)s kiến nghị đã quá hạn mà chưa thực hiện xong",
            "%(n)s kiến nghị đã quá hạn mà chưa thực hiện xong",
            n,
        )
    return text % {"n": count}, url


# --- the list -------------------------------------------------------------------------


def risk_list(root, *, on=None, weights=None) -> list[Row]:
    """The Party committees and organisations directly below `root` (a committee: use
    `access.committee_of(body)`), open on `on` (today by default), with their signals,
    by score (highest first), then by name in Vietnamese order. Ties share a rank."""
    on = on or clock.today()
    weights = current_weights(weights)
    children = list(OrgUnit.objects.get_children(root).filter(kind__in=RANKED_KINDS).active_on(on))
    if not children:
        return []
    t = counts.Tally(root, children, on)
    counts.plans(t)
    window, closed = counts.periods(on)
    counts.reports(t, window)
    counts.narratives(t, window, closed)
    counts.study(t, children)
    counts.recommendations(t)
    rows = []
    for unit in children:
        row = Row(unit)
        for key in SIGNALS:
            n = t.counts[unit.pk].get(key, 0)
            if n:
                reason, url = _describe(key, unit, n, t.notes[unit.pk, key], t)
                row.signals.append(Signal(key, n, weights[key], reason, url))
        rows.append(row)
    rows.sort(key=lambda r: (-r.score, sort_key(r.unit.name)))
    for i, row in enumerate(rows):
        row.rank = rows[i - 1].rank if i and rows[i - 1].score == row.score else i + 1
    return rows
