"""Check-in says what will happen before the form is filled in, a point of an ended
conference cannot be reopened, and every page counts reported points the same way."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trienkhai.conferences import services
from trienkhai.conferences.views import totals_context
from trienkhai.testing import conferences as meet

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def ended(world):
    """A conference that ended yesterday, with one point counting by check-in."""
    conference = meet.ended(world.province, "Hội nghị đã qua")
    point = meet.point(
        conference,
        world.hoangdong,
        "Điểm cầu xã",
        level="commune",
        uses_check_in=True,
        is_open=False,
    )
    return conference, point


def test_an_ended_conference_says_so_before_anyone_types_a_name(client, ended):
    _conference, point = ended
    page = client.get(reverse("checkin", args=[point.code]))
    text = page.content.decode()
    assert page.status_code == 200 and "Hội nghị đã kết thúc" in text
    assert 'name="name"' not in text  # no form to fill in for nothing


def test_a_point_of_an_ended_conference_is_not_reopened(client_as, ended):
    _conference, point = ended
    client = client_as("commune_reporter")
    response = client.post(reverse("conferences:point-toggle", args=[point.uid]), follow=True)
    assert "không thể mở lại điểm danh" in response.content.decode()
    point.refresh_from_db()
    assert point.is_open is False


def test_a_check_in_point_without_a_delegate_is_not_counted_as_reported(ended):
    conference, _point = ended
    ctx = totals_context(conference)
    assert ctx["totals"]["reported"] == 0
    assert sum(level["reported"] for level in ctx["levels"]) == 0


def test_the_header_and_the_table_count_reported_points_alike(ended):
    conference, point = ended
    point.is_open = True
    point.save()
    conference.ends_at = timezone.now() + datetime.timedelta(hours=1)
    conference.save()
    services.check_in(point, name="Nguyễn Văn A", unit_text="Chi bộ thôn 1")
    ctx = totals_context(conference)
    assert ctx["totals"]["reported"] == sum(level["reported"] for level in ctx["levels"]) == 1


def test_each_point_has_a_printable_qr_poster(client_as, ended):
    _conference, point = ended
    page = client_as("commune_reporter").get(reverse("conferences:point-poster", args=[point.uid]))
    text = page.content.decode()
    assert page.status_code == 200 and "<svg" in text and point.code in text
    assert "@page { size: A4" in text and "Điểm cầu xã" in text
