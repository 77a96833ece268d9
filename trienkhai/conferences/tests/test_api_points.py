import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from trienkhai.conferences.models import Conference
from trienkhai.testing import conferences as meet

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def seed_conference(world):
    """The seed's online conference over the small world: a point per unit, reported."""
    return meet.online_conference(world)


@pytest.fixture
def live(world):
    """A province conference under way, with the point of Xã Hoằng Đông (capacity 80)."""
    conference = meet.live(world.province, "Hội nghị trực tuyến thử")
    point = meet.point(conference, world.hoangdong, "Điểm cầu xã Hoằng Đông", capacity=80)
    return conference, point


def points(client, conference):
    """Every point of the conference the client sees, across pages."""
    url = f"{reverse('point-list')}?conference={conference.uid}"
    found = []
    while url:
        body = client.get(url).json()
        found += body["results"]
        url = body["next"]
    return found


def hosts(client, conference):
    """The hosts' codes of the points the client sees, one per point."""
    found = sorted(r["host"] for r in points(client, conference))
    assert len(found) == len(set(found))  # one point per unit in the seed's conference
    return set(found)


def test_point_list_holds_what_each_persona_sees(api_as, seed_conference):
    everyone = {"TU-38", "DUCA-38", "HU-399", "DU-15997", "DU-16000", "HU-401", "DU-16100"}
    assert hosts(api_as("province_office"), seed_conference) == everyone
    assert hosts(api_as("district_reporter"), seed_conference) == {"HU-399", "DU-15997", "DU-16000"}
    assert hosts(api_as("commune_reporter"), seed_conference) == {"DU-15997"}
    assert hosts(api_as("leader"), seed_conference) == {
        "HU-399",
        "DU-15997",
        "DU-16000",
        "DUCA-38",
    }
    assert hosts(api_as("outsider"), seed_conference) == {"HU-401", "DU-16100"}


def test_the_check_in_code_is_given_only_to_those_who_may_change_the_point(api_as, live):
    _conference, point = live
    url = reverse("point-detail", args=[point.uid])
    assert api_as("commune_reporter").get(url).json()["code"] == point.code
    assert api_as("district_reporter").get(url).json()["code"] == point.code
    body = api_as("leader").get(url).json()
    assert body["code"] is None and body["host"] == "DU-15997" and body["delegates"] == 0
    assert api_as("outsider").get(url).status_code == 404


def test_point_list_costs_a_fixed_number_of_queries(
    api_as, seed_conference, world, django_assert_max_num_queries
):
    meet.points(seed_conference, world.hoangdong, 50)  # more than a page for the district
    client = api_as("district_reporter")
    url = f"{reverse('point-list')}?conference={seed_conference.uid}"
    # The token with its user and unit, the user's assignments, its roles, the conference,
    # the count, the page of points with conference, host, district and check-ins counted.
    with django_assert_max_num_queries(6):
        response = client.get(url)
    assert response.status_code == 200 and len(response.json()["results"]) == 50
    assert response.json()["count"] == 53


def test_points_of_a_conference_one_cannot_see_are_not_found(api_as, world):
    conference = meet.conference(
        world.hoanghoa, "Hội nghị Huyện ủy Hoằng Hóa", starts_at=timezone.now(), hours=None
    )
    url = f"{reverse('point-list')}?conference={conference.uid}"
    assert api_as("district_reporter").get(url).status_code == 200
    assert api_as("outsider").get(url).status_code == 404
    assert api_as("outsider").get(f"{reverse('point-list')}?conference=abc").status_code == 400


def test_a_retried_point_registration_is_stored_once(api_as, live):
    conference, _point = live
    client = api_as("district_reporter")
    data = {
        "conference": str(conference.uid),
        "host": "hu-399",
        "name": "Điểm cầu Huyện ủy Hoằng Hóa",
        "level": "district",
        "capacity": 150,
    }
    first = client.post(reverse("point-list"), data, format="json")
    assert first.status_code == 201
    body = first.json()
    assert (body["host"], body["district"], body["is_main"], body["capacity"]) == (
        "HU-399",
        "HU-399",
        False,
        150,
    )
    again = client.post(reverse("point-list"), data, format="json")
    typed = client.post(
        reverse("point-list"), data | {"name": "điểm cầu huyện ủy  hoằng hoá"}, format="json"
    )
    assert (again.status_code, typed.status_code) == (200, 200)
    assert again.json()["uid"] == typed.json()["uid"] == body["uid"]
    assert conference.points.filter(host__code="HU-399").count() == 1


def test_a_name_another_units_point_has_is_refused(api_as, live):
    conference, point = live
    response = api_as("district_reporter").post(
        reverse("point-list"),
        {
            "conference": str(conference.uid),
            "host": "HU-399",
            "name": point.name,
            "level": "district",
        },
        format="json",
    )
    assert response.status_code == 400
    assert "Hội nghị đã có điểm cầu “Điểm cầu xã Hoằng Đông”" in response.json()["error"]["message"]
    assert conference.points.count() == 1


def test_point_registration_follows_the_pages_rule(api_as, live):
    conference, _point = live
    data = {"conference": str(conference.uid), "name": "Điểm cầu mới", "level": "district"}
    url = reverse("point-list")
    elsewhere = api_as("district_reporter").post(url, data | {"host": "HU-401"}, format="json")
    assert elsewhere.status_code == 400
    assert "không có quyền đăng ký điểm cầu cho đơn vị “HU-401”" in str(elsewhere.json())
    leader = api_as("leader").post(url, data | {"host": "HU-399"}, format="json")
    assert leader.status_code == 403
    negative = api_as("district_reporter").post(
        url, data | {"host": "HU-399", "capacity": -1}, format="json"
    )
    assert negative.status_code == 400
    assert "Sức chứa phải là số nguyên không âm." in str(negative.json())
    main = api_as("province_office").post(url, data | {"host": "TU-38"}, format="json")
    assert main.status_code == 201 and main.json()["is_main"] is True
    assert conference.points.count() == 2


COUNTS = {"committee_members": 3, "party_members": 40, "officials": 10, "others": 2}


def test_attendance_is_reported_through_the_api(api_as, live):
    _conference, point = live
    response = api_as("commune_reporter").post(
        reverse("point-attendance", args=[point.uid]), COUNTS, format="json"
    )
    assert response.status_code == 200 and response.json()["delegates"] == 55
    point.refresh_from_db()
    assert point.present == 55 and point.reported_at is not None


@pytest.mark.parametrize(
    ("counts", "message"),
    [
        (COUNTS | {"party_members": 100}, "Tổng số 115 đại biểu vượt sức chứa 80 của điểm cầu."),
        (COUNTS | {"others": -1}, "Số đại biểu phải là số nguyên không âm."),
    ],
)
def test_an_attendance_report_out_of_bounds_is_refused_and_changes_nothing(
    api_as, live, counts, message
):
    _conference, point = live
    response = api_as("district_reporter").post(
        reverse("point-attendance", args=[point.uid]), counts, format="json"
    )
    assert response.status_code == 400
    assert response.json()["error"]["message"] == message
    point.refresh_from_db()
    assert (point.present, point.reported_at, point.party_members) == (0, None, 0)


def test_an_attendance_report_before_the_start_is_refused(api_as, live):
    conference, point = live
    conference.starts_at = timezone.now() + datetime.timedelta(hours=1)
    conference.save()
    response = api_as("commune_reporter").post(
        reverse("point-attendance", args=[point.uid]), COUNTS, format="json"
    )
    assert response.status_code == 400
    assert "chưa bắt đầu" in response.json()["error"]["message"]
    point.refresh_from_db()
    assert point.reported_at is None and point.present == 0


def test_only_those_who_may_change_the_point_report_its_attendance(api_as, live):
    _conference, point = live
    url = reverse("point-attendance", args=[point.uid])
    assert api_as("leader").post(url, COUNTS, format="json").status_code == 403
    assert api_as("outsider").post(url, COUNTS, format="json").status_code == 404
    point.refresh_from_db()
    assert point.reported_at is None


def test_an_office_creates_a_conference_through_the_api(api_as):
    start = timezone.now() + datetime.timedelta(days=3)
    data = {
        "title": "Hội nghị sơ kết",
        "starts_at": start.isoformat(),
        "ends_at": (start + datetime.timedelta(hours=2)).isoformat(),
        "form": "both",
    }
    response = api_as("province_office").post(reverse("conference-list"), data, format="json")
    assert response.status_code == 201
    assert response.json()["organiser"] == "TU-38"
    for_district = api_as("province_office").post(
        reverse("conference-list"), data | {"organiser": "HU-399"}, format="json"
    )
    assert for_district.status_code == 201 and for_district.json()["organiser"] == "HU-399"
    backwards = api_as("province_office").post(
        reverse("conference-list"),
        data | {"ends_at": (start - datetime.timedelta(hours=1)).isoformat()},
        format="json",
    )
    assert backwards.status_code == 400 and "phải sau giờ bắt đầu" in str(backwards.json())
    assert (
        api_as("district_reporter")
        .post(reverse("conference-list"), data, format="json")
        .status_code
        == 403
    )
    assert (
        api_as("outsider")
        .post(reverse("conference-list"), data | {"organiser": "HU-399"}, format="json")
        .status_code
        == 404
    )
    made = Conference.objects.filter(title="Hội nghị sơ kết")
    assert sorted(made.values_list("organiser__code", flat=True)) == ["HU-399", "TU-38"]


def test_polls_are_listed_as_their_conferences_and_give_their_results(
    api_as, live, seed_conference, world
):
    conference, _point = live
    hidden = meet.poll(
        world.hoanghoa,
        "Ý kiến về hội nghị huyện?",
        kind="text",
        opens_at=conference.starts_at,
        closes_at=conference.ends_at,
    )
    sample = meet.closing_poll(seed_conference, {"Rất thiết thực": 3, "Thiết thực": 2})
    outsider = {p["uid"] for p in api_as("outsider").get(reverse("poll-list")).json()["results"]}
    assert str(sample.uid) in outsider and str(hidden.uid) not in outsider
    district = api_as("district_reporter").get(reverse("poll-detail", args=[hidden.uid]))
    assert district.status_code == 200 and district.json()["is_open"] is True
    assert api_as("outsider").get(reverse("poll-detail", args=[hidden.uid])).status_code == 404
    body = api_as("commune_reporter").get(reverse("poll-detail", args=[sample.uid])).json()
    assert [c["text"] for c in body["choices"]] == meet.CLOSING_CHOICES
    results = api_as("commune_reporter").get(reverse("poll-results", args=[sample.uid])).json()
    assert results["total"] == 5
    assert [(r["label"], r["n"]) for r in results["rows"]] == [
        ("Rất thiết thực", 3),
        ("Thiết thực", 2),
        ("Bình thường", 0),
        ("Chưa thiết thực", 0),
    ]


def test_the_openapi_document_describes_points_attendance_and_polls(client_as):
    spec = client_as("leader").get(reverse("api-schema")).json()
    for path in (
        "/api/v1/points/",
        "/api/v1/points/{uid}/attendance/",
        "/api/v1/polls/{uid}/results/",
    ):
        assert path in spec["paths"]
    assert "post" in spec["paths"]["/api/v1/conferences/"]
