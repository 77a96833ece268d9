"""The oversight pages, as each persona uses them: built from small factories."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.documents.models import Document
from trienkhai.oversight.models import Case, CaseState, Finding, Plan, Recommendation, RecState
from trienkhai.testing import oversight as make

D = datetime.date
pytestmark = pytest.mark.django_db


def _plan_post(world, **extra):
    data = {
        "body": world.ubkt.pk,
        "kind": "thematic",
        "title": "Kế hoạch giám sát chuyên đề việc thực hiện Quyết định 621-QĐ/TU",
        "content": "Việc học tập, cụ thể hóa và tổ chức thực hiện Quyết định 621-QĐ/TU.",
        "year_from": "2021",
        "year_to": "2021",
        "covers_from": "01/01/2021",
        "covers_to": "30/09/2021",
        "starts_on": "15/10/2021",
        "ends_on": "31/12/2021",
        "subjects": [world.hoanghoa.pk, world.ngason.pk],
    }
    data.update(extra)
    return data


def test_the_inspector_drafts_a_plan_issues_it_and_it_enters_the_registry(world, client_as):
    client = client_as("kiemtra")
    response = client.post(reverse("oversight:plan-create"), _plan_post(world))
    assert response.status_code == 302, response.content.decode()[:3000]
    plan = Plan.objects.get()
    assert not plan.issued
    page = client.get(plan.get_absolute_url())
    assert "Dự thảo, chưa ban hành" in page.content.decode()
    response = client.post(
        reverse("oversight:plan-issue", args=[plan.uid]),
        {"symbol": "45-KH/UBKTTU", "issue_date": "01/10/2021"},
    )
    assert response.status_code == 302
    document = Document.objects.get(symbol="45-KH/UBKTTU")
    assert set(document.subjects.values_list("code", flat=True)) == {"HU-399", "HU-401"}


def test_a_plan_form_opened_from_the_risk_list_has_its_units_ticked(world, client_as):
    url = reverse("oversight:plan-create") + "?subject=HU-399&subject=HU-401&body=UBKTTU-38"
    page = client_as("kiemtra").get(url).content.decode()
    assert page.count("selected") >= 3  # the body and the two districts


def test_a_plan_with_a_subject_outside_the_committee_is_refused_on_its_field(world, client_as):
    response = client_as("vanphonghh").get(reverse("oversight:plan-create"))
    # The district office plans for its own committee's bodies only.
    assert response.status_code == 200
    response = client_as("vanphonghh").post(
        reverse("oversight:plan-create"),
        _plan_post(world, body=world.hoanghoa.pk, subjects=[world.ngathanh.pk]),
    )
    assert response.status_code == 400
    assert Plan.objects.count() == 0


def test_a_reporter_cannot_open_the_plan_form(world, client_as):
    assert client_as("hoanghoa").get(reverse("oversight:plan-create")).status_code == 403


def test_the_team_is_formed_from_the_page_and_the_subject_is_told(world, client_as):
    kt = world.user("kiemtra")
    plan = make.plan(world.ubkt, [world.hoanghoa, world.ngason], user=kt)
    head = make.inspector_person(world.ubkt, "Lê Thị Trưởng Đoàn", title="Phó Chủ nhiệm")
    client = client_as("kiemtra")
    form = client.get(reverse("oversight:team-create", args=[plan.uid])).content.decode()
    assert "Lê Thị Trưởng Đoàn" in form
    response = client.post(
        reverse("oversight:team-create", args=[plan.uid]),
        {
            "name": "Đoàn giám sát số 1",
            "starts_on": "20/10/2021",
            "ends_on": "30/11/2021",
            "self_report_due": "18/10/2021",
            "subjects": [world.hoanghoa.pk],
            "symbol": "150-QĐ/UBKTTU",
            "issue_date": "10/10/2021",
            "person_0": str(head.uid),
            "role_0": "head",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    case = Case.objects.get()
    assert case.subject == world.hoanghoa
    assert world.user("hoanghoa").notifications.filter(url=case.get_absolute_url()).exists()


def test_a_team_without_a_head_is_refused_and_nothing_is_saved(world, client_as):
    kt = world.user("kiemtra")
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt)
    member = make.inspector_person(world.ubkt)
    response = client_as("kiemtra").post(
        reverse("oversight:team-create", args=[plan.uid]),
        {
            "name": "Đoàn 2",
            "starts_on": "20/10/2021",
            "ends_on": "30/11/2021",
            "self_report_due": "18/10/2021",
            "subjects": [world.hoanghoa.pk],
            "symbol": "151-QĐ/UBKTTU",
            "issue_date": "10/10/2021",
            "person_0": str(member.uid),
            "role_0": "member",
        },
    )
    assert response.status_code == 400
    assert "đúng một Trưởng đoàn" in response.content.decode()
    assert (
        Case.objects.count() == 0 and not Document.objects.filter(symbol="151-QĐ/UBKTTU").exists()
    )


def test_the_subject_sends_its_self_report_but_never_sees_the_draft_findings(world, client_as):
    kt = world.user("kiemtra")
    case = make.case(world.ubkt, world.hoanghoa, user=kt)
    make.finding(case, user=kt, text="Chậm ban hành kế hoạch thực hiện, bí mật dự thảo.")
    client = client_as("hoanghoa")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "bí mật dự thảo" not in page
    assert "Gửi báo cáo tự kiểm tra" in page
    response = client.post(
        reverse("oversight:self-report", args=[case.uid]),
        {"self_report": "Huyện ủy đã tổ chức quán triệt Quyết định 621-QĐ/TU đến 100% chi bộ."},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.self_reported_at is not None
    assert "bí mật dự thảo" in client_as("kiemtra").get(case.get_absolute_url()).content.decode()


def test_the_team_adds_findings_and_recommendations_then_concludes(world, client_as):
    kt = world.user("kiemtra")
    case = make.case(world.ubkt, world.hoanghoa, user=kt)
    client = client_as("kiemtra")
    client.post(
        reverse("oversight:finding-add", args=[case.uid]),
        {"finding-kind": "limitation", "finding-text": "Kế hoạch thực hiện ban hành chậm 20 ngày."},
    )
    response = client.post(
        reverse("oversight:rec-add", args=[case.uid]),
        {
            "rec-text": "Bổ sung lộ trình",
            "rec-responsible_unit": world.hoanghoa.pk,
            "rec-deadline": "",
        },
    )
    assert response.status_code == 400
    assert "Kiến nghị phải có hạn thực hiện." in response.content.decode()
    client.post(
        reverse("oversight:rec-add", args=[case.uid]),
        {
            "rec-text": "Bổ sung lộ trình",
            "rec-responsible_unit": world.hoanghoa.pk,
            "rec-deadline": "31/03/2022",
        },
    )
    response = client.post(
        reverse("oversight:conclude", args=[case.uid]),
        {"symbol": "312-TB/UBKTTU", "issue_date": "05/12/2021", "title": ""},
    )
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.state == CaseState.CONCLUDED and Finding.objects.count() == 1
    page = client_as("hoanghoa").get(case.get_absolute_url()).content.decode()
    assert "Kế hoạch thực hiện ban hành chậm 20 ngày." in page and "312-TB/UBKTTU" in page


def test_a_conclusion_without_findings_is_refused_on_the_page(world, client_as):
    case = make.case(world.ubkt, world.hoanghoa, user=world.user("kiemtra"))
    response = client_as("kiemtra").post(
        reverse("oversight:conclude", args=[case.uid]),
        {"symbol": "313-TB/UBKTTU", "issue_date": "05/12/2021"},
    )
    assert response.status_code == 400
    assert "Chưa có nhận xét, đánh giá nào" in response.content.decode()
    assert not Document.objects.filter(symbol="313-TB/UBKTTU").exists()


def test_the_remedy_is_reported_by_the_unit_and_verified_by_the_team(world, client_as):
    kt = world.user("kiemtra")
    case = make.concluded(
        make.case(world.ubkt, world.hoanghoa, user=kt), user=kt, recommendations=1
    )
    rec = case.recommendations.get()
    response = client_as("hoanghoa").post(
        reverse("oversight:remedy", args=[rec.uid]),
        {"text": "Đã ban hành kế hoạch bổ sung số 88-KH/HU ngày 20/12/2021."},
    )
    assert response.status_code == 302
    remedy = rec.remedies.get()
    assert client_as("ngason").get(rec.get_absolute_url()).status_code == 404
    page = client_as("kiemtra").get(rec.get_absolute_url()).content.decode()
    assert "Ghi kết quả xác minh" in page
    response = client_as("kiemtra").post(
        reverse("oversight:verify", args=[remedy.pk]), {"verdict": "done", "note": ""}
    )
    assert response.status_code == 302
    rec.refresh_from_db()
    case.refresh_from_db()
    assert rec.state == RecState.DONE and case.state == CaseState.CLOSED


def test_the_leader_in_charge_sees_an_overdue_recommendation_on_their_page(
    world, client_as, settings
):
    settings.TK_TODAY = D(2022, 4, 15)
    kt = world.user("kiemtra")
    make.concluded(make.case(world.ubkt, world.hoanghoa, user=kt), user=kt, deadline=D(2022, 3, 31))
    page = client_as("lanhdao").get(reverse("oversight:supervision")).content.decode()
    assert "quá hạn" in page.lower()
    assert Recommendation.objects.overdue(D(2022, 4, 15)).count() == 1


def test_the_leader_records_a_visit_with_follow_up_items(world, client_as, settings):
    settings.TK_TODAY = D(2021, 12, 10)
    response = client_as("lanhdao").post(
        reverse("oversight:visit-create"),
        {
            "unit": world.hoanghoa.pk,
            "held_on": "08/12/2021",
            "kind": "session",
            "notes": "Làm việc với Ban Thường vụ Huyện ủy về tiến độ thực hiện 621-QĐ/TU.",
            "follow_up_0": "Hoàn thành kế hoạch bổ sung",
            "follow_up_due_0": "31/12/2021",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    page = client_as("lanhdao").get(reverse("oversight:supervision")).content.decode()
    assert "Hoàn thành kế hoạch bổ sung" in page


def test_the_supervision_page_is_for_members_in_charge_only(world, client_as):
    assert client_as("hoanghoa").get(reverse("oversight:supervision")).status_code == 403


@pytest.mark.parametrize("name", ["kiemtra", "hoanghoa", "lanhdao", "vanphong", "dangvien"])
def test_the_oversight_index_opens_for_every_persona(world, client_as, name):
    assert client_as(name).get(reverse("oversight:index")).status_code == 200


def test_the_conclusion_notice_in_the_registry_names_its_subject_and_links_to_the_case(
    world, client_as
):
    kt = world.user("kiemtra")
    case = make.concluded(make.case(world.ubkt, world.hoanghoa, user=kt), user=kt)
    page = client_as("hoanghoa").get(case.conclusion.get_absolute_url()).content.decode()
    assert "Đơn vị là đối tượng" in page and "Huyện ủy Hoằng Hóa" in page
    assert case.get_absolute_url() in page
    plan_page = client_as("hoanghoa").get(case.team.plan.document.get_absolute_url())
    assert case.team.plan.get_absolute_url() in plan_page.content.decode()


def test_the_home_page_says_what_oversight_asks_of_each_person_now(world, client_as, settings):
    settings.TK_TODAY = D(2022, 4, 15)
    kt = world.user("kiemtra")
    waiting = make.case(world.ubkt, world.hoanghoa, user=kt)  # self-report due 18/10/2021
    concluded = make.concluded(
        make.case(world.ubkt, world.hoanghoa, user=kt), user=kt, recommendations=2
    )
    first, second = concluded.recommendations.all()
    make.remedy(first, user=world.user("hoanghoa"))

    subject = client_as("hoanghoa").get(reverse("home")).content.decode()
    assert waiting.get_absolute_url() in subject and "Nộp báo cáo tự kiểm tra" in subject
    assert second.get_absolute_url() in subject and "Khắc phục kiến nghị" in subject
    assert first.get_absolute_url() not in subject  # reported, the team's turn

    team = client_as("kiemtra").get(reverse("home")).content.decode()
    assert "Xác minh báo cáo khắc phục của Huyện ủy Hoằng Hóa" in team
    assert first.get_absolute_url() in team

    leader = client_as("lanhdao").get(reverse("home")).content.decode()
    assert "Kiến nghị quá hạn của Huyện ủy Hoằng Hóa" in leader
    assert "Nộp báo cáo tự kiểm tra" not in leader

    other = client_as("ngason").get(reverse("home")).content.decode()
    assert 'id="todo-oversight"' not in other  # the panel says "nothing due" instead


def test_the_home_page_reads_a_fixed_number_of_queries_however_many_items(world, client_as):
    kt = world.user("kiemtra")
    case = make.concluded(make.case(world.ubkt, world.hoanghoa, user=kt), user=kt)
    make.remedy(case.recommendations.get(), user=world.user("hoanghoa"))
    client = client_as("kiemtra")
    with CaptureQueriesContext(connection) as first:
        client.get(reverse("home"))
    for _i in range(3):
        case = make.concluded(
            make.case(world.ubkt, world.hoanghoa, user=kt), user=kt, recommendations=2
        )
        for rec in case.recommendations.all():
            make.remedy(rec, user=world.user("hoanghoa"))
    with CaptureQueriesContext(connection) as then:
        client.get(reverse("home"))
    # Six more remedies to verify in three more cases: the same queries.
    assert len(then.captured_queries) == len(first.captured_queries)
