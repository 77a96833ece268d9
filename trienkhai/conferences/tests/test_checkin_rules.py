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
    assert "trienkhai/poster.css" in text and "Điểm cầu xã" in text


@pytest.mark.parametrize("reader", ["lanhdao", "kiemtra"])
def test_read_only_roles_see_a_point_without_its_check_in_code(client_as, world, reader):
    conference = meet.conference(world.province, "Hội nghị quán triệt nghị quyết")
    point = meet.point(conference, world.hoangdong, "Điểm cầu xã Hoằng Đông", uses_check_in=True)
    page = client_as(reader).get(reverse("conferences:point", args=[point.uid]))
    assert page.status_code == 200
    assert "Điểm cầu xã Hoằng Đông" in page.content.decode()
    assert point.code not in page.content.decode()
    assert "chỉ hiện cho đơn vị chủ trì" in page.content.decode()
    poster = client_as(reader).get(reverse("conferences:point-poster", args=[point.uid]))
    assert poster.status_code == 403
    assert point.code not in poster.content.decode()


def test_the_host_and_the_organiser_see_the_check_in_code(client_as, world):
    conference = meet.conference(world.province, "Hội nghị quán triệt nghị quyết")
    point = meet.point(conference, world.hoangdong, "Điểm cầu xã Hoằng Đông", uses_check_in=True)
    for who in ("hoangdong", "vanphong"):
        page = client_as(who).get(reverse("conferences:point", args=[point.uid]))
        assert point.code in page.content.decode()


def test_a_personal_code_tried_at_another_point_does_not_reveal_whose_it_is(client, world):
    conference = meet.live(world.province, "Hội nghị quán triệt nghị quyết")
    here = meet.point(conference, world.hoangdong, "Điểm cầu xã Hoằng Đông", uses_check_in=True)
    there = meet.point(conference, world.hoanghai, "Điểm cầu xã Hoằng Hải", uses_check_in=True)
    services.check_in(
        here, name="Trịnh Thị Bí Mật", unit_text="Chi bộ thôn 3", personal_code="DB-0042"
    )
    page = client.post(reverse("checkin", args=[there.code]), {"personal_code": "DB-0042"})
    text = page.content.decode()
    assert "Bạn đã điểm danh trước đó" in text
    assert "Bí Mật" not in text and "Chi bộ thôn 3" not in text and "Hoằng Đông" not in text
    api = client.post(
        reverse("api-checkin", args=[there.code]),
        {"personal_code": "DB-0042"},
        content_type="application/json",
    )
    assert api.status_code == 200
    assert "Bí Mật" not in api.content.decode()


@pytest.mark.parametrize("count", ["1000001", "99999999999999"])
def test_a_head_count_beyond_any_hall_is_refused_with_a_message(client_as, world, count):
    conference = meet.live(world.province, "Hội nghị quán triệt nghị quyết")
    point = meet.point(conference, world.hoangdong, "Điểm cầu xã Hoằng Đông")
    response = client_as("hoangdong").post(
        reverse("conferences:point", args=[point.uid]),
        {"committee_members": "0", "party_members": count, "officials": "0", "others": "0"},
    )
    assert response.status_code == 400
    assert "Số đại biểu quá lớn" in response.content.decode()
    point.refresh_from_db()
    assert point.party_members == 0 and point.reported_at is None
