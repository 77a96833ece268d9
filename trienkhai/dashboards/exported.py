"""Scorecards as tables of a report or a spreadsheet: the page's "Tải Excel" and the
`scorecard` kind of report (Word, PDF, Excel)."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.dashboards import scorecard
from trienkhai.exports.document import (
    Report,
    Section,
    Table,
    heading_for,
    recipients_for,
    signature_for,
)

# The colour of a rating in words, for spreadsheets (scorecard, Steering Committee).
RATING_WORDS = {
    "green": gettext_lazy("xanh"),
    "amber": gettext_lazy("vàng"),
    "red": gettext_lazy("đỏ"),
}


def score_table(title, rows):
    """Scorecard rows as a table of the spreadsheet: each measure's value and its parts."""
    columns = [(_("Đơn vị"), "text")]
    for m in scorecard.MEASURES:
        columns += [
            (m.label, "percent" if m.unit == scorecard.PERCENT else "number"),
            (_("%s (số liệu)") % m.label, "text"),
        ]
    body = []
    for row in rows:
        cells = [row.unit.name]
        for v in row.values:
            cells += [v.value, v.parts]
        body.append(cells)
    return Table(title, columns, body)


def card_table(row):
    """One unit's measures, one line each: value, figures, rating and thresholds."""
    words = RATING_WORDS
    body = []
    for v in row.values:
        b = v.measure.bounds()
        body.append(
            [
                v.measure.label,
                v.value,
                v.parts,
                words.get(v.rating, "—"),
                f"{b['green']} / {b['amber']}",
            ]
        )
    return Table(
        _("Bảng điểm %s") % row.unit.name,
        [
            (_("Chỉ số"), "text"),
            (_("Giá trị"), "percent"),
            (_("Số liệu"), "text"),
            (_("Đánh giá"), "text"),
            (_("Ngưỡng xanh / vàng"), "text"),
        ],
        body,
    )


def _narrow_tables(rows, per_table=4):
    """The units below, four measures a table, "14,3% (1/7)" a cell: an A4 page holds
    no more columns."""
    measures = scorecard.MEASURES
    tables = []
    for start in range(0, len(measures), per_table):
        group = measures[start : start + per_table]
        body = []
        for row in rows:
            cells = [row.unit.name]
            for m in group:
                v = row.value(m.key)
                cells.append(f"{v.text} ({v.parts})" if v.parts else v.text)
            body.append(cells)
        tables.append(
            Table(
                _("Các đơn vị trực thuộc: %(measures)s")
                % {"measures": ", ".join(str(m.label).lower() for m in group)},
                [(_("Đơn vị"), "text")] + [(m.label, "text") for m in group],
                body,
            )
        )
    return tables


def build(*, unit, period, today, progress=lambda pct, step: None, **_ignored):
    """The `scorecard` report: the unit's card and the table of the units below."""
    head, rows = scorecard.compute(unit, period, today=today)
    progress(70, _("Đang viết bảng điểm"))
    summary = _("Bảng điểm kết quả triển khai thực hiện, %(period)s") % {
        "period": period.label[:1].lower() + period.label[1:]
    }
    sections = [
        Section(_("I. KẾT QUẢ CỦA %(unit)s") % {"unit": unit.name.upper()}, [card_table(head)]),
        Section(
            _("II. CÁC ĐƠN VỊ TRỰC THUỘC"),
            _narrow_tables(rows) if rows else [_("Không có đơn vị trực thuộc nào.")],
        ),
    ]
    return Report(
        heading=heading_for(unit, kind_code="BC", kind_name="BÁO CÁO", summary=summary, on=today),
        sections=sections,
        signature=signature_for(unit, today),
        recipients=recipients_for(unit),
        filename=f"bang-diem-{unit.code}-{period.code}",
    )
