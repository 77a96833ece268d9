"""The risk list as spreadsheet tables (its page's "Tải Excel"): the units ranked with
their score and the count of each signal, then the weights the score is made of."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.exports.document import Table
from trienkhai.lib.vnformat import format_date


def risk_tables(rows, weights, on):
    signals = [(key, label) for key, label, _how, _weight in weights]
    ranked = Table(
        _("Xếp hạng nguy cơ"),
        [(_("Hạng"), "count"), (_("Đơn vị"), "text"), (_("Điểm"), "number")]
        + [(label, "count") for _key, label in signals],
        [[r.rank, r.unit.name, r.score, *(r.count(key) for key, _label in signals)] for r in rows],
        note=_("Tính đến ngày %s.") % format_date(on),
    )
    table = Table(
        _("Trọng số các dấu hiệu"),
        [(_("Dấu hiệu"), "text"), (_("Cách đếm"), "text"), (_("Trọng số"), "number")],
        [[label, how, weight] for _key, label, how, weight in weights],
    )
    return [ranked, table]


REC_COLUMNS = [
    (gettext_lazy("Kiến nghị"), "text"),
    (gettext_lazy("Đơn vị thực hiện"), "text"),
    (gettext_lazy("Kết luận"), "text"),
    (gettext_lazy("Ngày kết luận"), "date"),
    (gettext_lazy("Cơ quan kết luận"), "text"),
    (gettext_lazy("Hạn"), "date"),
    (gettext_lazy("Tình trạng"), "text"),
    (gettext_lazy("Ngày xác minh hoàn thành"), "date"),
]


def rec_rows(recs, today):
    """The recommendations list's rows; an open one past its deadline says so."""
    for r in recs:
        state = r.get_state_display()
        if r.state != "done" and r.deadline < today:
            state = _("Quá hạn · %s") % state
        yield [
            r.text,
            r.responsible_unit.name,
            r.case.conclusion.symbol,
            r.case.conclusion.issue_date,
            r.case.team.plan.body.name,
            r.deadline,
            state,
            r.done_on,
        ]
