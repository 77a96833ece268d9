"""The oversight API: each endpoint's happy path, who may read drafts and act, the
service's refusals as structured 400s, and retries that store nothing twice.

The world's inspector (`kiemtra`, Tỉnh ủy) runs the Inspection Commission's oversight;
Huyện ủy Hoằng Hóa is the subject, its reporter (`hoanghoa`) writes for it; the leader
in charge of Hoằng Hóa (`lanhdao`) reads; Nga Sơn's reporter (`ngason`) sees nothing
of Hoằng Hóa."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from trienkhai.documents.models import Document
from trienkhai.oversight import services
from trienkhai.oversight.models import (
    Case,
    CaseState,
    Finding,
    Plan,
    Recommendation,
    RecState,
    Remedy,
    Team,
    TeamRole,
    Visit,
)
from trienkhai.testing import factories
from trienkhai.testing import oversight as make

D = datetime.date
API = "/api/v1/oversight"
TODAY = D(2021, 12, 10)
SELF_REPORT = "Đã tổ chức học tập, ban hành kế hoạch thực hiện và phân công theo dõi." * 2
REMEDY = "Đã ban hành kế hoạch bổ sung và triển khai đến các chi bộ."


@pytest.fixture(autouse=True)
def today(settings):
    """A day of the demo's scenario: the factories' documents of autumn 2021 are in the
    past, the recommendations due in March 2022 not yet."""
    settings.TK_TODAY = TODAY


@pytest.fixture
def inspector(world):
    return world.user("kiemtra")


@pytest.fixture
def case(world, inspector):
    """Hoằng Hóa's open case of a plan of the Inspection Commission."""
    return make.case(world.ubkt, world.hoanghoa, user=inspector)


@pytest.fixture
def concluded(case, inspector):
    """The case concluded on 05/12/2021 with one recommendation to Hoằng Hóa."""
    return make.concluded(case, user=inspector)


def rows(response):
    assert response.status_code == 200, response.content
    body = response.json()
    return body["results"] if isinstance(body, dict) else body


def fields(response):
    return response.json()["error"]["fields"]


def plan_body(**extra):
    return {
        "body": "UBKTTU-38",
        "kind": "thematic",
        "title": "Giám sát việc thực hiện Quyết định 621-QĐ/TU",
        "content": "Việc học tập, cụ thể hóa và tổ chức thực hiện.",
        "year_from": 2021,
        "covers_from": "2021-01-01",
        "covers_to": "2021-09-30",
        "starts_on": "2021-10-15",
        "ends_on": "2021-12-31",
        "subjects": ["HU-399", "hu-401"],
        **extra,
    }


# --- plans and teams ---------------------------------------------------------------------


def test_an_inspector_drafts_a_plan_and_the_same_plan_sent_again_is_returned(api_as, world):
    document = factories.document(world.province, "621-QĐ/TU", issue_date=D(2021, 3, 1))
    client = api_as("kiemtra")
    payload = plan_body(documents=[str(document.uid)])
    first = client.post(f"{API}/plans/", payload, format="json")
    again = client.post(f"{API}/plans/", payload, format="json")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first.json() == again.json() and Plan.objects.count() == 1
    plan = first.json()
    assert plan["body"] == "UBKTTU-38" and plan["subjects"] == ["HU-399", "HU-401"]
    assert plan["documents"] == [str(document.uid)] and plan["year_to"] == 2021
    assert plan["issued"] is False and plan["symbol"] is None
    assert plan["starts_on"] == "2021-10-15"
    assert [p["uid"] for p in rows(client.get(f"{API}/plans/"))] == [plan["uid"]]
    assert client.get(f"{API}/plans/{plan['uid']}/").json()["title"] == plan["title"]


def test_a_plan_without_subjects_is_refused_with_the_services_message(api_as, world):
    response = api_as("kiemtra").post(f"{API}/plans/", plan_body(subjects=[]), format="json")
    assert response.status_code == 400
    assert fields(response) == {"subjects": ["Hãy chọn ít nhất một đơn vị là đối tượng."]}
    assert not Plan.objects.exists()


def test_a_plan_naming_a_unit_out_of_sight_is_refused_on_that_field(api_as, world):
    response = api_as("district_reporter").post(
        f"{API}/plans/", plan_body(body="HU-399"), format="json"
    )
    assert response.status_code == 400  # Nga Sơn is not Hoằng Hóa's to see
    assert fields(response) == {"subjects": ["Không tìm thấy đơn vị có mã “HU-401”."]}


def test_a_reporter_may_not_plan_its_own_committees_oversight(api_as, world):
    response = api_as("district_reporter").post(
        f"{API}/plans/", plan_body(body="HU-399", subjects=["DU-15997"]), format="json"
    )
    assert response.status_code == 403
    assert "Huyện ủy Hoằng Hóa" in response.json()["error"]["message"]
    assert not Plan.objects.exists()


def test_the_plan_is_issued_and_issuing_it_again_changes_nothing(api_as, world, inspector):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=inspector, issued=False)
    client = api_as("kiemtra")
    url = f"{API}/plans/{plan.uid}/issue/"
    body = {"symbol": "150-KH/UBKTTU", "issue_date": "2021-10-01"}
    first, again = client.post(url, body, format="json"), client.post(url, body, format="json")
    assert (first.status_code, again.status_code) == (200, 200), first.content
    assert first.json()["symbol"] == "150-KH/UBKTTU" and first.json()["issued"] is True
    assert first.json()["issue_date"] == "2021-10-01"
    assert Document.objects.filter(symbol="150-KH/UBKTTU").count() == 1
    # Issued, the plan is read by its subject; issuing is the body's.
    assert api_as("district_reporter").post(url, body, format="json").status_code == 403
    other = client.post(url, {"symbol": "151-KH/UBKTTU", "issue_date": "2021-10-01"})
    assert other.status_code == 400 and fields(other) == {"symbol": ["Kế hoạch đã được ban hành."]}


def test_a_plan_with_a_bad_symbol_is_not_issued(api_as, world, inspector):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=inspector, issued=False)
    response = api_as("kiemtra").post(
        f"{API}/plans/{plan.uid}/issue/",
        {"symbol": "150-QĐ/UBKTTU", "issue_date": "2021-10-01"},
        format="json",
    )
    assert response.status_code == 400 and "không phải KH" in fields(response)["symbol"][0]
    plan.refresh_from_db()
    assert not plan.issued


def test_a_team_is_formed_through_its_plan_and_opens_a_case_per_subject(api_as, world, inspector):
    plan = make.plan(world.ubkt, [world.hoanghoa, world.ngason], user=inspector)
    head = make.inspector_person(world.ubkt, "Lê Thị Trưởng Đoàn")
    member = make.inspector_person(world.ubkt, "Phạm Văn Thành Viên")
    client = api_as("kiemtra")
    body = {
        "name": "Đoàn giám sát số 1",
        "starts_on": "2021-10-20",
        "ends_on": "2021-11-30",
        "self_report_due": "2021-10-18",
        "subjects": ["HU-399", "HU-401"],
        "members": [{"person": str(head.uid), "role": "head"}, {"person": str(member.uid)}],
        "symbol": "210-QĐ/UBKTTU",
        "issue_date": "2021-10-10",
    }
    first = client.post(f"{API}/plans/{plan.uid}/teams/", body, format="json")
    again = client.post(f"{API}/plans/{plan.uid}/teams/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    team = first.json()
    assert again.json() == team and Team.objects.count() == 1
    assert team["symbol"] == "210-QĐ/UBKTTU" and team["self_report_due"] == "2021-10-18"
    assert [(m["name"], m["role"]) for m in team["members"]] == [
        ("Lê Thị Trưởng Đoàn", TeamRole.HEAD),
        ("Phạm Văn Thành Viên", TeamRole.MEMBER),
    ]
    assert team["subjects"] == ["HU-399", "HU-401"]
    assert Case.objects.filter(team__uid=team["uid"]).count() == 2
    assert [t["uid"] for t in rows(client.get(f"{API}/teams/", {"plan": plan.uid}))] == [
        team["uid"]
    ]
    assert client.get(f"{API}/teams/{team['uid']}/").json()["name"] == "Đoàn giám sát số 1"
    # Nga Sơn sees the team of its own case, and only its own case; Hoằng Hóa's reporter
    # may not form a team.
    outsider = api_as("outsider")
    assert outsider.get(f"{API}/teams/{team['uid']}/").status_code == 200
    cases = rows(outsider.get(f"{API}/cases/", {"team": team["uid"]}))
    assert [c["subject"] for c in cases] == ["HU-401"]
    refused = api_as("district_reporter").post(
        f"{API}/plans/{plan.uid}/teams/", body, format="json"
    )
    assert refused.status_code == 403


def test_a_team_without_a_head_is_refused_on_its_members(api_as, world, inspector):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=inspector)
    member = make.inspector_person(world.ubkt)
    body = {
        "name": "Đoàn giám sát",
        "starts_on": "2021-10-20",
        "ends_on": "2021-11-30",
        "self_report_due": "2021-10-18",
        "subjects": ["HU-399"],
        "members": [{"person": str(member.uid), "role": "member"}],
        "symbol": "211-QĐ/UBKTTU",
        "issue_date": "2021-10-10",
    }
    response = api_as("kiemtra").post(f"{API}/plans/{plan.uid}/teams/", body, format="json")
    assert response.status_code == 400
    assert fields(response) == {"members": ["Đoàn phải có đúng một Trưởng đoàn."]}
    assert not Team.objects.exists() and not Document.objects.filter(symbol__contains="QĐ")


# --- cases -------------------------------------------------------------------------------


def test_the_subject_lists_and_reads_its_case_with_its_state(api_as, case):
    client = api_as("district_reporter")
    (listed,) = rows(client.get(f"{API}/cases/"))
    assert listed["uid"] == str(case.uid) and listed["subject"] == "HU-399"
    assert listed["state"] == CaseState.OPEN and listed["conclusion"] is None
    assert listed["body"] == "UBKTTU-38" and listed["self_report_due"] == "2021-10-18"
    assert listed["self_report"] == "" and listed["self_report_late"] is True
    assert client.get(f"{API}/cases/{case.uid}/").json() == listed


def test_another_district_gets_404_on_the_case_and_its_drafts(api_as, case):
    client = api_as("outsider")
    assert rows(client.get(f"{API}/cases/")) == []
    for url in (f"{API}/cases/{case.uid}/", f"{API}/cases/{case.uid}/findings/"):
        response = client.get(url)
        assert response.status_code == 404
        assert response.json()["error"]["message"] == "Không tìm thấy cuộc kiểm tra, giám sát này."
    sent = client.post(f"{API}/cases/{case.uid}/self-report/", {"self_report": SELF_REPORT})
    assert sent.status_code == 404


def test_the_subject_sends_its_self_report_and_a_retry_is_not_stored_twice(api_as, case):
    client = api_as("district_reporter")
    url = f"{API}/cases/{case.uid}/self-report/"
    first = client.post(url, {"self_report": SELF_REPORT}, format="json")
    assert first.status_code == 200, first.content
    versions = case.history.count()
    again = client.post(url, {"self_report": SELF_REPORT}, format="json")
    assert again.status_code == 200 and again.json() == first.json()
    assert first.json()["self_report"] == SELF_REPORT.strip()
    assert case.history.count() == versions  # nothing saved the second time
    case.refresh_from_db()
    assert case.self_report == SELF_REPORT.strip()


def test_a_short_self_report_or_one_by_the_body_is_refused(api_as, case):
    url = f"{API}/cases/{case.uid}/self-report/"
    short = api_as("district_reporter").post(url, {"self_report": "Đã học."}, format="json")
    assert short.status_code == 400
    assert fields(short) == {
        "self_report": ["Báo cáo tự kiểm tra quá ngắn (cần ít nhất 50 ký tự)."]
    }
    by_body = api_as("kiemtra").post(url, {"self_report": SELF_REPORT}, format="json")
    assert by_body.status_code == 403
    case.refresh_from_db()
    assert case.self_report == "" and case.self_reported_at is None


def test_the_team_adds_findings_and_recommendations_and_a_retry_returns_the_first(api_as, case):
    client = api_as("kiemtra")
    finding = {"kind": "limitation", "text": "Chậm ban hành kế hoạch thực hiện."}
    url = f"{API}/cases/{case.uid}/findings/"
    first, again = client.post(url, finding, format="json"), client.post(url, finding)
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first.json() == again.json() and Finding.objects.count() == 1
    assert [f["kind"] for f in client.get(url).json()] == ["limitation"]
    rec = {"text": "Bổ sung kế hoạch.", "responsible_unit": "du-15997", "deadline": "2022-03-31"}
    url = f"{API}/cases/{case.uid}/recommendations/"
    first, again = client.post(url, rec, format="json"), client.post(url, rec, format="json")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first.json()["responsible_unit"] == "DU-15997" and first.json()["state"] == "open"
    assert Recommendation.objects.count() == 1
    assert [r["uid"] for r in client.get(url).json()] == [first.json()["uid"]]


def test_a_recommendation_outside_the_subject_is_refused_with_the_services_message(api_as, case):
    rec = {"text": "Bổ sung kế hoạch.", "responsible_unit": "HU-401", "deadline": "2022-03-31"}
    response = api_as("kiemtra").post(
        f"{API}/cases/{case.uid}/recommendations/", rec, format="json"
    )
    assert response.status_code == 400
    assert fields(response) == {
        "responsible_unit": [
            "Đơn vị chịu trách nhiệm phải là Huyện ủy Hoằng Hóa hoặc đơn vị trực thuộc."
        ]
    }


def test_the_subject_may_not_see_draft_findings_and_reads_them_after_the_conclusion(
    api_as, case, inspector
):
    make.finding(case, user=inspector)
    make.recommendation(case, user=inspector)
    client = api_as("district_reporter")
    for what in ("findings", "recommendations"):
        assert client.get(f"{API}/cases/{case.uid}/{what}/").status_code == 403
    added = client.post(f"{API}/cases/{case.uid}/findings/", {"kind": "strength", "text": "x"})
    assert added.status_code == 403 and Finding.objects.count() == 1
    (draft,) = case.recommendations.all()
    assert client.get(f"{API}/recommendations/{draft.uid}/").status_code == 404
    assert rows(client.get(f"{API}/recommendations/")) == []
    services.issue_conclusion(inspector, case, symbol="301-TB/UBKTTU", issue_date=D(2021, 12, 5))
    findings = client.get(f"{API}/cases/{case.uid}/findings/")
    assert [f["text"] for f in findings.json()] == ["Chậm ban hành kế hoạch thực hiện."]
    recs = client.get(f"{API}/cases/{case.uid}/recommendations/").json()
    assert [r["uid"] for r in recs] == [str(draft.uid)]


def test_a_conclusion_without_findings_is_refused_on_its_field_and_nothing_is_saved(api_as, case):
    documents = Document.objects.count()
    response = api_as("kiemtra").post(
        f"{API}/cases/{case.uid}/conclude/",
        {"symbol": "301-TB/UBKTTU", "issue_date": "2021-12-05"},
        format="json",
    )
    assert response.status_code == 400
    assert fields(response) == {
        "findings": [
            "Chưa có nhận xét, đánh giá nào: hãy ghi ưu điểm, hạn chế, khuyết điểm, nguyên "
            "nhân trước khi ban hành kết luận."
        ]
    }
    case.refresh_from_db()
    assert case.conclusion_id is None and case.state == CaseState.OPEN
    assert Document.objects.count() == documents


def test_the_team_issues_the_conclusion_and_a_retry_returns_the_case_unchanged(
    api_as, case, inspector
):
    make.finding(case, user=inspector)
    make.recommendation(case, user=inspector)
    client = api_as("kiemtra")
    url = f"{API}/cases/{case.uid}/conclude/"
    body = {"symbol": "301-TB/UBKTTU", "issue_date": "2021-12-05"}
    first, again = client.post(url, body, format="json"), client.post(url, body, format="json")
    assert (first.status_code, again.status_code) == (200, 200), first.content
    assert first.json() == again.json()
    assert first.json()["conclusion"] == "301-TB/UBKTTU"
    assert first.json()["state"] == CaseState.CONCLUDED
    assert first.json()["concluded_on"] == "2021-12-05"
    assert Document.objects.filter(symbol="301-TB/UBKTTU").count() == 1
    late = client.post(f"{API}/cases/{case.uid}/findings/", {"kind": "cause", "text": "Mới"})
    assert late.status_code == 400 and "case" in fields(late)
    assert api_as("district_reporter").post(url, body, format="json").status_code == 403


# --- the follow-up of recommendations --------------------------------------------------------


def test_issued_recommendations_are_listed_by_state_and_unit(api_as, world, inspector):
    done = make.concluded(make.case(world.ubkt, world.hoanghoa, user=inspector), user=inspector)
    (rec_done,) = done.recommendations.all()
    services.verify_remedy(
        inspector, make.remedy(rec_done, user=world.user("hoanghoa")), verdict="done"
    )
    late = make.case(world.ubkt, world.ngason, user=inspector)
    make.concluded(late, user=inspector, deadline=D(2021, 12, 8), issue_date=D(2021, 12, 5))
    (rec_late,) = late.recommendations.all()
    draft = make.case(world.ubkt, world.hoangdong, user=inspector)
    make.recommendation(draft, user=inspector)  # not issued: listed by nobody
    client = api_as("kiemtra")

    def listed(**params):
        return sorted(r["uid"] for r in rows(client.get(f"{API}/recommendations/", params)))

    assert listed() == sorted([str(rec_done.uid), str(rec_late.uid)])
    assert listed(state="open") == listed(state="overdue") == [str(rec_late.uid)]
    assert listed(state="done") == [str(rec_done.uid)]
    assert listed(unit="HU-399") == [str(rec_done.uid)]
    assert listed(unit="hu-401", state="done") == []
    bad = client.get(f"{API}/recommendations/", {"state": "late"})
    assert bad.status_code == 400 and "state" in fields(bad)
    detail = client.get(f"{API}/recommendations/{rec_late.uid}/").json()
    assert detail["overdue"] is True and detail["responsible_unit"] == "HU-401"
    assert [r["uid"] for r in rows(api_as("outsider").get(f"{API}/recommendations/"))] == [
        str(rec_late.uid)
    ]


def test_the_responsible_unit_reports_a_remedy_and_a_retry_is_not_stored_twice(api_as, concluded):
    (rec,) = concluded.recommendations.all()
    client = api_as("district_reporter")
    url = f"{API}/recommendations/{rec.uid}/remedies/"
    first = client.post(url, {"text": REMEDY}, format="json")
    again = client.post(url, {"text": REMEDY}, format="json")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first.json() == again.json() and Remedy.objects.count() == 1
    assert first.json()["recommendation"] == str(rec.uid) and first.json()["verdict"] == ""
    detail = client.get(f"{API}/recommendations/{rec.uid}/").json()
    assert detail["state"] == RecState.REPORTED and len(detail["remedies"]) == 1
    other = client.post(url, {"text": REMEDY + " Bổ sung."}, format="json")
    assert other.status_code == 400 and "chờ xác minh" in fields(other)["text"][0]


@pytest.mark.parametrize(("who", "expected"), [("leader", 403), ("outsider", 404)])
def test_a_remedy_by_another_unit_is_refused(api_as, concluded, who, expected):
    (rec,) = concluded.recommendations.all()
    response = api_as(who).post(
        f"{API}/recommendations/{rec.uid}/remedies/", {"text": REMEDY}, format="json"
    )
    assert response.status_code == expected
    assert not Remedy.objects.exists()


def test_the_team_verifies_a_remedy_and_the_case_closes(api_as, world, concluded):
    (rec,) = concluded.recommendations.all()
    remedy = make.remedy(rec, user=world.user("hoanghoa"))
    url = f"{API}/remedies/{remedy.pk}/verify/"
    assert api_as("district_reporter").post(url, {"verdict": "done"}).status_code == 403
    client = api_as("kiemtra")
    no_note = client.post(url, {"verdict": "partly"}, format="json")
    assert no_note.status_code == 400 and list(fields(no_note)) == ["note"]
    first = client.post(url, {"verdict": "done"}, format="json")
    again = client.post(url, {"verdict": "done"}, format="json")
    assert (first.status_code, again.status_code) == (200, 200), first.content
    assert first.json()["verdict"] == "done" and first.json()["verified_on"] == "2021-12-10"
    concluded.refresh_from_db()
    rec.refresh_from_db()
    assert rec.state == RecState.DONE and concluded.state == CaseState.CLOSED
    assert api_as("outsider").post(url, {"verdict": "done"}).status_code == 404


def test_verifying_ones_own_remedy_is_refused(api_as, world):
    """The administrator acts for every unit and every body: it may report a remedy, but
    not verify the one it reported."""
    office = world.user("admin")
    plan = make.plan(world.province, [world.hoanghoa], user=office, symbol="120-KH/TU")
    team = make.team(
        plan,
        user=office,
        members=[(make.inspector_person(world.province), TeamRole.HEAD)],
        symbol="220-QĐ/TU",
    )
    case = team.cases.get()
    make.finding(case, user=office)
    make.recommendation(case, user=office)
    services.issue_conclusion(office, case, symbol="320-TB/TU", issue_date=D(2021, 12, 5))
    remedy = make.remedy(case.recommendations.get(), user=office)
    response = api_as("admin").post(
        f"{API}/remedies/{remedy.pk}/verify/", {"verdict": "done"}, format="json"
    )
    assert response.status_code == 403
    assert response.json()["error"]["message"] == (
        "Không tự xác minh báo cáo khắc phục do chính mình gửi."
    )
    remedy.refresh_from_db()
    assert remedy.verdict == ""


# --- supervision visits ---------------------------------------------------------------------


def test_the_member_in_charge_records_a_visit_and_a_retry_returns_it(api_as, world):
    client = api_as("leader")
    body = {
        "unit": "HU-399",
        "held_on": "2021-12-01",
        "kind": "visit",
        "notes": "Làm việc về tiến độ học tập Quyết định 621-QĐ/TU.",
        "follow_ups": [{"text": "Báo cáo số đảng viên chưa học", "deadline": "2021-12-20"}],
    }
    first = client.post(f"{API}/visits/", body, format="json")
    again = client.post(f"{API}/visits/", body, format="json")
    assert (first.status_code, again.status_code) == (201, 200), first.content
    assert first.json() == again.json() and Visit.objects.count() == 1
    visit = first.json()
    assert visit["member"] == str(world.leader.uid) and visit["unit"] == "HU-399"
    assert [(f["text"], f["deadline"]) for f in visit["follow_ups"]] == [
        ("Báo cáo số đảng viên chưa học", "2021-12-20")
    ]
    assert [v["uid"] for v in rows(api_as("district_reporter").get(f"{API}/visits/"))] == [
        visit["uid"]
    ]
    assert client.get(f"{API}/visits/{visit['uid']}/").json() == visit
    assert api_as("outsider").get(f"{API}/visits/{visit['uid']}/").status_code == 404


def test_a_visit_to_a_unit_not_in_ones_charge_is_refused_with_the_services_message(
    api_as,
):
    body = {"unit": "TU-38-BTV", "held_on": "2021-12-01", "kind": "visit", "notes": "Làm việc."}
    response = api_as("leader").post(f"{API}/visits/", body, format="json")
    assert response.status_code == 400
    assert fields(response) == {
        "unit": ["Ban Thường vụ Tỉnh ủy không thuộc các đơn vị được phân công phụ trách."]
    }
    assert not Visit.objects.exists()


# --- the risk list ------------------------------------------------------------------------------


def test_the_risk_list_ranks_the_committees_units_with_their_signals(api_as, world, inspector):
    late = make.case(world.ubkt, world.hoanghoa, user=inspector)
    make.concluded(late, user=inspector, deadline=D(2021, 12, 8), issue_date=D(2021, 12, 5))
    response = api_as("kiemtra").get(f"{API}/risk/", {"body": "UBKTTU-38", "on": "2021-12-10"})
    assert response.status_code == 200, response.content
    answer = response.json()
    assert (answer["body"], answer["committee"], answer["on"]) == (
        "UBKTTU-38",
        "TU-38",
        "2021-12-10",
    )
    assert answer["may_plan"] is True
    by_unit = {r["unit"]: r for r in answer["rows"]}
    assert set(by_unit) == {"DUCA-38", "HU-399", "HU-401"}  # not the committee's bodies
    first = answer["rows"][0]
    assert first["unit"] == "HU-399" and first["rank"] == 1 and first["score"] > 0
    keys = {s["key"] for s in first["signals"]}
    assert {"rec_open", "rec_overdue"} <= keys
    assert all(s["count"] > 0 and s["reason"] and s["url"] for s in first["signals"])


def test_the_risk_list_shows_each_reader_only_what_it_sees(api_as, world):
    district = api_as("district_reporter").get(f"{API}/risk/", {"on": "2021-12-10"})
    assert district.status_code == 200, district.content
    assert district.json()["committee"] == "HU-399" and district.json()["may_plan"] is False
    assert {r["unit"] for r in district.json()["rows"]} == {"DU-15997", "DU-16000"}
    assert api_as("outsider").get(f"{API}/risk/", {"body": "HU-399"}).status_code == 404
    bad = api_as("kiemtra").get(f"{API}/risk/", {"body": "UBKTTU-38", "on": "10/12/2021"})
    assert bad.status_code == 400 and list(fields(bad)) == ["on"]


# --- budgets and the schema -------------------------------------------------------------------


LISTS = ("cases", "recommendations", "plans", "teams")


def test_the_lists_cost_the_same_queries_for_one_case_or_three(api_as, world, inspector):
    client = api_as("kiemtra")

    def queries():
        counts = []
        for name in LISTS:
            with CaptureQueriesContext(connection) as captured:
                assert client.get(f"{API}/{name}/").status_code == 200
            counts.append(len(captured))
        return counts

    make.concluded(make.case(world.ubkt, world.hoanghoa, user=inspector), user=inspector)
    one = queries()
    for subject in (world.ngason, world.police):
        make.concluded(make.case(world.ubkt, subject, user=inspector), user=inspector)
    # Each: the token, the user's roles, the count, the page with its joins; then the
    # prefetches: recommendations their remedies; plans their subjects, documents and
    # programmes; teams their members (with person and post) and cases.
    assert queries() == one
    assert one[2] - one[0] == 3 and one[3] - one[0] == 2


def test_the_openapi_schema_validates_without_a_warning(tmp_path):
    from django.core.management import call_command

    call_command("spectacular", "--validate", "--fail-on-warn", "--file", tmp_path / "s.yml")


def test_the_openapi_document_describes_the_oversight_endpoints(client_as):
    paths = client_as("leader").get("/api/v1/openapi.json").json()["paths"]
    for path in (
        "/api/v1/oversight/plans/{uid}/issue/",
        "/api/v1/oversight/plans/{uid}/teams/",
        "/api/v1/oversight/cases/{uid}/self-report/",
        "/api/v1/oversight/cases/{uid}/findings/",
        "/api/v1/oversight/cases/{uid}/conclude/",
        "/api/v1/oversight/recommendations/{uid}/remedies/",
        "/api/v1/oversight/remedies/{id}/verify/",
        "/api/v1/oversight/visits/",
        "/api/v1/oversight/risk/",
    ):
        assert path in paths, path
