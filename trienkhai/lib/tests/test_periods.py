"""Tests for trienkhai.lib.periods: reporting periods, cut-off windows and deadlines.

Cut-off windows are those of Nghị định 09/2019/NĐ-CP, Điều 12; default deadlines
follow Thông tư 01/2020/TT-VPCP (commune 17th, district 19th, province 22nd) and
the decree's 25th (Điều 13) for the central level.
"""

from datetime import date, datetime

import pytest

from trienkhai.lib.periods import (
    DEFAULT_OFFSETS,
    KIND_LABELS,
    LEVELS,
    Kind,
    Period,
    check_offsets,
    containing,
    due_periods,
    parse,
    periods_of,
)

# One period of every kind: code, kind, start, end, data_from, data_to.
EXAMPLES = [
    ("2021-11", Kind.MONTH, "2021-11-01", "2021-11-30", "2021-10-15", "2021-11-14"),
    ("2021Q4", Kind.QUARTER, "2021-10-01", "2021-12-31", "2021-09-15", "2021-12-14"),
    ("2021S1", Kind.HALF, "2021-01-01", "2021-06-30", "2020-12-15", "2021-06-14"),
    ("2021M9", Kind.NINE_MONTHS, "2021-01-01", "2021-09-30", "2020-12-15", "2021-09-14"),
    ("2021", Kind.YEAR, "2021-01-01", "2021-12-31", "2020-12-15", "2021-12-14"),
    ("2020-2025", Kind.TERM, "2020-01-01", "2025-12-31", "2020-12-15", "2025-12-14"),
]


def every_period_of(year):
    return [p for kind in Kind for p in periods_of(kind, year)]


# ------------------------------------------------------------------- codes


@pytest.mark.parametrize(("code", "kind", "start", "end", "data_from", "data_to"), EXAMPLES)
def test_each_kind_parses_to_its_calendar_span_and_decree_window(
    code, kind, start, end, data_from, data_to
):
    dates = map(date.fromisoformat, (start, end, data_from, data_to))
    assert parse(code) == Period(kind, code, *dates)


@pytest.mark.parametrize("year", [2019, 2020, 2021, 2024, 2025])
def test_every_period_of_a_year_round_trips_through_its_code(year):
    for period in every_period_of(year):
        assert parse(period.code) == period
        assert str(period) == period.code


@pytest.mark.parametrize(
    ("written", "code"),
    [
        ("2021 q4", "2021Q4"),
        ("  2021q4 ", "2021Q4"),
        ("Q4/2021", "2021Q4"),
        ("q4 / 2021", "2021Q4"),
        ("2021s1", "2021S1"),
        ("S1/2021", "2021S1"),
        ("2021 m9", "2021M9"),
        ("M9/2021", "2021M9"),
        ("2021-1", "2021-01"),
        ("11/2021", "2021-11"),
        ("1/2022", "2022-01"),
        ("2020 - 2025", "2020-2025"),
        ("2020–2025", "2020-2025"),  # en dash, as typed by Word
        (" 2021 ", "2021"),
    ],
)
def test_parse_forgives_case_spaces_dashes_and_year_last_forms(written, code):
    assert parse(written).code == code


@pytest.mark.parametrize(
    "code",
    [
        "2021Q5",
        "2021Q0",
        "2021-13",
        "2021-00",
        "2021M6",
        "2021M10",
        "2021X1",
        "21Q4",
        "Q4",
        "",
        "năm 2021",
        "2021/11",
        "2025-2020",
        "2020-2020",
        "2020-2040",
    ],
)
def test_invalid_codes_are_refused_with_a_vietnamese_message(code):
    with pytest.raises(ValueError, match=r"^Mã kỳ báo cáo “.*” không hợp lệ\."):
        parse(code)


def test_invalid_code_message_quotes_the_code_as_written():
    with pytest.raises(ValueError) as error:
        parse("2021Q5")
    assert str(error.value) == "Mã kỳ báo cáo “2021Q5” không hợp lệ."


def test_second_half_code_is_refused_and_points_to_the_annual_report():
    with pytest.raises(ValueError) as error:
        parse("2021S2")
    assert str(error.value).startswith("Mã kỳ báo cáo “2021S2” không hợp lệ.")
    assert "“2021”" in str(error.value)


@pytest.mark.parametrize("code", ["1899", "2101", "1850Q1"])
def test_years_far_outside_the_system_are_taken_for_typing_mistakes(code):
    with pytest.raises(ValueError, match="không hợp lệ"):
        parse(code)


def test_parse_refuses_a_value_that_is_not_text():
    with pytest.raises(TypeError):
        parse(2021)


# ------------------------------------------------------------ cut-off windows


@pytest.mark.parametrize(
    ("code", "data_from", "data_to"),
    [
        # Điều 12 khoản 1: 15th of the previous month to the 14th of the month.
        ("2021-01", date(2020, 12, 15), date(2021, 1, 14)),  # January: previous year's 15/12
        ("2021-03", date(2021, 2, 15), date(2021, 3, 14)),  # the window spans February
        ("2024-03", date(2024, 2, 15), date(2024, 3, 14)),  # leap year: same dates
        ("2021-12", date(2021, 11, 15), date(2021, 12, 14)),
        # Điều 12 khoản 2: 15th of the month before the quarter to the 14th of its last month.
        ("2021Q1", date(2020, 12, 15), date(2021, 3, 14)),
        ("2021Q2", date(2021, 3, 15), date(2021, 6, 14)),
        ("2021Q3", date(2021, 6, 15), date(2021, 9, 14)),
        ("2021Q4", date(2021, 9, 15), date(2021, 12, 14)),
        # Điều 12 khoản 3 and 4: from 15/12 of the previous year.
        ("2022S1", date(2021, 12, 15), date(2022, 6, 14)),
        ("2022", date(2021, 12, 15), date(2022, 12, 14)),
        # 9 months, by analogy.
        ("2022M9", date(2021, 12, 15), date(2022, 9, 14)),
    ],
)
def test_data_window_follows_article_12_of_decree_09_2019(code, data_from, data_to):
    period = parse(code)
    assert (period.data_from, period.data_to) == (data_from, data_to)


@pytest.mark.parametrize(("code", "last_day"), [("2021-02", 28), ("2024-02", 29), ("2100-02", 28)])
def test_february_ends_on_its_real_last_day(code, last_day):
    period = parse(code)
    assert (period.start, period.end) == (
        date(period.start.year, 2, 1),
        date(period.start.year, 2, last_day),
    )
    assert (period.data_from, period.data_to) == (
        date(period.start.year, 1, 15),
        date(period.start.year, 2, 14),
    )


@pytest.mark.parametrize("year", [2020, 2021])
def test_monthly_windows_tile_the_year_without_gap_or_overlap(year):
    months = periods_of(Kind.MONTH, year)
    for before, after in zip(months, months[1:], strict=False):
        assert after.data_from == date.fromordinal(before.data_to.toordinal() + 1)
    assert months[0].data_from == periods_of(Kind.YEAR, year)[0].data_from
    assert months[-1].data_to == periods_of(Kind.YEAR, year)[0].data_to


def test_quarterly_windows_tile_the_annual_window():
    quarters = periods_of(Kind.QUARTER, 2021)
    for before, after in zip(quarters, quarters[1:], strict=False):
        assert after.data_from == date.fromordinal(before.data_to.toordinal() + 1)
    year = parse("2021")
    assert (quarters[0].data_from, quarters[-1].data_to) == (year.data_from, year.data_to)


def test_consecutive_terms_share_the_boundary_year_but_not_its_figures():
    old, new = parse("2015-2020"), parse("2020-2025")
    assert old.end.year == new.start.year == 2020
    # The 2020 window (15/12/2019 .. 14/12/2020) belongs to the term that ends in 2020.
    assert old.data_to == date(2020, 12, 14)
    assert new.data_from == date(2020, 12, 15)


# -------------------------------------------------------------------- labels


@pytest.mark.parametrize(
    ("code", "vi", "en"),
    [
        ("2021-11", "Tháng 11 năm 2021", "November 2021"),
        ("2021-01", "Tháng 1 năm 2021", "January 2021"),
        ("2021Q1", "Quý I năm 2021", "Q1 2021"),
        ("2021Q2", "Quý II năm 2021", "Q2 2021"),
        ("2021Q3", "Quý III năm 2021", "Q3 2021"),
        ("2021Q4", "Quý IV năm 2021", "Q4 2021"),
        ("2021S1", "6 tháng đầu năm 2021", "First half of 2021"),
        ("2021M9", "9 tháng đầu năm 2021", "First nine months of 2021"),
        ("2021", "Năm 2021", "Year 2021"),
        ("2020-2025", "Nhiệm kỳ 2020-2025", "Term 2020-2025"),
    ],
)
def test_labels_read_as_in_official_documents(code, vi, en):
    period = parse(code)
    assert period.label() == vi
    assert period.label("vi") == vi
    assert period.label("en") == en


def test_label_in_an_unknown_language_is_refused():
    with pytest.raises(ValueError, match="Ngôn ngữ"):
        parse("2021").label("fr")


def test_every_kind_has_a_vietnamese_name():
    assert set(KIND_LABELS) == set(Kind)


# ---------------------------------------------------------- previous and next


@pytest.mark.parametrize(
    ("code", "previous", "following"),
    [
        ("2021-01", "2020-12", "2021-02"),
        ("2021-12", "2021-11", "2022-01"),
        ("2021Q1", "2020Q4", "2021Q2"),
        ("2021Q4", "2021Q3", "2022Q1"),
        ("2021S1", "2020S1", "2022S1"),
        ("2021M9", "2020M9", "2022M9"),
        ("2021", "2020", "2022"),
        ("2020-2025", "2015-2020", "2025-2030"),
        ("2021-2026", "2016-2021", "2026-2031"),
        ("2019-2021", "2017-2019", "2021-2023"),  # a 2-year term keeps its length
    ],
)
def test_previous_and_next_cross_year_boundaries(code, previous, following):
    period = parse(code)
    assert period.previous().code == previous
    assert period.next().code == following
    assert period.next().previous() == period
    assert period.previous().next() == period


def test_stepping_through_months_visits_each_month_once():
    period = parse("2020-11")
    seen = []
    for _ in range(15):
        seen.append(period.code)
        period = period.next()
    assert seen[:4] == ["2020-11", "2020-12", "2021-01", "2021-02"]
    assert len(set(seen)) == 15


# ------------------------------------------------------------------ periods_of


@pytest.mark.parametrize(
    ("kind", "codes"),
    [
        (Kind.MONTH, [f"2021-{m:02d}" for m in range(1, 13)]),
        (Kind.QUARTER, ["2021Q1", "2021Q2", "2021Q3", "2021Q4"]),
        (Kind.HALF, ["2021S1"]),
        (Kind.NINE_MONTHS, ["2021M9"]),
        (Kind.YEAR, ["2021"]),
        (Kind.TERM, ["2020-2025"]),
        ("quarter", ["2021Q1", "2021Q2", "2021Q3", "2021Q4"]),  # the stored string works too
    ],
)
def test_periods_of_lists_every_period_of_a_kind_in_the_year(kind, codes):
    assert [p.code for p in periods_of(kind, 2021)] == codes


def test_periods_of_a_boundary_year_lists_the_ending_and_the_starting_term():
    assert [p.code for p in periods_of(Kind.TERM, 2025)] == ["2020-2025", "2025-2030"]


def test_periods_of_one_kind_sort_in_time_order():
    months = periods_of(Kind.MONTH, 2021)
    assert sorted(reversed(months)) == months


def test_periods_of_an_unknown_kind_is_refused():
    with pytest.raises(ValueError):
        periods_of("week", 2021)


# ------------------------------------------------------------------ containing


@pytest.mark.parametrize(
    ("kind", "day", "code"),
    [
        (Kind.MONTH, date(2021, 11, 1), "2021-11"),
        (Kind.MONTH, date(2021, 11, 30), "2021-11"),
        (Kind.MONTH, date(2021, 12, 1), "2021-12"),
        (Kind.MONTH, date(2024, 2, 29), "2024-02"),
        (Kind.QUARTER, date(2021, 3, 31), "2021Q1"),
        (Kind.QUARTER, date(2021, 4, 1), "2021Q2"),
        (Kind.QUARTER, date(2021, 12, 31), "2021Q4"),
        (Kind.QUARTER, date(2022, 1, 1), "2022Q1"),
        (Kind.HALF, date(2021, 1, 1), "2021S1"),
        (Kind.HALF, date(2021, 6, 30), "2021S1"),
        (Kind.NINE_MONTHS, date(2021, 9, 30), "2021M9"),
        (Kind.YEAR, date(2021, 12, 31), "2021"),
        (Kind.YEAR, date(2022, 1, 1), "2022"),
        # Terms: a boundary year belongs to the term ending in it.
        (Kind.TERM, date(2020, 1, 1), "2015-2020"),
        (Kind.TERM, date(2021, 1, 1), "2020-2025"),
        (Kind.TERM, date(2025, 12, 31), "2020-2025"),
        (Kind.TERM, date(2026, 1, 1), "2025-2030"),
        (Kind.TERM, date(2019, 6, 1), "2015-2020"),
    ],
)
def test_containing_finds_the_period_whose_calendar_span_holds_the_day(kind, day, code):
    period = containing(kind, day)
    assert period.code == code
    assert period.contains(day)


@pytest.mark.parametrize(
    ("kind", "day"),
    [
        (Kind.HALF, date(2021, 7, 1)),
        (Kind.HALF, date(2021, 12, 31)),
        (Kind.NINE_MONTHS, date(2021, 10, 1)),
    ],
)
def test_containing_refuses_days_after_the_first_half_or_nine_months(kind, day):
    with pytest.raises(ValueError, match="không thuộc kỳ"):
        containing(kind, day)


def test_containing_accepts_a_datetime():
    assert containing(Kind.MONTH, datetime(2021, 11, 30, 23, 59)).code == "2021-11"


def test_contains_uses_the_calendar_span_not_the_data_window():
    november = parse("2021-11")
    assert november.contains(date(2021, 11, 20))  # after the cut-off, still November
    assert not november.contains(date(2021, 10, 20))  # in the data window, not in November
    assert not november.contains(date(2021, 12, 1))


# ------------------------------------------------------------------- deadlines


@pytest.mark.parametrize(("code"), [e[0] for e in EXAMPLES])
def test_default_deadlines_let_the_lowest_level_report_first(code):
    period = parse(code)
    deadlines = [period.deadline(level) for level in LEVELS]
    assert deadlines == sorted(set(deadlines))
    assert deadlines[0] > period.data_to


def test_default_deadlines_follow_the_circular_and_the_decree():
    quarter = parse("2021Q4")
    assert quarter.deadline("grassroots") == date(2021, 12, 16)
    assert quarter.deadline("commune") == date(2021, 12, 17)  # TT 01/2020/TT-VPCP
    assert quarter.deadline("district") == date(2021, 12, 19)
    assert quarter.deadline("province") == date(2021, 12, 22)
    assert quarter.deadline("central") == date(2021, 12, 25)  # NĐ 09/2019, Điều 13 khoản 1


def test_january_report_is_due_in_january():
    assert parse("2022-01").deadline("district") == date(2022, 1, 19)


def test_an_upper_unit_sets_its_own_deadlines_per_level():
    period = parse("2021-11")
    offsets = {"commune": 1, "district": 4}
    assert period.deadline("commune", offsets) == date(2021, 11, 15)
    assert period.deadline("district", offsets) == date(2021, 11, 18)
    # A level the unit did not set keeps the default.
    assert period.deadline("province", offsets) == date(2021, 11, 22)


def test_a_deadline_on_the_cut_off_day_itself_is_refused():
    with pytest.raises(ValueError, match="ít nhất 1 ngày"):
        parse("2021-11").deadline("commune", {"commune": 0})


def test_an_unknown_level_is_refused():
    with pytest.raises(ValueError, match="Cấp “ward” không hợp lệ"):
        parse("2021-11").deadline("ward")


def test_default_offsets_cover_every_level():
    assert set(DEFAULT_OFFSETS) == set(LEVELS)
    assert check_offsets({}) == DEFAULT_OFFSETS


def test_check_offsets_merges_a_units_settings_over_the_defaults():
    merged = check_offsets({"commune": 4, "district": 6})
    assert merged == {**DEFAULT_OFFSETS, "commune": 4, "district": 6}


@pytest.mark.parametrize(
    "offsets",
    [{"commune": 5}, {"district": 3}, {"province": 11}, {"grassroots": 3}],
)
def test_check_offsets_refuses_an_upper_level_due_no_later_than_the_level_below(offsets):
    with pytest.raises(ValueError, match=r"^Thời hạn của .* phải muộn hơn thời hạn của "):
        check_offsets(offsets)


@pytest.mark.parametrize(
    ("offsets", "error"),
    [({"ward": 3}, ValueError), ({"commune": 0}, ValueError), ({"commune": "3"}, TypeError)],
)
def test_check_offsets_refuses_unknown_levels_and_bad_days(offsets, error):
    with pytest.raises(error):
        check_offsets(offsets)


# ---------------------------------------------------------------- due periods


def test_due_periods_are_the_latest_periods_whose_window_has_closed():
    due = due_periods(list(Kind), date(2021, 11, 15), "district")
    assert {p.kind: p.code for p in due} == {
        Kind.MONTH: "2021-11",  # window closed 14/11
        Kind.QUARTER: "2021Q3",
        Kind.HALF: "2021S1",
        Kind.NINE_MONTHS: "2021M9",
        Kind.YEAR: "2020",
        Kind.TERM: "2015-2020",
    }


def test_on_the_cut_off_day_the_window_is_still_open():
    (month,) = due_periods([Kind.MONTH], date(2021, 11, 14), "commune")
    assert month.code == "2021-10"


@pytest.mark.parametrize(
    ("today", "code"),
    [
        (date(2022, 1, 10), "2021Q4"),  # Q4 closed 14/12/2021
        (date(2021, 12, 14), "2021Q3"),
        (date(2021, 12, 15), "2021Q4"),
    ],
)
def test_due_quarter_across_the_year_boundary(today, code):
    assert due_periods(["quarter"], today, "commune")[0].code == code


def test_due_annual_and_term_reports_after_the_december_cut_off():
    due = due_periods([Kind.YEAR, Kind.TERM], date(2025, 12, 15), "province")
    assert [p.code for p in due] == ["2025", "2020-2025"]


def test_due_periods_come_most_urgent_first_and_once_per_kind():
    due = due_periods(
        [Kind.MONTH, Kind.YEAR, Kind.MONTH, Kind.QUARTER], date(2021, 11, 20), "commune"
    )
    assert [p.code for p in due] == ["2020", "2021Q3", "2021-11"]
    deadlines = [p.deadline("commune") for p in due]
    assert deadlines == sorted(deadlines)


def test_due_periods_with_the_same_deadline_come_in_kind_order():
    # 2021-06 and 2021S1 both close on 14/06, so both are due on the same day.
    due = due_periods([Kind.HALF, Kind.MONTH], date(2021, 6, 20), "commune", {"commune": 2})
    assert [p.code for p in due] == ["2021-06", "2021S1"]
    assert {p.deadline("commune", {"commune": 2}) for p in due} == {date(2021, 6, 16)}


def test_due_periods_refuse_an_unknown_level():
    with pytest.raises(ValueError):
        due_periods([Kind.MONTH], date(2021, 11, 20), "ward")
