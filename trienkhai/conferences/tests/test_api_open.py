"""The delegates' open API: poll answers and check-in through a point's code, without an
account, rate-limited per address and point (or poll)."""

import datetime

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from trienkhai.conferences.models import CheckIn, Poll
from trienkhai.conferences.services import poll_results
from trienkhai.testing import conferences as meet

pytestmark = [pytest.mark.django_db]


@pytest.fixture(autouse=True)
def fresh_throttle():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def live(world):
    """A conference under way, a point that counts by check-in, and an open poll."""
    conference = meet.live(world.province, "Hội nghị thử")
    point = meet.point(conference, world.hoanghoa, "Điểm cầu Hoằng Hóa", uses_check_in=True)
    poll = meet.poll(
        conference.organiser,
        "Có cần tổ chức thêm hội nghị?",
        ["Có", "Không"],
        conference=conference,
    )
    return point, poll, poll.choices.get(text="Có")


def answer(client, poll, extra=None, **data):
    url = reverse("api-poll-answer", args=[poll.uid])
    return client.post(url, data, format="json", **(extra or {}))


def test_a_delegate_answering_twice_is_counted_once(live):
    _point, poll, yes = live
    client = APIClient()
    first = answer(client, poll, name="Bùi Văn Đức", unit_text="Xã Hoằng Đông", choices=[yes.pk])
    assert first.status_code == 201 and first.json() == {"poll": str(poll.uid), "answered": True}
    # The same person typed differently is the same delegate; the first answer stands.
    again = answer(client, poll, name="bui van  duc", unit_text="xa hoang dong", choices=[yes.pk])
    assert again.status_code == 409
    assert again.json()["error"] == {
        "code": "conflict",
        "message": "Bạn đã trả lời cuộc thăm dò này.",
        "status": 409,
    }
    results = poll_results(poll)
    assert results["total"] == 1 and results["rows"][0]["n"] == 1


def test_an_answer_to_an_unknown_poll_is_not_found():
    response = answer(APIClient(), Poll(uid="00000000-0000-4000-8000-000000000000"), name="A B")
    assert response.status_code == 404
    assert response.json()["error"]["message"] == "Không tìm thấy cuộc thăm dò này."


def test_an_answer_outside_the_open_hours_or_without_a_choice_is_refused_with_its_reason(live):
    _point, poll, yes = live
    client = APIClient()
    response = answer(client, poll, name="Ngô Thị E")
    assert response.status_code == 400
    assert response.json()["error"]["message"] == "Hãy chọn một phương án."
    poll.opens_at = timezone.now() + datetime.timedelta(minutes=10)
    poll.save()
    response = answer(client, poll, name="Ngô Thị E", choices=[yes.pk])
    assert response.status_code == 400
    assert response.json()["error"] == {
        "code": "refused",
        "message": "Cuộc thăm dò chưa mở.",
        "status": 400,
    }
    poll.opens_at, poll.closes_at = poll.opens_at - datetime.timedelta(hours=3), timezone.now()
    poll.save()
    response = answer(client, poll, name="Ngô Thị E", choices=[yes.pk])
    assert response.status_code == 400 and response.json()["error"]["message"] == (
        "Cuộc thăm dò đã đóng."
    )
    assert not poll.answers.exists()


def test_forty_delegates_sharing_one_address_all_check_in_and_answer(live):
    """About 40 delegates per bridge point (32,637 over 827 points), all behind the
    point's one router, under the default rate."""
    point, poll, yes = live
    client = APIClient()
    checkin_url = reverse("api-checkin", args=[point.code])
    codes = set()
    for i in range(40):
        delegate = {"name": f"Đại biểu số {i}", "unit_text": "Xã Hoằng Đông"}
        codes.add(client.post(checkin_url, delegate, format="json").status_code)
        codes.add(answer(client, poll, choices=[yes.pk], **delegate).status_code)
    assert codes == {201}
    assert CheckIn.objects.filter(point=point).count() == 40 and poll.answers.count() == 40


def test_a_flood_of_answers_from_one_address_is_throttled_per_poll(live, settings):
    point, poll, yes = live
    settings.CHECKIN_RATE = "5/minute"
    client = APIClient()
    statuses = [
        answer(client, poll, personal_code=f"DV{i}", choices=[yes.pk]).status_code for i in range(7)
    ]
    assert statuses == [201] * 5 + [429, 429]
    assert poll.answers.count() == 5
    # Another poll, or check-in, from the same address is counted apart.
    other = meet.poll(
        poll.owner, "Ý kiến khác?", kind="text", opens_at=poll.opens_at, closes_at=poll.closes_at
    )
    assert answer(client, other, personal_code="DV0", text="Tốt").status_code == 201
    checkin = client.post(
        reverse("api-checkin", args=[point.code]), {"personal_code": "DV0"}, format="json"
    )
    assert checkin.status_code == 201


def test_a_forged_forwarded_for_header_does_not_escape_the_throttle(live, settings):
    point, poll, yes = live
    settings.CHECKIN_RATE = "3/minute"
    client = APIClient()
    url = reverse("api-checkin", args=[point.code])
    statuses = [
        client.post(
            url, {"personal_code": f"X{i}"}, format="json", HTTP_X_FORWARDED_FOR=f"10.0.0.{i}"
        ).status_code
        for i in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]
    statuses = [
        answer(
            client,
            poll,
            extra={"HTTP_X_FORWARDED_FOR": f"10.1.0.{i}"},
            personal_code=f"X{i}",
            choices=[yes.pk],
        ).status_code
        for i in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]


def test_changing_the_letter_case_of_the_point_code_does_not_escape_the_throttle(live, settings):
    point, _poll, _yes = live
    settings.CHECKIN_RATE = "3/minute"
    client = APIClient()
    spellings = [point.code, point.code.lower(), point.code.swapcase(), point.code.title()]
    statuses = [
        client.post(
            reverse("api-checkin", args=[spellings[i % 4]]),
            {"personal_code": f"K{i}"},
            format="json",
        ).status_code
        for i in range(5)
    ]
    assert statuses == [201, 201, 201, 429, 429]


def test_the_page_and_the_api_count_against_one_limit_per_point(live, settings, client):
    point, _poll, _yes = live
    settings.CHECKIN_RATE = "2/minute"
    api = APIClient()
    first = api.post(
        reverse("api-checkin", args=[point.code.lower()]), {"name": "Lê Văn B"}, format="json"
    )
    page = client.post(reverse("checkin", args=[point.code]), {"name": "Lê Văn A"})
    third = api.post(reverse("api-checkin", args=[point.code]), {"name": "Lê C"}, format="json")
    assert (first.status_code, page.status_code, third.status_code) == (201, 200, 429)
