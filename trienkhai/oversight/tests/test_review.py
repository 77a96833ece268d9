"""Regressions found in review: what one district reads of another's case on a shared
plan, the API's and the page's rules for team members, the dossier's readers, who closes
a visit's follow-up item, bad input and the queries of list pages.

The world's province (`trienkhai/testing/world.py`): UBKTTU-38 inspects Hoằng Hóa
(HU-399) and Nga Sơn (HU-401); `ngason` is Nga Sơn's reporter, `kiemtra` the province's
inspector, `truongdoan` a Provincial Police official heading the team."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.oversight import services
from trienkhai.oversight.models import FollowUp, TeamRole, Visit
from trienkhai.testing import factories
from trienkhai.testing import oversight as make

D = datetime.date
API = "/api/v1/oversight"


@pytest.fixture(autouse=True)
def today(settings):
    settings.TK_TODAY = D(2021, 12, 10)


@pytest.fixture
def kt(world):
    return world.user("kiemtra")


@pytest.fixture
def member(world):
    return make.member_user(world.police, "truongdoan")


@pytest.fixture
def shared(world, kt):
    """One plan and one team for Hoằng Hóa and Nga Sơn; Hoằng Hóa's case concluded with
    a recommendation."""
    plan = make.plan(world.ubkt, [world.hoanghoa, world.ngason], user=kt)
    team = make.team(plan, user=kt)
    make.concluded(team.cases.get(subject=world.hoanghoa), user=kt)
    return plan, team


def test_a_district_does_not_see_its_neighbours_case_on_the_shared_plan_page(
    world, shared, client_as
):
    plan, team = shared
    theirs = team.cases.get(subject=world.hoanghoa)
    page = client_as("ngason").get(plan.get_absolute_url())
    assert page.status_code == 200
    assert theirs.get_absolute_url() not in page.content.decode()
    assert team.cases.get(subject=world.ngason).get_absolute_url() in page.content.decode()


def test_a_district_does_not_see_its_neighbours_case_on_the_team_page(world, shared, client_as):
    _plan, team = shared
    theirs = team.cases.get(subject=world.hoanghoa)
    page = client_as("ngason").get(team.get_absolute_url()).content.decode()
    assert theirs.get_absolute_url() not in page
    assert theirs.conclusion.symbol not in page


def test_a_team_member_drafts_a_recommendation_for_a_commune_through_the_api(
    world, kt, member, api_as
):
    case = make.case(world.ubkt, world.hoanghoa, user=kt, members=[(member.person, TeamRole.HEAD)])
    response = api_as("truongdoan").post(
        f"{API}/cases/{case.uid}/recommendations/",
        {"text": "Bổ sung kế hoạch", "responsible_unit": "DU-15997", "deadline": "2022-03-31"},
        format="json",
    )
    assert response.status_code == 201, response.json()
    assert case.recommendations.get().responsible_unit == world.hoangdong


def test_a_unit_outside_the_subject_is_still_refused_on_its_field_through_the_api(
    world, kt, api_as
):
    case = make.case(world.ubkt, world.hoanghoa, user=kt)
    response = api_as("kiemtra").post(
        f"{API}/cases/{case.uid}/recommendations/",
        {"text": "Bổ sung kế hoạch", "responsible_unit": "HU-401", "deadline": "2022-03-31"},
        format="json",
    )
    assert response.status_code == 400
    assert not case.recommendations.exists()


def test_a_commune_answering_a_recommendation_does_not_read_the_districts_dossier(
    world, kt, client_as
):
    case = make.case(world.ubkt, world.hoanghoa, user=kt)
    make.finding(case, user=kt)
    make.recommendation(case, user=kt, unit=world.hoangdong)
    services.issue_conclusion(kt, case, symbol="31-TB/UBKTTU", issue_date=D(2021, 12, 5))
    client = client_as("hoangdong")
    assert client.get(case.get_absolute_url()).status_code == 200
    assert client.get(reverse("oversight:dossier", args=[case.uid])).status_code in (403, 404)
    assert client_as("hoanghoa").get(reverse("oversight:dossier", args=[case.uid])).status_code == (
        200
    )


def test_a_team_member_is_not_offered_a_conclusion_only_the_body_issues(
    world, kt, member, client_as
):
    case = make.case(world.ubkt, world.hoanghoa, user=kt, members=[(member.person, TeamRole.HEAD)])
    conclude = reverse("oversight:conclude", args=[case.uid])
    assert conclude not in client_as("truongdoan").get(case.get_absolute_url()).content.decode()
    assert conclude in client_as("kiemtra").get(case.get_absolute_url()).content.decode()


# --- bad input --------------------------------------------------------------------------

HUGE = "9" * 30


@pytest.mark.parametrize(
    "url",
    [
        f"/oversight/findings/{HUGE}/delete/",
        f"/oversight/remedies/{HUGE}/verify/",
        f"/oversight/remedies/{HUGE}/files/",
        f"/oversight/follow-ups/{HUGE}/done/",
    ],
)
def test_a_huge_id_posted_to_a_page_is_not_found(world, client_as, url):
    assert client_as("kiemtra").post(url).status_code == 404


def test_a_huge_id_in_a_file_address_is_not_found(world, kt, client_as):
    case = make.case(world.ubkt, world.hoanghoa, user=kt)
    url = f"/oversight/cases/{case.uid}/files/{HUGE}/"
    assert client_as("kiemtra").get(url).status_code == 404


def test_a_huge_remedy_id_in_the_api_is_not_found(world, api_as):
    response = api_as("kiemtra").post(f"{API}/remedies/{HUGE}/verify/", {}, format="json")
    assert response.status_code == 404


@pytest.mark.parametrize("on", ["31/12/9999", "01/01/0001", "99/99/2021", "x"])
def test_the_risk_list_of_an_extreme_day_is_not_an_error(world, client_as, on):
    response = client_as("kiemtra").get(reverse("oversight:risk"), {"on": on})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("on", ["9999-12-31", "0001-01-01"])
def test_the_api_risk_list_of_an_extreme_day_is_not_an_error(world, api_as, on):
    response = api_as("kiemtra").get(f"{API}/risk/", {"on": on})
    assert response.status_code in (200, 400)


@pytest.mark.parametrize("value", [10**30, -1, 2**63])
def test_a_plan_with_a_huge_year_is_refused_through_the_api(world, api_as, value):
    response = api_as("kiemtra").post(
        f"{API}/plans/",
        {
            "body": "UBKTTU-38",
            "kind": "thematic",
            "title": "Kế hoạch",
            "content": "Nội dung",
            "year_from": value,
            "covers_from": "2021-01-01",
            "covers_to": "2021-09-30",
            "starts_on": "2021-10-15",
            "ends_on": "2021-12-31",
            "subjects": ["HU-399"],
        },
        format="json",
    )
    assert response.status_code == 400


# --- queries of list pages ----------------------------------------------------------------


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


def _more_cases(world, kt, n):
    for _i in range(n):
        case = make.case(world.ubkt, world.hoanghoa, user=kt)
        make.concluded(case, user=kt, recommendations=2)


@pytest.mark.parametrize(
    ("username", "url"),
    [
        ("kiemtra", "/oversight/"),
        ("hoanghoa", "/oversight/"),
        ("lanhdao", "/oversight/"),
        ("kiemtra", "/oversight/recommendations/?state=all"),
        ("lanhdao", "/oversight/supervision/"),
    ],
)
def test_list_pages_read_a_fixed_number_of_queries(world, kt, client_as, username, url):
    _more_cases(world, kt, 1)
    client = client_as(username)
    first = _count(client, url)
    _more_cases(world, kt, 3)
    assert _count(client, url) == first


def test_the_supervision_page_reads_a_fixed_number_of_queries_per_unit_in_charge(
    world, kt, client_as
):
    # Members are put in charge of units of one level: one risk list ranks them all.
    client = client_as("lanhdao")
    first = _count(client, "/oversight/supervision/")
    factories.assign(world.leader, world.ngason)
    assert _count(client, "/oversight/supervision/") == first


def test_the_plan_and_team_pages_read_a_fixed_number_of_queries(world, kt, client_as):
    plan = make.plan(world.ubkt, [world.hoanghoa, world.ngason], user=kt)
    team = make.team(plan, [world.hoanghoa], user=kt)
    client = client_as("kiemtra")
    first_plan = _count(client, plan.get_absolute_url())
    first_team = _count(client, team.get_absolute_url())
    make.team(plan, [world.ngason], user=kt)
    team.members.create(person=make.inspector_person(world.ubkt), role=TeamRole.MEMBER)
    assert _count(client, plan.get_absolute_url()) == first_plan
    assert _count(client, team.get_absolute_url()) == first_team


def test_a_recommendation_due_in_the_year_9999_is_refused_on_its_deadline(world, kt, api_as):
    case = make.case(world.ubkt, world.hoanghoa, user=kt)
    response = api_as("kiemtra").post(
        f"{API}/cases/{case.uid}/recommendations/",
        {"text": "Bổ sung kế hoạch", "responsible_unit": "HU-399", "deadline": "9999-12-31"},
        format="json",
    )
    assert response.status_code == 400
    assert "deadline" in response.json()["error"]["fields"]
    assert not case.recommendations.exists()


def test_a_visit_held_in_the_year_1_is_refused_and_leaves_no_follow_up(world, api_as):
    response = api_as("lanhdao").post(
        f"{API}/visits/",
        {
            "unit": "HU-399",
            "held_on": "0001-01-01",
            "kind": "visit",
            "notes": "Làm việc với Huyện ủy",
            "follow_ups": [{"text": "Bổ sung kế hoạch", "deadline": "0001-01-02"}],
        },
        format="json",
    )
    assert response.status_code == 400
    assert "held_on" in response.json()["error"]["fields"]
    assert not Visit.objects.exists() and not FollowUp.objects.exists()
