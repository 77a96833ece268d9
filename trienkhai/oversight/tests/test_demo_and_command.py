"""The daily command's oversight reminders (on factories), and the demo's inspection of
how three districts carry out Quyết định 621-QĐ/TU (marked `demo`: run apart, with
`-m demo`)."""

import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command

from trienkhai.core import clock
from trienkhai.documents.models import Document
from trienkhai.notifications.models import Notification
from trienkhai.orgs.models import OrgUnit
from trienkhai.oversight import demo, services
from trienkhai.oversight.models import (
    Case,
    CaseState,
    FindingKind,
    FollowUp,
    Plan,
    Recommendation,
    RecState,
    Visit,
)
from trienkhai.oversight.risk import risk_list
from trienkhai.testing import oversight as make

D = datetime.date

# --- the daily command, on factories ----------------------------------------------------


@pytest.fixture
def owed(world, settings):
    """Nga Sơn has not sent its self-report (due 18/10); Hoằng Hóa's conclusion (5/12) has
    a recommendation overdue since 20/12 and one due on 27/12. Today is 24/12/2021."""
    inspector = world.user("kiemtra")
    make.case(world.ubkt, world.ngason, user=inspector)
    concluded = make.case(world.ubkt, world.hoanghoa, user=inspector)
    make.finding(concluded, user=inspector)
    make.recommendation(concluded, user=inspector, deadline=D(2021, 12, 20))
    make.recommendation(concluded, user=inspector, deadline=D(2021, 12, 27))
    services.issue_conclusion(
        inspector, concluded, symbol="301-TB/UBKTTU", issue_date=D(2021, 12, 5)
    )
    settings.TK_TODAY = clock.DEMO_TODAY
    return world


def _run():
    out = io.StringIO()
    call_command("send_reminders", "--no-email", stdout=out)
    return out.getvalue().splitlines()


def test_the_command_prints_a_line_per_self_report_and_recommendation_and_a_summary(owed):
    lines = _run()
    assert lines[-1] == "3 việc kiểm tra, giám sát cần nhắc."
    ours = [line.split() for line in lines if line.startswith(("HU-399", "HU-401"))]
    # Nga Sơn's reporter; Hoằng Hóa's reporter and office, and for the overdue one the
    # Standing Committee member in charge of Hoằng Hóa.
    assert sorted(" ".join(words) for words in ours) == [
        "HU-399 kiến nghị đã báo 2 người",
        "HU-399 kiến nghị đã báo 3 người",
        "HU-401 báo cáo tự kiểm tra đã báo 1 người",
    ]
    leader = Notification.objects.get(user=owed.user("lanhdao"), key__contains=":overdue:")
    assert leader.text.startswith("Kiến nghị quá hạn từ 20/12/2021")


def test_the_command_run_twice_the_same_day_notifies_nobody_again(owed):
    _run()
    before = Notification.objects.count()
    lines = _run()
    assert Notification.objects.count() == before
    assert lines[-1] == "3 việc kiểm tra, giám sát cần nhắc."
    assert [line for line in lines if line.startswith("HU-")] and all(
        line.endswith("đã báo 0 người") for line in lines if line.startswith("HU-")
    )


def test_no_email_sends_no_mail_of_oversight(owed):
    user = owed.user("ngason")
    user.email = "ngason@example.vn"
    user.save()
    _run()
    assert mail.outbox == []


def test_without_no_email_the_reminder_is_also_mailed(owed):
    user = owed.user("ngason")
    user.email = "ngason@example.vn"
    user.save()
    call_command("send_reminders", stdout=io.StringIO())
    assert [m.to for m in mail.outbox] == [["ngason@example.vn"]]


# --- the demo -------------------------------------------------------------------------------


@pytest.fixture
def plan(db):
    return Plan.objects.select_related("document", "body").get(
        document__symbol=demo.PLAN_SYMBOL, body__code=demo.BODY
    )


@pytest.fixture
def cases(plan):
    """{state: case} of the plan: one case in each state."""
    found = list(Case.objects.filter(team__plan=plan).select_related("subject", "conclusion"))
    by_state = {c.state: c for c in found}
    assert len(by_state) == len(found) == 3
    return by_state


@pytest.mark.demo
def test_the_demo_plan_has_a_closed_a_concluded_and_an_open_case(plan, cases):
    assert set(cases) == {CaseState.CLOSED, CaseState.CONCLUDED, CaseState.OPEN}
    assert cases[CaseState.CONCLUDED].subject.code == demo.HOANG_HOA
    assert all(c.subject.level == "district" for c in cases.values())
    assert plan.is_sample and all(c.is_sample for c in cases.values())
    assert plan.documents.get().symbol == "621-QĐ/TU" and plan.programmes.exists()
    closed = cases[CaseState.CLOSED]
    assert set(closed.findings.values_list("kind", flat=True)) == set(FindingKind.values)
    assert closed.self_reported_at and closed.closed_on == D(2021, 12, 22)
    assert closed.conclusion.symbol == "55-TB/UBKTTU"
    recs = closed.recommendations.all()
    assert len(recs) == 2 and all(r.state == RecState.DONE for r in recs)
    assert all(r.remedies.filter(verdict="done").exists() for r in recs)
    in_progress = cases[CaseState.OPEN]
    assert in_progress.self_reported_at and in_progress.findings.exists()
    assert in_progress.conclusion is None


@pytest.mark.demo
def test_the_subjects_besides_hoang_hoa_come_from_the_top_of_the_risk_list(plan, cases):
    rows = [
        r.unit.code
        for r in risk_list(OrgUnit.objects.get(code="TU-38"), on=demo.PLAN_ISSUED)
        if r.unit.level == "district" and r.unit.code != demo.HOANG_HOA
    ]
    assert [cases[CaseState.CLOSED].subject.code, cases[CaseState.OPEN].subject.code] == rows[:2]
    assert cases[CaseState.OPEN].subject.name in plan.content


@pytest.mark.demo
def test_hoang_hoa_has_a_recommendation_overdue_that_its_leader_sees(cases, persona):
    overdue = Recommendation.objects.overdue(clock.DEMO_TODAY)
    assert list(overdue.values_list("responsible_unit__code", flat=True)) == [demo.HOANG_HOA]
    rec = overdue.get()
    assert rec.deadline < clock.DEMO_TODAY and rec.state == RecState.NOT_DONE
    assert rec.case.recommendations.filter(state=RecState.DONE).count() == 1
    assert Recommendation.objects.for_user(persona("leader")).overdue(clock.DEMO_TODAY).exists()
    assert not Recommendation.objects.for_user(persona("outsider")).filter(pk=rec.pk).exists()


@pytest.mark.demo
def test_the_plan_the_teams_and_the_conclusions_are_in_the_registry_about_their_subjects(
    plan, cases, persona
):
    assert plan.document.kind == "KH" and plan.document.issuing_unit.code == demo.BODY
    subjects = {c.subject.code for c in cases.values()}
    assert set(plan.document.subjects.values_list("code", flat=True)) == subjects
    concluded = [cases[CaseState.CLOSED], cases[CaseState.CONCLUDED]]
    for case in concluded:
        assert case.conclusion.kind == "TB" and case.conclusion.is_sample
        assert case.conclusion.issuing_unit.code == demo.BODY
        assert list(case.conclusion.subjects.values_list("code", flat=True)) == [case.subject.code]
    assert Document.objects.filter(oversight_team__plan=plan, kind="QĐ").count() == 2
    # A subject reads the plan and its own conclusion, not another subject's; a unit that
    # is not a subject reads neither.
    hoanghoa = Document.objects.for_user(persona("district_reporter"))
    assert hoanghoa.filter(pk=plan.document_id).exists()
    assert hoanghoa.filter(pk=cases[CaseState.CONCLUDED].conclusion_id).exists()
    assert not hoanghoa.filter(pk=cases[CaseState.CLOSED].conclusion_id).exists()
    if "HU-401" not in subjects:
        outsider = Document.objects.for_user(persona("outsider"))
        assert not outsider.filter(
            pk__in=[plan.document_id, *(c.conclusion_id for c in concluded)]
        ).exists()


@pytest.mark.demo
def test_the_inspector_account_is_vu_thi_kiem_on_both_teams(plan, persona):
    inspector = persona("kiemtra")
    assert inspector.person.full_name == "Vũ Thị Kiểm"
    teams = list(plan.teams.all())
    assert len(teams) == 2
    for team in teams:
        assert {"head", "secretary"} <= set(team.members.values_list("role", flat=True))
        assert team.members.filter(person=inspector.person).exists()


@pytest.mark.demo
def test_the_leader_in_charge_recorded_two_visits_one_item_done_one_open(persona):
    visits = Visit.objects.filter(member=persona("leader").person, is_sample=True)
    assert sorted(v.unit.code for v in visits) == ["DU-15997", "HU-399"]
    done = sorted(i.done_on is not None for i in FollowUp.objects.filter(visit__in=visits))
    assert done == [False, True]


@pytest.mark.demo
def test_loading_the_demo_again_adds_nothing(plan):
    assert demo.load() == 0
    assert Plan.objects.filter(is_sample=True).count() == 1
