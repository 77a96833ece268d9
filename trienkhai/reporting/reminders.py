"""Daily reminders for reports: units whose report is due within a few days, late, or
returned and waiting for correction, for the periods whose deadline fell in the last
60 days or falls in the coming days. The unit's reporters and office are notified once
per unit, period and state."""

import datetime
from collections import defaultdict

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.accounts.models import Role, User
from trienkhai.core import clock
from trienkhai.notifications.notify import notify_once
from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting import completeness
from trienkhai.reporting.models import Deadlines, Period, Submission

LOOK_BACK = 60


def _messages(unit, period, state, deadline):
    values = {"unit": unit.name, "period": period.label, "day": deadline.strftime("%d/%m/%Y")}
    return {
        completeness.DUE: _("%(unit)s: báo cáo %(period)s phải gửi trước ngày %(day)s."),
        completeness.MISSING: _("%(unit)s: báo cáo %(period)s đã quá hạn (hạn %(day)s)."),
        completeness.RETURNED: _("%(unit)s: báo cáo %(period)s bị trả lại, cần sửa và gửi lại."),
    }[state] % values


def send(days=5, today=None, *, email=True):
    """Returns [(unit, period, state, users notified)]."""
    today = today or clock.today()
    sent = []
    roots = list(OrgUnit.objects.filter(depth=1))
    periods = [
        p
        for p in Period.objects.filter(
            is_closed=False, data_to__gte=today - datetime.timedelta(days=LOOK_BACK + 30)
        )
        if p.data_to < today + datetime.timedelta(days=days)
    ]
    for period in periods:
        for root in roots:
            units = list(completeness.expected_units(root, period))
            reports = {
                s.unit_id: s
                for s in Submission.objects.filter(period=period, unit__in=units).only(
                    "unit_id", "status", "first_submitted_at"
                )
            }
            resolver = Deadlines(period)
            staff = defaultdict(list)  # who to tell, per unit: one query, not one per unit
            for user in User.objects.filter(
                unit__in=units, is_active=True, roles__role__in=[Role.REPORTER, Role.OFFICE]
            ).distinct():
                staff[user.unit_id].append(user)
            for unit in units:
                due = resolver.for_unit(unit)
                deadline = due.deadline
                if not (today - datetime.timedelta(days=LOOK_BACK) <= deadline):
                    continue
                state = completeness.state_of(reports.get(unit.pk), due, today)
                if state == completeness.DUE and deadline > today + datetime.timedelta(days=days):
                    continue
                if state not in (completeness.DUE, completeness.MISSING, completeness.RETURNED):
                    continue
                notified = sum(
                    notify_once(
                        user,
                        text=_messages(unit, period, state, deadline),
                        key=f"report:{unit.pk}:{period.code}:{state}",
                        url=reverse("reporting:form", args=[unit.code, period.code]),
                        subject=_("Nhắc báo cáo định kỳ"),
                        email=email,
                    )
                    for user in staff[unit.pk]
                )
                sent.append((unit, period, state, notified))
    return sent
