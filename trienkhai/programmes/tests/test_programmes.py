import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.accounts.models import User
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.matrix import concretisation_matrix
from trienkhai.programmes.models import PlanState, Programme, Target, Task, plan_state

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

NOV_2021 = datetime.date(2021, 11, 5)


def test_demo_holds_the_six_key_programmes_and_the_breakthrough_from_their_documents():
    province = Programme.objects.filter(unit__code="TU-38")
    assert sorted(p.document.symbol for p in province.filter(kind="key")) == sorted(
        ["621-QĐ/TU", "623-QĐ/TU", "696-QĐ/TU", "700-QĐ/TU", "701-QĐ/TU", "624-QĐ/TU"]
    )
    assert [p.document.symbol for p in province.filter(kind="breakthrough")] == ["22-KH/TU"]
    assert not province.filter(is_sample=True).exists()
    assert all(t.is_sample for t in Target.objects.filter(programme__in=province))


def test_matrix_shows_issued_late_and_missing_plans_with_rates():
    user = User.objects.get(username="vanphong")
    m = concretisation_matrix(
        user, OrgUnit.objects.get(code="TU-38"), today=datetime.date(2021, 12, 21)
    )
    tourism = next(i for i, p in enumerate(m.programmes) if p.document.symbol == "623-QĐ/TU")
    states = {unit.code: cells[tourism].state for unit, cells, _rate in m.rows}
    assert states["HU-399"] == PlanState.ISSUED
    assert states["HU-401"] == PlanState.LATE
    assert states["HU-385"] == PlanState.OVERDUE
    assert states["HU-407"] == PlanState.OVERDUE  # Nghi Sơn's plan came on 22/12/2021
    rate = m.by_programme[tourism]
    # 26 districts must concretise; by 21/12/2021 two on time and one late: 3/26 = 11.5%
    assert (rate.required, rate.issued, rate.late, rate.percent) == (26, 3, 1, 11.5)
    assert m.overall.required == 26 * 7 and m.overall.issued == 3
    later = concretisation_matrix(
        user, OrgUnit.objects.get(code="TU-38"), today=datetime.date(2021, 12, 31)
    )
    # by 31/12/2021 all four plans are out, two of them late: 4/26 = 15.4%
    rate = later.by_programme[tourism]
    assert (rate.issued, rate.late, rate.percent) == (4, 2, 15.4)


def test_matrix_costs_three_queries_whatever_the_number_of_units(django_assert_max_num_queries):
    user = User.objects.get(username="vanphong")
    province = OrgUnit.objects.get(code="TU-38")
    from trienkhai.accounts.access import scope_for

    scope_for(user)
    # children, obligations with programmes and documents, plans with documents
    with django_assert_max_num_queries(3):
        concretisation_matrix(user, province)


def test_a_plan_is_issued_late_or_overdue_against_its_due_date():
    due = datetime.date(2021, 11, 30)
    plan = Programme.objects.filter(unit__code="HU-399").first()
    assert plan_state(due, plan) == PlanState.ISSUED
    assert plan_state(due, None, today=datetime.date(2021, 11, 1)) == PlanState.MISSING
    assert plan_state(due, None, today=datetime.date(2021, 12, 1)) == PlanState.OVERDUE


def test_a_plan_may_only_implement_a_programme_of_a_unit_above(persona):
    tourism = Programme.objects.get(document__symbol="623-QĐ/TU")
    plan = Programme(
        unit=OrgUnit.objects.get(code="TU-38-BTV"),
        kind="plan",
        parent=tourism,
        title="x",
        start_year=2021,
        end_year=2025,
    )
    plan.clean()  # under the Tỉnh ủy: allowed
    sideways = Programme(
        unit=OrgUnit.objects.get(code="HU-401"),
        kind="plan",
        parent=Programme.objects.get(unit__code="HU-399"),
        title="x",
        start_year=2021,
        end_year=2025,
    )
    with pytest.raises(ValidationError, match="cấp trên"):
        sideways.clean()


def test_a_ratio_target_needs_its_numerator_and_denominator():
    target = Target(
        programme=Programme.objects.first(), code="9", name="Tỷ lệ", aggregation="ratio"
    )
    with pytest.raises(ValidationError, match="tử số"):
        target.clean()


def test_a_deadline_before_the_start_and_a_delegation_cycle_are_refused():
    task = Task.objects.filter(parent__isnull=False).first()
    task.deadline = task.start - datetime.timedelta(days=1)
    with pytest.raises(ValidationError, match="Hạn hoàn thành"):
        task.clean()
    task.refresh_from_db()
    parent = task.parent
    parent.parent = task
    with pytest.raises(ValidationError, match="vòng lặp"):
        parent.clean()


def test_task_status_is_derived_from_dates_and_progress():
    done = Task.objects.filter(completed_on__isnull=False).first()
    assert done.status(NOV_2021) == "done"
    overdue = Task.objects.filter(
        completed_on__isnull=True,
        deadline__lt=datetime.date(2021, 12, 1),
        programme__unit__code="TU-38",
    ).first()
    assert overdue.status(datetime.date(2021, 12, 1)) == "overdue"


def test_district_sees_province_programmes_and_its_own_plan_but_not_another_districts():
    user = User.objects.get(username="hoanghoa")
    visible = Programme.objects.for_user(user)
    assert visible.filter(unit__code="TU-38").count() == 7
    assert visible.filter(unit__code="HU-399").exists()
    assert not visible.filter(unit__code="HU-401").exists()


def test_overdue_list_shows_open_tasks_past_their_deadline(client_as):
    client = client_as("province_office")
    response = client.get(reverse("programmes:tasks"), {"status": "overdue"})
    tasks = list(response.context["page"].object_list)
    assert tasks and all(
        t.completed_on is None and t.deadline < datetime.date.today() for t in tasks
    )
    assert "Quá hạn" in response.content.decode()


def test_task_list_has_a_fixed_number_of_queries(client_as):
    client = client_as("province_office")
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as ctx:
        client.get(reverse("programmes:tasks"))
    # session (4), user, scope (3), count, page, milestones, sub-tasks and their sub-tasks
    # of the page (for progress rolled up from delegated work), programmes filter
    assert len(ctx) <= 15


def test_programme_page_shows_targets_with_yearly_plans_and_tasks(client_as):
    tourism = Programme.objects.get(document__symbol="623-QĐ/TU")
    html = client_as("commune_reporter").get(tourism.get_absolute_url()).content.decode()
    assert "Tổng lượt khách du lịch" in html and ">2025<" in html
    assert ">2.025<" not in html  # years are not grouped like numbers
    assert "dữ liệu mẫu" in html and "Kế hoạch thực hiện của cấp dưới" in html
    assert "45-KH/HU" in html  # Hoằng Hóa's plan is visible to its commune


def test_matrix_page_drills_down_and_stays_in_scope(client_as):
    client = client_as("province_office")
    html = client.get(reverse("programmes:matrix")).content.decode()
    assert "Huyện ủy Hoằng Hóa" in html and "45-KH/HU" in html
    assert (
        client_as("outsider").get(reverse("programmes:matrix"), {"unit": "HU-399"}).status_code
        == 404
    )


def test_api_gives_the_matrix_and_the_overdue_tasks_in_scope(api_as):
    body = api_as("province_office").get(reverse("api-concretisation"), {"unit": "TU-38"}).json()
    row = next(r for r in body["rows"] if r["unit"] == "HU-399")
    assert "45-KH/HU" in {c["document"] for c in row["cells"] if c}
    tasks = api_as("outsider").get(reverse("task-list"), {"status": "overdue"}).json()["results"]
    assert all(t["lead_unit"] != "HU-399" for t in tasks)
    assert (
        api_as("outsider").get(reverse("api-concretisation"), {"unit": "HU-399"}).status_code == 404
    )


def test_matrix_can_be_read_as_of_a_past_date(client_as):
    client = client_as("province_office")
    html = client.get(
        reverse("programmes:matrix"), {"unit": "TU-38", "on": "05/11/2021"}
    ).content.decode()
    assert 'td class="cell state-missing"' in html and 'td class="cell state-overdue"' not in html
    html = client.get(reverse("programmes:matrix"), {"on": "31/02/2021"}).content.decode()
    assert "Ngày không hợp lệ" in html


def test_roadmap_places_tasks_and_milestones_on_the_timeline_and_marks_late_ones(client_as):
    tourism = Programme.objects.get(document__symbol="623-QĐ/TU")
    response = client_as("province_office").get(reverse("programmes:roadmap", args=[tourism.uid]))
    rows = response.context["rows"]
    assert len(rows) == tourism.tasks.count()
    assert all(0 <= r["left"] <= 100 and r["left"] + r["width"] <= 100.5 for r in rows)
    late = [r for r in rows if r["late"]]
    assert late and all(
        r["task"].completed_on is None or r["task"].completed_on > r["task"].deadline for r in late
    )
    assert 'class="rm-milestone' in response.content.decode()


def test_api_reports_progress_with_structured_errors_and_the_same_permissions(api_as):
    task = Task.objects.filter(programme__unit__code="HU-399").first()
    url = reverse("task-progress", args=[task.uid])
    client = api_as("district_reporter")
    first = client.post(url, {"progress": "55"}, format="json")
    again = client.post(url, {"progress": "55"}, format="json")
    assert first.status_code == again.status_code == 200 and first.json() == again.json()
    task.refresh_from_db()
    assert task.progress == 55
    bad = client.post(url, {"progress": "140"}, format="json")
    assert bad.status_code == 400 and "progress" in bad.json()["error"]["fields"]
    done = client.post(url, {"progress": "100", "completed_on": "2021-12-20"}, format="json")
    assert done.status_code == 200 and done.json()["completed_on"] == "2021-12-20"
    assert api_as("leader").post(url, {"progress": "10"}, format="json").status_code == 403
    assert api_as("outsider").post(url, {"progress": "10"}, format="json").status_code == 404


def test_api_issues_an_implementing_plan_all_or_nothing(api_as):
    upper = Programme.objects.get(document__symbol="701-QĐ/TU")
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
    assert plan.document.symbol == "61-KH/HU" and plan.tasks.count() == 2
    assert client.post(url, body, format="json").status_code == 400  # a retry is not stored twice
    assert api_as("leader").post(url, body, format="json").status_code == 403


def test_api_adds_and_changes_tasks_for_the_programmes_office_only(api_as):
    programme = Programme.objects.get(document__symbol="696-QĐ/TU")
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
    assert outside.status_code == 400


def test_api_creates_a_programme_and_adds_targets_with_plans(api_as):
    from trienkhai.documents.models import Document

    client = api_as("province_office")
    doc = Document.objects.get(symbol="13-CTr/TU")
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
    other_doc = Document.objects.get(symbol="45-KH/HU")
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


def test_a_change_of_reporting_cycle_reaches_the_plans_below_and_their_history():
    from trienkhai.programmes.models import Programme

    plan = Programme.objects.filter(parent__isnull=False).select_related("parent").first()
    top = plan.parent
    top.report_every = "month" if top.report_every == "quarter" else "quarter"
    top.save()
    plan.refresh_from_db()
    assert plan.report_every == top.report_every
    last = plan.history.order_by("-history_date").first()
    assert last.report_every == top.report_every
    assert last.history_change_reason == "Theo kỳ báo cáo của chương trình cấp trên"
