"""What oversight asks of a person now, for the home page (core/todo.py): the subject's
self-reports and remedies due, the team's remedies to verify, the leader's overdue
recommendations of the units in their charge. Each item a line with a link (the page
shows its due date); reading never writes."""

from django.utils.translation import gettext as _

from trienkhai.accounts.access import (
    charge_of,
    is_team_member,
    may_answer_for,
    may_run_oversight,
    subtrees_q,
)
from trienkhai.core.todo import Item
from trienkhai.oversight.common import _short
from trienkhai.oversight.models import Case, Recommendation, RecState, Remedy

LIMIT = 20  # lines per kind; the lists behind them hold the rest


def items(user, today) -> list[Item]:
    found = []
    unit = user.unit if user.unit_id else None
    if unit is not None and may_answer_for(user, unit):
        cases = (
            Case.objects.filter(
                subject=unit, conclusion__isnull=True, self_reported_at__isnull=True
            )
            .select_related("team__plan")
            .order_by("team__self_report_due")[:LIMIT]
        )
        for case in cases:
            due = case.team.self_report_due
            found.append(
                Item(
                    _("Nộp báo cáo tự kiểm tra: %(plan)s") % {"plan": case.team.plan.title},
                    case.get_absolute_url(),
                    due,
                    due < today,
                )
            )
        recs = (
            Recommendation.objects.issued()
            .filter(responsible_unit=unit)
            .exclude(state__in=[RecState.DONE, RecState.REPORTED])
            .order_by("deadline")[:LIMIT]
        )
        for rec in recs:
            found.append(
                Item(
                    _("Khắc phục kiến nghị: %(r)s") % {"r": _short(rec.text)},
                    rec.get_absolute_url(),
                    rec.deadline,
                    rec.deadline < today,
                )
            )
    waiting = (
        Remedy.objects.filter(
            verdict="", recommendation__case__in=Case.objects.for_user(user).values("pk")
        )
        .exclude(reported_by=user)
        .select_related(
            "recommendation__case__team__plan__body", "recommendation__responsible_unit"
        )
        .prefetch_related("recommendation__case__team__members")
        .order_by("reported_at")[: LIMIT * 2]
    )
    runs = {}  # body pk -> may the user run its oversight (one look-up per body)
    for remedy in waiting:
        rec = remedy.recommendation
        body = rec.case.team.plan.body
        if body.pk not in runs:
            runs[body.pk] = may_run_oversight(user, body)
        if runs[body.pk] or is_team_member(user, rec.case.team):
            found.append(
                Item(
                    _("Xác minh báo cáo khắc phục của %(u)s: %(r)s")
                    % {"u": rec.responsible_unit.name, "r": _short(rec.text)},
                    rec.get_absolute_url(),
                )
            )
    units = charge_of(user)
    if units:
        overdue = (
            Recommendation.objects.overdue(today)
            .filter(subtrees_q([u.path for u in units], "responsible_unit__"))
            .select_related("responsible_unit")
            .order_by("deadline")[:LIMIT]
        )
        for rec in overdue:
            found.append(
                Item(
                    _("Kiến nghị quá hạn của %(u)s: %(r)s")
                    % {"u": rec.responsible_unit.name, "r": _short(rec.text)},
                    rec.get_absolute_url(),
                    rec.deadline,
                    True,
                )
            )
    return found
