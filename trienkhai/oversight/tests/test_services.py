"""Every act of inspection and supervision, through its one service: each transition
with what it registers and whom it tells, and each refusal with its Vietnamese message on
its field and nothing saved.

The world's province (`trienkhai/testing/world.py`): the Inspection Commission
UBKTTU-38 inspects Hoằng Hóa (HU-399, communes Hoằng Đông and Hoằng Hải); `kiemtra` is
the province's inspector, `lanhdao` the Standing Committee member in charge of HU-399.
Today is 10/12/2021; the factories' plan is issued 01/10, its team formed 10/10 with
self-reports due 18/10, the conclusion issued 05/12, recommendations due 31/03/2022."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from trienkhai.documents.models import Document
from trienkhai.notifications.models import Notification
from trienkhai.orgs.models import Kind as UnitKind
from trienkhai.oversight import services
from trienkhai.oversight.models import (
    Case,
    CaseState,
    Finding,
    FindingKind,
    FollowUp,
    Kind,
    Member,
    Plan,
    Recommendation,
    RecState,
    Remedy,
    Team,
    TeamRole,
    Verdict,
    Visit,
    VisitKind,
)
from trienkhai.programmes.models import Task
from trienkhai.testing import factories
from trienkhai.testing import oversight as make
from trienkhai.testing import programmes as progs

D = datetime.date
TODAY = D(2021, 12, 10)
MODELS = (
    Plan,
    Team,
    Member,
    Case,
    Finding,
    Recommendation,
    Remedy,
    Visit,
    FollowUp,
    Document,
    Notification,
    Task,
)


@pytest.fixture(autouse=True)
def today(settings):
    settings.TK_TODAY = TODAY


@pytest.fixture
def kt(world):
    return world.user("kiemtra")


@pytest.fixture
def case(world, kt):
    """An open case of UBKTTU-38 at Hoằng Hóa."""
    return make.case(world.ubkt, world.hoanghoa, user=kt)


def counts():
    return {model.__name__: model.objects.count() for model in MODELS}


def refusal(excinfo, field):
    return excinfo.value.message_dict[field]


def told(user):
    return list(Notification.objects.filter(user=user).values_list("text", flat=True))


def plan_fields(body, **changes):
    return {
        "body": body,
        "kind": Kind.THEMATIC,
        "title": "Kế hoạch giám sát việc thực hiện Quyết định 621-QĐ/TU",
        "content": "Việc học tập, cụ thể hóa và tổ chức thực hiện Quyết định 621-QĐ/TU.",
        "year_from": 2021,
        "year_to": 2021,
        "covers_from": D(2021, 1, 1),
        "covers_to": D(2021, 9, 30),
        "starts_on": D(2021, 10, 15),
        "ends_on": D(2021, 12, 31),
        **changes,
    }


def team_fields(**changes):
    return {
        "name": "Đoàn giám sát số 1",
        "starts_on": D(2021, 10, 20),
        "ends_on": D(2021, 11, 30),
        "self_report_due": D(2021, 10, 18),
        **changes,
    }


def head(body):
    return (make.inspector_person(body), TeamRole.HEAD)


# --- plans ------------------------------------------------------------------------------


def test_a_drafted_plan_has_no_document_until_it_is_issued(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa, world.ngason], user=kt, issued=False)

    assert not plan.issued
    assert plan.created_by == kt
    assert set(plan.subjects.all()) == {world.hoanghoa, world.ngason}


def test_issuing_a_plan_registers_the_bodys_kh_about_its_subjects_who_can_then_read_it(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt, issued=False)

    services.issue_plan(kt, plan, symbol="15-KH/UBKTTU", issue_date=D(2021, 10, 1))

    document = Document.objects.get(pk=plan.document_id)
    assert (document.symbol, document.kind, document.issuing_unit) == (
        "15-KH/UBKTTU",
        "KH",
        world.ubkt,
    )
    assert list(document.subjects.all()) == [world.hoanghoa]
    assert document.created_by == kt
    assert Document.objects.for_user(world.user("hoanghoa")).filter(pk=document.pk).exists()
    assert not Document.objects.for_user(world.user("ngason")).filter(pk=document.pk).exists()


def test_an_issued_plan_can_neither_be_changed_nor_issued_again(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt)
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.save_plan(kt, plan, {"title": "Tên khác"}, subjects=[world.ngason])
    assert refusal(excinfo, "plan") == [
        "Kế hoạch đã ban hành; muốn thay đổi hãy ban hành kế hoạch điều chỉnh."
    ]
    with pytest.raises(ValidationError) as excinfo:
        services.issue_plan(kt, plan, symbol="16-KH/UBKTTU", issue_date=D(2021, 10, 2))
    assert refusal(excinfo, "symbol") == ["Kế hoạch đã được ban hành."]
    assert counts() == before
    assert list(Plan.objects.get(pk=plan.pk).subjects.all()) == [world.hoanghoa]


def test_a_plan_of_units_outside_the_bodys_committee_is_refused_and_nothing_is_saved(world, kt):
    district_commission = factories.unit(
        world.hoanghoa, "UBKTHU-399", "Ủy ban Kiểm tra Huyện ủy Hoằng Hóa", kind=UnitKind.AGENCY
    )
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.save_plan(
            kt, Plan(), plan_fields(district_commission), subjects=[world.hoangdong, world.ngason]
        )

    assert refusal(excinfo, "subjects") == [
        "Huyện ủy Nga Sơn không thuộc phạm vi của Huyện ủy Hoằng Hóa."
    ]
    assert counts() == before


def test_a_plan_of_the_committee_itself_is_refused(world, kt):
    with pytest.raises(ValidationError) as excinfo:
        services.save_plan(kt, Plan(), plan_fields(world.ubkt), subjects=[world.province])

    assert refusal(excinfo, "subjects") == [
        "Tỉnh ủy Thanh Hóa không thuộc phạm vi của Tỉnh ủy Thanh Hóa."
    ]


def test_a_plan_without_subjects_is_refused_and_nothing_is_saved(world, kt):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.save_plan(kt, Plan(), plan_fields(world.ubkt), subjects=[])

    assert refusal(excinfo, "subjects") == ["Hãy chọn ít nhất một đơn vị là đối tượng."]
    assert counts() == before


def test_a_plan_ending_before_it_starts_is_refused(world, kt):
    fields = plan_fields(world.ubkt, ends_on=D(2021, 10, 1), covers_to=D(2020, 1, 1))

    with pytest.raises(ValidationError) as excinfo:
        services.save_plan(kt, Plan(), fields, subjects=[world.hoanghoa])

    assert refusal(excinfo, "ends_on") == ["Ngày kết thúc phải sau ngày bắt đầu."]
    assert refusal(excinfo, "covers_to") == [
        "Thời kỳ kiểm tra, giám sát phải kết thúc sau khi bắt đầu."
    ]
    assert Plan.objects.count() == 0


def test_a_reporter_cannot_draft_a_plan_of_the_inspection_commission(world):
    with pytest.raises(PermissionDenied):
        services.save_plan(
            world.user("hoanghoa"), Plan(), plan_fields(world.ubkt), subjects=[world.hoangdong]
        )
    assert Plan.objects.count() == 0


def test_a_plan_numbered_as_a_decision_is_refused_and_not_issued(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt, issued=False)
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.issue_plan(kt, plan, symbol="15-QĐ/UBKTTU", issue_date=D(2021, 10, 1))

    assert refusal(excinfo, "symbol") == ["Số, ký hiệu 15-QĐ/UBKTTU không phải KH."]
    assert counts() == before
    assert not Plan.objects.get(pk=plan.pk).issued


def test_a_plan_whose_symbol_is_already_registered_is_refused_and_not_issued(world, kt):
    make.plan(world.ubkt, [world.ngason], user=kt, symbol="15-KH/UBKTTU")
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt, issued=False)
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.issue_plan(kt, plan, symbol="15-KH/UBKTTU", issue_date=D(2021, 11, 1))

    assert refusal(excinfo, "symbol") == ["Văn bản 15-KH/UBKTTU đã có trong sổ đăng ký."]
    assert counts() == before


# --- teams ------------------------------------------------------------------------------


def test_forming_a_team_registers_its_decision_and_opens_one_case_per_subject(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa, world.ngason], user=kt)
    chief = make.inspector_person(world.ubkt, "Lê Văn Trưởng", title="Phó Chủ nhiệm")
    clerk = make.inspector_person(world.ubkt, "Phạm Thị Thư")
    district = make.inspector_person(world.police, "Trần Văn Huyện", title="Phó Bí thư")

    team = services.form_team(
        kt,
        plan,
        team_fields(),
        members=[
            (chief, TeamRole.HEAD),
            (district, TeamRole.MEMBER),
            (clerk, TeamRole.SECRETARY),
        ],
        subjects=[world.hoanghoa, world.ngason],
        symbol="20-QĐ/UBKTTU",
        issue_date=D(2021, 10, 10),
    )

    assert (team.document.symbol, team.document.kind, team.document.issuing_unit) == (
        "20-QĐ/UBKTTU",
        "QĐ",
        world.ubkt,
    )
    assert set(team.document.subjects.all()) == {world.hoanghoa, world.ngason}
    assert {(c.subject, c.state) for c in team.cases.all()} == {
        (world.hoanghoa, CaseState.OPEN),
        (world.ngason, CaseState.OPEN),
    }
    positions = {m.person: (m.role, m.position.title) for m in team.members.all()}
    assert positions == {
        chief: (TeamRole.HEAD, "Phó Chủ nhiệm"),
        district: (TeamRole.MEMBER, "Phó Bí thư"),
        clerk: (TeamRole.SECRETARY, "Kiểm tra viên"),
    }


def test_a_team_member_holding_a_post_in_a_subject_unit_is_refused_and_nothing_is_saved(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt)
    chief = make.inspector_person(world.ubkt, "Lê Văn Trưởng", title="Phó Chủ nhiệm")
    insider = make.inspector_person(world.hoangdong, "Đỗ Văn Xã", title="Bí thư")
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        make.team(plan, user=kt, members=[(chief, TeamRole.HEAD), (insider, TeamRole.MEMBER)])

    assert refusal(excinfo, "members") == [
        "Đỗ Văn Xã đang giữ chức vụ tại đơn vị là đối tượng, nên không thể là thành viên đoàn."
    ]
    assert counts() == before


def test_a_team_member_cannot_issue_the_conclusion_the_body_does(world, kt):
    member = make.inspector_person(world.ubkt, "Phạm Thị Thư", title="Thư ký")
    secretary = factories.user("thuky", world.ubkt, person=member)
    case = make.case(
        world.ubkt,
        world.hoanghoa,
        user=kt,
        members=[(make.inspector_person(world.ubkt), TeamRole.HEAD), (member, TeamRole.SECRETARY)],
    )
    make.finding(case, user=secretary)  # a member drafts

    with pytest.raises(PermissionDenied, match="do cơ quan kiểm tra, giám sát ban hành"):
        services.issue_conclusion(
            secretary, case, symbol="399-TB/UBKTTU", issue_date=D(2021, 12, 5)
        )
    assert Case.objects.get(pk=case.pk).conclusion is None


def test_forming_a_team_tells_each_subjects_writers_when_the_self_report_is_due(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa, world.ngason], user=kt, title="Kế hoạch 15")

    make.team(plan, [world.hoanghoa], user=kt)

    expected = [
        "Ủy ban Kiểm tra Tỉnh ủy kiểm tra, giám sát Huyện ủy Hoằng Hóa (Kế hoạch 15). "
        "Hạn nộp báo cáo tự kiểm tra: 18/10/2021."
    ]
    assert told(world.user("hoanghoa")) == expected
    assert told(world.user("vanphonghh")) == expected
    assert told(world.user("hoangdong")) == []
    assert told(world.user("ngason")) == []  # not in this team


@pytest.mark.parametrize(
    "roles",
    [(TeamRole.HEAD, TeamRole.HEAD), (TeamRole.DEPUTY, TeamRole.MEMBER)],
    ids=["two heads", "no head"],
)
def test_a_team_without_exactly_one_head_is_refused_and_nothing_is_saved(world, kt, roles):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt)
    members = [(make.inspector_person(world.ubkt), role) for role in roles]
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.form_team(
            kt,
            plan,
            team_fields(),
            members=members,
            subjects=[world.hoanghoa],
            symbol="20-QĐ/UBKTTU",
            issue_date=D(2021, 10, 10),
        )

    assert refusal(excinfo, "members") == ["Đoàn phải có đúng một Trưởng đoàn."]
    assert counts() == before


def test_a_person_holding_two_tasks_in_the_team_is_refused(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt)
    chief = make.inspector_person(world.ubkt)

    with pytest.raises(ValidationError) as excinfo:
        make.team(plan, user=kt, members=[(chief, TeamRole.HEAD), (chief, TeamRole.SECRETARY)])

    assert refusal(excinfo, "members") == ["Mỗi cán bộ chỉ giữ một nhiệm vụ trong đoàn."]
    assert Team.objects.count() == 0


def test_a_team_member_with_no_post_under_the_committee_is_refused_and_nothing_is_saved(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt)
    other_province = factories.unit(None, "TU-40", "Tỉnh ủy Nghệ An")
    outsider = make.inspector_person(other_province, "Nguyễn Văn Ngoài")
    nobody = factories.person("Trần Thị Không")
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.form_team(
            kt,
            plan,
            team_fields(),
            members=[head(world.ubkt), (outsider, TeamRole.MEMBER), (nobody, TeamRole.MEMBER)],
            subjects=[world.hoanghoa],
            symbol="20-QĐ/UBKTTU",
            issue_date=D(2021, 10, 10),
        )

    assert refusal(excinfo, "members") == [
        "Nguyễn Văn Ngoài, Trần Thị Không không giữ chức vụ nào thuộc Tỉnh ủy Thanh Hóa, nên "
        "không thể là thành viên đoàn."
    ]
    assert counts() == before


def test_a_team_for_a_plan_not_yet_issued_is_refused_and_nothing_is_saved(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt, issued=False)
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.form_team(
            kt,
            plan,
            team_fields(),
            members=[head(world.ubkt)],
            subjects=[world.hoanghoa],
            symbol="20-QĐ/UBKTTU",
            issue_date=D(2021, 10, 10),
        )

    assert refusal(excinfo, "plan") == [
        "Kế hoạch chưa ban hành; hãy ban hành kế hoạch trước khi lập đoàn."
    ]
    assert counts() == before


def test_a_team_decision_numbered_as_a_plan_is_refused_and_nothing_is_saved(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt)
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        make.team(plan, user=kt, symbol="20-KH/UBKTTU")

    assert refusal(excinfo, "symbol") == ["Số, ký hiệu 20-KH/UBKTTU không phải QĐ."]
    assert counts() == before


def test_a_team_decision_dated_before_its_plan_is_refused(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt, issue_date=D(2021, 10, 1))
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        make.team(plan, user=kt, issue_date=D(2021, 9, 20))

    assert refusal(excinfo, "issue_date") == [
        "Ngày quyết định thành lập đoàn trước ngày ban hành kế hoạch."
    ]
    assert counts() == before


def test_a_subject_already_given_a_team_of_the_plan_is_refused(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt)
    make.team(plan, user=kt)

    with pytest.raises(ValidationError) as excinfo:
        make.team(plan, user=kt)

    assert refusal(excinfo, "subjects") == ["Huyện ủy Hoằng Hóa đã có đoàn của kế hoạch này."]
    assert Case.objects.count() == 1


# --- the self-report --------------------------------------------------------------------


def test_the_subject_submits_its_self_report_and_the_team_hears_of_it_once(world, kt):
    head_user = make.member_user(world.police, "truongdoan")
    case = make.case(
        world.ubkt, world.hoanghoa, user=kt, members=[(head_user.person, TeamRole.HEAD)]
    )
    reporter = world.user("hoanghoa")

    services.submit_self_report(reporter, case, text="Báo cáo tự kiểm tra lần đầu. " * 3)
    services.submit_self_report(reporter, case, text="Báo cáo tự kiểm tra đã bổ sung. " * 3)

    case.refresh_from_db()
    assert case.self_report == ("Báo cáo tự kiểm tra đã bổ sung. " * 3).strip()
    assert (case.self_reported_by, timezone.localdate(case.self_reported_at)) == (reporter, TODAY)
    assert case.self_report_late
    heard = [n for n in told(head_user) if "tự kiểm tra" in n]
    assert heard == [f"Huyện ủy Hoằng Hóa đã nộp báo cáo tự kiểm tra ({case.team.plan.title})."]
    assert len([n for n in told(kt) if "đã nộp" in n]) == 1


def test_a_correction_sent_after_the_due_date_does_not_make_an_on_time_self_report_late(
    world, kt, settings
):
    settings.TK_TODAY = D(2021, 10, 15)
    case = make.case(world.ubkt, world.hoanghoa, user=kt)
    services.submit_self_report(world.user("hoanghoa"), case, text="Báo cáo tự kiểm tra. " * 5)
    settings.TK_TODAY = D(2021, 10, 25)

    services.submit_self_report(world.user("vanphonghh"), case, text="Bản bổ sung số liệu. " * 5)

    case.refresh_from_db()
    assert case.self_report == ("Bản bổ sung số liệu. " * 5).strip()
    assert (timezone.localdate(case.self_reported_at), case.self_reported_by) == (
        D(2021, 10, 15),
        world.user("hoanghoa"),
    )
    assert not case.self_report_late


def test_a_self_report_after_the_conclusion_is_refused(world, kt, case):
    make.concluded(case, user=kt)

    with pytest.raises(ValidationError) as excinfo:
        services.submit_self_report(world.user("hoanghoa"), case, text="Báo cáo muộn. " * 10)

    assert refusal(excinfo, "case") == [
        "Đã ban hành kết luận; không nộp báo cáo tự kiểm tra được nữa."
    ]
    assert Case.objects.get(pk=case.pk).self_report == ""


def test_a_self_report_too_short_is_refused_and_nothing_is_saved(world, case):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.submit_self_report(world.user("hoanghoa"), case, text="Đã thực hiện tốt.")

    assert refusal(excinfo, "self_report") == [
        "Báo cáo tự kiểm tra quá ngắn (cần ít nhất 50 ký tự)."
    ]
    assert counts() == before
    assert Case.objects.get(pk=case.pk).self_reported_at is None


@pytest.mark.parametrize("username", ["ngason", "hoangdong", "lanhdao"])
def test_only_the_subjects_writers_submit_the_self_report(world, case, username):
    with pytest.raises(PermissionDenied, match="Chỉ đơn vị là đối tượng nộp"):
        services.submit_self_report(world.user(username), case, text="Báo cáo thay. " * 10)
    assert Case.objects.get(pk=case.pk).self_reported_at is None


# --- findings and recommendations ---------------------------------------------------------


def test_the_team_adds_and_removes_findings_while_the_case_is_open(kt, case):
    kept = services.add_finding(kt, case, kind=FindingKind.STRENGTH, text="  Ban hành kịp thời. ")
    dropped = make.finding(case, user=kt)

    services.remove_finding(kt, dropped)

    assert list(case.findings.values_list("kind", "text", "written_by")) == [
        (FindingKind.STRENGTH, "Ban hành kịp thời.", kt.pk)
    ]
    assert kept.pk


def test_a_finding_without_a_kind_or_text_is_refused(kt, case):
    with pytest.raises(ValidationError) as excinfo:
        services.add_finding(kt, case, kind="", text=" ")

    assert refusal(excinfo, "kind") == ["Hãy chọn loại nhận xét."]
    assert refusal(excinfo, "text") == ["Hãy nhập nội dung nhận xét."]
    assert Finding.objects.count() == 0


def test_findings_cannot_change_after_the_conclusion(kt, case):
    make.concluded(case, user=kt)
    finding = case.findings.get()

    for act in (
        lambda: services.add_finding(kt, case, kind=FindingKind.CAUSE, text="Thêm."),
        lambda: services.remove_finding(kt, finding),
    ):
        with pytest.raises(ValidationError) as excinfo:
            act()
        assert refusal(excinfo, "case") == ["Đã ban hành kết luận; không sửa nhận xét được nữa."]
    assert case.findings.count() == 1


@pytest.mark.parametrize("username", ["hoanghoa", "lanhdao", "vanphong"])
def test_the_subject_the_leader_and_the_office_do_not_write_the_findings(world, case, username):
    with pytest.raises(PermissionDenied):
        make.finding(case, user=world.user(username))
    assert Finding.objects.count() == 0


def test_the_team_drafts_changes_and_removes_recommendations_before_the_conclusion(world, kt, case):
    rec = make.recommendation(case, user=kt, text="Bổ sung kế hoạch", unit=world.hoangdong)
    dropped = make.recommendation(case, user=kt)

    services.save_recommendation(kt, case, rec, {"deadline": D(2022, 6, 30)})
    services.remove_recommendation(kt, dropped)

    assert list(case.recommendations.values_list("text", "responsible_unit", "deadline")) == [
        ("Bổ sung kế hoạch", world.hoangdong.pk, D(2022, 6, 30))
    ]
    assert Recommendation.objects.get().state == RecState.OPEN


@pytest.mark.parametrize(
    ("fields", "field", "message"),
    [
        (
            {"responsible_unit": None},
            "responsible_unit",
            "Kiến nghị phải có đơn vị chịu trách nhiệm thực hiện.",
        ),
        ({"deadline": None}, "deadline", "Kiến nghị phải có hạn thực hiện."),
        ({"text": "  "}, "text", "Hãy nhập nội dung kiến nghị."),
    ],
    ids=["no responsible unit", "no deadline", "no text"],
)
def test_an_incomplete_recommendation_is_refused_and_nothing_is_saved(
    world, kt, case, fields, field, message
):
    before = counts()
    complete = {"text": "Bổ sung kế hoạch", "responsible_unit": world.hoanghoa}
    complete["deadline"] = D(2022, 3, 31)

    with pytest.raises(ValidationError) as excinfo:
        services.save_recommendation(kt, case, Recommendation(), {**complete, **fields})

    assert refusal(excinfo, field) == [message]
    assert counts() == before


def test_a_recommendation_for_a_unit_outside_the_subject_is_refused(world, kt, case):
    with pytest.raises(ValidationError) as excinfo:
        make.recommendation(case, user=kt, unit=world.ngathanh)

    assert refusal(excinfo, "responsible_unit") == [
        "Đơn vị chịu trách nhiệm phải là Huyện ủy Hoằng Hóa hoặc đơn vị trực thuộc."
    ]
    assert Recommendation.objects.count() == 0


# --- the conclusion ---------------------------------------------------------------------


def test_a_conclusion_registers_the_bodys_tb_about_the_subject_and_follows_its_recommendations(
    world, kt, case
):
    make.finding(case, user=kt)
    make.recommendation(case, user=kt)

    services.issue_conclusion(kt, case, symbol="30-TB/UBKTTU", issue_date=D(2021, 12, 5))

    case.refresh_from_db()
    document = case.conclusion
    assert (document.symbol, document.kind, document.issuing_unit) == (
        "30-TB/UBKTTU",
        "TB",
        world.ubkt,
    )
    assert document.title == f"Thông báo kết luận {case.team.plan.title} tại Huyện ủy Hoằng Hóa"
    assert list(document.subjects.all()) == [world.hoanghoa]
    assert (case.state, case.concluded_on, case.closed_on) == (
        CaseState.CONCLUDED,
        D(2021, 12, 5),
        None,
    )
    assert Document.objects.for_user(world.user("hoanghoa")).filter(pk=document.pk).exists()


def test_a_conclusion_tells_the_subjects_writers_and_the_leader_in_charge(world, kt, case):
    make.concluded(case, user=kt, recommendations=2)

    expected = [
        f"Ủy ban Kiểm tra Tỉnh ủy đã ban hành kết luận {case.conclusion.symbol} về Huyện ủy "
        "Hoằng Hóa, 2 kiến nghị."
    ]
    for username in ("hoanghoa", "vanphonghh", "lanhdao"):
        assert [t for t in told(world.user(username)) if "kết luận" in t] == expected
    assert [t for t in told(world.user("ngason")) if "kết luận" in t] == []


def test_a_conclusion_without_recommendations_closes_the_case_the_same_day(kt, case):
    make.concluded(case, user=kt, recommendations=0, issue_date=D(2021, 12, 5))

    case.refresh_from_db()
    assert (case.state, case.closed_on) == (CaseState.CLOSED, D(2021, 12, 5))


def test_a_conclusion_for_a_case_without_findings_is_refused_and_nothing_is_saved(kt, case):
    make.recommendation(case, user=kt)
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.issue_conclusion(kt, case, symbol="30-TB/UBKTTU", issue_date=D(2021, 12, 5))

    assert refusal(excinfo, "findings") == [
        "Chưa có nhận xét, đánh giá nào: hãy ghi ưu điểm, hạn chế, khuyết điểm, nguyên nhân "
        "trước khi ban hành kết luận."
    ]
    assert counts() == before
    assert Case.objects.get(pk=case.pk).state == CaseState.OPEN


def test_a_recommendation_due_before_the_conclusion_is_refused_and_nothing_is_saved(kt, case):
    make.finding(case, user=kt)
    make.recommendation(case, user=kt, text="Kiện toàn tổ công tác", deadline=D(2021, 12, 1))
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.issue_conclusion(kt, case, symbol="30-TB/UBKTTU", issue_date=D(2021, 12, 5))

    assert refusal(excinfo, "recommendations") == [
        "Hạn thực hiện của kiến nghị “Kiện toàn tổ công tác” (01/12/2021) trước ngày ban hành "
        "kết luận."
    ]
    assert counts() == before
    assert not Case.objects.get(pk=case.pk).concluded


def test_a_conclusion_dated_before_the_team_was_formed_is_refused(kt, case):
    make.finding(case, user=kt)

    with pytest.raises(ValidationError) as excinfo:
        services.issue_conclusion(kt, case, symbol="30-TB/UBKTTU", issue_date=D(2021, 10, 5))

    assert refusal(excinfo, "issue_date") == ["Ngày kết luận trước ngày quyết định thành lập đoàn."]
    assert not Case.objects.get(pk=case.pk).concluded


def test_a_conclusion_numbered_as_a_plan_or_issued_twice_is_refused(kt, case):
    make.finding(case, user=kt)
    with pytest.raises(ValidationError) as excinfo:
        services.issue_conclusion(kt, case, symbol="30-KH/UBKTTU", issue_date=D(2021, 12, 5))
    assert refusal(excinfo, "symbol") == ["Số, ký hiệu 30-KH/UBKTTU không phải TB / KL."]

    services.issue_conclusion(kt, case, symbol="30-KL/UBKTTU", issue_date=D(2021, 12, 5))
    with pytest.raises(ValidationError) as excinfo:
        services.issue_conclusion(kt, case, symbol="31-TB/UBKTTU", issue_date=D(2021, 12, 6))
    assert refusal(excinfo, "symbol") == ["Đã ban hành kết luận cho đơn vị này."]
    assert Case.objects.get(pk=case.pk).conclusion.symbol == "30-KL/UBKTTU"


def test_the_leader_in_charge_does_not_issue_the_conclusion(world, kt, case):
    make.finding(case, user=kt)

    with pytest.raises(PermissionDenied):
        services.issue_conclusion(
            world.user("lanhdao"), case, symbol="30-TB/UBKTTU", issue_date=D(2021, 12, 5)
        )
    assert not Case.objects.get(pk=case.pk).concluded


# --- follow-up: the unit's plan, remedies and their verification ---------------------------


@pytest.fixture
def concluded(kt, case):
    """The case concluded on 05/12/2021 with two recommendations to Hoằng Hóa."""
    return make.concluded(case, user=kt, recommendations=2)


def test_a_recommendation_taken_into_the_units_plan_becomes_one_of_its_tasks(world, concluded):
    upper = factories.programme(world.province, "Chương trình chuyển đổi số")
    district_plan = progs.plan(upper, world.hoanghoa)
    rec = concluded.recommendations.first()

    task = services.take_into_plan(world.user("hoanghoa"), rec, programme=district_plan)

    rec.refresh_from_db()
    assert rec.task == task
    assert (task.programme, task.lead_unit, task.deadline) == (
        district_plan,
        world.hoanghoa,
        rec.deadline,
    )
    assert task.title == f"Khắc phục theo kiến nghị: {rec.text}"
    with pytest.raises(ValidationError) as excinfo:
        services.take_into_plan(world.user("hoanghoa"), rec, programme=district_plan)
    assert refusal(excinfo, "programme") == ["Kiến nghị đã là một nhiệm vụ trong kế hoạch."]
    assert Task.objects.filter(programme=district_plan).count() == 1


def test_a_recommendation_goes_only_into_a_plan_of_its_responsible_unit(world, concluded):
    upper = factories.programme(world.province, "Chương trình chuyển đổi số")
    rec = concluded.recommendations.first()
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.take_into_plan(world.user("hoanghoa"), rec, programme=upper)
    assert refusal(excinfo, "programme") == [
        "Hãy chọn một chương trình, kế hoạch của Huyện ủy Hoằng Hóa."
    ]
    with pytest.raises(PermissionDenied):
        services.take_into_plan(
            world.user("ngason"), rec, programme=progs.plan(upper, world.ngason)
        )
    assert counts()["Task"] == before["Task"]


def test_a_draft_recommendation_is_neither_planned_nor_remedied(world, kt, case):
    rec = make.recommendation(case, user=kt)

    with pytest.raises(ValidationError) as excinfo:
        make.remedy(rec, user=world.user("hoanghoa"))

    assert refusal(excinfo, "recommendation") == ["Kiến nghị chưa được ban hành."]
    assert Remedy.objects.count() == 0


def test_a_reported_remedy_awaits_verification_and_the_team_hears_of_it(world, kt):
    head_user = make.member_user(world.police, "truongdoan")
    case = make.case(
        world.ubkt, world.hoanghoa, user=kt, members=[(head_user.person, TeamRole.HEAD)]
    )
    rec = make.concluded(case, user=kt).recommendations.get()

    remedy = make.remedy(rec, user=world.user("hoanghoa"))

    rec.refresh_from_db()
    assert rec.state == RecState.REPORTED
    assert (remedy.reported_by, remedy.verdict) == (world.user("hoanghoa"), "")
    expected = f"Huyện ủy Hoằng Hóa báo cáo khắc phục kiến nghị “{rec.text}”."
    assert expected in told(head_user)
    assert expected in told(kt)
    assert expected not in told(world.user("hoanghoa"))


def test_a_second_remedy_while_one_awaits_verification_is_refused(world, concluded):
    rec = concluded.recommendations.first()
    make.remedy(rec, user=world.user("hoanghoa"))

    with pytest.raises(ValidationError) as excinfo:
        make.remedy(rec, user=world.user("vanphonghh"))

    assert refusal(excinfo, "text") == [
        "Báo cáo khắc phục trước đang chờ xác minh; hãy bổ sung tệp minh chứng."
    ]
    assert Remedy.objects.count() == 1


def test_a_remedy_too_vague_is_refused(world, concluded):
    with pytest.raises(ValidationError) as excinfo:
        make.remedy(concluded.recommendations.first(), user=world.user("hoanghoa"), text="Xong.")

    assert refusal(excinfo, "text") == ["Hãy nêu rõ đã khắc phục thế nào (ít nhất 20 ký tự)."]
    assert Remedy.objects.count() == 0


@pytest.mark.parametrize("username", ["ngason", "hoangdong", "lanhdao", "kiemtra"])
def test_a_remedy_for_a_recommendation_of_another_unit_is_refused_and_nothing_is_saved(
    world, concluded, username
):
    rec = concluded.recommendations.first()
    before = counts()

    with pytest.raises(PermissionDenied, match="Kiến nghị này giao cho đơn vị khác"):
        make.remedy(rec, user=world.user(username))

    assert counts() == before
    assert Recommendation.objects.get(pk=rec.pk).state == RecState.OPEN


def test_verifying_ones_own_remedy_is_refused_and_nothing_is_saved(world):
    # The system's administrator may act for every unit and every body: the one account
    # that could both report a remedy and verify it.
    admin = world.user("admin")
    case = make.case(world.btv, world.hoanghoa, user=admin)
    rec = make.concluded(case, user=admin).recommendations.get()
    remedy = make.remedy(rec, user=admin)
    before = counts()

    with pytest.raises(PermissionDenied, match="Không tự xác minh báo cáo khắc phục"):
        services.verify_remedy(admin, remedy, verdict=Verdict.DONE)

    assert counts() == before
    assert Remedy.objects.get(pk=remedy.pk).verdict == ""
    assert Recommendation.objects.get(pk=rec.pk).state == RecState.REPORTED


def test_a_case_closes_only_when_every_recommendation_is_verified_done(world, kt, concluded):
    first, second = concluded.recommendations.all()
    reporter = world.user("hoanghoa")

    services.verify_remedy(kt, make.remedy(first, user=reporter), verdict=Verdict.DONE)

    first.refresh_from_db()
    concluded.refresh_from_db()
    assert (first.state, first.done_on) == (RecState.DONE, TODAY)
    assert (concluded.state, concluded.closed_on) == (CaseState.CONCLUDED, None)
    assert f"Kiến nghị “{first.text}”: Đã thực hiện." in told(reporter)

    services.verify_remedy(kt, make.remedy(second, user=reporter), verdict=Verdict.DONE)

    concluded.refresh_from_db()
    assert (concluded.state, concluded.closed_on) == (CaseState.CLOSED, TODAY)


@pytest.mark.parametrize("verdict", [Verdict.PARTLY, Verdict.NOT_DONE])
def test_a_remedy_not_fully_done_keeps_the_recommendation_open_for_a_new_report(world, kt, verdict):
    case = make.case(world.ubkt, world.hoanghoa, user=kt)
    rec = make.concluded(case, user=kt).recommendations.get()
    reporter = world.user("hoanghoa")

    services.verify_remedy(
        kt, make.remedy(rec, user=reporter), verdict=verdict, note="Chưa có kế hoạch của xã."
    )

    rec.refresh_from_db()
    case.refresh_from_db()
    assert (rec.state, rec.done_on, case.state) == (verdict, None, CaseState.CONCLUDED)
    assert rec.remedies.get().verification_note == "Chưa có kế hoạch của xã."

    services.verify_remedy(kt, make.remedy(rec, user=reporter), verdict=Verdict.DONE)

    case.refresh_from_db()
    assert (case.state, case.closed_on) == (CaseState.CLOSED, TODAY)


def test_a_remedy_judged_partly_done_without_saying_what_is_missing_is_refused(
    world, kt, concluded
):
    remedy = make.remedy(concluded.recommendations.first(), user=world.user("hoanghoa"))

    with pytest.raises(ValidationError) as excinfo:
        services.verify_remedy(kt, remedy, verdict=Verdict.PARTLY, note=" ")
    assert refusal(excinfo, "note") == ["Hãy nêu rõ còn thiếu gì để đơn vị tiếp tục khắc phục."]
    with pytest.raises(ValidationError) as excinfo:
        services.verify_remedy(kt, remedy, verdict="maybe")
    assert refusal(excinfo, "verdict") == ["Hãy chọn kết quả xác minh."]

    services.verify_remedy(kt, remedy, verdict=Verdict.DONE)
    with pytest.raises(ValidationError) as excinfo:
        services.verify_remedy(kt, remedy, verdict=Verdict.NOT_DONE, note="Đổi ý.")
    assert refusal(excinfo, "verdict") == ["Báo cáo khắc phục này đã được xác minh."]
    assert Remedy.objects.get(pk=remedy.pk).verdict == Verdict.DONE


def test_the_subject_does_not_verify_remedies(world, concluded):
    remedy = make.remedy(concluded.recommendations.first(), user=world.user("hoanghoa"))

    with pytest.raises(PermissionDenied):
        services.verify_remedy(world.user("vanphonghh"), remedy, verdict=Verdict.DONE)
    assert Remedy.objects.get(pk=remedy.pk).verdict == ""


# --- supervision visits ---------------------------------------------------------------------


def visit_fields(unit, **changes):
    return {
        "unit": unit,
        "held_on": D(2021, 12, 1),
        "kind": VisitKind.VISIT,
        "notes": "Làm việc về tiến độ xây dựng nông thôn mới nâng cao.",
        **changes,
    }


def test_a_leader_records_a_visit_to_a_unit_in_their_charge_with_its_follow_ups(world):
    leader = world.user("lanhdao")

    visit = services.record_visit(
        leader,
        Visit(),
        visit_fields(world.hoangdong),
        follow_ups=[("Bổ sung kế hoạch", D(2021, 12, 31)), ("  ", None), ("Báo cáo lại", None)],
    )

    visit.refresh_from_db()
    assert (visit.member, visit.unit, visit.recorded_by) == (world.leader, world.hoangdong, leader)
    assert list(visit.follow_ups.order_by("pk").values_list("text", "deadline", "done_on")) == [
        ("Bổ sung kế hoạch", D(2021, 12, 31), None),
        ("Báo cáo lại", None, None),
    ]


def test_a_leader_cannot_record_a_visit_to_a_unit_not_in_their_charge(world):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.record_visit(world.user("lanhdao"), Visit(), visit_fields(world.ngason))

    assert refusal(excinfo, "unit") == [
        "Huyện ủy Nga Sơn không thuộc các đơn vị được phân công phụ trách."
    ]
    assert counts() == before


def test_a_visit_in_the_future_is_refused_and_nothing_is_saved(world):
    before = counts()

    with pytest.raises(ValidationError) as excinfo:
        services.record_visit(
            world.user("lanhdao"), Visit(), visit_fields(world.hoanghoa, held_on=D(2021, 12, 11))
        )

    assert refusal(excinfo, "held_on") == ["Ngày 11/12/2021 ở tương lai."]
    assert counts() == before


def test_a_follow_up_due_before_the_visit_is_refused(world):
    with pytest.raises(ValidationError) as excinfo:
        services.record_visit(
            world.user("lanhdao"),
            Visit(),
            visit_fields(world.hoanghoa),
            follow_ups=[("Bổ sung kế hoạch", D(2021, 11, 30))],
        )

    assert refusal(excinfo, "follow_ups") == [
        "Hạn của việc “Bổ sung kế hoạch” trước ngày làm việc."
    ]
    assert Visit.objects.count() == 0


def test_an_account_without_a_person_records_no_visit(world):
    with pytest.raises(PermissionDenied):
        services.record_visit(world.user("vanphong"), Visit(), visit_fields(world.hoanghoa))
    assert Visit.objects.count() == 0


def test_a_follow_up_is_closed_by_the_leader_or_the_units_writers_only(world):
    visit = services.record_visit(
        world.user("lanhdao"),
        Visit(),
        visit_fields(world.hoanghoa),
        follow_ups=[("Bổ sung kế hoạch", None), ("Báo cáo lại", None)],
    )
    first, second = visit.follow_ups.order_by("pk")

    with pytest.raises(PermissionDenied):
        services.close_follow_up(world.user("ngason"), first)
    with pytest.raises(ValidationError) as excinfo:
        services.close_follow_up(world.user("lanhdao"), first, done_on=D(2021, 11, 30))
    assert refusal(excinfo, "done_on") == ["Ngày hoàn thành trước ngày làm việc."]
    with pytest.raises(ValidationError) as excinfo:
        services.close_follow_up(world.user("lanhdao"), first, done_on=D(2021, 12, 11))
    assert refusal(excinfo, "done_on") == ["Ngày 11/12/2021 ở tương lai."]
    services.close_follow_up(world.user("lanhdao"), first)
    services.close_follow_up(world.user("hoanghoa"), second, done_on=D(2021, 12, 5))

    assert list(visit.follow_ups.order_by("pk").values_list("done_on", flat=True)) == [
        TODAY,
        D(2021, 12, 5),
    ]
