"""Tests for trienkhai.lib.rollup: target roll-up rules, plan vs actual, growth, periods.

Every expectation is computed by hand; the arithmetic is in the comment above it.
"""

from datetime import date
from decimal import Decimal as D

import pytest

from trienkhai.lib.rollup import (
    ATTAINMENT_LABELS,
    Attainment,
    ChildValue,
    Direction,
    RollupResult,
    Rule,
    attainment,
    attainment_rate,
    average_annual_growth,
    cumulative,
    roll_up,
    to_date,
    traffic_light,
    value_after_growth,
)


def values(*vs):
    return [ChildValue(None if v is None else D(v)) for v in vs]


# ------------------------------------------------------------------------ SUM


def test_sum_adds_the_values_of_all_children():
    # 120 + 80 + 45.5 = 245.5
    result = roll_up(Rule.SUM, values("120", "80", "45.5"))
    assert result == RollupResult(D("245.50"), 3, 0, "Tổng của 3/3 đơn vị có số liệu")


def test_sum_leaves_out_children_without_data_instead_of_counting_them_as_zero():
    # 10 + 20 + 30 = 60 from 3 of 4 units; the unit without data is reported missing
    result = roll_up(Rule.SUM, values("10", None, "20", "30"))
    assert result.value == D("60")
    assert (result.contributing, result.missing) == (3, 1)
    assert result.note == "Tổng của 3/4 đơn vị có số liệu"


def test_sum_counts_a_reported_zero_as_data():
    # 0 + 5 = 5, and the commune that reported 0 is contributing, not missing
    result = roll_up(Rule.SUM, values("0", "5"))
    assert result.value == D("5")
    assert (result.contributing, result.missing) == (2, 0)


def test_no_children_with_data_gives_no_value_rather_than_zero():
    result = roll_up(Rule.SUM, values(None, None))
    assert result.value is None
    assert (result.contributing, result.missing) == (0, 2)
    assert result.note == "Chưa có đơn vị nào có số liệu (0/2)"


def test_a_unit_with_no_children_gives_no_value():
    result = roll_up(Rule.SUM, [])
    assert result == RollupResult(None, 0, 0, "Không có đơn vị cấp dưới")


@pytest.mark.parametrize("rule", list(Rule))
def test_every_rule_gives_no_value_when_no_child_has_data(rule):
    result = roll_up(rule, [ChildValue(None), ChildValue(None)])
    assert result.value is None
    assert result.contributing == 0
    assert result.missing == 2


# -------------------------------------------------------------------- AVERAGE


def test_average_is_the_plain_mean_of_children_with_data_only():
    # (6 + 9 + 12) / 3 = 9; the unit without data does not pull the mean down to 27/4
    result = roll_up(Rule.AVERAGE, values("6", None, "9", "12"))
    assert result.value == D("9.00")
    assert (result.contributing, result.missing) == (3, 1)
    assert result.note == "Trung bình cộng của 3/4 đơn vị có số liệu"


def test_average_rounds_half_up_to_the_requested_decimals():
    # (1 + 2 + 2) / 3 = 1.6666… → 1.67 at 2 decimals, 1.7 at 1 decimal
    assert roll_up(Rule.AVERAGE, values("1", "2", "2")).value == D("1.67")
    assert roll_up(Rule.AVERAGE, values("1", "2", "2"), decimals=1).value == D("1.7")


def test_rounding_is_half_up_not_bankers_rounding():
    # (0.125 + 0.125) / 2 = 0.125 → 0.13 half-up (banker's rounding would give 0.12)
    assert roll_up(Rule.AVERAGE, values("0.125", "0.125")).value == D("0.13")
    # 2.5 → 3 at 0 decimals (banker's would give 2)
    assert roll_up(Rule.SUM, values("1.25", "1.25"), decimals=0).value == D("3")


# ----------------------------------------------------------- WEIGHTED_AVERAGE


def test_weighted_average_weighs_each_value_by_its_weight():
    # (10×1000 + 20×3000) / (1000 + 3000) = 70000 / 4000 = 17.5
    children = [
        ChildValue(D("10"), weight=D("1000")),
        ChildValue(D("20"), weight=D("3000")),
    ]
    result = roll_up(Rule.WEIGHTED_AVERAGE, children)
    assert result.value == D("17.50")
    assert result.note == "Bình quân gia quyền của 2/2 đơn vị có số liệu và quyền số"


def test_weighted_average_treats_a_child_with_a_value_but_no_weight_as_missing():
    # only (4×2 + 10×1) / (2 + 1) = 18 / 3 = 6; the unweighted 100 and the
    # unit without a value are both missing
    children = [
        ChildValue(D("4"), weight=D("2")),
        ChildValue(D("100")),
        ChildValue(D("10"), weight=D("1")),
        ChildValue(None, weight=D("5")),
    ]
    result = roll_up(Rule.WEIGHTED_AVERAGE, children)
    assert result.value == D("6")
    assert (result.contributing, result.missing) == (2, 2)


def test_weighted_average_with_zero_total_weight_has_no_value():
    children = [ChildValue(D("4"), weight=D("0")), ChildValue(D("8"), weight=D("0"))]
    result = roll_up(Rule.WEIGHTED_AVERAGE, children)
    assert result.value is None
    assert (result.contributing, result.missing) == (2, 0)
    assert result.note.startswith("Tổng quyền số bằng 0")


def test_weighted_average_rounds_half_up():
    # (1×1 + 2×2) / 3 = 5/3 = 1.666… → 1.67
    children = [ChildValue(D("1"), weight=D("1")), ChildValue(D("2"), weight=D("2"))]
    assert roll_up(Rule.WEIGHTED_AVERAGE, children).value == D("1.67")


# ---------------------------------------------------------------- MIN and MAX


def test_min_and_max_ignore_children_without_data():
    # min(7, 3.5, 9) = 3.5 and max = 9; None is not 0, so the min is not 0
    children = values("7", None, "3.5", "9")
    low = roll_up(Rule.MIN, children)
    high = roll_up(Rule.MAX, children)
    assert (low.value, low.contributing, low.missing) == (D("3.5"), 3, 1)
    assert (high.value, high.contributing, high.missing) == (D("9"), 3, 1)
    assert low.note == "Giá trị nhỏ nhất trong 3/4 đơn vị có số liệu"
    assert high.note == "Giá trị lớn nhất trong 3/4 đơn vị có số liệu"


def test_min_handles_negative_values():
    # min(-2.5, 1) = -2.5 (e.g. a growth rate that fell)
    assert roll_up(Rule.MIN, values("-2.5", "1")).value == D("-2.50")


# --------------------------------------------------------------------- LATEST


def test_latest_takes_the_value_with_the_latest_report_date_not_the_last_in_input():
    children = [
        ChildValue(D("5"), reported_at=date(2021, 9, 30)),
        ChildValue(D("8"), reported_at=date(2021, 11, 5)),
        ChildValue(D("6"), reported_at=date(2021, 10, 15)),
    ]
    result = roll_up(Rule.LATEST, children)
    assert result.value == D("8")
    assert result.note == "Số liệu mới nhất (báo cáo ngày 05/11/2021) trong 3/3 đơn vị có số liệu"


def test_latest_breaks_a_tie_of_dates_by_taking_the_last_in_input_order():
    children = [
        ChildValue(D("1"), reported_at=date(2021, 11, 5)),
        ChildValue(D("2"), reported_at=date(2021, 11, 5)),
        ChildValue(D("3"), reported_at=date(2021, 10, 1)),
    ]
    assert roll_up(Rule.LATEST, children).value == D("2")


def test_latest_skips_a_newer_report_without_a_value():
    children = [
        ChildValue(D("4"), reported_at=date(2021, 10, 1)),
        ChildValue(None, reported_at=date(2021, 12, 1)),
    ]
    result = roll_up(Rule.LATEST, children)
    assert (result.value, result.contributing, result.missing) == (D("4"), 1, 1)


def test_latest_ranks_an_undated_value_before_any_dated_one():
    children = [
        ChildValue(D("9")),
        ChildValue(D("4"), reported_at=date(2021, 1, 1)),
        ChildValue(D("7")),
    ]
    assert roll_up(Rule.LATEST, children).value == D("4")


# -------------------------------------------------------------- COUNT_REACHED


def test_count_reached_counts_children_at_or_above_their_own_plan():
    # 12 ≥ 10 yes; 10 ≥ 10 yes (equal is reached); 9 ≥ 10 no → 2 reached of 3
    children = [
        ChildValue(D("12"), plan=D("10")),
        ChildValue(D("10"), plan=D("10")),
        ChildValue(D("9"), plan=D("10")),
    ]
    result = roll_up(Rule.COUNT_REACHED, children)
    assert result.value == D("2")
    assert result.note == "2 đơn vị đạt kế hoạch trong 3/3 đơn vị có số liệu"


def test_count_reached_with_lower_direction_counts_children_at_or_below_plan():
    # poverty rate, lower is better: 2.5 ≤ 3 yes; 3 ≤ 3 yes; 3.1 ≤ 3 no → 2
    children = [
        ChildValue(D("2.5"), plan=D("3")),
        ChildValue(D("3"), plan=D("3")),
        ChildValue(D("3.1"), plan=D("3")),
    ]
    assert roll_up(Rule.COUNT_REACHED, children, Direction.LOWER).value == D("2")


def test_count_reached_a_child_without_plan_has_data_but_is_not_reached():
    # reached: only the first (5 ≥ 4); no-plan child contributes but is not reached;
    # the child without a value is missing
    children = [
        ChildValue(D("5"), plan=D("4")),
        ChildValue(D("50")),
        ChildValue(None, plan=D("4")),
    ]
    result = roll_up(Rule.COUNT_REACHED, children)
    assert (result.value, result.contributing, result.missing) == (D("1"), 2, 1)


def test_count_reached_can_be_zero_when_children_reported_but_none_reached():
    children = [ChildValue(D("1"), plan=D("4")), ChildValue(D("2"), plan=D("4"))]
    assert roll_up(Rule.COUNT_REACHED, children).value == D("0")


# ---------------------------------------------------------------------- RATIO


def test_ratio_target_divides_summed_numerators_by_summed_denominators_not_the_mean_of_percentages():
    # A: 90/100 = 90 %, B: 500/1000 = 50 %. Mean of percentages would be 70 %;
    # the right figure is (90 + 500) / (100 + 1000) × 100 = 590/1100 × 100 = 53.6363… → 53.64
    children = [
        ChildValue(D("90"), numerator=D("90"), denominator=D("100")),
        ChildValue(D("50"), numerator=D("500"), denominator=D("1000")),
    ]
    result = roll_up(Rule.RATIO, children)
    assert result.value == D("53.64")
    assert result.value != D("70")
    assert result.note == "Tỷ lệ = tổng tử số / tổng mẫu số của 2/2 đơn vị có tử số và mẫu số"


def test_ratio_treats_a_child_missing_numerator_or_denominator_as_missing():
    # only the complete child enters: 30/40 × 100 = 75
    children = [
        ChildValue(None, numerator=D("30"), denominator=D("40")),
        ChildValue(D("80"), numerator=D("8")),
        ChildValue(D("80"), denominator=D("10")),
        ChildValue(D("80")),
    ]
    result = roll_up(Rule.RATIO, children)
    assert (result.value, result.contributing, result.missing) == (D("75.00"), 1, 3)


def test_ratio_with_zero_total_denominator_has_no_value():
    children = [
        ChildValue(None, numerator=D("0"), denominator=D("0")),
        ChildValue(None, numerator=D("3"), denominator=D("0")),
    ]
    result = roll_up(Rule.RATIO, children)
    assert result.value is None
    assert (result.contributing, result.missing) == (2, 0)
    assert result.note.startswith("Tổng mẫu số bằng 0")


def test_ratio_allows_one_child_with_zero_denominator_if_the_total_is_not_zero():
    # (0 + 45) / (0 + 60) × 100 = 75
    children = [
        ChildValue(None, numerator=D("0"), denominator=D("0")),
        ChildValue(None, numerator=D("45"), denominator=D("60")),
    ]
    assert roll_up(Rule.RATIO, children).value == D("75")


def test_ratio_rounds_half_up():
    # 1/8 × 100 = 12.5 → 13 at 0 decimals; 1/3 × 100 = 33.333… → 33.3 at 1 decimal
    one_eighth = [ChildValue(None, numerator=D("1"), denominator=D("8"))]
    one_third = [ChildValue(None, numerator=D("1"), denominator=D("3"))]
    assert roll_up(Rule.RATIO, one_eighth, decimals=0).value == D("13")
    assert roll_up(Rule.RATIO, one_third, decimals=1).value == D("33.3")


def test_rule_may_be_given_as_its_stored_string():
    # 1 + 2 = 3
    assert roll_up("sum", values("1", "2")).value == D("3")


# ---------------------------------------------------------------- attainment


@pytest.mark.parametrize(
    ("actual", "plan", "expected"),
    [
        ("11.2", "11", Attainment.EXCEEDED),
        ("11", "11", Attainment.MET),
        ("10.9", "11", Attainment.NOT_MET),
    ],
)
def test_attainment_with_higher_direction_compares_actual_above_plan(actual, plan, expected):
    assert attainment(D(actual), D(plan), Direction.HIGHER) == expected


@pytest.mark.parametrize(
    ("actual", "plan", "expected"),
    [
        ("2.5", "3", Attainment.EXCEEDED),  # poverty rate below plan is better
        ("3", "3", Attainment.MET),
        ("3.4", "3", Attainment.NOT_MET),
    ],
)
def test_attainment_with_lower_direction_is_reversed(actual, plan, expected):
    assert attainment(D(actual), D(plan), Direction.LOWER) == expected


def test_attainment_within_tolerance_is_met_on_either_side():
    # |10.96 − 11| = 0.04 ≤ 0.05 and |11.05 − 11| = 0.05 ≤ 0.05 → MET; 11.06 → EXCEEDED
    tol = D("0.05")
    assert attainment(D("10.96"), D("11"), Direction.HIGHER, tolerance=tol) == Attainment.MET
    assert attainment(D("11.05"), D("11"), Direction.HIGHER, tolerance=tol) == Attainment.MET
    assert attainment(D("11.06"), D("11"), Direction.HIGHER, tolerance=tol) == Attainment.EXCEEDED
    assert attainment(D("10.94"), D("11"), Direction.HIGHER, tolerance=tol) == Attainment.NOT_MET


def test_attainment_without_actual_or_plan_is_no_data():
    assert attainment(None, D("11"), Direction.HIGHER) == Attainment.NO_DATA
    assert attainment(D("11"), None, Direction.LOWER) == Attainment.NO_DATA


def test_attainment_labels_are_vietnamese():
    assert [ATTAINMENT_LABELS[a] for a in Attainment] == [
        "Vượt",
        "Đạt",
        "Không đạt",
        "Chưa có số liệu",
    ]


def test_attainment_rate_with_higher_direction_is_actual_over_plan():
    # 7.8 / 8 × 100 = 97.5 (exports 7.8 bn USD against 8 bn planned)
    assert attainment_rate(D("7.8"), D("8"), Direction.HIGHER) == D("97.50")


def test_attainment_rate_with_lower_direction_is_plan_over_actual():
    # poverty rate 4 % against plan 3 %: 3 / 4 × 100 = 75
    assert attainment_rate(D("4"), D("3"), Direction.LOWER) == D("75")
    # 2 % against plan 3 %: 3 / 2 × 100 = 150
    assert attainment_rate(D("2"), D("3"), Direction.LOWER) == D("150")


def test_attainment_rate_rounds_half_up():
    # 2 / 3 × 100 = 66.666… → 66.67
    assert attainment_rate(D("2"), D("3"), Direction.HIGHER) == D("66.67")


def test_attainment_rate_is_none_on_missing_values_or_zero_divisor():
    assert attainment_rate(None, D("3"), Direction.HIGHER) is None
    assert attainment_rate(D("3"), None, Direction.HIGHER) is None
    assert attainment_rate(D("5"), D("0"), Direction.HIGHER) is None  # plan 0
    assert attainment_rate(D("0"), D("3"), Direction.LOWER) is None  # actual 0


# ---------------------------------------------------------------- traffic light


@pytest.mark.parametrize(
    ("att", "rate", "colour"),
    [
        (Attainment.EXCEEDED, D("120"), "green"),
        (Attainment.MET, D("100"), "green"),
        (Attainment.NOT_MET, D("80"), "amber"),  # exactly 80 is amber
        (Attainment.NOT_MET, D("95.5"), "amber"),
        (Attainment.NOT_MET, D("79.99"), "red"),
        (Attainment.NOT_MET, None, "red"),
        (Attainment.NO_DATA, None, "grey"),
    ],
)
def test_traffic_light_colours_attainment_by_rate(att, rate, colour):
    assert traffic_light(att, rate) == colour


def test_traffic_light_from_a_lower_direction_target_end_to_end():
    # poverty rate 3.6 % against plan 3 %: NOT_MET, rate 3 / 3.6 × 100 = 83.33 → amber
    att = attainment(D("3.6"), D("3"), Direction.LOWER)
    rate = attainment_rate(D("3.6"), D("3"), Direction.LOWER)
    assert (att, rate) == (Attainment.NOT_MET, D("83.33"))
    assert traffic_light(att, rate) == "amber"


# ---------------------------------------------------------------------- growth


def test_average_annual_growth_is_the_compound_rate():
    # 100 → 121 in 2 years: (121/100)^(1/2) − 1 = 1.1 − 1 = 10 %
    assert average_annual_growth(D("100"), D("121"), 2) == D("10.00")


def test_average_annual_growth_is_not_the_simple_average():
    # 100 → 200 in 5 years: 2^(1/5) = 1.148698… → 14.87 %, not 100 % / 5 = 20 %
    assert average_annual_growth(D("100"), D("200"), 5) == D("14.87")


def test_average_annual_growth_can_be_negative():
    # 100 → 81 in 2 years: 0.81^(1/2) = 0.9 → −10 %
    assert average_annual_growth(D("100"), D("81"), 2) == D("-10.00")


def test_average_annual_growth_is_none_for_non_positive_start_or_years():
    assert average_annual_growth(D("0"), D("121"), 2) is None
    assert average_annual_growth(D("-5"), D("121"), 2) is None
    assert average_annual_growth(D("100"), D("121"), 0) is None
    assert average_annual_growth(None, D("121"), 2) is None


def test_value_after_growth_compounds_the_rate():
    # 100 × 1.1^2 = 121; 200 × 1.05^3 = 200 × 1.157625 = 231.525 → 231.53 (half up)
    assert value_after_growth(D("100"), D("10"), 2) == D("121.00")
    assert value_after_growth(D("200"), D("5"), 3) == D("231.53")


def test_value_after_growth_inverts_average_annual_growth():
    # 11 %/yr for 5 years from 100: 1.11^5 = 1.6850581551 → 168.51; back to ~11 %
    end = value_after_growth(D("100"), D("11"), 5)
    assert end == D("168.51")
    assert average_annual_growth(D("100"), end, 5) == D("11.00")


# -------------------------------------------------------------------- periods


def test_cumulative_keeps_the_running_total_through_periods_without_data():
    # Q1 none yet → None; Q2 5; Q3 no report keeps 5; Q4 5 + 3 = 8
    assert cumulative([None, D("5"), None, D("3")]) == [None, D("5"), D("5"), D("8")]


def test_cumulative_of_all_missing_periods_is_all_none():
    assert cumulative([None, None]) == [None, None]
    assert cumulative([]) == []


def test_to_date_of_a_cumulative_target_is_the_running_total():
    # houses built: 10 + 0 + 15 = 25 (the None quarter adds nothing)
    assert to_date([D("10"), D("0"), None, D("15")], cumulative=True) == D("25")


def test_to_date_of_a_point_in_time_target_is_the_latest_reported_value():
    # poverty rate per quarter: the last non-None value is 3.8, not a sum
    assert to_date([D("4.2"), D("3.8"), None], cumulative=False) == D("3.8")


def test_to_date_without_any_data_is_none():
    assert to_date([None, None], cumulative=True) is None
    assert to_date([None, None], cumulative=False) is None
    assert to_date([], cumulative=True) is None
