import datetime
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.core import clock
from trienkhai.programmes.cascade import delegate
from trienkhai.programmes.matrix import concretisation_matrix
from trienkhai.programmes.models import PlanState, Programme, Target, Task, plan_state
from trienkhai.testing import factories as make
from trienkhai.testing import programmes as plans

pytestmark = [pytest.mark.django_db]

NOV_2021 = datetime.date(2021, 11, 5)


@pytest.fixture
def cascade(world):
    """Tourism (623-QĐ/TU) and education (700-QĐ/TU) of the province, with four districts
    asked to concretise tourism by 30/11/2021 and two education by 15/12/2021: Hoằng Hóa
    issued 45-KH/HU on 15/11 (on time), Nga Sơn on 10/12 (late), Nghi Sơn on 22/12 (late),
    Hậu Lộc nothing; no education plan yet. Nga Thanh (a commune) issued a plan of Nga
    Sơn's. Tourism has a sample target with yearly plans and two tasks."""
    haloc = make.unit(world.province, "HU-385", "Huyện ủy Hậu Lộc", level=make.Level.DISTRICT)
    nghison = make.unit(world.province, "HU-407", "Thị ủy Nghi Sơn", level=make.Level.DISTRICT)
    tourism = make.programme(
        world.province,
        "Chương trình phát triển du lịch",
        document=make.document(world.province, "623-QĐ/TU", issue_date=datetime.date(2021, 7, 20)),
    )
    education = make.programme(
        world.province,
        "Chương trình phát triển giáo dục",
        document=make.document(world.province, "700-QĐ/TU", issue_date=datetime.date(2021, 8, 5)),
    )
    make.target(
        tourism,
        "1",
        "Tổng lượt khách du lịch",
        unit_of_measure="triệu lượt",
        is_sample=True,
        plan={2021: 9, 2022: 12, 2025: 18},
    )
    promote = make.task(
        tourism,
        "Quảng bá du lịch biển Sầm Sơn",
        start=datetime.date(2021, 8, 1),
        deadline=datetime.date(2021, 10, 31),
    )
    products = make.task(
        tourism,
        "Phát triển sản phẩm du lịch đặc thù",
        start=datetime.date(2021, 8, 1),
        deadline=datetime.date(2022, 6, 30),
    )
    due = datetime.date(2021, 11, 30)
    for district in (world.hoanghoa, world.ngason, haloc, nghison):
        plans.concretisation(tourism, district, due)
    for district in (world.hoanghoa, world.ngason):
        plans.concretisation(education, district, datetime.date(2021, 12, 15))
    hoanghoa = plans.plan(
        tourism,
        world.hoanghoa,
        symbol="45-KH/HU",
        issue_date=datetime.date(2021, 11, 15),
        tasks=[
            {
                "title": "Xây dựng sản phẩm du lịch biển Hải Tiến",
                "start": datetime.date(2021, 11, 15),
                "deadline": datetime.date(2022, 6, 30),
            }
        ],
    )
    ngason = plans.plan(
        tourism, world.ngason, symbol="52-KH/HU", issue_date=datetime.date(2021, 12, 10)
    )
    plans.plan(tourism, nghison, symbol="31-KH/TU", issue_date=datetime.date(2021, 12, 22))
    ngathanh = plans.plan(
        ngason, world.ngathanh, symbol="07-KH/ĐU", issue_date=datetime.date(2021, 12, 20)
    )
    return SimpleNamespace(
        tourism=tourism,
        education=education,
        promote=promote,
        products=products,
        hoanghoa=hoanghoa,
        ngason=ngason,
        ngathanh=ngathanh,
        haloc=haloc,
        nghison=nghison,
    )


@pytest.mark.demo
def test_demo_holds_the_six_key_programmes_and_three_breakthroughs_two_marked_as_sample():
    """A smoke test of the demo itself (its seed's programmes): it stays on the demo. The
    seed names one breakthrough's document (22-KH/TU); the other two of 715-QĐ/TU are
    sample programmes with no document, marked so."""
    province = Programme.objects.filter(unit__code="TU-38")
    assert sorted(p.document.symbol for p in province.filter(kind="key")) == sorted(
        ["621-QĐ/TU", "623-QĐ/TU", "696-QĐ/TU", "700-QĐ/TU", "701-QĐ/TU", "624-QĐ/TU"]
    )
    breakthroughs = province.filter(kind="breakthrough")
    assert [p.document.symbol for p in breakthroughs.filter(is_sample=False)] == ["22-KH/TU"]
    samples = breakthroughs.filter(is_sample=True)
    assert samples.count() == 2 and not samples.filter(document__isnull=False).exists()
    assert not province.filter(kind="key", is_sample=True).exists()
    assert all(t.is_sample for t in Target.objects.filter(programme__in=province))


def test_matrix_shows_issued_late_and_missing_plans_with_rates(world, cascade):
    user = world.user("vanphong")
    m = concretisation_matrix(user, world.province, today=datetime.date(2021, 12, 21))
    assert [p.document.symbol for p in m.programmes] == ["623-QĐ/TU", "700-QĐ/TU"]
    tourism, education = 0, 1
    # Only the units asked to concretise have a row (not the police, the committees).
    assert {u.code for u, _cells, _rate in m.rows} == {"HU-399", "HU-401", "HU-385", "HU-407"}
    states = {unit.code: cells[tourism].state for unit, cells, _rate in m.rows}
    assert states == {
        "HU-399": PlanState.ISSUED,
        "HU-401": PlanState.LATE,
        "HU-385": PlanState.OVERDUE,
        "HU-407": PlanState.OVERDUE,  # Nghi Sơn's plan came on 22/12/2021
    }
    educating = {unit.code: cells[education] for unit, cells, _rate in m.rows}
    assert educating["HU-399"].state == educating["HU-401"].state == PlanState.OVERDUE
    assert educating["HU-385"] is None and educating["HU-407"] is None
    rate = m.by_programme[tourism]
    # 4 districts must concretise; by 21/12/2021 one on time and one late: 2/4 = 50%
    assert (rate.required, rate.issued, rate.late, rate.percent) == (4, 2, 1, 50.0)
    assert (m.overall.required, m.overall.issued, m.overall.percent) == (6, 2, 33.3)
    later = concretisation_matrix(user, world.province, today=datetime.date(2021, 12, 31))
    # by 31/12/2021 three plans are out, two of them late: 3/4 = 75%
    rate = later.by_programme[tourism]
    assert (rate.issued, rate.late, rate.percent) == (3, 2, 75.0)


def test_matrix_costs_three_queries_whatever_the_number_of_units(
    world, cascade, django_assert_max_num_queries
):
    from trienkhai.accounts.access import scope_for

    user = world.user("vanphong")
    for n in range(5):  # more districts asked, one more with its plan
        district = make.unit(world.province, f"HU-9{n}", f"Huyện ủy {n}")
        plans.concretisation(cascade.education, district)
    plans.plan(cascade.education, district)
    scope_for(user)
    # children, obligations with programmes and documents, plans with documents
    with django_assert_max_num_queries(3):
        m = concretisation_matrix(user, world.province)
    assert len(m.rows) == 9 and m.overall.required == 11


def test_a_plan_is_issued_late_or_overdue_against_its_due_date(cascade):
    due = datetime.date(2021, 11, 30)
    assert plan_state(due, cascade.hoanghoa) == PlanState.ISSUED  # issued 15/11/2021
    assert plan_state(due, cascade.ngason) == PlanState.LATE  # issued 10/12/2021
    assert plan_state(due, cascade.ngason, today=datetime.date(2021, 12, 1)) == PlanState.OVERDUE
    assert plan_state(due, None, today=datetime.date(2021, 11, 1)) == PlanState.MISSING
    assert plan_state(due, None, today=datetime.date(2021, 12, 1)) == PlanState.OVERDUE


def test_a_plan_may_only_implement_a_programme_of_a_unit_above(world, cascade):
    plan = Programme(
        unit=world.btv,
        kind="plan",
        parent=cascade.tourism,
        title="x",
        start_year=2021,
        end_year=2025,
    )
    plan.clean()  # under the Tỉnh ủy: allowed
    sideways = Programme(
        unit=world.ngason,
        kind="plan",
        parent=cascade.hoanghoa,
        title="x",
        start_year=2021,
        end_year=2025,
    )
    with pytest.raises(ValidationError, match="cấp trên"):
        sideways.clean()
    itself = Programme(
        unit=world.province,
        kind="plan",
        parent=cascade.tourism,
        title="x",
        start_year=2021,
        end_year=2025,
    )
    with pytest.raises(ValidationError, match="cấp trên"):
        itself.clean()


def test_a_ratio_target_needs_its_numerator_and_denominator(world):
    target = Target(
        programme=make.programme(world.province), code="9", name="Tỷ lệ", aggregation="ratio"
    )
    with pytest.raises(ValidationError, match="tử số"):
        target.clean()


def test_a_deadline_before_the_start_and_a_delegation_cycle_are_refused(world, cascade):
    (task,) = delegate(cascade.products, [world.hoanghoa], datetime.date(2022, 3, 31))
    task.deadline = task.start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Hạn hoàn thành"):
        task.clean()
    task.refresh_from_db()
    parent = task.parent
    parent.parent = task
    with pytest.raises(ValidationError, match="vòng lặp"):
        parent.clean()


def test_task_status_is_derived_from_dates_and_progress(cascade):
    done = cascade.promote
    done.progress, done.completed_on = 100, datetime.date(2021, 10, 20)
    done.save()
    assert done.status(NOV_2021) == "done"
    overdue = Task.objects.get(pk=cascade.promote.pk)
    overdue.progress, overdue.completed_on = 60, None
    assert overdue.status(datetime.date(2021, 12, 1)) == "overdue"


def test_district_sees_province_programmes_and_its_own_plan_but_not_another_districts(
    world, cascade
):
    visible = Programme.objects.for_user(world.user("hoanghoa"))
    assert set(visible.filter(unit__code="TU-38")) == {cascade.tourism, cascade.education}
    assert list(visible.filter(unit__code="HU-399")) == [cascade.hoanghoa]
    assert not visible.filter(unit__code="HU-401").exists()
    assert not visible.filter(unit__code="DU-16100").exists()


def test_overdue_list_shows_open_tasks_past_their_deadline(client_as, world):
    today = clock.today()
    programme = make.programme(world.province, "Chương trình chuyển đổi số")
    make.task(programme, "Nhiệm vụ quá hạn", deadline=today - datetime.timedelta(days=10))
    make.task(
        programme,
        "Nhiệm vụ xong muộn",
        deadline=today - datetime.timedelta(days=20),
        progress=100,
        completed_on=today - datetime.timedelta(days=5),
    )
    make.task(programme, "Nhiệm vụ còn hạn", deadline=today + datetime.timedelta(days=30))
    client = client_as("province_office")
    response = client.get(reverse("programmes:tasks"), {"status": "overdue"})
    tasks = list(response.context["page"].object_list)
    assert [t.title for t in tasks] == ["Nhiệm vụ quá hạn"]
    assert "Quá hạn" in response.content.decode()


def test_task_list_has_a_fixed_number_of_queries(client_as, world, cascade):
    # Work delegated two levels down, with milestones, beside a page of plain tasks.
    (sub,) = delegate(cascade.products, [world.hoanghoa], datetime.date(2022, 3, 31))
    delegate(sub, [world.hoangdong, world.hoanghai], datetime.date(2022, 2, 28))
    plans.milestone(sub, "Hoàn thành khảo sát", datetime.date(2022, 1, 15))
    plans.milestone(cascade.products, "Khảo sát điểm đến", datetime.date(2021, 12, 15))
    for n in range(8):
        make.task(cascade.tourism, deadline=datetime.date(2022, 1, n + 1))
    client = client_as("province_office")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(reverse("programmes:tasks"))
    assert response.context["page"].paginator.count == Task.objects.count()
    # session (4), user, scope (3), count, page, milestones, sub-tasks and their sub-tasks
    # of the page (for progress rolled up from delegated work), programmes filter
    assert len(ctx) <= 15


def test_programme_page_shows_targets_with_yearly_plans_and_tasks(client_as, cascade):
    html = client_as("commune_reporter").get(cascade.tourism.get_absolute_url()).content.decode()
    assert "Tổng lượt khách du lịch" in html and ">2025<" in html
    assert ">2.025<" not in html  # years are not grouped like numbers
    assert "dữ liệu mẫu" in html and "Kế hoạch thực hiện của cấp dưới" in html
    assert "Phát triển sản phẩm du lịch đặc thù" in html
    assert "45-KH/HU" in html  # Hoằng Hóa's plan is visible to its commune
    assert "52-KH/HU" not in html  # Nga Sơn's is not


def test_matrix_page_drills_down_and_stays_in_scope(client_as, world, cascade):
    plans.concretisation(cascade.ngason, world.ngathanh, datetime.date(2021, 12, 31))
    client = client_as("province_office")
    html = client.get(reverse("programmes:matrix")).content.decode()
    assert "Huyện ủy Hoằng Hóa" in html and "45-KH/HU" in html
    assert "Đảng ủy xã Nga Thanh" not in html
    html = client.get(reverse("programmes:matrix"), {"unit": "HU-401"}).content.decode()
    assert "Đảng ủy xã Nga Thanh" in html and "07-KH/ĐU" in html
    assert "Huyện ủy Hoằng Hóa" not in html
    assert (
        client_as("outsider").get(reverse("programmes:matrix"), {"unit": "HU-399"}).status_code
        == 404
    )


def test_api_gives_the_matrix_and_the_overdue_tasks_in_scope(api_as, settings, world, cascade):
    settings.TK_TODAY = clock.DEMO_TODAY  # 24/12/2021: Sầm Sơn's promotion is overdue
    long_ago = datetime.date(2021, 10, 1)
    make.task(cascade.hoanghoa, "Việc quá hạn của Hoằng Hóa", deadline=long_ago)
    make.task(cascade.ngason, "Việc quá hạn của Nga Sơn", deadline=long_ago)
    delegate(cascade.promote, [world.hoanghoa], datetime.date(2021, 10, 31))
    body = api_as("province_office").get(reverse("api-concretisation"), {"unit": "TU-38"}).json()
    row = next(r for r in body["rows"] if r["unit"] == "HU-399")
    assert "45-KH/HU" in {c["document"] for c in row["cells"] if c}
    tasks = api_as("outsider").get(reverse("task-list"), {"status": "overdue"}).json()["results"]
    assert sorted(t["title"] for t in tasks) == [
        "Quảng bá du lịch biển Sầm Sơn",  # the province's own task
        "Việc quá hạn của Nga Sơn",
    ]
    assert all(t["lead_unit"] != "HU-399" for t in tasks)
    assert (
        api_as("outsider").get(reverse("api-concretisation"), {"unit": "HU-399"}).status_code == 404
    )


def test_matrix_can_be_read_as_of_a_past_date(client_as, cascade):
    client = client_as("province_office")
    html = client.get(
        reverse("programmes:matrix"), {"unit": "TU-38", "on": "05/11/2021"}
    ).content.decode()
    assert 'td class="cell state-missing"' in html and 'td class="cell state-overdue"' not in html
    html = client.get(
        reverse("programmes:matrix"), {"unit": "TU-38", "on": "21/12/2021"}
    ).content.decode()
    assert 'td class="cell state-overdue"' in html and "45-KH/HU" in html
    html = client.get(reverse("programmes:matrix"), {"on": "31/02/2021"}).content.decode()
    assert "Ngày không hợp lệ" in html


def test_matrix_as_of_a_past_date_does_not_show_plans_issued_after_it(client_as, cascade):
    html = (
        client_as("province_office")
        .get(reverse("programmes:matrix"), {"unit": "TU-38", "on": "05/11/2021"})
        .content.decode()
    )
    assert "45-KH/HU" not in html  # issued on 15/11/2021


def test_roadmap_places_tasks_and_milestones_on_the_timeline_and_marks_late_ones(
    client_as, settings, cascade
):
    settings.TK_TODAY = datetime.date(2021, 12, 10)
    tourism = cascade.tourism
    done_late = make.task(
        tourism,
        "Xây dựng bộ nhận diện du lịch",
        start=datetime.date(2021, 9, 1),
        deadline=datetime.date(2021, 11, 30),
        progress=100,
        completed_on=datetime.date(2021, 12, 10),
    )
    make.task(
        tourism,
        "Tổng kết mùa du lịch",
        start=datetime.date(2021, 9, 1),
        deadline=datetime.date(2021, 12, 20),
        progress=100,
        completed_on=datetime.date(2021, 12, 1),
    )
    plans.milestone(cascade.products, "Khảo sát điểm đến", datetime.date(2021, 12, 15))
    response = client_as("province_office").get(reverse("programmes:roadmap", args=[tourism.uid]))
    rows = response.context["rows"]
    assert len(rows) == tourism.tasks.count() == 4
    assert all(0 <= r["left"] <= 100 and r["left"] + r["width"] <= 100.5 for r in rows)
    # Overdue (Sầm Sơn, due 31/10/2021, open) and done after its deadline; not the
    # products, under way until 30/06/2022, nor the review done on time.
    assert {r["task"] for r in rows if r["late"]} == {cascade.promote, done_late}
    assert 'class="rm-milestone' in response.content.decode()


def test_api_reports_progress_with_structured_errors_and_the_same_permissions(api_as, cascade):
    task = cascade.hoanghoa.tasks.get()
    url = reverse("task-progress", args=[task.uid])
    client = api_as("district_reporter")
    first = client.post(url, {"progress": "55"}, format="json")
    again = client.post(url, {"progress": "55"}, format="json")
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    task.refresh_from_db()
    assert task.progress == 55
    bad = client.post(url, {"progress": "140"}, format="json")
    assert bad.status_code == 400 and "progress" in bad.json()["error"]["fields"]
    task.refresh_from_db()
    assert task.progress == 55
    done = client.post(url, {"progress": "100", "completed_on": "2021-12-20"}, format="json")
    assert done.status_code == 200 and done.json()["completed_on"] == "2021-12-20"
    assert api_as("leader").post(url, {"progress": "10"}, format="json").status_code == 403
    assert api_as("outsider").post(url, {"progress": "10"}, format="json").status_code == 404
    task.refresh_from_db()
    assert (task.progress, task.completed_on) == (100, datetime.date(2021, 12, 20))


def test_api_issues_an_implementing_plan_all_or_nothing(api_as, world):
    upper = make.programme(
        world.province,
        "Chương trình chăm sóc sức khỏe nhân dân",
        document=make.document(world.province, "701-QĐ/TU"),
    )
    make.target(upper, "1", "Tỷ lệ xã đạt tiêu chí quốc gia về y tế", plan={2025: 95})
    make.task(upper, "Củng cố y tế cơ sở", deadline=datetime.date(2022, 12, 31))
    make.task(upper, "Phát triển y tế tư nhân", deadline=datetime.date(2023, 12, 31))
    url = reverse("programme-plan", args=[upper.uid])
    client = api_as("district_reporter")
    bad = client.post(
        url,
        {
            "title": "KH",
            "symbol": "61-KH/HU",
            "issue_date": "2021-11-25",
            "targets": [{"code": "99"}],
        },
        format="json",
    )
    assert bad.status_code == 400 and "targets" in bad.json()["error"]["fields"]
    assert not Programme.objects.filter(parent=upper, unit__code="HU-399").exists()
    body = {
        "title": "Kế hoạch thực hiện chương trình y tế",
        "symbol": "61-KH/HU",
        "issue_date": "2021-11-25",
        "targets": [{"code": "1", "plans": {"2022": "31.5"}}],
        "take_tasks": [str(upper.tasks.first().uid)],
        "tasks": [{"title": "Nâng cấp trạm y tế xã", "deadline": "2022-06-30"}],
    }
    response = client.post(url, body, format="json")
    assert response.status_code == 201, response.json()
    plan = Programme.objects.get(parent=upper, unit__code="HU-399")
    assert plan.document.symbol == "61-KH/HU" and plan.document.issuing_unit == world.hoanghoa
    assert sorted(plan.tasks.values_list("title", flat=True)) == [
        "Củng cố y tế cơ sở",
        "Nâng cấp trạm y tế xã",
    ]
    (target,) = plan.targets.all()
    assert target.upper.programme == upper
    assert {p.year: p.value for p in target.plans.all()} == {2022: Decimal("31.5")}
    assert client.post(url, body, format="json").status_code == 400  # a retry is not stored twice
    assert Programme.objects.filter(parent=upper).count() == 1
    assert api_as("leader").post(url, body, format="json").status_code == 403


def test_api_adds_and_changes_tasks_for_the_programmes_office_only(api_as, world):
    for code, name in [
        ("SVHTTDL-38", "Sở Văn hóa, Thể thao và Du lịch"),
        ("STC-38", "Sở Tài chính"),
    ]:
        make.unit(world.province, code, name, level=make.Level.PROVINCE, kind=make.Kind.AGENCY)
    programme = make.programme(
        world.province,
        "Chương trình phát triển văn hóa",
        document=make.document(world.province, "696-QĐ/TU"),
    )
    client = api_as("province_office")
    created = client.post(
        reverse("task-list"),
        {
            "programme": str(programme.uid),
            "title": "Xây dựng nhà văn hóa thôn",
            "lead_unit": "SVHTTDL-38",
            "coordinating_units": ["STC-38"],
            "start": "2021-12-01",
            "deadline": "2022-12-31",
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    uid = created.json()["uid"]
    changed = client.patch(
        reverse("task-detail", args=[uid]), {"deadline": "2022-06-30"}, format="json"
    )
    assert changed.status_code == 200 and changed.json()["deadline"] == "2022-06-30"
    bad = client.patch(
        reverse("task-detail", args=[uid]), {"deadline": "2021-01-01"}, format="json"
    )
    assert bad.status_code == 400
    clash = client.patch(
        reverse("task-detail", args=[uid]), {"coordinating_units": ["SVHTTDL-38"]}, format="json"
    )
    assert clash.status_code == 400
    task = Task.objects.get(uid=uid)
    assert task.deadline == datetime.date(2022, 6, 30) and task.lead_unit.code == "SVHTTDL-38"
    assert [u.code for u in task.coordinating_units.all()] == ["STC-38"]
    assert client.put(reverse("task-detail", args=[uid]), {}, format="json").status_code == 405
    assert (
        api_as("district_reporter")
        .patch(reverse("task-detail", args=[uid]), {"title": "x"}, format="json")
        .status_code
        == 403
    )
    outside = client.post(
        reverse("task-list"),
        {"programme": str(programme.uid), "title": "x", "lead_unit": "KHONG-CO"},
        format="json",
    )
    assert outside.status_code == 400 and programme.tasks.count() == 1


def test_api_creates_a_programme_and_adds_targets_with_plans(api_as, world, cascade):
    client = api_as("province_office")
    doc = make.document(world.province, "13-CTr/TU", "Chương trình hành động của Tỉnh ủy")
    created = client.post(
        reverse("programme-list"),
        {
            "kind": "key",
            "title": "Chương trình xây dựng tổ chức cơ sở đảng",
            "document": str(doc.uid),
            "start_year": 2021,
            "end_year": 2025,
        },
        format="json",
    )
    assert created.status_code == 201, created.json()
    uid = created.json()["uid"]
    url = reverse("programme-targets", args=[uid])
    added = client.post(
        url,
        {
            "code": "1",
            "name": "Tổ chức cơ sở đảng hoàn thành tốt nhiệm vụ",
            "unit_of_measure": "%",
            "aggregation": "average",
            "plans": {"2022": 90, "2025": "95.5"},
        },
        format="json",
    )
    assert added.status_code == 201, added.json()
    assert added.json()["plans"] == {"2022": "90.0000", "2025": "95.5000"}
    ratio = client.post(url, {"code": "2", "name": "Tỷ lệ", "aggregation": "ratio"}, format="json")
    assert ratio.status_code == 400
    outside = client.post(url, {"code": "3", "name": "x", "plans": {"2030": 1}}, format="json")
    assert outside.status_code == 400
    assert (
        api_as("district_reporter").post(url, {"code": "4", "name": "x"}, format="json").status_code
        == 403
    )
    assert [t.code for t in Programme.objects.get(uid=uid).targets.all()] == ["1"]
    other_doc = cascade.hoanghoa.document  # 45-KH/HU, Hoằng Hóa's
    foreign = client.post(
        reverse("programme-list"),
        {
            "kind": "key",
            "title": "x",
            "document": str(other_doc.uid),
            "start_year": 2021,
            "end_year": 2025,
        },
        format="json",
    )
    assert foreign.status_code == 400
    assert not Programme.objects.filter(document=other_doc, parent__isnull=True).exists()


def test_a_change_of_reporting_cycle_reaches_the_plans_below_and_their_history(cascade):
    plan = cascade.ngathanh  # Nga Thanh's plan of Nga Sơn's plan of the tourism programme
    top = cascade.tourism
    assert plan.report_every == top.report_every == "quarter"
    top.report_every = "month" if top.report_every == "quarter" else "quarter"
    top.save()
    plan.refresh_from_db()
    assert plan.report_every == top.report_every
    last = plan.history.order_by("-history_date").first()
    assert last.report_every == top.report_every
    assert last.history_change_reason == "Theo kỳ báo cáo của chương trình cấp trên"
    cascade.ngason.refresh_from_db()
    assert cascade.ngason.report_every == "month"
