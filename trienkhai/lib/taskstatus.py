"""Status of a task (nhiệm vụ) from its dates, progress and milestones; "5 rõ".

Standard library only: no Django import here, so the model, the dashboards, the
API and the tests share one definition of "on track" and "at risk".

``task_status``         one of ``TaskStatus`` for a given day (rules in its docstring).
``expected_progress``   the linear progress a task should have reached by a day.
``missing_five_clears`` which of the "5 rõ" a task assignment lacks.
``rolled_up_progress``  progress of a delegated task from its sub-tasks.
"""

from __future__ import annotations

import datetime
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from enum import StrEnum

__all__ = [
    "AT_RISK_MARGIN",
    "FIVE_CLEARS",
    "MilestoneState",
    "STATUS_LABELS",
    "TaskStatus",
    "expected_progress",
    "missing_five_clears",
    "rolled_up_progress",
    "task_status",
]

_HUNDRED = Decimal(100)

# A task is at risk when its progress trails the linear expectation by more than
# this many percentage points.
AT_RISK_MARGIN = Decimal(20)


class TaskStatus(StrEnum):
    NOT_STARTED = "not_started"
    ON_TRACK = "on_track"
    AT_RISK = "at_risk"
    OVERDUE = "overdue"
    DONE = "done"
    DONE_LATE = "done_late"


def gettext_noop(message: str) -> str:
    """Marks a label for the translation catalog without needing Django here; the UI
    translates it with gettext() when it shows it."""
    return message


STATUS_LABELS = {
    TaskStatus.NOT_STARTED: gettext_noop("Chưa bắt đầu"),
    TaskStatus.ON_TRACK: gettext_noop("Đúng tiến độ"),
    TaskStatus.AT_RISK: gettext_noop("Có nguy cơ chậm"),
    TaskStatus.OVERDUE: gettext_noop("Quá hạn"),
    TaskStatus.DONE: gettext_noop("Hoàn thành"),
    TaskStatus.DONE_LATE: gettext_noop("Hoàn thành muộn"),
}


@dataclass(frozen=True)
class MilestoneState:
    """A milestone (mốc) of a task's roadmap: by ``due`` the task should be at
    ``expected_progress`` %; ``done_on`` is set once the milestone was reached."""

    due: datetime.date
    expected_progress: Decimal
    done_on: datetime.date | None = None


def expected_progress(
    start: datetime.date | None, deadline: datetime.date | None, today: datetime.date
) -> Decimal | None:
    """Linear expected progress in % on ``today``: elapsed days / (deadline − start)
    × 100, clamped to 0..100.  None without both dates or when the deadline is not
    after the start (a one-day task has no meaningful linear schedule)."""
    if start is None or deadline is None:
        return None
    span = (deadline - start).days
    if span <= 0:
        return None
    elapsed = min(max((today - start).days, 0), span)
    return Decimal(elapsed) / Decimal(span) * _HUNDRED


def task_status(
    *,
    start: datetime.date | None,
    deadline: datetime.date | None,
    progress: Decimal | None,
    completed_on: datetime.date | None,
    today: datetime.date,
    milestones: Sequence[MilestoneState] = (),
) -> TaskStatus:
    """Status of a task on ``today``.  The rules apply in this order; the first
    that matches decides.

    1. **Done.**  ``completed_on`` is set → DONE if it is on or before the deadline
       (or there is no deadline), else DONE_LATE.  A progress of 100 % without a
       completion date does not close the task: the date is what tells DONE from
       DONE_LATE, so the task stays open until someone records it.
    2. **Overdue.**  Not done and ``deadline < today`` → OVERDUE (the deadline day
       itself is still in time).
    3. **Not started.**  ``start > today`` and no progress (None or 0) →
       NOT_STARTED.  A task that began early (progress > 0) goes on to the checks
       below.
    4. **Milestone missed.**  Any milestone past due (``due < today``), not marked
       done, with ``progress`` below its ``expected_progress`` → AT_RISK.
    5. **Behind the linear schedule.**  With both ``start`` and ``deadline``,
       ``progress < expected_progress(start, deadline, today) − AT_RISK_MARGIN``
       (20 points) → AT_RISK.
    6. Otherwise ON_TRACK.

    From rule 4 on, an unknown progress counts as 0: the task has started (or has
    no start date) and nothing has been reported, so it is on track only if
    nothing was due yet.
    """
    # 1. Done
    if completed_on is not None:
        if deadline is None or completed_on <= deadline:
            return TaskStatus.DONE
        return TaskStatus.DONE_LATE
    # 2. Overdue
    if deadline is not None and deadline < today:
        return TaskStatus.OVERDUE
    # 3. Not started
    if start is not None and start > today and not progress:
        return TaskStatus.NOT_STARTED

    done_so_far = Decimal(0) if progress is None else Decimal(progress)
    # 4. A past milestone not reached
    for milestone in milestones:
        if (
            milestone.due < today
            and milestone.done_on is None
            and done_so_far < Decimal(milestone.expected_progress)
        ):
            return TaskStatus.AT_RISK
    # 5. Behind the linear schedule by more than the margin
    expected = expected_progress(start, deadline, today)
    if expected is not None and done_so_far < expected - AT_RISK_MARGIN:
        return TaskStatus.AT_RISK
    # 6.
    return TaskStatus.ON_TRACK


# --------------------------------------------------------------------- "5 rõ"

# The five clears, in the order the Party's guidance lists them.
FIVE_CLEARS = (
    gettext_noop("rõ người"),
    gettext_noop("rõ việc"),
    gettext_noop("rõ thời gian"),
    gettext_noop("rõ kết quả"),
    gettext_noop("rõ trách nhiệm"),
)


def status_on(start, deadline, completed_on, on) -> TaskStatus:
    """A task's status on a past or present day from its dates alone, as the bulk
    counts read it (no progress, no milestones): completed after that day, it was still
    open then."""
    return task_status(
        start=start,
        deadline=deadline,
        progress=None,
        completed_on=completed_on if completed_on and completed_on <= on else None,
        today=on,
    )


def missing_five_clears(
    *,
    has_responsible_person_or_position: bool,
    has_title: bool,
    has_deadline: bool,
    has_expected_output: bool,
    has_lead_unit: bool,
) -> list[str]:
    """Which of the "5 rõ" a task assignment lacks, in the canonical order:
    rõ người (a responsible person or position), rõ việc (a title/description),
    rõ thời gian (a deadline), rõ kết quả (an expected output), rõ trách nhiệm
    (a lead unit).  An empty list means the assignment is complete."""
    present = (
        has_responsible_person_or_position,
        has_title,
        has_deadline,
        has_expected_output,
        has_lead_unit,
    )
    return [name for name, ok in zip(FIVE_CLEARS, present, strict=True) if not ok]


# ------------------------------------------------------------------- roll-up


def rolled_up_progress(
    children: Sequence[tuple[Decimal | None, Decimal | None]],
    *,
    decimals: int = 2,
) -> Decimal | None:
    """Progress of a delegated task from its sub-tasks: Σ(progress × weight) / Σ weight.

    Each child is ``(progress, weight)``; a None weight means 1.  A None progress
    counts as 0 — unlike target values (where a missing report is left out, see
    ``rollup.roll_up``), a sub-task that has reported nothing has, as far as the
    upper level can tell, made no progress, and leaving it out would let a parent
    read 100 % while half its units have not begun.  None with no sub-tasks or a
    zero total weight.  Rounded half-up to ``decimals``.
    """
    weighted = Decimal(0)
    weight_sum = Decimal(0)
    for progress, weight in children:
        w = Decimal(1) if weight is None else Decimal(weight)
        p = Decimal(0) if progress is None else Decimal(progress)
        weighted += p * w
        weight_sum += w
    if not weight_sum:
        return None
    return (weighted / weight_sum).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
