"""What reporting asks of a person now, for the home page (core/todo.py): the reports
its unit must send (the inbox's rule, `completeness.owed_reports`), and the reports sent
up by the units directly below, waiting for its review. Reading never writes (no period
is opened, no report started)."""

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.accounts.access import may_review_for_unit, scope_for
from trienkhai.core.todo import Item
from trienkhai.lib.vnformat import format_date
from trienkhai.reporting.completeness import owed_reports
from trienkhai.reporting.models import Status, Submission

LIMIT = 20  # reports to review listed; the review queue holds the rest


def items(user, today) -> list[Item]:
    unit = user.unit if user.unit_id else None
    if unit is None:
        return []
    scope = scope_for(user)
    found = []
    if scope.writes_for(unit.path):
        found += _to_send(unit, today)
    if scope.can_write:  # only writers review; leaders and inspectors read
        found += _to_review(user, unit)
    return found


def _to_send(unit, today):
    """The unit's writers send its reports (`access.may_write_for_unit`)."""
    found = []
    for owed in owed_reports(unit, today):
        values = {"period": owed.period.label}
        if owed.status == Status.RETURNED:
            text = _("Sửa và gửi lại báo cáo %(period)s (bị trả lại)") % values
        elif owed.status == Status.DRAFT:
            text = _("Hoàn thành và gửi báo cáo %(period)s (đang soạn)") % values
        else:
            text = _("Lập và gửi báo cáo %(period)s") % values
        found.append(
            Item(
                text,
                reverse("reporting:form", args=[unit.code, owed.period.code]),
                owed.due.deadline,
                owed.overdue(today),
            )
        )
    return found


def _to_review(user, unit):
    """Reports sent by the units directly below the user's unit: its writers review them
    (`access.may_review_for_unit`); a level further up may too, but it is the level
    above that is asked, so the province's to-do is not every commune's report."""
    waiting = (
        Submission.objects.for_user(user)
        .filter(
            status=Status.SUBMITTED,
            unit__path__startswith=unit.path,
            unit__depth=unit.depth + 1,
        )
        .select_related("unit", "period")
        .order_by("submitted_at")[:LIMIT]
    )
    return [
        Item(
            _("Xem xét báo cáo %(period)s của %(unit)s")
            % {"period": s.period.label, "unit": s.unit.name},
            s.get_absolute_url(),
            note=_("gửi ngày %(day)s") % {"day": format_date(timezone.localdate(s.submitted_at))},
        )
        for s in waiting
        if s.submitted_at is not None and may_review_for_unit(user, s.unit)
    ]
