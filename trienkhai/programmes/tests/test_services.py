"""Plans, tasks, milestones, delegation and progress: one service each, so the page and
the API accept and refuse the same things with the same Vietnamese messages."""

import datetime
import html
from decimal import Decimal

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document
from trienkhai.orgs.models import Position
from trienkhai.programmes.models import Milestone, Programme, Task
from trienkhai.testing import factories as make


@pytest.fixture
def upper(world):
    """The province's programme, with one task led by Hoằng Hóa and a target."""
    prog = make.programme(world.province, "Chương trình chuyển đổi số", years=(2021, 2025))
    make.task(
        prog,
        "Xây dựng chính quyền số cấp huyện",
        lead_unit=world.hoanghoa,
        start=datetime.date(2021, 7, 1),
        deadline=datetime.date(2022, 12, 31),
    )
    make.target(prog, "CDS1", "Tỷ lệ hồ sơ trực tuyến", plan={2025: 80})
    return prog


def page_plan(upper, **overrides):
    data = {
        "title": "Kế hoạch thực hiện chương trình chuyển đổi số",
        "symbol": "45-KH/HU",
        "issue_date": "20/11/2021",
        "start_year": "2021",
        "end_year": "2025",
        "t-TOTAL_FORMS": "0",
        "t-INITIAL_FORMS": "0",
        "k-TOTAL_FORMS": "1",
        "k-INITIAL_FORMS": "0",
        "k-0-title": "Số hóa hồ sơ một cửa",
        "k-0-deadline": "31/03/2022",
    }
    data.update(overrides)
    return data


def api_plan(**overrides):
    body = {
        "title": "Kế hoạch thực hiện chương trình chuyển đổi số",
        "symbol": "45-KH/HU",
        "issue_date": "2021-11-20",
        "tasks": [{"title": "Số hóa hồ sơ một cửa", "deadline": "2022-03-31"}],
    }
    body.update(overrides)
    return body


def messages_of(response):
    return html.unescape(response.content.decode())


@pytest.mark.parametrize(
    ("page", "api", "message"),
    [
        (
            {"symbol": "khong hop le"},
            {"symbol": "khong hop le"},
            "không đúng dạng",
        ),
        (
            {"issue_date": "20/11/2030"},
            {"issue_date": "2030-11-20"},
            "ở tương lai",
        ),
        (
            {"k-0-start": "01/06/2022"},
            {"tasks": [{"title": "Số hóa", "start": "2022-06-01", "deadline": "2022-03-31"}]},
            "Hạn hoàn thành phải sau ngày bắt đầu",
        ),
        (
            {"end_year": "2020"},
            {"end_year": 2020},
            "Năm kết thúc phải từ năm bắt đầu trở đi",
        ),
    ],
)
def test_the_page_and_the_api_refuse_the_same_bad_plan_with_the_same_message(
    client_as, api_as, upper, page, api, message
):
    before = (Programme.objects.count(), Document.objects.count(), Task.objects.count())
    response = client_as("district_reporter").post(
        reverse("programmes:plan-create", args=[upper.uid]), page_plan(upper, **page)
    )
    assert response.status_code == 400
    assert message in messages_of(response)
    response = api_as("district_reporter").post(
        reverse("programme-plan", args=[upper.uid]), api_plan(**api), format="json"
    )
    assert response.status_code == 400
    assert message in str(response.json()["error"]["fields"])
    assert (Programme.objects.count(), Document.objects.count(), Task.objects.count()) == before


def test_a_plan_says_every_problem_at_once_when_some_fields_cannot_be_read(client_as, upper):
    response = client_as("district_reporter").post(
        reverse("programmes:plan-create", args=[upper.uid]),
        page_plan(upper, issue_date="hôm qua", **{"k-0-deadline": ""}),
    )
    text = messages_of(response)
    assert response.status_code == 400
    assert "Nhiệm vụ 1: Nhiệm vụ cần có hạn hoàn thành." in text
    assert Programme.objects.filter(parent=upper).count() == 0


def test_a_plan_names_who_answers_for_each_of_its_own_tasks(client_as, upper, world):
    chief = make.person("Lê Thị Chánh", unit=world.hoanghoa, title="Chánh Văn phòng")
    response = client_as("district_reporter").post(
        reverse("programmes:plan-create", args=[upper.uid]),
        page_plan(upper, **{"k-0-responsible_person": str(chief.pk)}),
    )
    assert response.status_code == 302
    plan = Programme.objects.get(parent=upper, unit=world.hoanghoa)
    assert plan.tasks.get(title="Số hóa hồ sơ một cửa").responsible_person == chief


def test_a_person_of_another_district_cannot_answer_for_a_plans_task(api_as, upper, world):
    stranger = make.person("Hoàng Văn Lạ", unit=world.ngason, title="Chánh Văn phòng")
    body = api_plan(
        tasks=[{"title": "Số hóa", "deadline": "2022-03-31", "responsible_person": stranger.pk}]
    )
    response = api_as("district_reporter").post(
        reverse("programme-plan", args=[upper.uid]), body, format="json"
    )
    assert response.status_code == 400
    assert "Người chịu trách nhiệm phải là cán bộ" in str(response.json()["error"]["fields"])
    assert not Programme.objects.filter(parent=upper).exists()


def test_the_office_adds_one_task_to_a_programme_from_its_page(client_as, upper, world):
    client = client_as("province_office")
    assert (
        reverse("programmes:task-add", args=[upper.uid])
        in client.get(upper.get_absolute_url()).content.decode()
    )
    response = client.post(
        reverse("programmes:task-add", args=[upper.uid]),
        {
            "title": "Đào tạo kỹ năng số cho cán bộ xã",
            "lead_unit": world.hoanghoa.pk,
            "coordinating_units": [world.ngason.pk],
            "start": "01/01/2022",
            "deadline": "30/06/2022",
        },
    )
    assert response.status_code == 302
    task = upper.tasks.get(title="Đào tạo kỹ năng số cho cán bộ xã")
    assert task.lead_unit == world.hoanghoa
    assert list(task.coordinating_units.all()) == [world.ngason]
    assert task.deadline == datetime.date(2022, 6, 30)


def test_a_district_may_not_add_tasks_to_the_provinces_programme(client_as, upper):
    client = client_as("district_reporter")
    count = upper.tasks.count()
    response = client.post(
        reverse("programmes:task-add", args=[upper.uid]), {"title": "Nhiệm vụ riêng"}
    )
    assert response.status_code == 403
    assert upper.tasks.count() == count


def test_the_page_and_the_api_refuse_a_lead_unit_that_also_coordinates(
    client_as, api_as, upper, world
):
    task = upper.tasks.get()
    message = "Đơn vị chủ trì không đồng thời là đơn vị phối hợp."
    response = client_as("province_office").post(
        reverse("programmes:task-edit", args=[task.uid]),
        {
            "title": task.title,
            "lead_unit": world.hoanghoa.pk,
            "coordinating_units": [world.hoanghoa.pk],
            "deadline": "31/12/2022",
        },
    )
    assert response.status_code == 400
    assert message in messages_of(response)
    response = api_as("province_office").patch(
        reverse("task-detail", args=[task.uid]),
        {"lead_unit": "HU-399", "coordinating_units": ["HU-399"]},
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["error"]["fields"]["coordinating_units"] == [message]
    assert not task.coordinating_units.exists()


def test_the_page_and_the_api_refuse_a_deadline_before_the_start_alike(
    client_as, api_as, upper, world
):
    task = upper.tasks.get()
    message = "Hạn hoàn thành phải sau ngày bắt đầu."
    response = client_as("province_office").post(
        reverse("programmes:task-edit", args=[task.uid]),
        {"title": task.title, "start": "01/07/2021", "deadline": "01/01/2021"},
    )
    assert message in messages_of(response)
    response = api_as("province_office").patch(
        reverse("task-detail", args=[task.uid]), {"deadline": "2021-01-01"}, format="json"
    )
    assert response.json()["error"]["fields"]["deadline"] == [message]
    task.refresh_from_db()
    assert task.deadline == datetime.date(2022, 12, 31)


def test_a_milestone_is_added_within_the_tasks_dates(client_as, upper):
    task = upper.tasks.get()
    client = client_as("province_office")
    assert (
        reverse("programmes:milestone-add", args=[task.uid])
        in client.get(task.get_absolute_url()).content.decode()
    )
    url = reverse("programmes:milestone-add", args=[task.uid])
    response = client.post(url, {"title": "Hoàn thành khảo sát", "due": "30/09/2021"})
    assert response.status_code == 302
    assert [(m.title, m.due) for m in task.milestones.all()] == [
        ("Hoàn thành khảo sát", datetime.date(2021, 9, 30))
    ]
    response = client.post(url, {"title": "Quá hạn", "due": "30/09/2023"}, follow=True)
    assert "phải nằm trong thời gian thực hiện nhiệm vụ" in messages_of(response)
    assert Milestone.objects.filter(task=task).count() == 1


def test_a_commune_reporter_cannot_add_milestones_to_the_provinces_task(client_as, upper):
    task = upper.tasks.get()
    response = client_as("commune_reporter").post(
        reverse("programmes:milestone-add", args=[task.uid]),
        {"title": "Mốc", "due": "30/09/2021"},
    )
    assert response.status_code == 403
    assert not task.milestones.exists()


def test_delegating_names_the_post_that_answers_for_it_in_each_commune(client_as, upper, world):
    task = upper.tasks.get()
    response = client_as("district_reporter").post(
        reverse("programmes:task-delegate", args=[task.uid]),
        {
            "units": [world.hoangdong.pk, world.hoanghai.pk],
            "deadline": "30/09/2022",
            "responsible_title": "Bí thư",
        },
    )
    assert response.status_code == 302
    subtasks = task.subtasks.order_by("lead_unit__code")
    assert [(s.lead_unit, s.responsible_position.title) for s in subtasks] == [
        (world.hoangdong, "Bí thư"),
        (world.hoanghai, "Bí thư"),
    ]
    assert Position.objects.filter(title="Bí thư", unit=world.hoangdong).count() == 1


def test_progress_from_the_api_is_stored_as_sent_and_refused_as_on_the_page(
    client_as, api_as, upper
):
    task = upper.tasks.get()
    response = api_as("district_reporter").post(
        reverse("task-progress", args=[task.uid]), {"progress": 80.5}, format="json"
    )
    assert response.status_code == 200
    task.refresh_from_db()
    assert task.progress == Decimal("80.5")
    message = "Nhiệm vụ đã hoàn thành thì tiến độ phải là 100%."
    response = api_as("district_reporter").post(
        reverse("task-progress", args=[task.uid]),
        {"progress": 90, "completed_on": "2021-12-01"},
        format="json",
    )
    assert response.json()["error"]["fields"]["progress"] == [message]
    response = client_as("district_reporter").post(
        reverse("programmes:task-progress", args=[task.uid]),
        {"progress": "90", "completed_on": "01/12/2021"},
        follow=True,
    )
    assert message in messages_of(response)
    task.refresh_from_db()
    assert (task.progress, task.completed_on) == (Decimal("80.5"), None)


def test_the_page_and_the_api_refuse_a_ratio_target_without_its_parts_alike(
    client_as, api_as, upper
):
    message = "Chỉ tiêu tỷ lệ phải có chỉ tiêu tử số và chỉ tiêu mẫu số."
    page = client_as("province_office").post(
        reverse("programmes:target-add", args=[upper.uid]),
        {
            "code": "CDS2",
            "name": "Tỷ lệ xã số",
            "value_type": "percent",
            "direction": "higher",
            "aggregation": "ratio",
        },
    )
    assert page.status_code == 400 and message in messages_of(page)
    api = api_as("province_office").post(
        reverse("programme-targets", args=[upper.uid]),
        {"code": "CDS2", "name": "Tỷ lệ xã số", "aggregation": "ratio"},
        format="json",
    )
    assert api.json()["error"]["fields"]["aggregation"] == [message]
    assert not upper.targets.filter(code="CDS2").exists()


def test_yearly_plans_sent_as_json_numbers_are_stored_as_sent(api_as, upper):
    response = api_as("province_office").post(
        reverse("programme-targets", args=[upper.uid]),
        {"code": "CDS1", "name": "Tỷ lệ hồ sơ trực tuyến", "plans": {"2023": 60.25, "2025": 85}},
        format="json",
    )
    assert response.status_code == 200  # the target of that code, changed
    target = upper.targets.get(code="CDS1")
    assert {p.year: p.value for p in target.plans.all()} == {
        2023: Decimal("60.25"),
        2025: Decimal("85"),
    }
    response = api_as("province_office").post(
        reverse("programme-targets", args=[upper.uid]),
        {"code": "CDS1", "name": "Tỷ lệ hồ sơ trực tuyến", "plans": {"2030": 90}},
        format="json",
    )
    assert "nằm ngoài giai đoạn" in str(response.json()["error"]["fields"]["plans"])
    assert not target.plans.filter(year=2030).exists()


def test_an_empty_target_form_is_answered_with_what_is_missing(client_as, upper):
    response = client_as("province_office").post(
        reverse("programmes:target-add", args=[upper.uid]), {}
    )
    assert response.status_code == 400
    form = response.context["form"]
    assert {"code", "name"} <= set(form.errors)
    assert not upper.targets.exclude(code="CDS1").exists()
