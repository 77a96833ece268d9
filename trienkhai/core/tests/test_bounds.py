"""A year or a date outside the window of the system's work (2000–2100) is refused with
a message on every kind of item that carries one, and nothing is saved."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from trienkhai.conferences.models import Conference
from trienkhai.programmes import services as programme_services
from trienkhai.programmes.models import Task
from trienkhai.study import services as study_services
from trienkhai.study.models import SessionKind, StudySession
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]

YEAR_ONE = datetime.date(1, 1, 1)
LAST_DAY = datetime.date(9999, 12, 31)


@pytest.mark.parametrize("day", [YEAR_ONE, LAST_DAY], ids=["year-1", "year-9999"])
def test_a_task_deadline_outside_the_window_is_refused(world, day):
    programme = make.programme(world.province, "Chương trình chuyển đổi số")
    task = Task(programme=programme, title="Số hóa hồ sơ", lead_unit=world.hoanghoa)
    with pytest.raises(ValidationError) as refused:
        programme_services.save_task(world.user("vanphong"), task, {"deadline": day})
    assert "Ngày phải trong khoảng 01/01/2000–31/12/2100" in str(refused.value)
    assert not Task.objects.filter(title="Số hóa hồ sơ").exists()


def test_a_delegated_deadline_outside_the_window_is_refused(world):
    programme = make.programme(world.province, "Chương trình chuyển đổi số")
    task = make.task(programme, "Số hóa hồ sơ", lead_unit=world.hoanghoa)
    with pytest.raises(ValidationError) as refused:
        programme_services.delegate_task(world.user("hoanghoa"), task, [world.hoangdong], LAST_DAY)
    assert "deadline" in refused.value.message_dict
    assert not task.subtasks.exists()


def test_a_study_session_in_year_one_is_refused(world):
    document = make.document(world.province, "05-CTr/TU", "Chương trình phát triển du lịch")
    session = StudySession(
        unit=world.hoangdong, held_on=YEAR_ONE, kind=SessionKind.REGULAR, members_expected=10
    )
    with pytest.raises(ValidationError) as refused:
        study_services.record_session(world.user("hoangdong"), session, {}, documents=[document])
    assert "held_on" in refused.value.message_dict
    assert not StudySession.objects.exists()


def test_a_conference_starting_in_year_one_is_a_message_not_a_server_error(client_as, world):
    response = client_as("province_office").post(
        reverse("conferences:create"),
        {"title": "Hội nghị thử", "starts_at": "08:00 01/01/0001", "form": "in_person"},
    )
    assert response.status_code == 400
    assert "Ngày phải trong khoảng 01/01/2000–31/12/2100" in response.content.decode()
    assert not Conference.objects.exists()


def test_an_extension_to_year_9999_is_refused_on_the_deadlines_page(client_as, world):
    from trienkhai.reporting.models import Extension

    response = client_as("province_office").post(
        reverse("reporting:deadlines"),
        {
            "form": "extension",
            "unit": "HU-399",
            "period": "2021Q4",
            "until": "31/12/9999",
            "reason": "Thiên tai",
        },
    )
    assert "Ngày phải trong khoảng 01/01/2000–31/12/2100" in response.content.decode()
    assert not Extension.objects.exists()


def test_a_conference_ending_before_it_starts_gets_one_message_on_the_page_and_the_api(
    client_as, api_as, world
):
    page = client_as("province_office").post(
        reverse("conferences:create"),
        {
            "title": "Hội nghị thử",
            "starts_at": "08:00 20/12/2021",
            "ends_at": "07:00 20/12/2021",
            "form": "in_person",
        },
    )
    api = api_as("province_office").post(
        reverse("conference-list"),
        {
            "title": "Hội nghị thử",
            "starts_at": "2021-12-20T08:00:00+07:00",
            "ends_at": "2021-12-20T07:00:00+07:00",
        },
    )
    message = "Giờ kết thúc phải sau giờ bắt đầu."
    assert page.status_code == 400 and message in page.content.decode()
    assert api.status_code == 400 and api.json()["error"]["fields"]["ends_at"] == [message]
    assert not Conference.objects.exists()
