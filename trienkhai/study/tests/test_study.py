import datetime

import pytest
from django.urls import reverse

from trienkhai.orgs.models import Kind, Level, OrgUnit
from trienkhai.study.coverage import compute
from trienkhai.study.models import LearningReport, StudySession
from trienkhai.testing import factories as make
from trienkhai.testing import study
from trienkhai.testing.study import DAY, LESSONS

pytestmark = pytest.mark.django_db


@pytest.fixture
def docs(world):
    """The two decisions of the Tỉnh ủy the units study."""
    return [
        make.document(world.province, "623-QĐ/TU", "Quyết định ban hành Chương trình du lịch"),
        make.document(world.province, "624-QĐ/TU", "Quyết định ban hành Chương trình nông thôn"),
    ]


@pytest.fixture
def counts(world):
    """Party members in the registry: Hoằng Đông 120, Hoằng Hải 80, Nga Thanh 100 and
    the province's police Party committee 50."""
    study.members(world.hoangdong, 120)
    study.members(world.hoanghai, 80)
    study.members(world.ngathanh, 100)
    study.members(world.police, 50)
    return world


@pytest.fixture
def district(world):
    """A district with three communes of 100, 200 and 50 Party members, and a commune
    with no registered count; the district has a count of its own (ignored)."""
    district = make.unit(
        world.province, "HU-T", "Huyện ủy Thử", level=Level.DISTRICT, party_members=9999
    )
    for code, members in [("X-1", 100), ("X-2", 200), ("X-3", 50), ("X-4", None)]:
        make.unit(
            district,
            code,
            f"Đảng ủy xã {code}",
            level=Level.COMMUNE,
            kind=Kind.PARTY_COMMITTEE,
            party_members=members,
        )
    return make.reload(district)


def session(unit_code, documents, expected, present, *, day=DAY, kind="regular"):
    unit = OrgUnit.objects.get(code=unit_code)
    return study.session(unit, documents, expected, present, held_on=day, kind=kind)


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


def test_rows_are_the_roots_children_and_drill_down_reaches_the_communes(counts, docs):
    session("DU-15997", docs, 120, 110)
    province = OrgUnit.objects.get(code="TU-38")
    matrix = compute(province, docs)
    codes = sorted(unit.code for unit, _cells in matrix.rows)
    assert codes == ["DUCA-38", "HU-399", "HU-401"]  # the Party bodies that count members
    hoang_hoa = OrgUnit.objects.get(code="HU-399")
    by_commune = compute(hoang_hoa, docs)
    assert sorted(u.code for u, _c in by_commune.rows) == ["DU-15997", "DU-16000"]
    total = sum(cells[0].expected for _u, cells in by_commune.rows)
    district_cell = dict((u.code, c) for u, c in matrix.rows)["HU-399"][0]
    assert total == district_cell.expected == 120 + 80
    assert district_cell.reached == 110


def test_the_province_shows_a_spread_of_coverage_with_gaps_and_implausible_reports(counts, docs):
    session("DU-15997", docs, 120, 118)  # Hoằng Hải (80) has not studied yet
    session("DU-16100", docs, 100, 60)
    session("DUCA-38", docs, 70, 68)  # the registry says 50 members

    matrix = compute(OrgUnit.objects.get(code="TU-38"), docs)

    percents = {unit.code: cells[0].percent for unit, cells in matrix.rows}
    assert percents == {"DUCA-38": 100.0, "HU-399": 59.0, "HU-401": 60.0}
    assert min(percents.values()) < 80 < max(percents.values()) <= 100
    assert matrix.not_studied[docs[0].pk] == [counts.hoanghai.pk]
    assert [(pk, doc) for pk, doc, _s in matrix.implausible] == [
        (counts.police.pk, docs[0].pk),
        (counts.police.pk, docs[1].pk),
    ]


def test_the_coverage_matrix_costs_the_same_queries_for_a_district_or_the_province(
    counts, docs, django_assert_max_num_queries
):
    session("DU-15997", docs, 120, 110)
    session("DU-16000", docs[:1], 80, 70)
    session("DU-16100", docs, 100, 90)
    session("HU-399", docs, 150, 150)
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


def test_members_expected_left_blank_takes_the_units_registered_count(client_as, counts, docs):
    response = client_as("commune_reporter").post(
        reverse("study:create"), form_data(docs, members_expected="", members_present="10")
    )
    assert response.status_code == 302
    assert StudySession.objects.get(unit=counts.hoangdong, held_on=DAY).members_expected == 120


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
    assert client.post(reverse("study:create"), form_data(docs)).status_code == 302
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


def test_the_coverage_page_shows_percentages_drill_down_and_units_not_yet_studied(
    client_as, counts, docs
):
    session("DU-15997", docs, 120, 110)  # Hoằng Hải (80 members) has not studied
    client = client_as("province_office")
    query = {"doc": [str(d.uid) for d in docs]}
    page = client.get(reverse("study:coverage"), query | {"missing": str(docs[0].uid)})
    page = page.content.decode()
    assert "Huyện ủy Hoằng Hóa" in page and "55,0%" in page  # 110 of 120 + 80
    assert "?root=HU-399" in page
    assert "3 đơn vị chưa học tập 623-QĐ/TU" in page  # Hoằng Hải, Nga Thanh, Công an tỉnh
    assert "Đảng ủy xã Hoằng Hải" in page
    district = client.get(reverse("study:coverage"), query | {"root": "HU-399"}).content.decode()
    assert "Đảng ủy xã Hoằng Đông" in district and "91,7%" in district  # 110/120


def test_the_coverage_of_another_district_is_not_found_for_an_outsider(client_as):
    response = client_as("outsider").get(reverse("study:coverage"), {"root": "HU-399"})
    assert response.status_code == 404


def test_the_session_list_costs_the_same_queries_for_one_page_or_many_rows(
    client_as, world, docs, django_assert_max_num_queries
):
    communes = [world.hoangdong, world.hoanghai, world.ngathanh]
    for day in range(20):  # 60 sessions: more than the list's page of 50
        for commune in communes:
            held_on = DAY + datetime.timedelta(days=day)
            study.session(commune, docs, 100, 90, held_on=held_on)
    client = client_as("province_office")
    client.get(reverse("study:list"))
    with django_assert_max_num_queries(12):
        response = client.get(reverse("study:list"))
    assert response.status_code == 200
    page = response.context["page"]
    assert (page.paginator.count, len(page.object_list)) == (60, 50)


# --- Learning reports -----------------------------------------------------------------


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
    sent = client.post(reverse("study:report-create"), {"document": docs[0].pk, "lessons": LESSONS})
    assert sent.status_code == 302
    report = LearningReport.objects.get(author__username="hoangdong")
    assert (report.unit.code, report.author_name) == ("DU-15997", "Phạm Thị Đông")
    seen = client_as("district_reporter").get(report.get_absolute_url())
    assert seen.status_code == 200 and LESSONS in seen.content.decode()
    assert client_as("outsider").get(report.get_absolute_url()).status_code == 404


def test_a_learning_report_that_is_too_short_is_refused(client_as, docs):
    response = client_as("commune_reporter").post(
        reverse("study:report-create"), {"document": docs[0].pk, "lessons": "Đã đọc."}
    )
    assert response.status_code == 400
    assert "Bài thu hoạch quá ngắn" in response.content.decode()
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
        ({"unit": "DU-16100"}, 403, None),  # a commune of another district
        ({"unit": "DU-16000"}, 403, None),  # the neighbouring commune
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


def test_the_api_lists_only_sessions_in_the_callers_scope(api_as, world, docs):
    nga_son = [
        study.session(world.ngason, docs, 40, 40),
        study.session(world.ngathanh, docs, 100, 90),
    ]
    study.session(world.hoangdong, docs, 120, 110)
    study.session(world.hoanghoa, docs, 150, 150)
    rows = api_as("outsider").get("/api/v1/study-sessions/?page_size=500").json()
    rows = rows["results"] if isinstance(rows, dict) else rows
    assert sorted((r["unit"], r["uid"]) for r in rows) == sorted(
        (s.unit.code, str(s.uid)) for s in nga_son
    )


def test_the_api_gives_the_coverage_matrix(api_as, counts, docs):
    session("DU-15997", docs, 120, 110)
    session("DU-16000", docs[:1], 80, 60)
    response = api_as("district_reporter").get(
        "/api/v1/study-coverage/", {"document": [str(d.uid) for d in docs]}
    )
    assert response.status_code == 200
    body = response.json()
    assert body["root"] == "HU-399"
    rows = {r["unit"]: [(c["reached"], c["expected"]) for c in r["cells"]] for r in body["rows"]}
    assert rows == {"DU-15997": [(110, 120), (110, 120)], "DU-16000": [(60, 80), (0, 80)]}
    first, second = body["total"]
    assert (first["reached"], first["expected"], first["percent"]) == (170, 200, 85.0)
    assert (second["reached"], second["expected"], second["studied"]) == (110, 200, 1)


def test_a_session_sent_again_with_other_figures_is_refused_naming_what_differs(api_as, docs):
    client = api_as("commune_reporter")
    first = client.post("/api/v1/study-sessions/", api_body(docs), format="json")
    again = client.post(
        "/api/v1/study-sessions/", api_body(docs, members_present=90), format="json"
    )
    assert (first.status_code, again.status_code) == (201, 409)
    error = again.json()["error"]
    assert error["code"] == "conflict" and "số đảng viên tham gia" in error["message"].lower()
    session = StudySession.objects.get(unit__code="DU-15997", held_on=DAY)
    assert session.members_present == 100
