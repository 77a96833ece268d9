"""The subject's dossier (oversight/dossier.py) and its page: what the system already
knows about Hoằng Hóa and its communes over the period an inspection covers (the first
nine months of 2021), read on 10/12/2021."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.oversight.dossier import gather, summary
from trienkhai.oversight.models import TeamRole
from trienkhai.programmes.models import PlanState
from trienkhai.reporting import completeness, services
from trienkhai.reporting.models import Deadlines, Period
from trienkhai.testing import factories as make
from trienkhai.testing import oversight as make_oversight
from trienkhai.testing import programmes as make_programmes
from trienkhai.testing import reporting as make_reports
from trienkhai.testing import study as make_study

pytestmark = pytest.mark.django_db

D = datetime.date
ON = D(2021, 12, 10)
COVERS = {"covers_from": D(2021, 1, 1), "covers_to": D(2021, 9, 30)}

COPIED = (
    "Cấp ủy đã lãnh đạo, chỉ đạo triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ "
    "theo kế hoạch đề ra, bám sát chỉ đạo của cấp trên, đạt được những kết quả quan trọng."
)
OWN = {  # each unit's own words, so only the copied text is signalled
    ("HU-399", "2021Q2"): "Huyện ủy Hoằng Hóa: khảo sát 6 điểm du lịch biển Hải Tiến.",
    ("HU-399", "2021Q3"): "Hoàn thành 8 công trình giao thông ven biển dài 12 km.",
    ("DU-16000", "2021Q2"): "Hoằng Hải: vận động 12 hộ làm homestay ven biển.",
}


def after_grace(unit, period, days=3):
    """A day `days` after the unit's deadline and grace for the period."""
    return Deadlines(period).for_unit(unit).late_after + datetime.timedelta(days=days)


def returned_twice(unit, period, reviewer):
    """Sent, returned, sent again, returned again (waiting for the unit)."""
    report = make_reports.returned(unit, period, None, reviewer, results=COPIED, progress=20)
    report = services.submit(report, None, now=make_reports.at(period.data_to.replace(day=20)))
    return services.return_report(
        report, reviewer, "Chưa có số liệu cụ thể.", now=report.submitted_at
    )


@pytest.fixture
def scene(world, settings):
    """Hoằng Hóa inspected on the tourism programme (trienkhai/testing/reporting.py):

    - plans: Hoằng Hóa's due 05/06, issued 08/06 (late); Hoằng Đông's plan of it, due
      31/08, never issued (overdue). Nga Sơn, outside, is late too.
    - reports 2021Q2: Hoằng Hóa late, Hoằng Đông missing, Hoằng Hải on time; 2021Q3:
      Hoằng Hóa on time (1.500 visitors of a 2.000 plan), Hoằng Đông and Hoằng Hải the
      same stock text, Hoằng Hải's returned twice. Nga Thanh, outside, copies it too.
    - study of 05-CTr/TU: Hoằng Đông 30 of 40 members, Hoằng Hải (20) not yet.
    - tasks: one of Hoằng Hóa's overdue since 31/08, one due 20/12; Nga Sơn's overdue.
    - an earlier inspection's recommendation, due 08/12, still open; Nga Sơn's too.
    """
    settings.TK_TODAY = ON
    w = world
    tour = make_reports.tourism()
    doc = tour.programme.document
    inspector = w.user("kiemtra")
    office = w.user("vanphong")

    make_programmes.concretisation(tour.programme, w.hoanghoa, D(2021, 6, 5))
    make_programmes.concretisation(tour.plans["HU-399"], w.hoangdong, D(2021, 8, 31))
    make_programmes.concretisation(tour.programme, w.ngason, D(2021, 6, 5))

    overdue = make.task(
        tour.plans["HU-399"], "Quy hoạch khu du lịch Hải Tiến", deadline=D(2021, 8, 31)
    )
    due = make.task(tour.plans["HU-399"], "Lễ hội du lịch biển", deadline=D(2021, 12, 20))
    make.task(tour.plans["HU-401"], "Quy hoạch khu du lịch Nga Sơn", deadline=D(2021, 8, 31))

    q2, q3 = make_reports.period("2021Q2"), make_reports.period("2021Q3")
    late = after_grace(w.hoanghoa, q2)
    make_reports.sent(
        w.hoanghoa, q2, results=OWN["HU-399", "2021Q2"], progress=10, value=800, on=late
    )
    make_reports.sent(w.hoanghai, q2, results=OWN["DU-16000", "2021Q2"], progress=10)
    make_reports.sent(w.hoanghoa, q3, results=OWN["HU-399", "2021Q3"], progress=40, value=1500)
    make_reports.sent(w.hoangdong, q3, results=COPIED, progress=20)
    returned_twice(w.hoanghai, q3, office)
    make_reports.sent(w.ngathanh, q3, results=COPIED, progress=20)

    make_study.members(w.hoangdong, 40)
    make_study.members(w.hoanghai, 20)
    make_study.members(w.ngathanh, 25)
    make_study.session(w.hoangdong, [doc], 40, 30)
    make_study.session(w.ngathanh, [doc], 25, 25)

    earlier = make_oversight.case(w.ubkt, w.hoanghoa, user=inspector)
    make_oversight.concluded(earlier, user=inspector, deadline=D(2021, 12, 8))
    elsewhere = make_oversight.case(w.ubkt, w.ngason, user=inspector)
    make_oversight.concluded(elsewhere, user=inspector, deadline=D(2021, 12, 8))

    plan = make_oversight.plan(
        w.ubkt, [w.hoanghoa], user=inspector, documents=[doc], programmes=[tour.programme]
    )
    head = make_oversight.inspector_person(w.ubkt)
    team = make_oversight.team(plan, user=inspector, members=[(head, TeamRole.HEAD)])
    # An account that sees the case only as the team's member (no role, no scope over
    # Hoằng Hóa): the team sees the dossier whoever its members are.
    member = make.user("thanhviendoan", w.ubkt, person=head)
    return {
        "world": w,
        "tour": tour,
        "doc": doc,
        "case": team.cases.get(),
        "earlier": earlier,
        "member": member,
        "tasks": (overdue, due),
        "periods": (q2, q3),
    }


def dossier_of(scene):
    case = scene["case"]
    plan = case.team.plan
    return gather(
        case.subject,
        **COVERS,
        on=ON,
        programmes=plan.programmes.all(),
        documents=plan.documents.all(),
        exclude_case=case,
    )


def report(d, code, period):
    (found,) = [r for r in d.reports if r.unit.code == code and r.period.code == period]
    return found


def codes(units):
    return {u.code for u in units}


def test_a_late_plan_and_an_overdue_one_appear_with_their_dates(scene):
    d = dossier_of(scene)
    late, missing = d.plans
    assert (late.unit.code, late.state, late.due, late.issued_on) == (
        "HU-399",
        PlanState.LATE,
        D(2021, 6, 5),
        D(2021, 6, 8),
    )
    assert late.url == scene["tour"].plans["HU-399"].get_absolute_url()
    assert (missing.unit.code, missing.state, missing.plan) == (
        "DU-15997",
        PlanState.OVERDUE,
        None,
    )
    assert missing.url == scene["tour"].plans["HU-399"].get_absolute_url()  # what to concretise


def test_a_report_not_sent_by_its_deadline_is_missing_and_one_sent_after_it_late(scene):
    d = dossier_of(scene)
    missing = report(d, "DU-15997", "2021Q2")
    assert (missing.state, missing.submission, missing.sent_on) == (
        completeness.MISSING,
        None,
        None,
    )
    assert missing.due == D(2021, 6, 17)
    assert "reports/completeness/?root=DU-15997&year=2021&kind=quarter" in missing.url
    late = report(d, "HU-399", "2021Q2")
    assert late.state == completeness.LATE
    assert late.sent_on == after_grace(scene["world"].hoanghoa, scene["periods"][0])
    assert late.url == late.submission.get_absolute_url()
    assert report(d, "DU-16000", "2021Q2").state == completeness.ON_TIME


def test_the_periods_are_those_overlapping_the_span_the_inspection_covers(scene):
    case = scene["case"]
    for code in ("2021Q4", "2022Q1"):
        make_reports.period(code)
    d = gather(case.subject, covers_from=D(2021, 7, 1), covers_to=D(2021, 11, 30), on=ON)
    assert [p.code for p in d.periods] == ["2021Q3", "2021Q4"]
    not_yet = report(d, "DU-15997", "2021Q4")  # due 17/12/2021
    assert (not_yet.state, not_yet.is_problem) == (completeness.DUE, False)


def test_a_report_returned_twice_counts_two_returns(scene):
    d = dossier_of(scene)
    returned = report(d, "DU-16000", "2021Q3")
    assert (returned.state, returned.returns) == (completeness.RETURNED, 2)
    assert d.returns == 2
    assert returned in d.reports_below


def test_the_subjects_targets_show_attainment_for_the_latest_period_with_data(scene):
    d = dossier_of(scene)
    assert d.attainment.period.code == "2021Q3"
    (item,) = d.attainment.targets
    assert (item.row.target.code, item.row.value, item.row.plan) == ("CT1", 1500, 2000)
    assert (item.row.attainment_label, item.row.light) == ("Không đạt", "red")
    assert item.url == reverse("reporting:target", args=[item.row.target.pk]) + "?period=2021Q3"


def test_study_coverage_counts_members_reached_against_expected_and_units_not_studied(scene):
    d = dossier_of(scene)
    (study,) = d.study
    assert study.document == scene["doc"]
    assert (study.total.reached, study.total.expected, study.total.percent) == (30, 60, 50.0)
    assert (study.total.studied, study.total.units) == (1, 2)
    assert codes(study.not_studied) == {"DU-16000"}


def test_an_implausible_session_is_listed_with_a_link_to_the_units_sessions(scene):
    w = scene["world"]
    make_study.session(w.hoanghai, [scene["doc"]], 30, 28)  # the registry has 20 members
    (study,) = dossier_of(scene).study
    ((unit, found, url),) = study.implausible
    assert (unit.code, found.present, found.expected, found.registry) == ("DU-16000", 28, 30, 20)
    assert url.startswith(reverse("study:list") + "?unit=DU-16000")


def test_a_copied_narrative_is_signalled_naming_the_unit_it_copies(scene):
    d = dossier_of(scene)
    found = {(s.submission.unit.code, s.flag.kind) for s in d.signals}
    assert found == {("DU-15997", "copy_other"), ("DU-16000", "copy_other")}
    (own,) = [s for s in d.signals if s.submission.unit.code == "DU-15997"]
    assert "Đảng ủy xã Hoằng Hải" in own.flag.message
    assert own.url == own.submission.get_absolute_url()


def test_an_overdue_task_and_one_coming_due_appear_with_their_status(scene):
    overdue, due = scene["tasks"]
    d = dossier_of(scene)
    assert [(i.task, i.status) for i in d.tasks_overdue] == [(overdue, "overdue")]
    assert [i.task for i in d.tasks_due] == [due]
    assert (d.overdue_count, d.due_count) == (1, 1)
    assert d.tasks_overdue[0].url == overdue.get_absolute_url()


def test_an_open_recommendation_of_an_earlier_case_appears_overdue(scene):
    d = dossier_of(scene)
    (item,) = d.recommendations
    assert item.recommendation.case == scene["earlier"]
    assert item.overdue
    assert item.url == item.recommendation.get_absolute_url()


def test_the_case_being_prepared_is_not_an_earlier_one(scene):
    inspector = scene["world"].user("kiemtra")
    make_oversight.concluded(scene["case"], user=inspector, deadline=D(2021, 12, 31))
    d = dossier_of(scene)
    assert [i.recommendation.case for i in d.recommendations] == [scene["earlier"]]


def test_nothing_of_a_unit_outside_the_subjects_subtree_appears(scene):
    d = dossier_of(scene)
    outside = {"HU-401", "DU-16100", "TU-38"}
    assert not codes(p.unit for p in d.plans) & outside
    assert not codes(r.unit for r in d.reports) & outside
    assert not codes(s.submission.unit for s in d.signals) & outside
    assert not any("Nga Thanh" in s.flag.message for s in d.signals)
    assert not codes(i.task.lead_unit for i in d.tasks_overdue + d.tasks_due) & outside
    assert {i.recommendation.responsible_unit.code for i in d.recommendations} == {"HU-399"}
    (study,) = d.study
    assert study.total.expected == 60  # Nga Thanh's 25 members are not counted


def test_the_summary_counts_what_needs_a_look(scene):
    counts = summary(dossier_of(scene))
    assert vars(counts) == {
        "plans_missing": 1,
        "plans_late": 1,
        "reports_late": 1,
        "reports_missing": 1,
        "reports_returned": 2,
        "tasks_overdue": 1,
        "signals": 2,
        "recommendations_open": 1,
        "recommendations_overdue": 1,
    }


def test_gathering_the_dossier_writes_nothing(scene):
    before = Period.objects.count()
    with CaptureQueriesContext(connection) as queries:
        dossier_of(scene)
    writes = [q["sql"] for q in queries if not q["sql"].lstrip().upper().startswith("SELECT")]
    assert writes == []
    assert Period.objects.count() == before


def page(client, user, case):
    client.force_login(user)
    return client.get(reverse("oversight:dossier", args=[case.uid]))


@pytest.mark.parametrize("who", ["inspector", "team_member", "subject_reporter"])
def test_the_page_opens_for_the_team_and_for_the_subjects_reporter(scene, client, who):
    w = scene["world"]
    user = {
        "inspector": w.user("kiemtra"),
        "team_member": scene["member"],
        "subject_reporter": w.user("hoanghoa"),
    }[who]
    response = page(client, user, scene["case"])
    assert response.status_code == 200
    html = response.content.decode()
    for anchor in ("plans", "reports", "targets", "study", "signals", "tasks", "recommendations"):
        assert f'id="{anchor}"' in html
    assert reverse("oversight:case", args=[scene["case"].uid]) in html
    assert scene["tour"].plans["HU-399"].get_absolute_url() in html
    assert "Quy hoạch khu du lịch Hải Tiến" in html
    assert "30/60" in html
    assert "Nga Thanh" not in html


def test_the_page_is_not_found_for_another_districts_reporter(scene, client):
    assert page(client, scene["world"].user("ngason"), scene["case"]).status_code == 404


def add_communes(scene, n):
    """`n` more communes under Hoằng Hóa, each with a task delegated to it, a report
    sent, a study session, a plan to issue and a recommendation of its own case."""
    w, tour = scene["world"], scene["tour"]
    q2, q3 = scene["periods"]
    inspector = w.user("kiemtra")
    for i in range(n):
        commune = make.unit(w.hoanghoa, f"DU-9{i:04d}", f"Đảng ủy xã Mới {i}")
        title = f"Nhiệm vụ của xã {i}"
        make.task(tour.plans["HU-399"], title, lead_unit=commune, deadline=D(2021, 8, 31))
        make_programmes.concretisation(tour.plans["HU-399"], commune, D(2021, 8, 31))
        make_reports.sent(commune, q3, results=f"Xã {i} đón {100 + i} lượt khách.", progress=5)
        make_study.members(commune, 10 + i)
        make_study.session(commune, [scene["doc"]], 10 + i, 10 + i)
        earlier = make_oversight.case(w.ubkt, commune, user=inspector)
        make_oversight.concluded(earlier, user=inspector, deadline=D(2021, 12, 8))


def test_the_page_costs_the_same_number_of_queries_however_many_communes(
    scene, client, django_assert_max_num_queries
):
    # The request: session, user, unit, roles (4) and the session saved (3: it is saved
    # on every request); the case and its body's committee (2); the plan's programmes,
    # their plans below (one query per level: 2) and its documents (4 in all). The
    # dossier: periods, reports, times returned (3); per period the deadline rules,
    # extensions and who owes (3 × 2 periods); tasks: counts, two lists with their
    # milestones, delegation (6); obligations and plans (2); roll-up: latest period,
    # targets, values, lower targets, plans (5); coverage: sessions, counted units,
    # rows, names (4); signals: 4 and 6 for the two periods with reports sent (10);
    # recommendations (1). 50 in all, whatever the number of communes.
    budget = 50
    client.force_login(scene["world"].user("kiemtra"))
    url = reverse("oversight:dossier", args=[scene["case"].uid])
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_communes(scene, 4)
    with django_assert_max_num_queries(budget), CaptureQueriesContext(connection) as many:
        response = client.get(url)
    assert response.status_code == 200
    assert "Đảng ủy xã Mới 3" in response.content.decode()
    assert len(many) == len(few)
