"""The summary of the conferences a unit held in a period: bridge points, delegates by
level and by district, the documents studied and the polls' results."""

import datetime

from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.conferences.models import Conference
from trienkhai.conferences.services import poll_results
from trienkhai.conferences.totals import totals_context
from trienkhai.exports.document import (
    Report,
    Section,
    Table,
    heading_for,
    recipients_for,
    signature_for,
)
from trienkhai.lib.vnformat import format_date, format_number, roman


def _held(unit, period):
    start = timezone.make_aware(datetime.datetime.combine(period.start, datetime.time.min))
    end = timezone.make_aware(datetime.datetime.combine(period.end, datetime.time.max))
    return list(
        Conference.objects.filter(organiser=unit, starts_at__range=(start, end))
        .prefetch_related("documents", "polls")
        .order_by("starts_at")
    )


def build(*, unit, period, today, progress=lambda pct, step: None, **_ignored):
    conferences = _held(unit, period)
    summary = _("Kết quả tổ chức hội nghị học tập, quán triệt, triển khai, %(period)s") % {
        "period": period.label[:1].lower() + period.label[1:]
    }
    sections = []
    if not conferences:
        sections.append(
            Section(
                _("I. TÌNH HÌNH TỔ CHỨC"),
                [_("Trong kỳ, đơn vị không tổ chức hội nghị nào trên hệ thống.")],
            )
        )
    for i, conference in enumerate(conferences, 1):
        progress(10 + 80 * i // (len(conferences) + 1), conference.title)
        sections.append(Section(f"{roman(i)}. {conference.title.upper()}", _parts(conference)))
    return Report(
        heading=heading_for(unit, kind_code="BC", kind_name="BÁO CÁO", summary=summary, on=today),
        sections=sections,
        signature=signature_for(unit, today),
        recipients=recipients_for(unit),
        filename=f"bao-cao-hoi-nghi-{period.code}",
        is_sample=any(c.is_sample for c in conferences),
    )


def _parts(conference):
    ctx = totals_context(conference)
    totals = ctx["totals"]
    when = timezone.localtime(conference.starts_at)
    parts = [
        _(
            "Hội nghị tổ chức ngày %(day)s theo hình thức %(form)s, do %(organ)s chủ trì, "
            "với %(points)s điểm cầu (%(reported)s điểm cầu đã báo cáo số dự) và "
            "%(delegates)s đại biểu dự."
        )
        % {
            "day": format_date(when.date()),
            "form": conference.get_form_display().lower(),
            "organ": conference.organ or conference.organiser.name,
            "points": format_number(totals["points"]),
            "reported": format_number(totals["reported"]),
            "delegates": format_number(totals["delegates"]),
        }
    ]
    documents = list(conference.documents.all())
    if documents:
        parts.append(
            Table(
                _("Văn bản học tập, quán triệt"),
                [(_("STT"), "count"), (_("Số, ký hiệu"), "text"), (_("Trích yếu"), "text")],
                [[n, d.symbol, d.title] for n, d in enumerate(documents, 1)],
            )
        )
    parts.append(
        Table(
            _("Điểm cầu và đại biểu theo cấp"),
            [
                (_("Cấp"), "text"),
                (_("Điểm cầu"), "count"),
                (_("Đã báo cáo"), "count"),
                (_("Đại biểu"), "count"),
            ],
            [
                [str(row["label"]), row["points"], row["reported"], row["delegates"]]
                for row in ctx["levels"]
                if row["points"]
            ]
            + [[_("Tổng cộng"), totals["points"], totals["reported"], totals["delegates"]]],
        )
    )
    if ctx["districts"]:
        parts.append(
            Table(
                _("Điểm cầu và đại biểu theo đơn vị cấp huyện"),
                [
                    (_("STT"), "count"),
                    (_("Đơn vị"), "text"),
                    (_("Điểm cầu"), "count"),
                    (_("Đại biểu"), "count"),
                ],
                [
                    [n, row["district__name"], row["n"], row["delegates"]]
                    for n, row in enumerate(ctx["districts"], 1)
                ],
            )
        )
    for poll in conference.polls.all():
        results = poll_results(poll)
        rows = [[r["label"], r["n"], r["percent"]] for r in results["rows"]]
        parts.append(
            Table(
                _("Thăm dò ý kiến: %(q)s (%(n)s người trả lời)")
                % {"q": poll.question, "n": format_number(results["total"])},
                [(_("Phương án"), "text"), (_("Số ý kiến"), "count"), (_("Tỷ lệ"), "percent")],
                rows,
            )
        )
    return parts
