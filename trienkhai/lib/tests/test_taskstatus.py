"""Tests for trienkhai.lib.taskstatus: task status rules, "5 rõ", progress roll-up.

Dates follow one sample task: start 01/01/2022, deadline 11/01/2022 (10 days),
so each elapsed day is 10 % of linear expected progress.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from trienkhai.lib.taskstatus import (
    STATUS_LABELS,
    MilestoneState,
    TaskStatus,
    expected_progress,
    missing_five_clears,
    rolled_up_progress,
    status_on,
    task_status,
)

START = date(2022, 1, 1)
DEADLINE = date(2022, 1, 11)


def status(
    *,
    start=START,
    deadline=DEADLINE,
    progress=None,
    completed_on=None,
    today,
    milestones=(),
):
    return task_status(
        start=start,
        deadline=deadline,
        progress=progress,
        completed_on=completed_on,
        today=today,
        milestones=milestones,
    )


# ------------------------------------------------------------------------ done


def test_completed_on_or_before_the_deadline_is_done():
    assert status(completed_on=date(2022, 1, 9), progress=D("100"), today=date(2022, 2, 1)) == (
        TaskStatus.DONE
    )
    assert status(completed_on=DEADLINE, today=date(2022, 2, 1)) == TaskStatus.DONE


def test_completed_after_the_deadline_is_done_late():
    assert status(completed_on=date(2022, 1, 12), today=date(2022, 1, 12)) == TaskStatus.DONE_LATE


def test_completed_without_a_deadline_is_done():
    assert status(deadline=None, completed_on=date(2030, 1, 1), today=date(2030, 1, 1)) == (
        TaskStatus.DONE
    )


def test_completion_wins_over_a_missed_milestone():
    milestone = MilestoneState(due=date(2022, 1, 5), expected_progress=D("50"))
    assert (
        status(
            completed_on=date(2022, 1, 10),
            progress=D("10"),
            today=date(2022, 1, 20),
            milestones=[milestone],
        )
        == TaskStatus.DONE
    )


def test_full_progress_without_a_completion_date_is_not_yet_done():
    # 100 % reported but not closed: on track before the deadline, overdue after
    assert status(progress=D("100"), today=date(2022, 1, 5)) == TaskStatus.ON_TRACK
    assert status(progress=D("100"), today=date(2022, 1, 12)) == TaskStatus.OVERDUE


# --------------------------------------------------------------------- overdue


def test_not_done_after_the_deadline_is_overdue():
    assert status(progress=D("90"), today=date(2022, 1, 12)) == TaskStatus.OVERDUE


def test_the_deadline_day_itself_is_not_overdue():
    # on 11/01 the linear expectation is 100 %; 85 ≥ 100 − 20 → on track
    assert status(progress=D("85"), today=DEADLINE) == TaskStatus.ON_TRACK


def test_a_task_never_begun_is_overdue_once_its_deadline_has_passed():
    # no progress ever reported, deadline 11/01 passed on 01/03 → overdue, not "not started"
    assert status(start=date(2022, 1, 1), progress=None, today=date(2022, 3, 1)) == (
        TaskStatus.OVERDUE
    )


# ----------------------------------------------------------------- not started


def test_start_in_the_future_without_progress_is_not_started():
    assert status(progress=None, today=date(2021, 12, 20)) == TaskStatus.NOT_STARTED
    assert status(progress=D("0"), today=date(2021, 12, 20)) == TaskStatus.NOT_STARTED


def test_start_in_the_future_with_progress_is_a_task_begun_early():
    assert status(progress=D("5"), today=date(2021, 12, 20)) == TaskStatus.ON_TRACK


def test_on_the_start_day_with_no_progress_is_on_track_not_not_started():
    # start == today is not "in the future"; expected 0 %, 0 ≥ 0 − 20
    assert status(progress=None, today=START) == TaskStatus.ON_TRACK


# ------------------------------------------------------------------ milestones


def test_a_past_milestone_not_reached_makes_the_task_at_risk():
    # milestone due 03/01 expecting 40 %; on 04/01 progress 30 < 40 → at risk,
    # although the linear rule alone (30 ≥ 30 − 20) would say on track
    milestone = MilestoneState(due=date(2022, 1, 3), expected_progress=D("40"))
    assert status(progress=D("30"), today=date(2022, 1, 4), milestones=[milestone]) == (
        TaskStatus.AT_RISK
    )


def test_a_milestone_due_today_is_not_yet_past_due():
    milestone = MilestoneState(due=date(2022, 1, 4), expected_progress=D("40"))
    assert status(progress=D("30"), today=date(2022, 1, 4), milestones=[milestone]) == (
        TaskStatus.ON_TRACK
    )


def test_a_milestone_marked_done_does_not_make_the_task_at_risk():
    milestone = MilestoneState(
        due=date(2022, 1, 3), expected_progress=D("40"), done_on=date(2022, 1, 3)
    )
    assert status(progress=D("30"), today=date(2022, 1, 4), milestones=[milestone]) == (
        TaskStatus.ON_TRACK
    )


def test_a_past_milestone_whose_progress_was_reached_is_fine_even_if_not_marked_done():
    # 40 ≥ 40
    milestone = MilestoneState(due=date(2022, 1, 3), expected_progress=D("40"))
    assert status(progress=D("40"), today=date(2022, 1, 4), milestones=[milestone]) == (
        TaskStatus.ON_TRACK
    )


def test_unknown_progress_counts_as_zero_against_a_past_milestone():
    milestone = MilestoneState(due=date(2022, 1, 2), expected_progress=D("10"))
    assert status(progress=None, today=date(2022, 1, 3), milestones=[milestone]) == (
        TaskStatus.AT_RISK
    )


def test_a_missed_milestone_counts_even_without_start_or_deadline():
    milestone = MilestoneState(due=date(2022, 1, 2), expected_progress=D("10"))
    assert (
        status(
            start=None,
            deadline=None,
            progress=D("5"),
            today=date(2022, 1, 3),
            milestones=[milestone],
        )
        == TaskStatus.AT_RISK
    )


# ------------------------------------------------------------- linear schedule


def test_expected_progress_is_elapsed_over_duration():
    # day 5 of 10: 5/10 × 100 = 50; before start 0; after deadline capped at 100
    assert expected_progress(START, DEADLINE, date(2022, 1, 6)) == D("50")
    assert expected_progress(START, DEADLINE, date(2021, 12, 1)) == D("0")
    assert expected_progress(START, DEADLINE, date(2022, 2, 1)) == D("100")


def test_expected_progress_is_none_without_both_dates_or_with_no_duration():
    assert expected_progress(None, DEADLINE, START) is None
    assert expected_progress(START, None, START) is None
    assert expected_progress(START, START, START) is None


def test_progress_exactly_twenty_points_behind_is_still_on_track():
    # 06/01: expected 50 %; 30 < 50 − 20 = 30? no → on track
    assert status(progress=D("30"), today=date(2022, 1, 6)) == TaskStatus.ON_TRACK


def test_progress_more_than_twenty_points_behind_is_at_risk():
    # 06/01: expected 50 %; 29.99 < 30 → at risk
    assert status(progress=D("29.99"), today=date(2022, 1, 6)) == TaskStatus.AT_RISK


def test_progress_ahead_of_schedule_is_on_track():
    # 03/01: expected 20 %; 60 ≥ 0
    assert status(progress=D("60"), today=date(2022, 1, 3)) == TaskStatus.ON_TRACK


def test_unknown_progress_after_start_is_on_track_while_within_the_margin():
    # 03/01: expected 2/10 = 20 %; None → 0; 0 < 20 − 20 = 0? no → on track
    assert status(progress=None, today=date(2022, 1, 3)) == TaskStatus.ON_TRACK


def test_unknown_progress_after_start_becomes_at_risk_past_the_margin():
    # 04/01: expected 3/10 = 30 %; None → 0; 0 < 30 − 20 = 10 → at risk
    assert status(progress=None, today=date(2022, 1, 4)) == TaskStatus.AT_RISK


def test_without_a_start_date_the_linear_rule_does_not_apply():
    assert status(start=None, progress=D("0"), today=date(2022, 1, 10)) == TaskStatus.ON_TRACK


def test_without_any_dates_or_progress_the_task_is_on_track():
    assert status(start=None, deadline=None, today=date(2022, 1, 10)) == TaskStatus.ON_TRACK


def test_status_labels_are_vietnamese():
    assert STATUS_LABELS[TaskStatus.AT_RISK] == "Có nguy cơ chậm"
    assert STATUS_LABELS[TaskStatus.DONE_LATE] == "Hoàn thành muộn"
    assert set(STATUS_LABELS) == set(TaskStatus)


# ----------------------------------------------------------------------- 5 rõ


def five(**overrides):
    flags = dict(
        has_responsible_person_or_position=True,
        has_title=True,
        has_deadline=True,
        has_expected_output=True,
        has_lead_unit=True,
    )
    flags.update(overrides)
    return missing_five_clears(**flags)


def test_a_complete_assignment_misses_none_of_the_five_clears():
    assert five() == []


def test_missing_five_clears_lists_all_five_in_order():
    assert five(
        has_responsible_person_or_position=False,
        has_title=False,
        has_deadline=False,
        has_expected_output=False,
        has_lead_unit=False,
    ) == ["rõ người", "rõ việc", "rõ thời gian", "rõ kết quả", "rõ trách nhiệm"]


@pytest.mark.parametrize(
    ("flag", "name"),
    [
        ("has_responsible_person_or_position", "rõ người"),
        ("has_title", "rõ việc"),
        ("has_deadline", "rõ thời gian"),
        ("has_expected_output", "rõ kết quả"),
        ("has_lead_unit", "rõ trách nhiệm"),
    ],
)
def test_each_missing_element_maps_to_its_clear(flag, name):
    assert five(**{flag: False}) == [name]


def test_missing_five_clears_keeps_the_canonical_order_for_a_subset():
    assert five(has_lead_unit=False, has_responsible_person_or_position=False) == [
        "rõ người",
        "rõ trách nhiệm",
    ]


# ------------------------------------------------------------- progress roll-up


def test_rolled_up_progress_is_the_plain_mean_when_no_weights_are_given():
    # (100 + 50 + 0) / 3 = 50
    assert rolled_up_progress([(D("100"), None), (D("50"), None), (D("0"), None)]) == D("50")


def test_rolled_up_progress_weighs_sub_tasks():
    # (100×3 + 20×1) / (3 + 1) = 320 / 4 = 80
    assert rolled_up_progress([(D("100"), D("3")), (D("20"), D("1"))]) == D("80.00")


def test_rolled_up_progress_counts_an_unreported_sub_task_as_zero():
    # (100 + 0) / 2 = 50, not 100: the commune that has not reported drags the parent down
    assert rolled_up_progress([(D("100"), None), (None, None)]) == D("50")


def test_rolled_up_progress_rounds_half_up():
    # (10 + 0 + 0) / 3 = 3.333… → 3.33; (5 + 0) / 8 = 0.625 → 0.63 with weight 8 on one
    assert rolled_up_progress([(D("10"), None), (None, None), (D("0"), None)]) == D("3.33")
    assert rolled_up_progress([(D("5"), D("1")), (D("0"), D("7"))]) == D("0.63")


def test_rolled_up_progress_without_sub_tasks_or_weight_is_none():
    assert rolled_up_progress([]) is None
    assert rolled_up_progress([(D("50"), D("0"))]) is None


def test_a_task_completed_after_the_day_asked_was_still_open_then():
    done = date(2022, 1, 20)
    assert status_on(START, DEADLINE, done, date(2022, 1, 15)) == TaskStatus.OVERDUE
    assert status_on(START, DEADLINE, done, date(2022, 1, 25)) == TaskStatus.DONE_LATE
    assert status_on(START, DEADLINE, date(2022, 1, 5), date(2022, 1, 25)) == TaskStatus.DONE
