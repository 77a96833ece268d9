"""Deadlines of one period for many units: the regime's defaults (lib/periods.py),
overridden by the nearest upper unit's rule for the period's kind, and by a unit's
own extension. Two queries for any number of units."""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting.models import DeadlineRule, Extension


@dataclass(frozen=True)
class Due:
    deadline: datetime.date  # the day the report is due
    late_after: datetime.date  # after this day it counts as late (deadline + grace)


class Deadlines:
    def __init__(self, period):
        self.period = period
        self.rules = {
            path: (offsets, grace)
            for path, offsets, grace in DeadlineRule.objects.filter(kind=period.kind).values_list(
                "unit__path", "offsets", "grace_days"
            )
        }
        self.extensions = dict(
            Extension.objects.filter(period=period).values_list("unit_id", "until")
        )

    def rule_for(self, unit):
        """The nearest rule of a unit above this one (a unit never sets its own):
        (offsets, grace days)."""
        step = OrgUnit.steplen
        for end in range(len(unit.path) - step, 0, -step):
            found = self.rules.get(unit.path[:end])
            if found is not None:
                return found
        return {}, 0

    def for_unit(self, unit) -> Due:
        until = self.extensions.get(unit.pk)
        if until is not None:
            return Due(until, until)
        offsets, grace = self.rule_for(unit)
        deadline = self.period.span.deadline(unit.level, offsets or None)
        return Due(deadline, deadline + datetime.timedelta(days=grace))
