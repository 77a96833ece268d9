"""Nothing typed is lost: the report form saves what is valid, marks what is not beside
its field, and never rounds a figure in silence."""

import re

import pytest
from django.urls import reverse

from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import Task
from trienkhai.reporting import services
from trienkhai.reporting.models import Submission
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]
UNIT = "DU-15997"


@pytest.fixture
def form(client_as):
    client = client_as("commune_reporter")
    tourism = make_reports.tourism()
    period = make_reports.period("2021Q4")
    unit = OrgUnit.objects.get(code=UNIT)
    first = tourism.tasks[UNIT]
    second = Task.objects.create(programme=first.programme, title="Nhiệm vụ thử", lead_unit=unit)
    assert list(services.unit_tasks(unit, period)) == [first, second]
    url = reverse("reporting:form", args=[UNIT, "2021Q4"])
    return client, url, (first, second)


def test_an_autosave_with_one_bad_figure_keeps_the_narrative_and_the_good_figure(form):
    client, url, (good, bad) = form
    response = client.post(
        url,
        {
            "results": "Đã quán triệt đến 100% chi bộ.",
            f"task-{good.pk}-progress": "80,5",
            f"task-{bad.pk}-progress": "tám mươi",
        },
        HTTP_HX_REQUEST="true",
    )
    text = response.content.decode()
    assert response.status_code == 200
    assert "Đã lưu phần hợp lệ" in text
    assert re.search(
        rf'id="err-task-{bad.pk}-progress" hx-swap-oob="true">[^<]*không phải là số', text
    )
    report = Submission.objects.get(unit__code=UNIT, period__code="2021Q4")
    assert report.results == "Đã quán triệt đến 100% chi bộ."
    assert {r.task_id: str(r.progress) for r in report.tasks.all()} == {good.pk: "80.50"}


def test_a_figure_comes_back_into_the_form_as_it_was_typed(form):
    client, url, (good, _bad) = form
    client.post(url, {"results": "x", f"task-{good.pk}-progress": "80,5"})
    page = client.get(url).content.decode()
    assert f'name="task-{good.pk}-progress" value="80,5"' in page


def test_a_figure_with_more_decimals_than_kept_is_refused_not_rounded(form):
    client, url, (good, _bad) = form
    response = client.post(url, {"results": "x", f"task-{good.pk}-progress": "80,555"})
    assert response.status_code == 400
    assert "chỉ ghi tối đa 2 chữ số thập phân" in response.content.decode()
    assert 'value="80,555"' in response.content.decode()  # what was typed stays on screen
    report = Submission.objects.get(unit__code=UNIT, period__code="2021Q4")
    assert not report.tasks.exists() and report.results == "x"


def test_sending_with_a_bad_figure_sends_nothing_and_says_which(form):
    client, url, (good, bad) = form
    response = client.post(
        url,
        {
            "action": "submit",
            "results": "Kết quả",
            f"task-{good.pk}-progress": "50",
            f"task-{bad.pk}-progress": "x",
        },
    )
    assert response.status_code == 400
    assert "không phải là số" in response.content.decode()
    assert Submission.objects.get(unit__code=UNIT, period__code="2021Q4").status == "draft"


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("10.000.000.000.000.000", "số quá lớn (tối đa 16 chữ số phần nguyên)"),
        ("1,23456", "chỉ ghi tối đa 4 chữ số thập phân"),
    ],
    ids=["ten-to-the-sixteenth", "five-decimals"],
)
def test_a_target_figure_its_column_cannot_hold_is_refused_with_a_message(
    client_as, world, typed, message
):
    tourism = make_reports.tourism()
    make_reports.period("2021Q4")
    client = client_as("district_reporter")
    url = reverse("reporting:form", args=["HU-399", "2021Q4"])
    target = tourism.targets["HU-399"]
    response = client.post(url, {"results": "x", f"target-{target.pk}": typed})
    assert response.status_code == 400
    assert message in response.content.decode()
    assert f'value="{typed}"' in response.content.decode()
    report = Submission.objects.get(unit__code="HU-399", period__code="2021Q4")
    assert not report.values.exists() and report.results == "x"
    assert client.get(url).status_code == 200
