import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trienkhai.conferences.models import CheckIn
from trienkhai.conferences.services import Refused, check_in, report_attendance
from trienkhai.testing import conferences as meet
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def seed_conference(world):
    """The seed's online conference over the small world: seven points reported, 1,640
    delegates, studying the province's 621-QĐ/TU."""
    conference = meet.online_conference(world)
    conference.documents.add(
        make.document(world.province, "621-QĐ/TU", "Quyết định ban hành Chương trình")
    )
    return conference


@pytest.fixture
def live(world):
    """A conference under way now, organised by the province, with one district point."""
    conference = meet.live(world.province, "Hội nghị thử")
    point = meet.point(
        conference,
        world.hoanghoa,
        "Điểm cầu Hoằng Hóa",
        capacity=150,
        uses_check_in=True,
    )
    return conference, point


def test_the_seed_conference_shows_its_points_and_delegates(client_as, seed_conference):
    html = client_as("province_office").get(seed_conference.get_absolute_url()).content.decode()
    assert meet.ONLINE_DELEGATES == 1640
    assert "7 điểm cầu, 1.640 đại biểu" in html
    assert "Điểm cầu Công an tỉnh" in html and "dữ liệu mẫu" in html
    assert "621-QĐ/TU" in html
    assert list(seed_conference.documents.values_list("symbol", flat=True)) == ["621-QĐ/TU"]


def test_a_district_sees_only_its_own_points_but_the_conference_totals(client_as, seed_conference):
    response = client_as("district_reporter").get(seed_conference.get_absolute_url())
    hosts = {p.host.code for p in response.context["page"].object_list}
    assert hosts == {"HU-399", "DU-15997", "DU-16000"}
    assert response.context["totals"]["points"] == 7
    assert response.context["totals"]["delegates"] == 1640


def test_a_delegate_is_counted_once_however_often_the_page_is_sent(client, live):
    conference, point = live
    url = reverse("checkin", args=[point.code])
    for _ in range(3):
        response = client.post(url, {"name": "Nguyễn Văn An", "unit_text": "Xã Hoằng Đông"})
        assert response.status_code == 200
    assert "Bạn đã điểm danh trước đó" in response.content.decode()
    # The same person typed differently is the same delegate.
    client.post(url, {"name": "nguyen van  an", "unit_text": "xa hoang dong"})
    assert CheckIn.objects.filter(conference=conference).count() == 1
    assert conference.points.totals()["delegates"] == 1


def test_check_in_refuses_unknown_and_closed_points(client, live):
    _conference, point = live
    response = client.post(reverse("checkin", args=["KHONGCO1"]), {"name": "A B"})
    assert response.status_code == 404 and "Mã điểm cầu không đúng" in response.content.decode()
    point.is_open = False
    point.save()
    response = client.post(reverse("checkin", args=[point.code]), {"name": "Trần Thị B"})
    assert response.status_code == 400 and "đã đóng điểm danh" in response.content.decode()
    assert not CheckIn.objects.exists()


def test_a_head_count_above_capacity_or_before_the_start_is_refused(live):
    conference, point = live
    point.uses_check_in = False
    point.save()
    with pytest.raises(Refused, match="vượt sức chứa"):
        report_attendance(point, {"party_members": 200})
    with pytest.raises(Refused, match="không âm"):
        report_attendance(point, {"party_members": -1})
    with pytest.raises(Refused, match="chưa bắt đầu"):
        report_attendance(
            point, {"party_members": 10}, now=conference.starts_at - datetime.timedelta(hours=1)
        )
    point.refresh_from_db()
    assert point.reported_at is None
    report_attendance(
        point, {"committee_members": 5, "party_members": 80, "officials": 20, "others": 5}
    )
    point.refresh_from_db()
    assert point.present == 110


def test_check_in_after_the_conference_ended_is_refused(live):
    conference, point = live
    with pytest.raises(Refused, match="đã kết thúc"):
        check_in(point, name="Lê Văn C", now=conference.ends_at + datetime.timedelta(minutes=1))


def test_district_registers_a_point_and_the_live_totals_follow(client_as, live, world):
    conference, _point = live
    client = client_as("district_reporter")
    response = client.post(
        reverse("conferences:point-add", args=[conference.uid]),
        {
            "host": world.hoangdong.pk,
            "name": "Điểm cầu xã Hoằng Đông",
            "level": "commune",
            "capacity": "80",
        },
    )
    assert response.status_code == 302
    point = conference.points.get(name="Điểm cầu xã Hoằng Đông")
    assert point.district.code == "HU-399"
    client.post(
        point.get_absolute_url(),
        {"committee_members": "3", "party_members": "40", "officials": "10", "others": "2"},
    )
    html = client.get(reverse("conferences:totals", args=[conference.uid])).content.decode()
    assert "2 điểm cầu, 55 đại biểu" in html


def test_a_district_cannot_register_a_point_hosted_elsewhere(client_as, live, world):
    conference, _point = live
    response = client_as("district_reporter").post(
        reverse("conferences:point-add", args=[conference.uid]),
        {"host": world.ngason.pk, "name": "Lạc chỗ", "level": "district"},
    )
    assert response.status_code == 400
    assert not conference.points.filter(name="Lạc chỗ").exists()


def test_export_lists_every_visible_point_with_its_count(client_as, seed_conference):
    response = client_as("province_office").get(
        reverse("conferences:export", args=[seed_conference.uid])
    )
    lines = response.content.decode("utf-8-sig").strip().splitlines()
    assert len(lines) == 8  # the header and the seven points
    rows = {line.split(",")[0]: line.split(",") for line in lines[1:]}
    assert set(rows) == {name for _u, name, _c in meet.ONLINE_POINTS}
    assert rows["Điểm cầu Tỉnh ủy Thanh Hóa"][4:] == ["30", "700", "250", "40", "1020", "có"]
    assert rows["Điểm cầu xã Hoằng Đông"][3] == "Huyện ủy Hoằng Hóa"
    assert sum(int(r[8]) for r in rows.values()) == 1640


def test_api_check_in_is_open_idempotent_and_structured(live):
    from rest_framework.test import APIClient

    _conference, point = live
    client = APIClient()
    url = reverse("api-checkin", args=[point.code])
    first = client.post(url, {"name": "Đinh Văn Dũng", "unit_text": "Hoằng Đông"}, format="json")
    again = client.post(url, {"name": "Đinh Văn Dũng", "unit_text": "Hoằng Đông"}, format="json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert CheckIn.objects.filter(point=point).count() == 1
    bad = client.post(reverse("api-checkin", args=["NOPE1234"]), {"name": "X Y"}, format="json")
    assert bad.status_code == 404 and "Mã điểm cầu không đúng" in bad.json()["error"]["message"]


def test_api_check_in_throttles_a_flood_from_one_address_at_one_point(live, settings):
    from django.core.cache import cache
    from rest_framework.test import APIClient

    cache.clear()
    settings.CHECKIN_RATE = "5/minute"
    _conference, point = live
    client = APIClient()
    url = reverse("api-checkin", args=[point.code])
    codes = [
        client.post(url, {"personal_code": f"DV{i}"}, format="json").status_code for i in range(7)
    ]
    assert codes[:5] == [201] * 5 and codes[5:] == [429, 429]
    assert CheckIn.objects.filter(point=point).count() == 5
    cache.clear()


def test_the_closing_poll_shows_its_results(client_as, seed_conference):
    poll = meet.closing_poll(seed_conference, {"Rất thiết thực": 3, "Thiết thực": 1})
    html = client_as("commune_reporter").get(poll.get_absolute_url()).content.decode()
    assert "Kết quả: 4 người trả lời" in html and "dữ liệu mẫu" in html
    assert "Rất thiết thực" in html and "3 (75,0%)" in html and "1 (25,0%)" in html


@pytest.fixture
def open_poll(live):
    conference, _point = live
    poll = meet.poll(
        conference.organiser,
        "Có cần tổ chức thêm hội nghị?",
        ["Có", "Không"],
        conference=conference,
    )
    return poll, poll.choices.get(text="Có")


def test_a_delegate_answers_once_and_results_follow(client, open_poll):
    poll, yes = open_poll
    url = reverse("poll-answer", args=[poll.uid])
    data = {"choice": [str(yes.pk)], "name": "Bùi Văn Đức", "unit_text": "Xã Hoằng Đông"}
    assert client.post(url, data).status_code == 200
    again = client.post(url, data)
    assert again.status_code == 400 and "đã trả lời" in again.content.decode()
    from trienkhai.conferences.services import poll_results

    results = poll_results(poll)
    assert (
        results["total"] == 1
        and results["rows"][0]["n"] == 1
        and results["rows"][0]["percent"] == 100
    )


def test_an_answer_outside_the_open_hours_or_without_a_choice_is_refused(client, open_poll):
    poll, yes = open_poll
    url = reverse("poll-answer", args=[poll.uid])
    response = client.post(url, {"name": "Ngô Thị E"})
    assert response.status_code == 400 and "Hãy chọn một phương án" in response.content.decode()
    poll.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    poll.save()
    response = client.post(url, {"choice": [str(yes.pk)], "name": "Ngô Thị E"})
    assert response.status_code == 400 and "đã đóng" in response.content.decode()
    assert not poll.answers.exists()


def test_organiser_creates_a_poll_with_its_choices(client_as, live):
    conference, _point = live
    client = client_as("province_office")
    start = timezone.localtime(conference.starts_at)
    response = client.post(
        reverse("conferences:poll-create", args=[conference.uid]),
        {
            "question": "Nội dung nào cần quán triệt sâu hơn?",
            "kind": "multiple",
            "choices": "Du lịch\nGiáo dục\nY tế",
            "anonymous": "on",
            "opens_at": start.strftime("%H:%M %d/%m/%Y"),
            "closes_at": (start + datetime.timedelta(hours=1)).strftime("%H:%M %d/%m/%Y"),
        },
    )
    assert response.status_code == 302
    poll = conference.polls.get()
    assert [c.text for c in poll.choices.all()] == ["Du lịch", "Giáo dục", "Y tế"]


def test_the_check_in_page_slows_a_flood_from_one_address(client, live, settings):
    from django.core.cache import cache

    cache.clear()
    settings.CHECKIN_RATE = "3/minute"
    _conference, point = live
    url = reverse("checkin", args=[point.code])
    codes = [client.post(url, {"personal_code": f"P{i}"}).status_code for i in range(5)]
    assert codes == [200, 200, 200, 429, 429]
    assert CheckIn.objects.filter(point=point).count() == 3
    cache.clear()


def test_closing_a_point_refuses_the_next_check_in_at_once_despite_the_lookup_cache(live):
    from trienkhai.conferences.services import point_for_code

    _conference, point = live
    check_in(point_for_code(point.code), name="Lê Văn Một")
    point.is_open = False
    point.save()
    with pytest.raises(Refused, match="đã đóng"):
        check_in(point_for_code(point.code), name="Lê Văn Hai")


def test_a_check_in_sent_twice_is_stored_once_and_returns_the_first(live):
    _conference, point = live
    first, created = check_in(point, name="Trần Thị Ba", unit_text="Xã Hoằng Đông")
    again, created_again = check_in(point, name="tran thi ba", unit_text="xa hoang dong")
    assert (created, created_again) == (True, False)
    assert again.pk == first.pk and CheckIn.objects.filter(point=point).count() == 1


def test_a_district_attaches_its_delegate_list_to_its_point_and_only_the_scope_reads_it(
    client_as, live
):
    from django.core.files.uploadedfile import SimpleUploadedFile

    _conference, point = live  # hosted by Huyện ủy Hoằng Hóa
    client = client_as("district_reporter")
    upload = SimpleUploadedFile("danh-sach.xlsx", b"PK list of delegates")
    url = reverse("conferences:point-file-upload", args=[point.uid])
    assert client.post(url, {"file": upload}).status_code == 302
    attached = point.files.get()
    link = reverse("conferences:point-file", args=[point.uid, attached.pk])
    assert client_as("province_office").get(link).status_code == 200
    assert client_as("outsider").get(link).status_code == 404
    other = SimpleUploadedFile("x.pdf", b"x")
    assert client_as("leader").post(url, {"file": other}).status_code == 403
    assert point.files.count() == 1
