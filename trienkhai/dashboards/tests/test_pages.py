"""The scorecard page and the leader's landing: scope, drill-down, sorting, the stated
thresholds, the chart, and a query budget that does not grow with the units below."""

import datetime

import pytest
from django.urls import reverse

from trienkhai.dashboards import scorecard
from trienkhai.dashboards.landing import landing
from trienkhai.orgs.models import Level
from trienkhai.reporting.models import Period
from trienkhai.testing import factories as make
from trienkhai.testing import reporting as rep

from .conftest import LATE, ON_TIME, TODAY


@pytest.fixture
def q4(q4, world):
    """Hoằng Hóa reported on time (exceeding its plan), Nga Sơn late (short of it)."""
    period = q4
    rep.sent(world.hoanghoa, period, on=ON_TIME, value=2500, progress=50)
    rep.sent(world.ngason, period, on=LATE, value=1500, progress=50)
    return period


def url(code=None, **query):
    base = reverse("dashboards:scorecard", args=[code] if code else [])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_the_province_scorecard_links_each_district_to_its_own(client, world, q4):
    client.force_login(world.user("vanphong"))
    page = client.get(url("TU-38", period="2021Q4")).content.decode()
    for code in ("HU-399", "HU-401", "DUCA-38"):
        assert f'href="/scorecard/{code}/?period=2021Q4"' in page
    district = client.get(url("HU-399", period="2021Q4")).content.decode()
    assert 'href="/scorecard/DU-15997/?period=2021Q4"' in district
    assert 'href="/scorecard/TU-38/?period=2021Q4"' in district  # the breadcrumbs, back up
    commune = client.get(url("DU-15997", period="2021Q4")).content.decode()
    assert "Không có đơn vị trực thuộc nào." in commune


def test_the_page_states_every_threshold_and_shows_a_dash_for_nothing_expected(
    client, world, q4, settings
):
    settings.TK_SCORECARD_THRESHOLDS = {"reports_on_time": {"green": 97, "amber": 55}}
    client.force_login(world.user("vanphong"))
    page = client.get(url("TU-38", period="2021Q4")).content.decode()
    for m in scorecard.MEASURES:
        assert f'id="t-{m.key}"' in page
    assert "≥ 97%" in page and "&lt; 55%" in page
    police = page[page.index('id="u-DUCA-38"') :]
    police = police[: police.index("</tr>")]
    assert "—" in police and 'data-rating="red"' not in police and "light-" not in police


def test_the_table_sorts_by_a_measure_and_says_which(client, world, q4):
    client.force_login(world.user("vanphong"))
    page = client.get(url("TU-38", period="2021Q4", sort="reports_on_time", dir="desc"))
    order = [r.unit.code for r in page.context["rows"]]
    assert order == ["HU-399", "HU-401", "DUCA-38"]
    assert 'aria-sort="descending"' in page.content.decode()
    by_name = client.get(url("TU-38", period="2021Q4", sort="name", dir="asc"))
    assert [r.unit.code for r in by_name.context["rows"]] == ["DUCA-38", "HU-399", "HU-401"]


def test_the_trend_is_an_svg_with_its_colours_and_fonts_as_attributes(client, world, q4):
    rep.period("2021Q3")
    client.force_login(world.user("vanphong"))
    page = client.get(url("TU-38", period="2021Q4")).content.decode()
    svg = page[page.index("<svg") : page.index("</svg>")]
    assert 'font-family="' in svg and 'stroke="#' in svg and "class=" not in svg
    assert "Quý III" in svg and "Quý IV" in svg


@pytest.mark.parametrize(
    ("username", "code"),
    [
        ("ngason", "HU-399"),
        ("hoangdong", "TU-38"),
        ("hoangdong", "DU-16000"),
        ("lanhdao", "HU-401"),
    ],
)
def test_a_user_cannot_open_the_scorecard_of_a_unit_outside_their_scope(
    client, world, q4, username, code
):
    client.force_login(world.user(username))
    assert client.get(url(code)).status_code == 404


def test_the_default_scorecard_of_a_standing_committee_member_is_the_province_with_their_units(
    client, world, q4
):
    client.force_login(world.user("lanhdao"))
    page = client.get(url())
    assert page.status_code == 200 and page.context["unit"] == world.province
    assert {r.unit.code for r in page.context["rows"]} == {"HU-399", "DUCA-38"}
    assert page.context["hidden"] == 1  # Nga Sơn counts in the card, not listed


def test_a_period_never_opened_is_not_found_and_reading_opens_none(client, world, q4):
    client.force_login(world.user("vanphong"))
    before = Period.objects.count()
    assert client.get(url("TU-38", period="2022Q1")).status_code == 404
    assert Period.objects.count() == before


def test_the_page_answers_anonymous_users_with_the_login(client, world, q4):
    assert client.get(url()).status_code == 302


def test_the_leaders_landing_lists_the_units_in_their_charge(world, q4):
    found = landing(world.user("lanhdao"), TODAY)
    assert [r.unit.code for r in found["rows"]] == ["DUCA-38", "HU-399"]
    assert found["period"] == q4 and found["card"] is None


def test_the_office_and_the_standing_committee_land_on_the_provinces_card(world, q4):
    office = landing(world.user("vanphong"), TODAY)
    assert office["unit"] == world.province and office["card"].unit == world.province
    standing = make.user("btv", world.btv, make.Role.LEADER)
    assert landing(standing, TODAY)["unit"] == world.province


def test_a_reporter_has_no_landing(world, q4):
    assert landing(world.user("hoangdong"), TODAY) is None


def test_the_landing_renders_as_a_partial(client, world, q4):
    from django.template.loader import render_to_string

    html = render_to_string(
        "dashboards/_landing.html", {"landing": landing(world.user("lanhdao"), TODAY)}
    )
    assert 'href="/scorecard/HU-399/?period=2021Q4"' in html and "Công an tỉnh" in html


def _add_districts(world, q4, n):
    for i in range(n):
        district = make.unit(world.province, f"HU-8{i}", f"Huyện ủy Mẫu {i}", level=Level.DISTRICT)
        make.task(q4.tourism.programme, lead_unit=district, deadline=datetime.date(2021, 12, 1))
        rep.sent(district, q4, on=LATE, progress=10)


def test_the_page_keeps_its_query_budget_whatever_the_number_of_districts(
    client, world, q4, django_assert_max_num_queries
):
    client.force_login(world.user("vanphong"))
    # session and user, the period, the card and rows (scorecard.MAX_QUERIES), the trend,
    # the period chooser, the ancestors
    budget = 12 + scorecard.MAX_QUERIES + 20
    with django_assert_max_num_queries(budget) as few:
        client.get(url("TU-38", period="2021Q4"))
    _add_districts(world, q4, 8)
    with django_assert_max_num_queries(budget) as many:
        page = client.get(url("TU-38", period="2021Q4"))
    assert len(page.context["rows"]) == 11
    assert len(many.captured_queries) == len(few.captured_queries)
