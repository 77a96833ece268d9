"""The quarterly report on implementing a programme, for a unit and a period: how the
units below concretised it, the targets rolled up with attainment, the tasks and their
status, who reported, and what the accepted reports of the units say. Every figure comes
from what the system holds for that period; nothing is typed in here."""

from django.db.models import Q
from django.utils.translation import gettext as _

from trienkhai.exports.charts import attainment_bars
from trienkhai.exports.document import (
    Chart,
    Report,
    Section,
    Table,
    heading_for,
    recipients_for,
    signature_for,
)
from trienkhai.exports.values import cell_text
from trienkhai.lib.taskstatus import STATUS_LABELS
from trienkhai.lib.vnformat import format_date, format_number, roman
from trienkhai.programmes.models import Concretisation, PlanState, Programme, Task, plan_state
from trienkhai.reporting import completeness, rollup
from trienkhai.reporting.models import Status, Submission

STATUS_ORDER = ["overdue", "at_risk", "on_track", "not_started", "done_late", "done"]


def _sentence(text):
    return text[:1].upper() + text[1:] if text else text


def build(*, unit, period, programmes, today, progress=lambda pct, step: None):
    """The report of `unit` on `programmes` (one, or all those a Steering Committee
    oversees) for `period`, as seen on `today` (the report's date)."""
    programmes = list(programmes)
    one = programmes[0] if len(programmes) == 1 else None
    label = period.label
    if one is not None:
        summary = _("Kết quả thực hiện %(title)s, %(period)s") % {
            "title": _lower_first(one.title),
            "period": _lower_first(label),
        }
    else:
        summary = _("Kết quả thực hiện các chương trình, khâu đột phá, %(period)s") % {
            "period": _lower_first(label)
        }
    heading = heading_for(unit, kind_code="BC", kind_name="BÁO CÁO", summary=summary, on=today)
    sections = []
    is_sample = any(p.is_sample for p in programmes)
    for i, programme in enumerate(programmes):
        progress(10 + 70 * i // len(programmes), _("Đang tổng hợp: %s") % programme.title)
        parts = _programme_parts(unit, period, programme, today)
        title = _("KẾT QUẢ THỰC HIỆN") if one is not None else programme.title.upper()
        sections.append(Section(f"{_roman(i + 1)}. {title}", parts))
    progress(85, _("Đang tổng hợp báo cáo của các đơn vị"))
    sections.append(_reporting_section(unit, period, today, len(sections) + 1))
    sections.extend(_narratives(unit, period, programmes, len(sections) + 1))
    return Report(
        heading=heading,
        sections=sections,
        signature=signature_for(unit, today),
        recipients=recipients_for(unit),
        filename=f"bao-cao-{period.code}-{_symbol(one)}",
        is_sample=is_sample,
    )


def _symbol(programme):
    if programme is not None and programme.document_id:
        return programme.document.symbol
    return "chuong-trinh"


def _lower_first(text):
    return text[:1].lower() + text[1:] if text else text


def _roman(n):
    return roman(n)


def _programme_parts(unit, period, programme, today):
    document = programme.document
    intro = _("%(title)s") % {"title": programme.title}
    if document is not None:
        intro = _("%(title)s (ban hành kèm theo %(kind)s số %(symbol)s ngày %(date)s).") % {
            "title": programme.title,
            "kind": str(document.kind_name),
            "symbol": document.symbol,
            "date": format_date(document.issue_date) if document.issue_date else "…",
        }
    leading = Section(_("1. Công tác lãnh đạo, chỉ đạo, cụ thể hóa"), [intro])
    leading.parts.extend(_concretisation(unit, programme, today))
    targets = Section(_("2. Kết quả thực hiện các chỉ tiêu"), _targets(unit, period, programme))
    tasks = Section(
        _("3. Kết quả thực hiện các nhiệm vụ, giải pháp"), _tasks(programme, period, today)
    )
    return [leading, targets, tasks]


def _concretisation(unit, programme, today):
    obligations = list(
        Concretisation.objects.filter(programme=programme, unit__path__startswith=unit.path)
        .exclude(unit=unit)
        .select_related("unit")
        .order_by("unit__sort_key")
    )
    if not obligations:
        return [_("Chương trình không giao đơn vị cấp dưới cụ thể hóa bằng kế hoạch riêng.")]
    plans = {
        p.unit_id: p
        for p in Programme.objects.filter(
            parent=programme, unit__in=[o.unit for o in obligations]
        ).select_related("document")
    }
    states = [(o, plan_state(o.due, plans.get(o.unit_id), today)) for o in obligations]
    issued = [o for o, s in states if s in (PlanState.ISSUED, PlanState.LATE)]
    late = [o for o, s in states if s == PlanState.LATE]
    missing = [o for o, s in states if s in (PlanState.MISSING, PlanState.OVERDUE)]
    text = _(
        "Đến ngày %(day)s, %(issued)s/%(total)s đơn vị đã ban hành kế hoạch thực hiện "
        "(%(late)s đơn vị ban hành sau thời hạn)."
    ) % {
        "day": format_date(today),
        "issued": format_number(len(issued)),
        "total": format_number(len(obligations)),
        "late": format_number(len(late)),
    }
    parts = [text]
    if 0 < len(missing) <= 5:  # a longer list is the table's "chưa ban hành" rows
        parts.append(
            _("Chưa ban hành: %(units)s.") % {"units": ", ".join(o.unit.name for o in missing)}
        )
    rows = []
    for n, (o, state) in enumerate(states, 1):
        plan = plans.get(o.unit_id) if state in (PlanState.ISSUED, PlanState.LATE) else None
        rows.append(
            [
                n,
                o.unit.name,
                format_date(o.due),
                plan.document.symbol if plan is not None and plan.document_id else "",
                str(PlanState(state).label),
            ]
        )
    parts.append(
        Table(
            _("Tình hình ban hành kế hoạch thực hiện"),
            [
                (_("STT"), "count"),
                (_("Đơn vị"), "text"),
                (_("Hạn ban hành"), "text"),
                (_("Kế hoạch"), "text"),
                (_("Tình trạng"), "text"),
            ],
            rows,
        )
    )
    return parts


def _targets(unit, period, programme):
    from trienkhai.reporting.services import shown_targets

    targets = shown_targets(unit, period).filter(programme=programme)
    if programme.unit_id != unit.pk:
        targets = shown_targets(programme.unit, period).filter(programme=programme)
    rows = rollup.compute(targets, period)
    if not rows:
        return [_("Chương trình chưa có chỉ tiêu.")]
    table_rows, bars = [], []
    for n, row in enumerate(rows, 1):
        t = row.target
        name = t.name
        if row.parts is not None:  # a ratio: its numerator and denominator beside it
            numerator, denominator = (cell_text(v, "number") for v in row.parts)
            name = f"{name} ({numerator} / {denominator})"
        table_rows.append(
            [
                n,
                name,
                t.unit_of_measure,
                row.plan,
                row.value,
                row.rate,
                str(row.attainment_label),
            ]
        )
        bars.append((f"{t.code}. {t.name}", row.rate, row.light))
    counts = rollup.summary(rows)
    reached = sum(1 for row in rows if row.light == "green")  # met or exceeded
    text = _(
        "%(period)s: %(reached)s/%(total)s chỉ tiêu đạt hoặc vượt kế hoạch; "
        "%(nodata)s chỉ tiêu chưa có số liệu."
    ) % {
        "period": _sentence(period.label),
        "reached": format_number(reached),
        "total": format_number(len(rows)),
        "nodata": format_number(counts.get("grey", 0)),
    }
    return [
        text,
        Table(
            _("Kết quả thực hiện các chỉ tiêu"),
            [
                (_("STT"), "count"),
                (_("Chỉ tiêu"), "text"),
                (_("Đơn vị tính"), "text"),
                (_("Kế hoạch"), "number"),
                (_("Thực hiện"), "number"),
                (_("Tỷ lệ so kế hoạch"), "percent"),
                (_("Đánh giá"), "text"),
            ],
            table_rows,
            note=_(
                "Số liệu tổng hợp từ báo cáo đã gửi của các đơn vị, theo quy tắc "
                "cộng dồn của từng chỉ tiêu."
            ),
        ),
        Chart(_("Tỷ lệ thực hiện so với kế hoạch"), attainment_bars(bars)),
    ]


def _tasks(programme, period, today):
    tasks = list(
        Task.objects.filter(programme=programme, parent__isnull=True)
        .select_related("lead_unit")
        .prefetch_related("milestones", "subtasks")
        .order_by("deadline", "pk")
    )
    if not tasks:
        return [_("Chương trình chưa có nhiệm vụ, giải pháp.")]
    counted = {}
    rows = []
    for n, task in enumerate(tasks, 1):
        status = task.status(today)
        counted[status] = counted.get(status, 0) + 1
        rows.append(
            [
                n,
                task.title,
                task.lead_unit.name if task.lead_unit_id else "",
                format_date(task.deadline) if task.deadline else "",
                task.effective_progress(),
                _status_label(status),
            ]
        )
    text = (
        _("Tổng số %(n)s nhiệm vụ: ") % {"n": format_number(len(tasks))}
        + "; ".join(
            f"{_status_label(s).lower()} {format_number(counted[s])}"
            for s in STATUS_ORDER
            if counted.get(s)
        )
        + "."
    )
    upcoming = [
        t
        for t in tasks
        if t.completed_on is None and t.deadline and period.end < t.deadline <= _next_end(period)
    ]
    parts = [
        text,
        Table(
            _("Tiến độ các nhiệm vụ, giải pháp"),
            [
                (_("STT"), "count"),
                (_("Nhiệm vụ, giải pháp"), "text"),
                (_("Đơn vị chủ trì"), "text"),
                (_("Thời hạn"), "text"),
                (_("Tiến độ (%)"), "number"),
                (_("Tình trạng"), "text"),
            ],
            rows,
            decimals=[None, None, None, None, 0, None],
        ),
    ]
    if upcoming:
        parts.append(
            _("Đến hạn trong kỳ tới: %(tasks)s.")
            % {"tasks": "; ".join(f"{t.title} ({format_date(t.deadline)})" for t in upcoming)}
        )
    return parts


def _status_label(status):
    return _(STATUS_LABELS[status])


def _next_end(period):
    from datetime import timedelta

    return period.end + timedelta(days=(period.end - period.start).days + 1)


def _reporting_section(unit, period, today, number):
    matrix = completeness.compute(unit, [period], today=today, by_programme=False)
    rates = matrix.totals[0]
    if not rates.expected:
        return Section(
            _("%(n)s. VIỆC BÁO CÁO CỦA CÁC ĐƠN VỊ") % {"n": _roman(number)},
            [_("Không có đơn vị nào phải báo cáo kỳ này.")],
        )
    missing = [u.name for u, states in matrix.units if states[0] == completeness.MISSING]
    parts = [
        _(
            "%(expected)s đơn vị phải báo cáo: %(on_time)s đúng hạn, %(late)s muộn, "
            "%(returned)s bị trả lại, %(missing)s chưa gửi."
        )
        % {
            "expected": format_number(rates.expected),
            "on_time": format_number(rates.on_time),
            "late": format_number(rates.late),
            "returned": format_number(rates.returned),
            "missing": format_number(rates.missing),
        }
    ]
    if missing:
        parts.append(_("Chưa gửi báo cáo: %(units)s.") % {"units": ", ".join(missing)})
    return Section(_("%(n)s. VIỆC BÁO CÁO CỦA CÁC ĐƠN VỊ") % {"n": _roman(number)}, parts)


def _narratives(unit, period, programmes, number):
    """What the accepted reports of the unit and of the units directly below say, by
    heading (the lower levels speak through their district's report)."""
    reports = list(
        Submission.objects.filter(
            Q(unit=unit) | Q(unit__path__startswith=unit.path, unit__depth=unit.depth + 1),
            period=period,
            status=Status.ACCEPTED,
        )
        .select_related("unit")
        .order_by("unit__path")
    )
    sections = []
    for n, (field, title) in enumerate(
        [
            ("shortcomings", _("Hạn chế, khó khăn và nguyên nhân")),
            ("next_steps", _("Nhiệm vụ, giải pháp trọng tâm kỳ tới")),
            ("proposals", _("Đề xuất, kiến nghị")),
        ]
    ):
        said = [
            (r.unit.name, getattr(r, field).strip()) for r in reports if getattr(r, field).strip()
        ]
        heading = f"{_roman(number + n)}. {title.upper()}"
        if not said:
            sections.append(
                Section(
                    heading, [_("Các báo cáo đã được chấp nhận trong kỳ không nêu nội dung này.")]
                )
            )
            continue
        sections.append(Section(heading, [f"{name}: {text}" for name, text in said]))
    return sections
