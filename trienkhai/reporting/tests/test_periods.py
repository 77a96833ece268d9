"""Reporting periods are opened by the office or the daily job, never by reading a page;
a closed period takes no more reports."""

import datetime

import pytest
from django.urls import reverse

from trienkhai.core import clock
from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting import services
from trienkhai.reporting.models import Period
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]


def test_a_commune_reporter_reading_every_reports_page_creates_no_period(client_as, settings):
    settings.TK_TODAY = clock.DEMO_TODAY
    reporter = client_as("commune_reporter")
    make_reports.tourism()
    q4 = make_reports.period("2021Q4")
    make_reports.accepted(OrgUnit.objects.get(code="DU-15997"), q4)
    before = set(Period.objects.values_list("code", flat=True))
    pages = [
        reverse("reporting:inbox"),
        reverse("reporting:dashboard"),
        reverse("reporting:completeness") + "?year=2024&kind=month",
        reverse("reporting:periods") + "?year=2030",
        reverse("reporting:form", args=["DU-15997", "2030Q1"]),
        reverse("reporting:excel", args=["DU-15997", "2030Q1"]),
    ]
    statuses = [reporter.get(url).status_code for url in pages]
    assert statuses == [200, 200, 200, 200, 404, 404]
    api = client_as("commune_reporter").get("/api/v1/periods/2030Q1/")
    assert api.status_code == 404 and "chưa được mở" in api.json()["error"]["message"]
    assert set(Period.objects.values_list("code", flat=True)) == before


def test_a_period_never_opened_is_explained_not_created(client_as):
    page = client_as("commune_reporter").get(reverse("reporting:form", args=["DU-15997", "2030Q1"]))
    assert "chưa được mở" in page.content.decode()


def test_the_province_office_opens_and_closes_a_period_from_the_page(client_as):
    office = client_as("province_office")
    url = reverse("reporting:periods")
    office.post(url, {"code": "2030Q1", "action": "open", "year": 2030})
    assert Period.objects.get(code="2030Q1").is_closed is False
    page = office.get(url, {"year": 2030}).content.decode()
    assert "đang mở" in page and "Kỳ báo cáo năm 2030" in page and "2.030" not in page
    office.post(url, {"code": "2030Q1", "action": "close", "year": 2030})
    assert Period.objects.get(code="2030Q1").is_closed is True


@pytest.mark.parametrize("persona_name", ["district_reporter", "commune_reporter", "leader"])
def test_only_the_province_office_may_open_a_period(client_as, persona_name):
    response = client_as(persona_name).post(
        reverse("reporting:periods"), {"code": "2030Q2", "action": "open"}
    )
    assert response.status_code == 403
    assert not Period.objects.filter(code="2030Q2").exists()


def test_a_closed_period_takes_no_more_reports(persona):
    period = services.open_period("2030Q3", persona("province_office"))
    services.close_period(period, persona("province_office"))
    with pytest.raises(services.Refused, match="đã khóa"):
        services.open_report(OrgUnit.objects.get(code="DU-15997"), period)


def test_the_daily_job_opens_the_periods_whose_cut_off_has_passed(settings):
    settings.TK_TODAY = datetime.date(2031, 4, 20)
    opened = {p.code for p in services.open_due_periods()}
    # On 20/4/2031: the month whose data ends 14/4, the quarter to 14/3, and the others.
    assert opened == {"2031-04", "2031Q1", "2030S1", "2030M9", "2030"}
    assert clock.today() == datetime.date(2031, 4, 20)
