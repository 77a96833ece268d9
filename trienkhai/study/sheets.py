"""The study coverage matrix as spreadsheet tables (its page's "Tải Excel"): the totals
per document, then each unit's share per document with its head counts."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.exports.document import Table
from trienkhai.lib.vnformat import format_date


def coverage_tables(m, on):
    totals = Table(
        _("Kết quả học tập theo văn bản"),
        [
            (_("Văn bản"), "text"),
            (_("Trích yếu"), "text"),
            (_("Đảng viên đã học"), "count"),
            (_("Đảng viên phải học"), "count"),
            (_("Tỷ lệ"), "percent"),
            (_("Đơn vị đã học"), "count"),
            (_("Đơn vị phải học"), "count"),
        ],
        [
            [d.symbol, d.title, c.reached, c.expected, c.percent, c.studied, c.units]
            for d, c in zip(m.documents, m.total, strict=True)
        ],
        note=_("Tính đến ngày %s.") % format_date(on),
        decimals=[None, None, None, None, 1, None, None],
    )
    columns = [(_("Đơn vị"), "text")]
    for d in m.documents:
        columns += [
            (f"{d.symbol}: {_('tỷ lệ')}", "percent"),
            (f"{d.symbol}: {_('đã học')}", "count"),
            (f"{d.symbol}: {_('phải học')}", "count"),
        ]
    rows = []
    for unit, cells in m.rows:
        line = [unit.name]
        for c in cells:
            line += [c.percent, c.reached, c.expected or None]
        rows.append(line)
    by_unit = Table(
        _("Tỷ lệ đảng viên đã học tập theo đơn vị"),
        columns,
        rows,
        decimals=[None] + [1, None, None] * len(m.documents),
    )
    return [totals, by_unit]


SESSION_COLUMNS = [
    (gettext_lazy("Ngày học tập"), "date"),
    (gettext_lazy("Đơn vị"), "text"),
    (gettext_lazy("Hình thức"), "text"),
    (gettext_lazy("Văn bản"), "text"),
    (gettext_lazy("Đảng viên phải tham gia"), "count"),
    (gettext_lazy("Đảng viên tham gia"), "count"),
    (gettext_lazy("Tỷ lệ (%)"), "percent"),
]


def session_rows(sessions):
    for s in sessions:
        yield [
            s.held_on,
            s.unit.name,
            s.get_kind_display(),
            ", ".join(d.symbol for d in s.documents.all()),
            s.members_expected,
            s.members_present,
            s.attendance_percent,
        ]
