import datetime

import pytest
from django.urls import reverse

from trienkhai.documents.models import Document
from trienkhai.orgs.models import OrgUnit
from trienkhai.study.coverage import compute
from trienkhai.study.models import LearningReport, StudySession

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

DAY = datetime.date(2021, 11, 20)


@pytest.fixture
def docs():
    return [Document.objects.get(symbol="623-QĐ/TU"), Document.objects.get(symbol="624-QĐ/TU")]


@pytest.fixture
def district():
    """A district with three communes of 100, 200 and 50 Party members, and a commune
    with no registered count; the district has a count of its own (ignored)."""
    province = OrgUnit.objects.get(code="TU-38")
    district = OrgUnit.objects.add_child(
        province,
        instance=OrgUnit(
            code="HU-T",
            name="Huyện ủy Thử",
            level="district",
            kind="party_committee",
            party_members=9999,
        ),
    )
    for code, members in [("X-1", 100), ("X-2", 200), ("X-3", 50), ("X-4", None)]:
        district.refresh_from_db()
        OrgUnit.objects.add_child(
            district,
            instance=OrgUnit(
                code=code,
                name=f"Đảng ủy xã {code}",
                level="commune",
                kind="party_committee",
                party_members=members,
            ),
        )
    district.refresh_from_db()
    return district


def session(unit_code, documents, expected, present, *, day=DAY, kind="regular"):
    record = StudySession.objects.create(
        unit=OrgUnit.objects.get(code=unit_code),
        held_on=day,
        kind=kind,
        members_expected=expected,
        members_present=present,
    )
    record.documents.set(documents)
    return record


def test_coverage_counts_members_at_the_lowest_unit_and_adds_make_up_sessions(district, docs):
    session("HU-T", docs, 150, 150)  # the district's own session for key cadres
    session("X-1", docs, 100, 80)
    session("X-1", docs[:1], 20, 15, day=DAY + datetime.timedelta(days=10), kind="make_up")
    session("X-2", docs, 200, 190)

    matrix = compute(district, docs)

    first, second = matrix.total
    assert (first.reached, first.expected) == (80 + 15 + 190, 350)  # X-3 not yet studied
    assert (second.reached, second.expected) == (80 + 190, 350)
    assert first.percent == round(100 * 285 / 350, 1)
    assert (first.studied, first.units) == (2, 4)  # no count registered, not studied
    codes = {OrgUnit.objects.get(pk=pk).code for pk in matrix.not_studied[docs[0].pk]}
    assert codes == {"X-3", "X-4"}


def test_a_unit_reporting_more_present_than_its_members_is_flagged_and_capped(district, docs):
    session("X-3", docs[:1], 80, 78)  # the registry says 50 members

    matrix = compute(district, docs[:1])

    assert [(OrgUnit.objects.get(pk=pk).code, s.present) for pk, _d, s in matrix.implausible] == [
        ("X-3", 78)
    ]
    assert matrix.total[0].reached == 50  # never more than the members it has
    row = dict((unit.code, cells) for unit, cells in matrix.rows)
    assert row["X-3"][0].implausible == 1 and row["X-3"][0].percent == 100.0


def test_make_up_sessions_that_exceed_the_members_are_flagged(district, docs):
    session("X-1", docs[:1], 100, 90)
    session("X-1", docs[:1], 10, 10, day=DAY + datetime.timedelta(days=3), kind="make_up")
    session("X-1", docs[:1], 10, 10, day=DAY + datetime.timedelta(days=9), kind="make_up")

    matrix = compute(district, docs[:1])

    assert len(matrix.implausible) == 1 and matrix.total[0].reached == 100


def test_rows_are_the_roots_children_and_drill_down_reaches_the_communes(docs):
    province = OrgUnit.objects.get(code="TU-38")
    matrix = compute(province, docs)
    codes = [unit.code for unit, _cells in matrix.rows]
    assert "HU-399" in codes and "DU-15997" not in codes
    hoang_hoa = OrgUnit.objects.get(code="HU-399")
    by_commune = compute(hoang_hoa, docs)
    total = sum(cells[0].expected for _u, cells in by_commune.rows)
    district_cell = dict((u.code, c) for u, c in matrix.rows)["HU-399"][0]
    assert total == district_cell.expected > 0


def test_the_demo_has_a_spread_of_coverage_with_gaps_and_implausible_reports(docs):
    matrix = compute(OrgUnit.objects.get(code="TU-38"), docs)
    percents = [cells[0].percent for _unit, cells in matrix.rows if cells[0].percent is not None]
    assert min(percents) < 80 < max(percents) <= 100
    assert matrix.not_studied[docs[0].pk] and matrix.implausible


def test_the_coverage_matrix_costs_the_same_queries_for_a_district_or_the_province(
    docs, django_assert_max_num_queries
):
    for code in ("HU-399", "TU-38"):
        root = OrgUnit.objects.get(code=code)
        with django_assert_max_num_queries(3):
            compute(root, docs)


# --- Pages ---------------------------------------------------------------------------


def form_data(docs, **over):
    data = {
        "unit": OrgUnit.objects.get(code="DU-15997").pk,
        "documents": [d.pk for d in docs],
        "held_on": "20/11/2021",
        "kind": "regular",
        "form": "in_person",
        "members_expected": "120",
        "members_present": "110",
        "others_present": "5",
        "reports_submitted": "90",
    }
    return data | over


def test_a_commune_reporter_records_a_session_and_sees_it_in_the_list(client_as, docs):
    client = client_as("commune_reporter")
    response = client.post(reverse("study:create"), form_data(docs))
    assert response.status_code == 302
    recorded = StudySession.objects.get(unit__code="DU-15997", held_on=DAY)
    assert set(recorded.documents.all()) == set(docs)
    assert recorded.recorded_by.username == "hoangdong"
    page = client.get(reverse("study:list"), {"doc": docs[0].uid}).content.decode()
    assert "110/120" in page


def test_members_expected_left_blank_takes_the_units_registered_count(client_as, docs):
    unit = OrgUnit.objects.get(code="DU-15997")
    response = client_as("commune_reporter").post(
        reverse("study:create"), form_data(docs, members_expected="", members_present="10")
    )
    assert response.status_code == 302
    assert StudySession.objects.get(unit=unit, held_on=DAY).members_expected == unit.party_members


@pytest.mark.parametrize(
    ("over", "message"),
    [
        ({"members_present": "130"}, "lớn hơn số phải tham gia"),
        ({"members_present": "-1"}, "lớn hơn hoặc bằng với 0"),
        ({"held_on": "31/02/2021"}, "ngày hợp lệ"),
        ({"documents": []}, "Trường này là bắt buộc"),
    ],
)
def test_a_session_with_bad_figures_is_refused_and_nothing_is_saved(client_as, docs, over, message):
    before = StudySession.objects.count()
    response = client_as("commune_reporter").post(reverse("study:create"), form_data(docs, **over))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert StudySession.objects.count() == before


def test_the_same_session_sent_twice_is_stored_once(client_as, docs):
    client = client_as("commune_reporter")
    client.post(reverse("study:create"), form_data(docs))
    again = client.post(reverse("study:create"), form_data(docs))
    assert again.status_code == 400
    assert "đã được ghi nhận" in again.content.decode()
    assert StudySession.objects.filter(unit__code="DU-15997", held_on=DAY).count() == 1


def test_a_reporter_cannot_record_for_a_unit_outside_its_subtree(client_as, docs):
    data = form_data(docs, unit=OrgUnit.objects.get(code="DU-15997").pk)
    response = client_as("outsider").post(reverse("study:create"), data)
    assert response.status_code == 400
    assert not StudySession.objects.filter(unit__code="DU-15997", held_on=DAY).exists()


def test_a_leader_reads_but_may_not_record_sessions(client_as, docs):
    client = client_as("leader")
    assert client.get(reverse("study:list")).status_code == 200
    assert client.post(reverse("study:create"), form_data(docs)).status_code == 403


def test_the_coverage_page_shows_percentages_drill_down_and_units_not_yet_studied(client_as, docs):
    client = client_as("province_office")
    query = {"doc": [str(d.uid) for d in docs]}
    page = client.get(reverse("study:coverage"), query | {"missing": str(docs[0].uid)})
    page = page.content.decode()
    assert "Huyện ủy Hoằng Hóa" in page and "%" in page
    assert "?root=HU-399" in page
    assert "đơn vị chưa học tập 623-QĐ/TU" in page
    district = client.get(reverse("study:coverage"), query | {"root": "HU-399"}).content.decode()
    assert "Đảng ủy xã Hoằng Đông" in district


def test_the_coverage_of_another_district_is_not_found_for_an_outsider(client_as):
    response = client_as("outsider").get(reverse("study:coverage"), {"root": "HU-399"})
    assert response.status_code == 404


def test_the_session_list_costs_the_same_queries_for_one_page_or_many_rows(
    client_as, django_assert_max_num_queries
):
    client = client_as("province_office")
    client.get(reverse("study:list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("study:list"))
    assert response.status_code == 200 and StudySession.objects.count() > 50


# --- Learning reports -----------------------------------------------------------------

LESSONS = "Nắm vững mục tiêu, nhiệm vụ, giải pháp của chương trình phát triển du lịch tỉnh."


def test_a_member_submits_one_learning_report_per_document(client_as, docs):
    client = client_as("commune_reporter")
    data = {"document": docs[0].pk, "lessons": LESSONS, "commitments": "Tuyên truyền."}
    assert client.post(reverse("study:report-create"), data).status_code == 302
    again = client.post(reverse("study:report-create"), data)
    assert again.status_code == 400
    assert "Bạn đã nộp bài thu hoạch về văn bản này." in again.content.decode()
    assert (
        LearningReport.objects.filter(document=docs[0], author__username="hoangdong").count() == 1
    )


def test_a_learning_report_is_seen_by_the_district_and_not_by_another_district(client_as, docs):
    client = client_as("commune_reporter")
    client.post(reverse("study:report-create"), {"document": docs[0].pk, "lessons": LESSONS})
    report = LearningReport.objects.get(author__username="hoangdong")
    assert client_as("district_reporter").get(report.get_absolute_url()).status_code == 200
    assert client_as("outsider").get(report.get_absolute_url()).status_code == 404


def test_a_learning_report_that_is_too_short_is_refused(client_as, docs):
    response = client_as("commune_reporter").post(
        reverse("study:report-create"), {"document": docs[0].pk, "lessons": "Đã đọc."}
    )
    assert response.status_code == 400
    assert not LearningReport.objects.filter(author__username="hoangdong").exists()


# --- API -----------------------------------------------------------------------------


def api_body(docs, **over):
    body = {
        "unit": "DU-15997",
        "documents": [str(d.uid) for d in docs],
        "held_on": "2021-11-20",
        "members_expected": 120,
        "members_present": 100,
    }
    return body | over


def test_the_api_records_a_session_once_however_often_it_is_sent(api_as, docs):
    client = api_as("commune_reporter")
    first = client.post("/api/v1/study-sessions/", api_body(docs), format="json")
    second = client.post("/api/v1/study-sessions/", api_body(docs), format="json")
    assert (first.status_code, second.status_code) == (201, 200)
    assert first.json()["uid"] == second.json()["uid"]
    assert StudySession.objects.filter(unit__code="DU-15997", held_on=DAY).count() == 1


@pytest.mark.parametrize(
    ("over", "status", "field"),
    [
        ({"members_present": 130}, 400, "members_present"),
        ({"unit": "DU-16000"}, 403, None),  # a commune of another district
        ({"documents": ["00000000-0000-0000-0000-000000000000"]}, 400, "documents"),
        ({"held_on": "20/11/2021"}, 400, "held_on"),
    ],
)
def test_the_api_refuses_bad_sessions_with_a_structured_error(api_as, docs, over, status, field):
    before = StudySession.objects.count()
    response = api_as("commune_reporter").post(
        "/api/v1/study-sessions/", api_body(docs, **over), format="json"
    )
    assert response.status_code == status
    if field:
        assert field in str(response.json())
    assert StudySession.objects.count() == before


def test_the_api_lists_only_sessions_in_the_callers_scope(api_as):
    rows = api_as("outsider").get("/api/v1/study-sessions/?page_size=500").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    nga_son = OrgUnit.objects.get(code="HU-401")
    assert rows and all(
        OrgUnit.objects.get(code=r["unit"]).path.startswith(nga_son.path) for r in rows
    )


def test_the_api_gives_the_coverage_matrix(api_as, docs):
    response = api_as("district_reporter").get(
        "/api/v1/study-coverage/", {"document": [str(d.uid) for d in docs]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["root"] == "HU-399" and body["rows"]
    assert body["total"][0]["expected"] >= body["total"][0]["reached"] > 0
