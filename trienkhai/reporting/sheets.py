"""The reporting overviews as spreadsheet tables (their pages' "Tải Excel"): the
completeness matrix (by branch and in total, by programme, each unit's state per
period)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.exports.document import Table

STATE_WORDS = {
    "on_time": gettext_lazy("Đúng hạn"),
    "late": gettext_lazy("Muộn"),
    "returned": gettext_lazy("Bị trả lại"),
    "due": gettext_lazy("Chưa đến hạn"),
    "missing": gettext_lazy("Chưa gửi"),
}


def _rate_columns(periods):
    columns = []
    for p in periods:
        columns += [
            (f"{p.label}: {_('đã gửi (%)')}", "percent"),
            (f"{p.label}: {_('đúng hạn (%)')}", "percent"),
            (f"{p.label}: {_('đã gửi')}", "count"),
            (f"{p.label}: {_('phải gửi')}", "count"),
            (f"{p.label}: {_('muộn')}", "count"),
        ]
    return columns


def _rate_cells(rates):
    cells = []
    for r in rates:
        cells += [r.completeness, r.timeliness, r.sent, r.expected, r.late]
    return cells


def completeness_tables(m, root):
    """[Table] of a completeness matrix, the same parts as its page."""
    decimals = [None] + [1, 1, None, None, None] * len(m.periods)
    rows = [[head.name, *_rate_cells(rates)] for head, rates in m.by_branch]
    rows.append([_("Toàn bộ"), *_rate_cells(m.totals)])
    tables = [
        Table(
            _("Tình hình báo cáo: %s") % root.name,
            [(_("Đơn vị"), "text"), *_rate_columns(m.periods)],
            rows,
            decimals=decimals,
        )
    ]
    if m.by_programme:
        tables.append(
            Table(
                _("Theo chương trình"),
                [(_("Chương trình"), "text"), *_rate_columns(m.periods)],
                [[p.title, *_rate_cells(rates)] for p, rates in m.by_programme],
                decimals=decimals,
            )
        )
    tables.append(
        Table(
            _("Từng đơn vị"),
            [(_("Đơn vị"), "text"), *[(p.label, "text") for p in m.periods]],
            [[unit.name, *(STATE_WORDS.get(s, "") for s in states)] for unit, states in m.units],
            note=_("Ô trống: đơn vị không phải báo cáo kỳ đó."),
        )
    )
    return tables


def targets_table(rows, title):
    """The targets dashboard's rows: plan, reported, computed from below (and the ratio's
    parts), the rate against the plan and the rating in words."""
    body = []
    for r in rows:
        t = r.target
        numerator, denominator = r.parts if r.is_ratio else (None, None)
        body.append(
            [
                t.code,
                t.name,
                t.unit_of_measure,
                r.plan,
                r.reported,
                numerator,
                denominator,
                r.computed.value if r.computed else None,
                r.rate,
                str(r.attainment_label),
            ]
        )
    return Table(
        title,
        [
            (_("Mã"), "text"),
            (_("Chỉ tiêu"), "text"),
            (_("Đơn vị tính"), "text"),
            (_("Kế hoạch"), "number"),
            (_("Báo cáo"), "number"),
            (_("Tử số"), "number"),
            (_("Mẫu số"), "number"),
            (_("Tổng hợp từ cấp dưới"), "number"),
            (_("Tỷ lệ so kế hoạch"), "percent"),
            (_("Đánh giá"), "text"),
        ],
        body,
        note=_("Chỉ tính báo cáo đã gửi hoặc đã được chấp nhận."),
        decimals=[None] * 8 + [1, None],
    )
