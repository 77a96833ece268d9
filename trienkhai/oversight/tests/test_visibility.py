"""Who sees what of an inspection: the plan (a draft is the body's own), the case (the
subject, the units above it, the leader in charge, the team and its body), its findings
and recommendations (drafts of the team and its body until the conclusion), and the
supervision visits; and the Inspection Commission's inspector, who reads the whole
committee but writes nothing outside oversight.

The world's province (`trienkhai/testing/world.py`): UBKTTU-38 inspects Hoằng Hóa
(HU-399, communes Hoằng Đông and Hoằng Hải); `ngason` is another district's reporter,
`lanhdao` the Standing Committee member in charge of HU-399; the team's head is a
Provincial Police Party Committee official who runs nothing else (`member`)."""

import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from trienkhai.accounts.access import (
    can_see_unit,
    get_case_for_user,
    get_oversight_plan_for_user,
    get_recommendation_for_user,
    get_team_for_user,
    get_visit_for_user,
    may_change_owned,
    may_run_oversight,
    may_see_drafts,
    may_write_for_unit,
)
from trienkhai.accounts.models import User
from trienkhai.documents.models import Document
from trienkhai.documents.registry import RegistrationError, save_document
from trienkhai.orgs.models import Kind as UnitKind
from trienkhai.orgs.models import OrgUnit
from trienkhai.oversight import services
from trienkhai.oversight.models import Case, Plan, Recommendation, TeamRole, Visit, VisitKind
from trienkhai.programmes.models import Task
from trienkhai.programmes.services import save_task
from trienkhai.testing import factories
from trienkhai.testing import oversight as make

D = datetime.date


@pytest.fixture(autouse=True)
def today(settings):
    settings.TK_TODAY = D(2021, 12, 10)


@pytest.fixture
def kt(world):
    return world.user("kiemtra")


@pytest.fixture
def member(world):
    """The team's head: an official of the Provincial Police Party Committee."""
    return make.member_user(world.police, "truongdoan")


@pytest.fixture
def commission(world):
    """An inspector whose unit is the Inspection Commission UBKTTU-38."""
    return make.inspector_user(world.ubkt, "kiemtraubkt")


@pytest.fixture
def case(world, kt, member):
    """An open case at Hoằng Hóa with a finding and a draft recommendation."""
    made = make.case(world.ubkt, world.hoanghoa, user=kt, members=[(member.person, TeamRole.HEAD)])
    make.finding(made, user=kt)
    make.recommendation(made, user=kt)
    return made


def conclude(case, kt):
    return services.issue_conclusion(kt, case, symbol="30-TB/UBKTTU", issue_date=D(2021, 12, 5))


def sees_case(user, case):
    try:
        get_case_for_user(user, case.uid)
    except Http404:
        return False
    return True


def sees_rec(user, rec):
    try:
        get_recommendation_for_user(user, rec.uid)
    except Http404:
        return False
    return True


# --- drafts: findings and recommendations before the conclusion -------------------------


@pytest.mark.parametrize(
    ("username", "sees"),
    [
        ("truongdoan", True),
        ("kiemtra", True),
        ("kiemtraubkt", True),
        ("hoanghoa", False),
        ("vanphonghh", False),
        ("lanhdao", False),
        ("vanphong", False),  # the office does not run the independent Commission's work
    ],
)
def test_drafts_are_seen_by_the_team_and_the_bodys_inspectors_only(
    world, case, commission, username, sees
):
    user = User.objects.get(username=username)
    rec = case.recommendations.get()

    assert may_see_drafts(user, case) is sees
    assert sees_rec(user, rec) is sees
    assert not Recommendation.objects.for_user(user).issued().exists()


@pytest.mark.parametrize("username", ["hoanghoa", "vanphonghh", "lanhdao", "vanphong"])
def test_after_the_conclusion_the_subject_and_the_leader_read_the_findings_and_recommendations(
    world, kt, case, username
):
    user = world.user(username)
    conclude(case, kt)
    case.refresh_from_db()
    rec = case.recommendations.get()

    assert may_see_drafts(user, case)
    assert sees_rec(user, rec)
    assert list(Recommendation.objects.for_user(user).issued()) == [rec]
    assert Document.objects.for_user(user).filter(pk=case.conclusion_id).exists()


def test_after_the_conclusion_only_the_responsible_unit_may_report_on_a_recommendation(
    world, kt, case
):
    conclude(case, kt)
    rec = case.recommendations.get()

    assert get_recommendation_for_user(world.user("hoanghoa"), rec.uid, change=True)[1]
    for username in ("lanhdao", "kiemtra"):
        with pytest.raises(PermissionDenied):
            get_recommendation_for_user(world.user(username), rec.uid, change=True)


def test_a_commune_responsible_for_a_recommendation_reads_it_once_concluded_and_reports_on_it(
    world, kt, case
):
    rec = make.recommendation(case, user=kt, unit=world.hoangdong)
    commune = world.user("hoangdong")
    assert not sees_rec(commune, rec)

    conclude(case, kt)

    assert get_recommendation_for_user(commune, rec.uid, change=True) == (rec, True)
    # The rest of the conclusion is read, not reported on.
    district_rec = case.recommendations.exclude(pk=rec.pk).get()
    assert get_recommendation_for_user(commune, district_rec.uid) == (district_rec, False)
    assert set(Recommendation.objects.for_user(commune).issued()) == {rec, district_rec}
    assert sees_case(commune, case)  # where its notification of the conclusion leads
    case.refresh_from_db()
    assert Document.objects.for_user(commune).filter(pk=case.conclusion_id).exists()
    make.remedy(rec, user=commune)


def test_a_commune_with_no_recommendation_does_not_see_its_districts_concluded_case(
    world, kt, case
):
    make.recommendation(case, user=kt, unit=world.hoangdong)
    conclude(case, kt)

    hoanghai = factories.user("hoanghai", world.hoanghai, factories.Role.REPORTER)
    assert not sees_case(hoanghai, case)
    assert not Recommendation.objects.for_user(hoanghai).exists()


# --- cases ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("username", "may_work"),
    [
        ("hoanghoa", False),
        ("vanphonghh", False),
        ("lanhdao", False),
        ("vanphong", False),
        ("kiemtra", True),
        ("truongdoan", True),
    ],
)
def test_the_subject_the_leader_in_charge_the_province_and_the_team_see_the_case(
    world, case, member, username, may_work
):
    user = User.objects.get(username=username)

    assert get_case_for_user(user, case.uid) == (case, may_work)
    assert list(Case.objects.for_user(user)) == [case]
    if not may_work:
        with pytest.raises(PermissionDenied):
            get_case_for_user(user, case.uid, change=True)


@pytest.mark.parametrize("username", ["ngason", "hoangdong", "dangvien"])
def test_another_district_and_a_commune_below_the_subject_do_not_see_the_case(
    world, case, username
):
    user = world.user(username)

    with pytest.raises(Http404):
        get_case_for_user(user, case.uid)
    assert not Case.objects.for_user(user).exists()
    assert not Recommendation.objects.for_user(user).exists()


def test_the_team_and_its_decision_are_seen_by_the_subject_but_not_by_another_district(world, case):
    team = case.team

    assert get_team_for_user(world.user("hoanghoa"), team.uid) == (team, False)
    assert Document.objects.for_user(world.user("hoanghoa")).filter(pk=team.document_id).exists()
    with pytest.raises(Http404):
        get_team_for_user(world.user("ngason"), team.uid)
    assert not Document.objects.for_user(world.user("ngason")).filter(pk=team.document_id).exists()


# --- plans ------------------------------------------------------------------------------


def test_a_draft_plan_is_the_bodys_own_and_an_issued_one_is_read_by_its_subjects(world, kt):
    plan = make.plan(world.ubkt, [world.hoanghoa], user=kt, issued=False)
    subject, leader = world.user("hoanghoa"), world.user("lanhdao")

    for user in (subject, leader):
        assert not Plan.objects.for_user(user).exists()
        with pytest.raises(Http404):
            get_oversight_plan_for_user(user, plan.uid)
    assert get_oversight_plan_for_user(kt, plan.uid, change=True) == (plan, True)

    services.issue_plan(kt, plan, symbol="15-KH/UBKTTU", issue_date=D(2021, 10, 1))

    for user in (subject, leader):
        assert list(Plan.objects.for_user(user)) == [plan]
        assert get_oversight_plan_for_user(user, plan.uid) == (plan, False)
        with pytest.raises(PermissionDenied):
            get_oversight_plan_for_user(user, plan.uid, change=True)
    for username in ("ngason", "hoangdong"):
        assert not Plan.objects.for_user(world.user(username)).exists()


def test_a_team_member_from_outside_the_bodys_unit_sees_the_plan_of_their_team(world, case, member):
    assert get_oversight_plan_for_user(member, case.team.plan.uid) == (case.team.plan, False)


# --- the Inspection Commission's inspector -----------------------------------------------


def test_an_inspector_of_the_commission_reads_the_whole_committee(world, kt, commission):
    other = make.case(world.ubkt, world.ngason, user=kt)
    district_document = factories.document(world.ngason, "12-KH/HU")

    assert all(can_see_unit(commission, u) for u in OrgUnit.objects.under(world.province))
    assert set(Case.objects.for_user(commission)) == {other}
    assert Document.objects.for_user(commission).filter(pk=district_document.pk).exists()
    assert may_run_oversight(commission, world.ubkt)
    assert may_run_oversight(commission, world.province)


def test_an_inspector_of_the_commission_writes_nothing_outside_oversight(world, commission):
    for unit in (world.ubkt, world.province, world.hoanghoa, world.hoangdong):
        assert not may_write_for_unit(commission, unit)
        assert not may_change_owned(commission, unit)
    with pytest.raises(RegistrationError):
        save_document(
            {
                "symbol": "40-KH/UBKTTU",
                "title": "Kế hoạch",
                "issue_date": D(2021, 6, 1),
                "issuing_unit": world.ubkt,
            },
            user=commission,
        )
    programme = factories.programme(world.hoanghoa, "Chương trình của huyện")
    with pytest.raises(PermissionDenied):
        save_task(commission, Task(programme=programme), {"title": "Nhiệm vụ"})


def test_an_inspector_of_the_commission_runs_a_case_from_plan_to_verification(world, commission):
    case = make.case(world.ubkt, world.hoanghoa, user=commission)
    rec = make.concluded(case, user=commission).recommendations.get()

    services.verify_remedy(
        commission, make.remedy(rec, user=world.user("hoanghoa")), verdict="done"
    )

    case.refresh_from_db()
    assert case.state == "closed"


def test_a_district_commissions_inspector_reads_its_district_only(world):
    district_commission = factories.unit(
        world.hoanghoa, "UBKTHU-399", "Ủy ban Kiểm tra Huyện ủy Hoằng Hóa", kind=UnitKind.AGENCY
    )
    inspector = make.inspector_user(district_commission)

    assert can_see_unit(inspector, world.hoangdong)
    assert not can_see_unit(inspector, world.ngason)
    assert not can_see_unit(inspector, world.province)
    assert not may_run_oversight(inspector, world.ubkt)
    assert may_run_oversight(inspector, district_commission)


# --- supervision visits -------------------------------------------------------------------


@pytest.fixture
def visit(world):
    return services.record_visit(
        world.user("lanhdao"),
        Visit(),
        {
            "unit": world.hoanghoa,
            "held_on": D(2021, 12, 1),
            "kind": VisitKind.SESSION,
            "notes": "Làm việc với Ban Thường vụ Huyện ủy.",
        },
    )


def test_a_visit_is_seen_by_its_unit_and_changed_only_by_the_leader_who_made_it(world, visit):
    assert get_visit_for_user(world.user("lanhdao"), visit.uid, change=True) == (visit, True)
    assert get_visit_for_user(world.user("hoanghoa"), visit.uid) == (visit, False)
    with pytest.raises(PermissionDenied):
        get_visit_for_user(world.user("hoanghoa"), visit.uid, change=True)
    assert list(Visit.objects.for_user(world.user("vanphong"))) == [visit]
    for username in ("ngason", "hoangdong"):
        assert not Visit.objects.for_user(world.user(username)).exists()
        with pytest.raises(Http404):
            get_visit_for_user(world.user(username), visit.uid)
