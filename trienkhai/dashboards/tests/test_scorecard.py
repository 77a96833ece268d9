"""The scorecard's measures on small cases, its thresholds from settings, its sorting and
its fixed number of queries (dashboards/scorecard.py, dashboards/tally.py)."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.dashboards import scorecard
from trienkhai.orgs.models import Level
from trienkhai.testing import factories as make
from trienkhai.testing import programmes as plans
from trienkhai.testing import reporting as rep

from .conftest import LATE, ON_TIME, TODAY


def row_of(rows, unit):
    return next(r for r in rows if r.unit.pk == unit.pk)


def test_a_district_that_reported_late_is_red_on_timeliness_and_green_on_completeness(world, q4):
    rep.sent(world.ngason, q4, on=LATE, value=2500, progress=50)
    rep.sent(world.ngathanh, q4, on=ON_TIME, progress=50)
    row = row_of(scorecard.rows_below(world.province, q4, today=TODAY), world.ngason)
    sent, on_time = row.value("reports_sent"), row.value("reports_on_time")
    assert (sent.value, sent.parts, sent.rating) == (100, "2/2", "green")
    assert (on_time.value, on_time.parts, on_time.rating) == (50, "1/2", "red")
    assert dict(sent.details) == {"đúng hạn": 1, "muộn": 1}


def test_thresholds_from_settings_change_the_colour(world, q4, settings):
    rep.sent(world.ngason, q4, on=LATE, value=2500)
    rep.sent(world.ngathanh, q4, on=ON_TIME)
    settings.TK_SCORECARD_THRESHOLDS = {"reports_on_time": {"green": 60, "amber": 40}}
    row = row_of(scorecard.rows_below(world.province, q4, today=TODAY), world.ngason)
    assert row.value("reports_on_time").rating == "amber"
    settings.TK_SCORECARD_THRESHOLDS = {"reports_on_time": {"green": 50}}
    assert scorecard.BY_KEY["reports_on_time"].rate(row.value("reports_on_time").value) == "green"
    assert scorecard.BY_KEY["reports_on_time"].bounds() == {
        "green": "≥ 50%",
        "amber": "≥ 70%",
        "red": "< 70%",
    }


def test_a_measure_where_less_is_better_can_be_turned_round_by_settings(settings):
    overdue = scorecard.BY_KEY["tasks_overdue"]
    assert [overdue.rate(v) for v in (0, 10, 50)] == ["green", "amber", "red"]
    settings.TK_SCORECARD_THRESHOLDS = {"tasks_overdue": {"lower": False}}
    assert overdue.higher_is_better and overdue.rate(50) == "green"


def test_a_unit_with_nothing_expected_has_no_value_and_no_colour(world, q4):
    police = row_of(scorecard.rows_below(world.province, q4, today=TODAY), world.police)
    assert all(v.value is None and v.rating is None and v.text == "—" for v in police.values)


def test_a_report_not_yet_due_is_neither_counted_late_nor_against_the_unit(world, q4):
    early = datetime.date(2021, 12, 16)  # communes report by 17/12
    card = scorecard.card(world.hoangdong, q4, today=early)
    sent = card.value("reports_sent")
    assert sent.value is None and dict(sent.details) == {"chưa đến hạn": 1}


def test_tasks_done_on_time_late_and_overdue_as_of_the_period_end(world, q4):
    programme = q4.tourism.programme
    day = datetime.date
    make.task(programme, lead_unit=world.police, deadline=day(2021, 11, 30))  # overdue
    make.task(
        programme,
        lead_unit=world.police,
        deadline=day(2021, 10, 31),
        completed_on=day(2021, 10, 20),
    )
    make.task(
        programme, lead_unit=world.police, deadline=day(2021, 10, 31), completed_on=day(2021, 11, 5)
    )
    make.task(programme, lead_unit=world.police, deadline=day(2022, 3, 31))  # not due
    card = scorecard.card(world.police, q4, today=TODAY)
    on_time, overdue = card.value("tasks_on_time"), card.value("tasks_overdue")
    assert (on_time.parts, on_time.text) == ("1/3", "33,3%")
    assert dict(on_time.details) == {"đúng hạn": 1, "muộn": 1, "quá hạn": 1}
    assert (overdue.parts, overdue.rating) == ("1/3", "red")


def test_plans_issued_after_their_due_date_count_as_issued_but_not_on_time(world, q4):
    programme = q4.tourism.programme  # the districts' plans were issued on 8/6/2021
    plans.concretisation(programme, world.hoanghoa, due=datetime.date(2021, 6, 5))
    plans.concretisation(programme, world.ngason, due=datetime.date(2021, 6, 30))
    card = scorecard.card(world.province, q4, today=TODAY)
    assert card.value("plans_issued").parts == "2/2"
    assert (card.value("plans_on_time").parts, card.value("plans_on_time").rating) == (
        "1/2",
        "red",
    )


def test_targets_are_those_of_the_units_own_plans_against_plan(world, q4):
    rep.sent(world.hoanghoa, q4, on=ON_TIME, value=2500)  # plan 2.000: exceeded
    rep.sent(world.ngason, q4, on=ON_TIME, value=1500)  # not met
    rows = scorecard.rows_below(world.province, q4, today=TODAY)
    assert row_of(rows, world.hoanghoa).value("targets_period").rating == "green"
    assert row_of(rows, world.ngason).value("targets_period").rating == "red"
    # The province's own target sums the districts: 4.000 of 10.000.
    card = scorecard.card(world.province, q4, today=TODAY)
    assert dict(card.value("targets_period").details) == {"không đạt": 1}


def test_rows_sort_by_a_measure_with_units_without_a_value_last(world, q4):
    rep.sent(world.ngason, q4, on=LATE)
    rep.sent(world.hoanghoa, q4, on=ON_TIME)
    rows = scorecard.rows_below(world.province, q4, today=TODAY)
    for descending in (True, False):
        ordered = scorecard.sort_rows(rows, "reports_sent", descending)
        assert ordered[-1].unit == world.police  # nothing expected: last either way
    ordered = scorecard.sort_rows(rows, "reports_sent", True)
    assert [r.unit for r in ordered][:2] == [world.ngason, world.hoanghoa]


def test_rows_sort_by_name_in_vietnamese_order(world, q4):
    rows = scorecard.rows_below(world.province, q4, today=TODAY)
    names = [r.unit.name for r in scorecard.sort_rows(rows, "name")]
    # Đ comes after D and before H in Vietnamese, not after Z as in code points.
    assert names == ["Đảng ủy Công an tỉnh", "Huyện ủy Hoằng Hóa", "Huyện ủy Nga Sơn"]
    assert scorecard.sort_rows(rows, "name", True)[0].unit.name == "Huyện ủy Nga Sơn"


def test_the_trend_has_one_point_per_quarter_opened(world, q4):
    rep.period("2021Q3")
    trend = scorecard.trend(world.province, 2021, today=TODAY)
    assert [p.code for p, _values in trend] == ["2021Q3", "2021Q4"]
    assert [v.key for v in trend[0][1]] == list(scorecard.TREND_KEYS)


def test_the_trend_read_with_the_page_is_the_trend_read_alone(world, q4):
    rep.period("2021Q3")
    q3 = rep.period("2021Q3")
    rep.sent(world.hoanghoa, q3, on=datetime.date(2021, 10, 8), value=900, progress=40)
    alone = scorecard.trend(world.province, 2021, today=TODAY)
    head, rows, together = scorecard.compute(world.province, q4, today=TODAY, trend=True)
    values = [(p.code, [(v.key, v.value, v.part, v.whole) for v in vs]) for p, vs in alone]
    assert values == [
        (p.code, [(v.key, v.value, v.part, v.whole) for v in vs]) for p, vs in together
    ]
    plain_head, plain_rows = scorecard.compute(world.province, q4, today=TODAY)
    assert [v.value for v in head.values] == [v.value for v in plain_head.values]
    assert [[v.value for v in r.values] for r in rows] == [
        [v.value for v in r.values] for r in plain_rows
    ]


def _count(root, period):
    with CaptureQueriesContext(connection) as ctx:
        scorecard.compute(root, period, today=TODAY)
    return len(ctx)


def test_the_number_of_queries_does_not_grow_with_the_units_below(world, q4):
    rep.sent(world.hoanghoa, q4, on=ON_TIME, value=2000, progress=40)
    before = _count(world.province, q4)
    programme = q4.tourism.programme
    for n in range(6):
        district = make.unit(world.province, f"HU-9{n}", f"Huyện ủy Thử {n}", level=Level.DISTRICT)
        commune = make.unit(district, f"DU-9{n}", f"Đảng ủy xã Thử {n}", level=Level.COMMUNE)
        plan = plans.plan(
            programme,
            district,
            targets=[(q4.tourism.visitors, {2021: 1000})],
            tasks=[{"title": "Phát triển du lịch", "deadline": datetime.date(2021, 12, 1)}],
        )
        plans.concretisation(programme, district, due=datetime.date(2021, 11, 30))
        make.task(plan, lead_unit=commune, deadline=datetime.date(2021, 11, 15))
        rep.sent(district, q4, on=LATE, value=900, progress=60)
    after = _count(world.province, q4)
    assert after == before
    assert after <= scorecard.MAX_QUERIES
