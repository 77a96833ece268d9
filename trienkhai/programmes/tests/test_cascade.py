import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document
from trienkhai.programmes.cascade import delegate
from trienkhai.programmes.models import Programme, Task
from trienkhai.testing import programmes as make

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def education(world):
    """The province's education programme (700-QĐ/TU): one target under its objective,
    one beside it (not offered to the plans below), one task of its own; Hoằng Hóa must
    issue its plan by 30/11/2021."""
    upper = make.programme(
        world.province,
        "Chương trình phát triển giáo dục và đào tạo",
        document=make.document(world.province, "700-QĐ/TU", issue_date=datetime.date(2021, 8, 5)),
    )
    goal = make.objective(upper, "Nâng cao chất lượng giáo dục toàn diện")
    make.target(upper, "1", "Tỷ lệ trường đạt chuẩn quốc gia", objective=goal, plan={2025: 80})
    make.target(upper, "2", "Số phòng học được kiên cố hóa", plan={2025: 500})
    make.task(
        upper,
        "Sắp xếp mạng lưới trường lớp",
        start=datetime.date(2021, 9, 1),
        deadline=datetime.date(2022, 12, 31),
        expected_output="Đề án sắp xếp",
    )
    make.concretisation(upper, world.hoanghoa, datetime.date(2021, 11, 30))
    return upper


@pytest.fixture
def hoanghoa_plan(world):
    """Hoằng Hóa's plan (45-KH/HU) of the province's tourism programme, with a task of its
    own at 30%."""
    tourism = make.programme(
        world.province,
        "Chương trình phát triển du lịch",
        document=make.document(world.province, "623-QĐ/TU", issue_date=datetime.date(2021, 7, 20)),
    )
    plan = make.plan(
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
    task = plan.tasks.get()
    task.progress = Decimal(30)
    task.save()
    return plan


def plan_post(upper, **overrides):
    years = list(range(upper.start_year, upper.end_year + 1))
    targets = list(upper.targets.filter(objective__isnull=False))
    data = {
        "title": "Kế hoạch thực hiện chương trình giáo dục",
        "symbol": "60-KH/HU",
        "issue_date": "20/11/2021",
        "start_year": "2021",
        "end_year": "2025",
        "t-TOTAL_FORMS": str(len(targets)),
        "t-INITIAL_FORMS": str(len(targets)),
        "k-TOTAL_FORMS": "1",
        "k-INITIAL_FORMS": "0",
        "k-0-title": "Rà soát mạng lưới trường học của huyện",
        "k-0-deadline": "31/03/2022",
        "take_task": [str(t.uid) for t in upper.tasks.filter(parent__isnull=True)[:1]],
    }
    for i, t in enumerate(targets):
        data[f"t-{i}-upper_id"] = str(t.pk)
        data[f"t-{i}-take"] = "on"
        for y in years:
            data[f"t-{i}-y{y}"] = "70,5"
    data.update(overrides)
    return data


def test_district_reporter_issues_its_plan_taking_up_targets_and_tasks(client_as, education):
    upper = education
    client = client_as("district_reporter")
    html = client.get(upper.get_absolute_url()).content.decode()
    assert "Huyện ủy Hoằng Hóa cần ban hành kế hoạch thực hiện chương trình này" in html
    assert "Lập kế hoạch thực hiện" in html
    response = client.post(reverse("programmes:plan-create", args=[upper.uid]), plan_post(upper))
    assert response.status_code == 302, response.content.decode()[:2000]
    plan = Programme.objects.get(parent=upper, unit__code="HU-399")
    assert plan.document.symbol == "60-KH/HU" and plan.document.issuing_unit.code == "HU-399"
    target = plan.targets.get()
    assert target.upper.programme == upper and target.plans.get(year=2023).value == Decimal("70.5")
    taken = plan.tasks.get(parent__isnull=False)
    assert taken.parent == upper.tasks.get() and taken.lead_unit.code == "HU-399"
    assert taken.title == "Sắp xếp mạng lưới trường lớp"
    own = plan.tasks.get(parent__isnull=True)
    assert own.title == "Rà soát mạng lưới trường học của huyện"
    assert own.deadline == datetime.date(2022, 3, 31) and own.lead_unit.code == "HU-399"


def test_a_bad_plan_changes_nothing_and_says_why(client_as, education):
    upper = education
    client = client_as("district_reporter")
    before = (Programme.objects.count(), Document.objects.count(), Task.objects.count())
    data = plan_post(upper, symbol="khong hop le", **{"t-0-y2022": "nhiều", "k-0-deadline": ""})
    response = client.post(reverse("programmes:plan-create", args=[upper.uid]), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "không đúng dạng" in html and "phải là số" in html and "cần có hạn hoàn thành" in html
    assert (Programme.objects.count(), Document.objects.count(), Task.objects.count()) == before


def test_a_plan_with_a_registered_symbol_is_refused(client_as, education, hoanghoa_plan):
    upper = education
    before = (Programme.objects.count(), Document.objects.count(), Task.objects.count())
    response = client_as("district_reporter").post(
        reverse("programmes:plan-create", args=[upper.uid]),
        plan_post(upper, symbol="45-KH/HU", issue_date="01/12/2021"),
    )
    assert response.status_code == 400 and "đã có trong sổ đăng ký" in response.content.decode()
    assert (Programme.objects.count(), Document.objects.count(), Task.objects.count()) == before


def test_only_a_lower_unit_with_a_writing_role_may_plan(client_as, education):
    upper = education
    url = reverse("programmes:plan-create", args=[upper.uid])
    assert client_as("leader").get(url).status_code == 403
    assert client_as("province_office").get(url).status_code == 403  # its own programme


def test_delegated_progress_rolls_up_to_the_province(client_as, world):
    tourism = make.programme(world.province, "Chương trình phát triển du lịch")
    upper_task = make.task(
        tourism,
        "Phát triển sản phẩm du lịch đặc thù",
        start=datetime.date(2021, 8, 1),
        deadline=datetime.date(2022, 6, 30),
    )
    district_task, police_task, ngason_task = delegate(
        upper_task, [world.hoanghoa, world.police, world.ngason], datetime.date(2022, 3, 31)
    )
    Task.objects.filter(pk=police_task.pk).update(progress=70)
    Task.objects.filter(pk=ngason_task.pk).update(progress=20)
    # Hoằng Hóa not yet reported counts as 0: (0 + 70 + 20) / 3.
    assert Task.objects.get(pk=upper_task.pk).effective_progress() == Decimal("30.00")
    (commune_task,) = delegate(district_task, [world.hoangdong], datetime.date(2022, 1, 10))
    client = client_as("commune_reporter")
    response = client.post(
        reverse("programmes:task-progress", args=[commune_task.uid]),
        {"progress": "90"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 200 and "Đã cập nhật tiến độ" in response.content.decode()
    district_task.refresh_from_db()
    assert district_task.effective_progress() == Decimal("90.00")
    upper_task = Task.objects.get(pk=upper_task.pk)
    # The police and Nga Sơn as they reported, and Hoằng Hóa now 90 from its commune.
    assert upper_task.effective_progress() == Decimal("60.00")


def test_bad_progress_is_refused_and_others_may_not_report(client_as, hoanghoa_plan):
    task = hoanghoa_plan.tasks.get()
    client = client_as("district_reporter")
    response = client.post(
        reverse("programmes:task-progress", args=[task.uid]),
        {"progress": "130"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and "từ 0 đến 100" in response.content.decode()
    response = client.post(
        reverse("programmes:task-progress", args=[task.uid]),
        {"progress": "60", "completed_on": "01/12/2021"},
        HTTP_HX_REQUEST="true",
    )
    assert response.status_code == 400 and "tiến độ phải là 100%" in response.content.decode()
    task.refresh_from_db()
    assert task.progress == Decimal("30.00")
    assert (
        client_as("leader")
        .post(reverse("programmes:task-progress", args=[task.uid]), {"progress": "50"})
        .status_code
        == 403
    )
    assert (
        client_as("outsider")
        .post(reverse("programmes:task-progress", args=[task.uid]), {"progress": "50"})
        .status_code
        == 404
    )


def test_delegating_twice_to_the_same_unit_is_refused(client_as, world, hoanghoa_plan):
    task = hoanghoa_plan.tasks.get()
    client = client_as("district_reporter")
    url = reverse("programmes:task-delegate", args=[task.uid])
    commune = world.hoangdong
    assert client.post(url, {"units": [commune.pk], "deadline": "10/01/2022"}).status_code == 302
    response = client.post(url, {"units": [commune.pk], "deadline": "10/01/2022"})
    html = response.content.decode()
    assert response.status_code == 400 and "Đã giao cho: Đảng ủy xã Hoằng Đông" in html
    (sub,) = task.subtasks.all()
    assert sub.lead_unit == commune and sub.deadline == datetime.date(2022, 1, 10)


@pytest.fixture
def province_task(world):
    tourism = make.programme(world.province, "Chương trình phát triển du lịch")
    return make.task(
        tourism,
        "Xây dựng kế hoạch quảng bá du lịch",
        lead_unit=world.province,
        start=datetime.date(2021, 7, 1),
        deadline=datetime.date(2021, 10, 31),
    )


def test_office_edits_a_task_and_the_history_shows_who_changed_what(client_as, province_task):
    task = province_task
    client = client_as("province_office")
    url = reverse("programmes:task-edit", args=[task.uid])
    data = {
        "title": task.title,
        "lead_unit": task.lead_unit.pk,
        "coordinating_units": [],
        "start": "01/08/2021",
        "deadline": "30/11/2021",
        "expected_output": "Kế hoạch mới",
    }
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    assert response.status_code == 204 and response["HX-Redirect"] == task.get_absolute_url()
    html = client.get(task.get_absolute_url()).content.decode()
    history = html[html.index('id="history"') :]
    assert "Nguyễn Thị Văn Phòng" in history and "Kế hoạch mới" in history
    task.refresh_from_db()
    assert (task.start, task.deadline, task.expected_output) == (
        datetime.date(2021, 8, 1),
        datetime.date(2021, 11, 30),
        "Kế hoạch mới",
    )


def test_a_lead_unit_cannot_also_coordinate_and_a_reporter_cannot_edit(client_as, province_task):
    task = province_task
    url = reverse("programmes:task-edit", args=[task.uid])
    data = {
        "title": task.title,
        "lead_unit": task.lead_unit.pk,
        "coordinating_units": [task.lead_unit.pk],
        "deadline": "30/11/2021",
        "start": "01/12/2021",
    }
    response = client_as("province_office").post(url, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "không đồng thời là đơn vị phối hợp" in html and "phải sau ngày bắt đầu" in html
    task.refresh_from_db()
    assert task.deadline == datetime.date(2021, 10, 31) and not task.coordinating_units.exists()
    assert client_as("district_reporter").get(url).status_code == 403


def test_office_states_which_units_must_concretise_and_by_when(client_as, world, hoanghoa_plan):
    from trienkhai.programmes.models import Concretisation

    programme = hoanghoa_plan
    communes = [world.hoangdong, world.hoanghai]
    client = client_as("province_office")
    response = client.post(
        reverse("programmes:concretise", args=[programme.uid]),
        {"units": [c.pk for c in communes], "due": "15/12/2021"},
    )
    assert response.status_code == 302
    rows = Concretisation.objects.filter(programme=programme)
    assert {r.unit_id for r in rows} == {c.pk for c in communes}
    assert all(r.due.isoformat() == "2021-12-15" for r in rows)
    response = client.post(
        reverse("programmes:concretise", args=[programme.uid]),
        {"units": [world.ngason.pk], "due": "15/12/2021"},
    )
    assert response.status_code == 400  # only units directly below the programme's unit
    assert set(Concretisation.objects.values_list("unit__code", flat=True)) == {
        "DU-15997",
        "DU-16000",
    }
    url = reverse("programmes:concretise", args=[programme.uid])
    assert client_as("commune_reporter").get(url).status_code == 403


def test_the_district_that_issued_its_plan_carries_it_on(client_as, world, hoanghoa_plan):
    """Whoever may issue a unit's plan may carry it on: its tasks, its targets, and which
    of its communes must concretise it."""
    from trienkhai.programmes.models import Concretisation

    plan = hoanghoa_plan
    commune = world.hoangdong
    client = client_as("district_reporter")
    asked = client.post(
        reverse("programmes:concretise", args=[plan.uid]),
        {"units": [commune.pk], "due": "20/12/2021"},
    )
    assert asked.status_code == 302
    asked = Concretisation.objects.get(programme=plan)
    assert asked.unit == commune and asked.due == datetime.date(2021, 12, 20)
    task = plan.tasks.first()
    page = client.get(reverse("programmes:task-edit", args=[task.uid]))
    assert page.status_code == 200


def test_office_creates_a_programme_from_its_own_document(client_as, world, hoanghoa_plan):
    client = client_as("province_office")
    doc = make.document(world.province, "13-CTr/TU", "Chương trình hành động của Tỉnh ủy")
    response = client.post(
        reverse("programmes:create"),
        {
            "kind": "key",
            "title": "Chương trình nâng cao năng lực lãnh đạo",
            "document": doc.pk,
            "start_year": "2021",
            "end_year": "2025",
        },
    )
    assert response.status_code == 302
    made = Programme.objects.get(document=doc)
    assert made.unit.code == "TU-38" and made.title == "Chương trình nâng cao năng lực lãnh đạo"
    assert (made.kind, made.start_year, made.end_year) == ("key", 2021, 2025)
    before = Programme.objects.count()
    bad = client.post(
        reverse("programmes:create"),
        {
            "kind": "key",
            "title": "x",
            "document": Document.objects.get(symbol="45-KH/HU").pk,
            "start_year": "2025",
            "end_year": "2021",
        },
    )
    assert bad.status_code == 400 and Programme.objects.count() == before
    assert client_as("district_reporter").get(reverse("programmes:create")).status_code == 403


def test_office_adds_and_edits_objectives_and_targets_with_yearly_plans(client_as, world):
    programme = make.programme(world.province, "Chương trình phát triển văn hóa")
    make.objective(programme, "Xây dựng con người Thanh Hóa", order=1)
    make.target(programme, "1", "Tỷ lệ gia đình văn hóa", plan={2025: 90})
    client = client_as("province_office")
    assert (
        client.post(
            reverse("programmes:objective-add", args=[programme.uid]),
            {"order": "2", "text": "Bảo tồn di sản"},
        ).status_code
        == 302
    )
    data = {
        "code": "3",
        "name": "Số di tích được tu bổ",
        "objective": programme.objectives.get(order=2).pk,
        "unit_of_measure": "di tích",
        "value_type": "number",
        "direction": "higher",
        "aggregation": "sum",
        "y2022": "12",
        "y2025": "40,5",
    }
    assert (
        client.post(reverse("programmes:target-add", args=[programme.uid]), data).status_code == 302
    )
    target = programme.targets.get(code="3")
    assert {p.year: p.value for p in target.plans.all()} == {2022: 12, 2025: Decimal("40.5")}
    data["y2022"] = ""
    data["y2023"] = "20"
    client.post(reverse("programmes:target-edit", args=[programme.uid, "3"]), data)
    assert {p.year for p in target.plans.all()} == {2023, 2025}
    bad = dict(data, code="1", aggregation="ratio", y2024="nhiều")
    response = client.post(reverse("programmes:target-add", args=[programme.uid]), bad)
    html = response.content.decode()
    assert response.status_code == 400
    assert "đã có" in html and "tử số" in html and "phải là số" in html
    assert programme.targets.count() == 2


def test_bad_progress_sent_without_htmx_is_said_on_the_task_page(client_as, hoanghoa_plan):
    task = hoanghoa_plan.tasks.get()
    client = client_as("district_reporter")
    response = client.post(
        reverse("programmes:task-progress", args=[task.uid]), {"progress": "130"}, follow=True
    )
    assert response.redirect_chain and response.status_code == 200
    assert "từ 0 đến 100" in response.content.decode()
    task.refresh_from_db()
    assert task.progress == Decimal("30.00")


@pytest.mark.parametrize(
    ("start", "end"), [("2021", "2147483648"), ("2021", "10000"), ("1", "2025")]
)
def test_a_programme_year_outside_the_window_is_refused_on_the_page_and_the_api(
    client_as, world, start, end
):
    doc = make.document(world.province, "13-CTr/TU", "Chương trình hành động của Tỉnh ủy")
    fields = {"kind": "key", "title": "Chương trình thử", "start_year": start, "end_year": end}
    client = client_as("province_office")
    page = client.post(reverse("programmes:create"), {**fields, "document": doc.pk})
    assert page.status_code == 400
    assert "Năm phải trong khoảng 2000–2100" in page.content.decode()
    api = client.post(
        "/api/v1/programmes/", {**fields, "document": str(doc.uid)}, content_type="application/json"
    )
    assert api.status_code == 400
    assert "2000–2100" in api.content.decode()
    assert not Programme.objects.filter(title="Chương trình thử").exists()
