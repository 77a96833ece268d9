"""The steering committee's page as spreadsheet tables (its "Tải Excel"): each programme's
measures with their figures, rating and change since the period before, then the
programmes × districts of the measure chosen."""

from django.utils.translation import gettext as _

from trienkhai.dashboards import steering
from trienkhai.dashboards.exported import RATING_WORDS
from trienkhai.exports.document import Table


def _programme(line):
    p = line.programme
    return f"{p.document.symbol} — {p.title}" if p.document_id else p.title


def board_tables(board):
    columns = [(_("Chương trình"), "text")]
    for _key, label, _rate in steering.MEASURES:
        columns += [
            (f"{label} (%)", "percent"),
            (_("%s: số liệu") % label, "text"),
            (_("%s: đánh giá") % label, "text"),
            (_("%s: so với kỳ trước (điểm %%)") % label, "text"),
        ]
    rows = []
    for line in board.lines:
        cells = [_programme(line)]
        for f in line.figures:
            cells += [
                f.value.value,
                f.summary,
                RATING_WORDS[f.rating] if f.rating in RATING_WORDS else "—",
                f.change.text if f.change is not None else "—",
            ]
        rows.append(cells)
    before = board.previous.label if board.previous else _("không có")
    tables = [
        Table(
            _("Các chương trình, %s") % board.period.label,
            columns,
            rows,
            note=_("Kỳ trước để so sánh: %s.") % before,
        )
    ]
    if board.districts:
        label = steering.LABEL_OF[board.measure]
        tables.append(
            Table(
                _("%s theo đơn vị (%%)") % label,
                [(_("Chương trình"), "text")]
                + [(steering.column_label(d), "percent") for d in board.districts],
                [[_programme(line), *(c.value.value for c in line.cells)] for line in board.lines],
            )
        )
    return tables
