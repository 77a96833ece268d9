"""The concretisation matrix as spreadsheet tables (its page's "Tải Excel"): one row per
unit below, one column per programme with the plan issued (its symbol and date) or the
state, and the rates per unit and per programme."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from trienkhai.exports.document import Table
from trienkhai.lib.vnformat import format_date


def _head(programme):
    return programme.document.symbol if programme.document_id else programme.title


def _cell(cell):
    if cell is None:
        return ""  # not asked of this unit
    if cell.plan is not None:
        plan = cell.plan
        symbol = plan.document.symbol if plan.document_id else plan.title
        issued = plan.document.issue_date if plan.document_id else None
        text = f"{symbol} ({format_date(issued)})" if issued else symbol
        return f"{text}, {cell.label.lower()}" if cell.state == "late" else text
    return f"{cell.label} ({_('hạn')} {format_date(cell.due)})"


def matrix_tables(m, on):
    """[Table]: the units × programmes, then the rate of each programme."""
    columns = [(_("Đơn vị"), "text")]
    columns += [(_head(p), "text") for p in m.programmes]
    columns += [
        (_("Đã ban hành"), "count"),
        (_("Phải ban hành"), "count"),
        (_("Ban hành muộn"), "count"),
        (_("Tỷ lệ"), "percent"),
    ]
    rows = [
        [unit.name, *(_cell(c) for c in cells), r.issued, r.required, r.late, r.percent]
        for unit, cells, r in m.rows
    ]
    o = m.overall
    rows.append([_("Toàn bộ"), *[""] * len(m.programmes), o.issued, o.required, o.late, o.percent])
    units = Table(
        _("Cụ thể hóa theo đơn vị"),
        columns,
        rows,
        note=_("Tính đến ngày %s. Ô trống: đơn vị không phải cụ thể hóa chương trình đó.")
        % format_date(on),
        decimals=[None] * (len(columns) - 1) + [1],
    )
    by_programme = Table(
        _("Cụ thể hóa theo chương trình"),
        [
            (_("Văn bản"), "text"),
            (_("Chương trình"), "text"),
            (_("Đã ban hành"), "count"),
            (_("Phải ban hành"), "count"),
            (_("Ban hành muộn"), "count"),
            (_("Tỷ lệ"), "percent"),
        ],
        [
            [
                p.document.symbol if p.document_id else "",
                p.title,
                r.issued,
                r.required,
                r.late,
                r.percent,
            ]
            for p, r in zip(m.programmes, m.by_programme, strict=True)
        ],
        decimals=[None, None, None, None, None, 1],
    )
    return [units, by_programme]


TASK_COLUMNS = [
    (gettext_lazy("Nhiệm vụ"), "text"),
    (gettext_lazy("Chương trình"), "text"),
    (gettext_lazy("Đơn vị chủ trì"), "text"),
    (gettext_lazy("Người chịu trách nhiệm"), "text"),
    (gettext_lazy("Thời hạn"), "date"),
    (gettext_lazy("Tiến độ (%)"), "number"),
    (gettext_lazy("Tình trạng"), "text"),
    (gettext_lazy("Ngày hoàn thành"), "date"),
]


def task_rows(tasks, today):
    """The rows of the task list's file: each task's status today, its progress rolled up
    from the sub-tasks it was delegated into (`annotate_status`, set by the caller)."""
    for t in tasks:
        yield [
            t.title,
            t.programme.title,
            t.lead_unit.name,
            t.responsible_person.full_name if t.responsible_person_id else "",
            t.deadline,
            t.effective_progress(),
            t.current_label,
            t.completed_on,
        ]
