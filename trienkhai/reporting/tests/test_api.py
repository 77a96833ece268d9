import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.core import clock
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.cascade import delegate
from trienkhai.programmes.models import Task
from trienkhai.reporting.models import Period, Submission
from trienkhai.testing import factories as make
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]

URL = "/api/v1/reports/units/DU-15997/2021Q4/"


@pytest.fixture(autouse=True)
def tourism(world, settings):
    """The tourism programme carried down to the communes, 2021Q4 opened, on the
    demo's day (24/12/2021: the cut-off passed, the communes' deadline too)."""
    settings.TK_TODAY = clock.DEMO_TODAY
    made = make_reports.tourism()
    make_reports.period("2021Q4")
    return made


def unit(code):
    return OrgUnit.objects.get(code=code)


def body():
    task = Task.objects.get(lead_unit__code="DU-15997")  # delegated by Hoằng Hóa
    return {
        "results": "Đã triển khai kế hoạch du lịch tại xã.",
        "tasks": [{"task": str(task.uid), "progress": "45", "done": "Tuyên truyền"}],
    }


def test_a_draft_put_twice_is_stored_once_and_submitting_twice_sends_one_version(api_as):
    client = api_as("commune_reporter")
    first = client.put(URL, body(), format="json")
    second = client.put(URL, body(), format="json")
    assert first.status_code == second.status_code == 200
    assert Submission.objects.filter(unit__code="DU-15997", period__code="2021Q4").count() == 1
    uid = first.json()["uid"]
    sent = [client.post(f"/api/v1/reports/{uid}/submit/") for _i in range(2)]
    assert [r.status_code for r in sent] == [200, 200]
    assert sent[1].json()["version"] == 1 and sent[1].json()["status"] == "submitted"
    assert sent[1].json()["tasks"][0]["progress"] == "45.00"


def test_the_district_returns_and_accepts_through_the_api_and_the_commune_cannot(api_as):
    commune = api_as("commune_reporter")
    uid = commune.put(URL, body(), format="json").json()["uid"]
    commune.post(f"/api/v1/reports/{uid}/submit/")
    assert commune.post(f"/api/v1/reports/{uid}/accept/").status_code == 403
    district = api_as("district_reporter")
    refused = district.post(f"/api/v1/reports/{uid}/return/", {"reason": ""}, format="json")
    assert refused.status_code == 400 and "lý do" in str(refused.json())
    returned = district.post(
        f"/api/v1/reports/{uid}/return/", {"reason": "Bổ sung số liệu."}, format="json"
    )
    assert returned.json()["status"] == "returned"
    commune.post(f"/api/v1/reports/{uid}/submit/")
    accepted = district.post(f"/api/v1/reports/{uid}/accept/")
    assert accepted.json()["status"] == "accepted" and accepted.json()["version"] == 2


@pytest.mark.parametrize(
    ("url", "payload", "status"),
    [
        (URL, {"tasks": [{"task": "00000000-0000-0000-0000-000000000000"}]}, 400),
        ("/api/v1/reports/units/DU-15997/2021Q5/", {}, 404),
        ("/api/v1/reports/units/DU-16000/2021Q4/", {}, 404),  # another district's commune
    ],
)
def test_bad_drafts_are_refused_and_nothing_is_stored(api_as, url, payload, status):
    before = Submission.objects.count()
    response = api_as("commune_reporter").put(url, payload, format="json")
    assert response.status_code == status
    assert Submission.objects.count() == before


def test_a_value_out_of_range_is_refused_with_a_structured_error(api_as):
    payload = body()
    payload["tasks"][0]["progress"] = "130"
    response = api_as("commune_reporter").put(URL, payload, format="json")
    assert response.status_code == 400 and "từ 0 đến 100" in str(response.json())
    assert not Submission.objects.filter(unit__code="DU-15997", results__gt="").exists()


def test_the_api_lists_reports_only_in_scope(api_as):
    q4 = Period.objects.get(code="2021Q4")
    for code in ("HU-401", "DU-16100", "HU-399", "DU-15997"):
        make_reports.sent(unit(code), q4, progress=50)
    rows = api_as("outsider").get("/api/v1/reports/?period=2021Q4").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert sorted(r["unit"] for r in rows) == ["DU-16100", "HU-401"]  # Nga Sơn's own


def test_completeness_and_rollups_come_from_the_api(api_as):
    q4 = Period.objects.get(code="2021Q4")
    # Hoằng Hóa reports on time (deadline 19/12), Nga Sơn late; Hoằng Đông is returned.
    make_reports.accepted(unit("HU-399"), q4, progress=60, value=2500)
    make_reports.accepted(
        unit("HU-401"), q4, progress=40, value=1500, on=datetime.date(2021, 12, 23)
    )
    make_reports.returned(unit("DU-15997"), q4, progress=30)
    client = api_as("province_office")
    rates = client.get("/api/v1/completeness/", {"period": "2021Q4"}).json()
    # Owed: the province, its two districts and their three communes.
    assert {k: rates["total"][k] for k in ("expected", "on_time", "late", "returned")} == {
        "expected": 6,
        "on_time": 1,
        "late": 1,
        "returned": 1,
    }
    targets = client.get("/api/v1/rollups/", {"period": "2021Q4"}).json()["targets"]
    (visitors,) = targets
    assert visitors["code"] == "CT1" and visitors["unit"] == "TU-38"
    assert {c["unit"]: c["reported"] for c in visitors["children"]} == {
        "HU-399": 2500,
        "HU-401": 1500,
    }
    assert visitors["computed"] == 4000


def test_a_period_code_is_read_with_its_cut_off(api_as):
    response = api_as("commune_reporter").get("/api/v1/periods/2021Q4/")
    assert response.json()["data_to"] == "2021-12-14"
    assert api_as("commune_reporter").get("/api/v1/periods/2021Q9/").status_code == 404
    assert Period.objects.filter(code="2021Q4").exists()


def test_a_task_line_with_a_number_for_text_is_stored_as_text_not_an_error(api_as):
    payload = body()
    payload["tasks"][0]["done"] = 5
    response = api_as("commune_reporter").put(URL, payload, format="json")
    assert response.status_code == 200 and response.json()["tasks"][0]["done"] == "5"


def test_the_report_list_costs_the_same_queries_for_few_or_many_reports(api_as, tourism):
    q4 = Period.objects.get(code="2021Q4")
    client = api_as("province_office")

    def listed():
        with CaptureQueriesContext(connection) as queries:
            rows = client.get("/api/v1/reports/?period=2021Q4").json()["results"]
        return len(rows), len(queries)

    make_reports.sent(unit("HU-399"), q4, progress=50)
    few = listed()
    # Nga Sơn hands its task to ten more communes; twelve units then report.
    communes = [make.unit(unit("HU-401")) for _i in range(10)]
    delegate(tourism.tasks["HU-401"], communes, make_reports.END)
    for commune in [unit("HU-401"), unit("DU-16100"), *communes]:
        make_reports.sent(commune, q4, progress=50)
    many = listed()
    assert (few[0], many[0]) == (1, 13)
    assert many[1] == few[1] <= 12
