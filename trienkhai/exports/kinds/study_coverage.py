"""The report on studying the documents the units were asked to study: for each
document, Party members reached against those expected, units that studied, and the
units not yet studied, as of the period's end."""

from django.utils.translation import gettext as _

from trienkhai.documents.models import Document
from trienkhai.exports.document import (
    Report,
    Section,
    Table,
    heading_for,
    recipients_for,
    signature_for,
)
from trienkhai.lib.vnformat import format_number
from trienkhai.orgs.models import OrgUnit
from trienkhai.study import coverage


def build(*, unit, period, today, progress=lambda pct, step: None, **_ignored):
    documents = list(coverage.asked(Document.objects.all(), unit))
    progress(30, _("Đang tính độ bao phủ học tập"))
    matrix = coverage.compute(unit, documents, on=min(period.end, today))
    summary = _("Kết quả học tập, quán triệt các văn bản của Đảng, %(period)s") % {
        "period": period.label[:1].lower() + period.label[1:]
    }
    if not documents:
        sections = [
            Section(
                _("I. KẾT QUẢ HỌC TẬP, QUÁN TRIỆT"),
                [_("Không có văn bản nào các đơn vị được giao học tập, quán triệt.")],
            )
        ]
    else:
        sections = _sections(unit, matrix)
    return Report(
        heading=heading_for(unit, kind_code="BC", kind_name="BÁO CÁO", summary=summary, on=today),
        sections=sections,
        signature=signature_for(unit, today),
        recipients=recipients_for(unit),
        filename=f"bao-cao-hoc-tap-{period.code}",
        is_sample=False,
    )


def _sections(unit, matrix):
    totals = [
        [
            n,
            d.symbol,
            cell.reached,
            cell.expected or None,
            cell.percent,
            cell.studied,
            cell.units,
        ]
        for n, (d, cell) in enumerate(zip(matrix.documents, matrix.total, strict=True), 1)
    ]
    result = Section(
        _("I. KẾT QUẢ HỌC TẬP, QUÁN TRIỆT"),
        [
            _("Số đảng viên được học tập, quán triệt so với số phải học, theo từng văn bản."),
            Table(
                _("Kết quả học tập theo văn bản"),
                [
                    (_("STT"), "count"),
                    (_("Văn bản"), "text"),
                    (_("Đảng viên đã học"), "count"),
                    (_("Đảng viên phải học"), "count"),
                    (_("Tỷ lệ"), "percent"),
                    (_("Đơn vị đã học"), "count"),
                    (_("Đơn vị phải học"), "count"),
                ],
                totals,
            ),
        ],
    )
    # Six documents a table: an A4 page in portrait holds no more columns.
    by_unit = []
    for start in range(0, len(matrix.documents), 6):
        docs = matrix.documents[start : start + 6]
        by_unit.append(
            Table(
                _("Tỷ lệ đảng viên đã học tập theo đơn vị (%(first)s–%(last)s)")
                % {"first": start + 1, "last": start + len(docs)},
                [(_("Đơn vị"), "text")] + [(d.symbol, "percent") for d in docs],
                [
                    [u.name] + [c.percent for c in cells[start : start + 6]]
                    for u, cells in matrix.rows
                ],
            )
        )
    missing_ids = {pk for ids in matrix.not_studied.values() for pk in ids}
    names = dict(OrgUnit.objects.filter(pk__in=missing_ids).values_list("pk", "name"))
    lagging = []
    for d in matrix.documents:
        ids = matrix.not_studied.get(d.pk, [])
        if ids:
            shown = ", ".join(names[pk] for pk in ids[:30] if pk in names)
            more = len(ids) - 30
            lagging.append(
                _("%(doc)s: %(n)s đơn vị chưa học (%(units)s%(more)s).")
                % {
                    "doc": d.symbol,
                    "n": format_number(len(ids)),
                    "units": shown,
                    "more": _(" và %s đơn vị khác") % format_number(more) if more > 0 else "",
                }
            )
    not_yet = Section(
        _("II. ĐƠN VỊ CHƯA TỔ CHỨC HỌC TẬP"),
        lagging or [_("Tất cả các đơn vị phải học đã tổ chức học tập, quán triệt.")],
    )
    implausible = Section(
        _("III. SỐ LIỆU CẦN KIỂM TRA LẠI"),
        [
            _("%(n)s trường hợp số dự học lớn hơn số đảng viên của đơn vị.")
            % {"n": format_number(len(matrix.implausible))}
            if matrix.implausible
            else _("Không có số liệu bất thường.")
        ],
    )
    return [result, Section(_("Chi tiết theo đơn vị"), by_unit), not_yet, implausible]
