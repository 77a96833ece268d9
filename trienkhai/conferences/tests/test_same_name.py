"""Two delegates of the same name at one bridge point are two delegates; one delegate
sending the page again, or from the same phone, is still one. A delegate is told apart by
name, unit (optional) and the phone's device id; a member signed in, by the account."""

import datetime
import threading
import time

import pytest
from django.db import IntegrityError, OperationalError, connection, transaction
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from trienkhai.conferences import services
from trienkhai.conferences.models import CheckIn, Conference
from trienkhai.conferences.services import NeedsUnit, check_in

ASK_UNIT = "Vui lòng nhập đơn vị/chức vụ để phân biệt"


def live_point(world):
    """A conference under way, organised by the province, with one commune point that
    counts by check-in, registered through the service as a reporter would."""
    now = timezone.now()
    conference = Conference.objects.create(
        title="Hội nghị quán triệt Nghị quyết",
        organiser=world.province,
        starts_at=now - datetime.timedelta(minutes=5),
        ends_at=now + datetime.timedelta(hours=2),
    )
    point, _created = services.register_point(
        conference,
        world.user("hoangdong"),
        host=world.hoangdong,
        name="Điểm cầu xã Hoằng Đông",
        level="commune",
        uses_check_in=True,
    )
    return conference, point


@pytest.fixture
def live(world):
    return live_point(world)


def phone():
    """A phone: its own browser, which keeps the cookies the page sets."""
    from django.test import Client

    return Client()


def checked_in(conference):
    return conference.points.totals()["delegates"]


def test_two_people_of_the_same_name_from_two_phones_with_their_units_are_both_counted(live):
    conference, point = live
    url = reverse("checkin", args=[point.code])
    first, second = phone(), phone()
    first.get(url), second.get(url)
    a = first.post(url, {"name": "Nguyễn Văn An", "unit_text": "Chi bộ thôn 1"})
    b = second.post(url, {"name": "Nguyễn Văn An", "unit_text": "Chi bộ thôn 5"})
    assert "Đã điểm danh" in a.content.decode() and "Đã điểm danh" in b.content.decode()
    assert "Bạn đã điểm danh trước đó" not in b.content.decode()
    assert checked_in(conference) == 2


def test_the_second_person_of_the_same_name_is_asked_for_a_unit_and_then_counted(live):
    conference, point = live
    url = reverse("checkin", args=[point.code])
    first, second = phone(), phone()
    first.get(url), second.get(url)
    first.post(url, {"name": "Nguyễn Văn An"})
    asked = second.post(url, {"name": "nguyen van an"})
    text = asked.content.decode()
    assert asked.status_code == 400 and ASK_UNIT in text
    assert "Đã có đại biểu cùng họ tên điểm danh tại điểm cầu này" in text
    assert "Bạn đã điểm danh trước đó" not in text
    assert checked_in(conference) == 1  # neither merged nor doubled while asking
    done = second.post(url, {"name": "Nguyễn Văn An", "unit_text": "Hội Nông dân xã"})
    assert "Đã điểm danh" in done.content.decode()
    assert checked_in(conference) == 2


def test_a_delegate_sending_again_from_the_same_phone_is_told_they_already_checked_in(live):
    conference, point = live
    url = reverse("checkin", args=[point.code])
    mine = phone()
    mine.get(url)
    mine.post(url, {"name": "Lê Thị Hoa"})
    # Again, and again with a unit typed this time: the same phone, the same person.
    for data in ({"name": "Lê Thị Hoa"}, {"name": "le thi hoa", "unit_text": "Đoàn xã"}):
        again = mine.post(url, data)
        assert "Bạn đã điểm danh trước đó" in again.content.decode()
    assert checked_in(conference) == 1


def test_a_phone_that_keeps_no_cookie_is_matched_by_name_and_unit(live):
    conference, point = live
    url = reverse("checkin", args=[point.code])
    for _ in range(3):  # a fresh browser each time: no device id is ever sent back
        response = phone().post(url, {"name": "Trần Văn Bình", "unit_text": "Xã Hoằng Đông"})
    assert "Bạn đã điểm danh trước đó" in response.content.decode()
    assert checked_in(conference) == 1
    for _ in range(2):  # without a unit either: the same name and the same (no) unit
        response = phone().post(url, {"name": "Phạm Văn Cường"})
    assert "Bạn đã điểm danh trước đó" in response.content.decode()
    assert checked_in(conference) == 2


def test_the_page_gives_the_phone_a_long_lived_signed_device_id(live):
    _conference, point = live
    url = reverse("checkin", args=[point.code])
    mine = phone()
    cookie = mine.get(url).cookies["tk_device"]
    assert cookie["max-age"] >= 365 * 24 * 3600 and cookie["httponly"]
    mine.post(url, {"name": "Hoàng Văn Đức"})
    row = CheckIn.objects.get()
    assert row.device and row.device not in cookie.value  # stored as a digest
    mine.cookies["tk_device"] = "forged-value"  # not signed by us: no device id
    mine.post(url, {"name": "Hoàng Văn Đức", "unit_text": "Thôn 2"})
    assert CheckIn.objects.count() == 2


def test_the_api_tells_same_name_delegates_apart_by_device_id(live):
    conference, point = live
    client = APIClient()
    url = reverse("api-checkin", args=[point.code])

    def send(**data):
        return client.post(url, data, format="json")

    assert send(name="Đinh Văn Dũng", device_id="phone-1").status_code == 201
    assert send(name="Đinh Văn Dũng", device_id="phone-1").status_code == 200
    asked = send(name="Đinh Văn Dũng", device_id="phone-2")
    assert asked.status_code == 400
    assert ASK_UNIT in asked.json()["error"]["fields"]["unit_text"][0]
    assert send(name="Đinh Văn Dũng", device_id="phone-2", unit_text="Xã Nga Thanh").status_code
    assert checked_in(conference) == 2
    retried = send(name="Đinh Văn Dũng", device_id="phone-2", unit_text="Xã Nga Thanh")
    assert retried.status_code == 200 and checked_in(conference) == 2


def test_a_member_signed_in_is_counted_by_account_not_by_name(live, client_as, world):
    conference, point = live
    url = reverse("checkin", args=[point.code])
    stranger = phone()
    stranger.get(url)
    stranger.post(url, {"name": "Nguyễn Văn Bình", "unit_text": "Thôn 3"})
    member = client_as("dangvien")  # an account named Nguyễn Văn Bình too
    first = member.post(url, {"name": "", "unit_text": "Chi bộ thôn 1"})
    assert "Đã điểm danh" in first.content.decode()
    again = member.post(url, {"name": "Nguyễn Văn Bình", "unit_text": "Chi bộ 2"})
    assert "Bạn đã điểm danh trước đó" in again.content.decode()
    assert checked_in(conference) == 2
    assert CheckIn.objects.get(user=world.user("dangvien")).name == "Nguyễn Văn Bình"


def test_the_same_name_at_another_point_is_asked_for_a_unit_naming_the_conference(live, world):
    conference, point = live
    other, _created = services.register_point(
        conference,
        world.user("ngason"),
        host=world.ngathanh,
        name="Điểm cầu xã Nga Thanh",
        level="commune",
        uses_check_in=True,
    )
    check_in(point, name="Vũ Văn Em", device="a")
    with pytest.raises(NeedsUnit, match="tại hội nghị này"):
        check_in(other, name="Vũ Văn Em", device="b")
    assert checked_in(conference) == 1


def test_the_database_itself_refuses_a_second_row_of_one_delegate(live):
    """Not only a look before the insert: the unique constraints hold under a burst."""
    conference, point = live
    first, _created = check_in(point, name="Ngô Thị Gấm", unit_text="Thôn 4", device="x")
    same = {"conference": conference, "point": point, "name": "Ngô Thị Gấm"}
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(key=first.key, **same)  # the same name and unit
    with pytest.raises(IntegrityError), transaction.atomic():
        CheckIn.objects.create(key="other", name_key=first.name_key, device=first.device, **same)
    assert checked_in(conference) == 1


@pytest.mark.django_db(transaction=True)
def test_fifty_identical_check_ins_sent_at_the_same_instant_are_counted_once(world):
    conference, point = live_point(world)
    start, results, errors = threading.Barrier(50), [], []

    def send():
        try:
            start.wait()
            while True:
                try:
                    results.append(check_in(point, name="Ngô Thị Gấm", device="same-phone")[1])
                    return
                except OperationalError as exc:
                    # The tests' in-memory SQLite has no busy timeout: wait as a file would.
                    if "locked" not in str(exc):
                        raise
                    time.sleep(0.005)
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send) for _ in range(50)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(results) == 50
    assert CheckIn.objects.filter(conference=conference).count() == 1
    # On PostgreSQL exactly one sender is told "checked in"; the tests' in-memory SQLite
    # may report "locked" after a statement that did insert, so its retry hears "already".
    if connection.vendor == "postgresql":
        assert results.count(True) == 1
    else:
        assert results.count(True) <= 1
