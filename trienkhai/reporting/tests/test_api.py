import pytest

from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting import services
from trienkhai.reporting.models import Period, Submission

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

URL = "/api/v1/reports/units/DU-15997/2021Q4/"


def body():
    commune = OrgUnit.objects.get(code="DU-15997")
    task = services.unit_tasks(commune, Period.objects.ensure("2021Q4")).first()
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
    rows = api_as("outsider").get("/api/v1/reports/?period=2021Q4").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert rows and all(r["unit"] in ("HU-401",) or r["unit"].startswith("DU-") for r in rows)
    assert "HU-399" not in {r["unit"] for r in rows}


def test_completeness_and_rollups_come_from_the_api(api_as):
    client = api_as("province_office")
    rates = client.get("/api/v1/completeness/", {"period": "2021Q4"}).json()
    assert rates["total"]["expected"] >= rates["total"]["on_time"] > 0
    targets = client.get("/api/v1/rollups/", {"period": "2021Q4"}).json()["targets"]
    with_children = [t for t in targets if t["children"]]
    assert with_children and with_children[0]["computed"] is not None


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


def test_the_report_list_costs_the_same_queries_for_few_or_many_reports(
    api_as, django_assert_max_num_queries
):
    client = api_as("province_office")
    assert len(client.get("/api/v1/reports/?period=2021Q4").json()["results"]) > 10
    with django_assert_max_num_queries(12):
        client.get("/api/v1/reports/?period=2021Q4")
