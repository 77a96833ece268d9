"""The targets dashboard and a target's drill-down as a user reads them: one rating
rule for the words, the colour, the legend and the counts; ratios with their parts;
values without padded zeros; periods by name; the leader's committee by default."""

import re
from decimal import Decimal

import pytest
from django.urls import reverse

from trienkhai.core import clock
from trienkhai.lib import rollup as rules
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import TargetPlan
from trienkhai.reporting import rollup
from trienkhai.reporting.models import Submission
from trienkhai.testing import factories as make
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def tourism(world, settings):
    settings.TK_TODAY = clock.DEMO_TODAY
    return make_reports.tourism()  # CT1: 10.000 visitors planned by the province for 2021


@pytest.fixture
def q4():
    return make_reports.period("2021Q4")


def unit(code):
    return OrgUnit.objects.get(code=code)


def text(html):
    """The page as read: tags dropped, spaces folded."""
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def row_of(html, name):
    """The table row naming `name`."""
    return next(r for r in html.split("<tr") if name in r)


def dashboard(client, **params):
    return client.get(reverse("reporting:dashboard"), {"period": "2021Q4", **params})


def test_a_target_at_98_percent_of_plan_reads_nearly_met_in_amber_and_is_counted_so(client_as, q4):
    make_reports.accepted(unit("TU-38"), q4, value=9800)
    html = dashboard(client_as("province_office")).content.decode()
    row = row_of(html, "Tổng lượt khách du lịch")
    assert "light-amber" in row and "Gần đạt" in text(row) and "(98,0%)" in text(row)
    assert "Không đạt" not in row
    page = text(html)
    assert "1 gần đạt" in page and "0 không đạt" in page


def test_a_target_below_80_percent_of_plan_reads_not_met_in_red(client_as, q4):
    make_reports.accepted(unit("TU-38"), q4, value=5000)
    html = dashboard(client_as("province_office")).content.decode()
    row = row_of(html, "Tổng lượt khách du lịch")
    assert "light-red" in row and "Không đạt (50,0%)" in text(row)
    assert "1 không đạt" in text(html) and "0 gần đạt" in text(html)


def test_every_rating_has_one_colour_and_the_pages_use_the_libraries_words():
    for rating in rules.Rating:
        assert str(rollup.RATING_LABELS[rating]) == rating.label
        assert rating.light in rollup.LIGHT_LABELS
    assert {str(v) for v in rollup.LIGHT_LABELS.values()} == set(rules.LIGHT_LABELS.values())
    assert rules.rating(Decimal("98"), Decimal("100"), "higher") is rules.Rating.NEARLY
    assert rules.rating(Decimal("5"), None, "higher") is rules.Rating.NO_PLAN
    assert rules.rating(None, Decimal("5"), "higher") is rules.Rating.NO_DATA


def test_a_ratio_target_shows_its_ratio_with_its_parts_against_its_plan(client_as, q4, tourism):
    parts = [
        make.target(tourism.programme, f"TL1{x}", f"Tỷ lệ khu du lịch đạt chuẩn: {name}")
        for x, name in (("a", "số đạt"), ("b", "tổng số"))
    ]
    make.target(
        tourism.programme,
        "TL1",
        "Tỷ lệ khu du lịch đạt chuẩn",
        unit_of_measure="%",
        aggregation="ratio",
        numerator=parts[0],
        denominator=parts[1],
        plan={2021: 85},
    )
    province = unit("TU-38")
    report = make_reports.draft(province, q4)
    from trienkhai.reporting import services

    values = {tourism.visitors.pk: "9000", parts[0].pk: "45", parts[1].pk: "50"}
    report = services.save_draft(report, narrative={"results": "Có"}, values=values)
    services.submit(report, None, now=make_reports.at(q4.data_to))

    html = dashboard(client_as("province_office")).content.decode()
    row = text(row_of(html, "Tỷ lệ khu du lịch đạt chuẩn"))
    assert "85" in row and "90" in row and "45 / 50" in row and "Vượt" in row
    assert "số đạt" not in text(html) and "tổng số" not in text(html)


def test_a_lower_unit_without_a_plan_reads_no_plan_and_still_shows_its_value(
    client_as, q4, tourism, world
):
    TargetPlan.objects.filter(target=tourism.targets["HU-401"]).delete()
    make_reports.accepted(unit("HU-401"), q4, progress=40, value=1500)
    make_reports.accepted(unit("HU-399"), q4, progress=60, value=2500)
    page = client_as("province_office").get(
        reverse("reporting:target", args=[tourism.visitors.pk]), {"period": "2021Q4"}
    )
    html = page.content.decode()
    nga_son = text(row_of(html, "Huyện ủy Nga Sơn"))
    assert "1.500" in nga_son and "Chưa có kế hoạch" in nga_son
    assert "Chưa có số liệu" not in nga_son
    assert "light-none" in row_of(html, "Huyện ủy Nga Sơn")


def test_values_print_without_the_zeros_their_column_pads_them_with(client_as, q4, tourism):
    make_reports.accepted(unit("TU-38"), q4, value="9800.5")
    report = Submission.objects.get(unit__code="TU-38", period=q4)
    page = client_as("province_office").get(reverse("reporting:submission", args=[report.uid]))
    shown = text(page.content.decode())
    assert "9.800,5" in shown and "9.800,5000" not in shown
    plan = client_as("province_office").get(tourism.programme.get_absolute_url())
    assert "10.000,0000" not in text(plan.content.decode())


def test_the_chart_names_its_periods_not_their_codes(client_as, q4, tourism):
    make_reports.accepted(unit("TU-38"), q4, value=9800)
    page = client_as("province_office").get(
        reverse("reporting:target", args=[tourism.visitors.pk]), {"period": "2021Q4"}
    )
    html = page.content.decode()
    labels = re.findall(r'<text[^>]*class="label">([^<]*)</text>', html)
    assert "Quý IV năm 2021" in labels and not any("2021Q" in label for label in labels)
    assert ">2021Q4<" not in html and "2021Q4:" not in html


def test_the_leader_of_the_standing_committee_opens_on_its_committee(client_as, q4):
    make_reports.accepted(unit("TU-38"), q4, value=9800)
    make_reports.accepted(unit("HU-399"), q4, progress=60, value=2500)
    make_reports.accepted(unit("HU-401"), q4, progress=40, value=1500)
    client = client_as("leader")  # lanhdao, of Ban Thường vụ Tỉnh ủy (no units below it)
    page = text(client.get(reverse("reporting:dashboard")).content.decode())
    assert "Tỉnh ủy Thanh Hóa" in page and "Tổng lượt khách du lịch" in page
    assert "Không có chỉ tiêu nào" not in page
    # The form on the page sends the committee back: it opens too.
    again = dashboard(client, unit="TU-38")
    assert again.status_code == 200

    matrix = client.get(reverse("reporting:completeness"), {"year": "2021"})
    shown = text(matrix.content.decode())
    assert "Tình hình báo cáo năm 2021: Tỉnh ủy Thanh Hóa" in shown
    assert "Huyện ủy Hoằng Hóa" in shown  # the leader's district
    assert "Huyện ủy Nga Sơn" not in shown  # outside its scope: counted, not shown
    assert "ngoài phạm vi của bạn" in shown


def test_another_unit_still_cannot_open_the_committee_by_its_code(client_as, q4):
    response = dashboard(client_as("outsider"), unit="TU-38")  # ngason
    assert response.status_code == 404
