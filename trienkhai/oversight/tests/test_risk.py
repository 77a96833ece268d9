"""The risk list ("where to inspect next"): ranking, reasons, weights, scope, the page
per persona and the query budget, on hand-made cases in the small world."""

import datetime
import itertools

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.oversight import risk
from trienkhai.oversight import services as oversight_services
from trienkhai.oversight.models import Verdict
from trienkhai.reporting import services as reporting_services
from trienkhai.testing import factories as make
from trienkhai.testing import oversight as make_oversight
from trienkhai.testing import programmes as make_programmes
from trienkhai.testing import reporting as make_reports
from trienkhai.testing import study as make_study

pytestmark = [pytest.mark.django_db]

D = datetime.date
DAY = D(2021, 12, 24)  # the demo's day: 2021Q4 reports due (communes 17/12, districts 19/12)
COPIED = (
    "Cấp ủy đã lãnh đạo, chỉ đạo triển khai thực hiện nghiêm túc, hiệu quả các nhiệm vụ "
    "theo kế hoạch đề ra, bám sát chỉ đạo của cấp trên, đạt được những kết quả quan trọng."
)
OWN = {
    "2021Q2": "Tuyên truyền trên hệ thống truyền thanh xã 24 lượt về du lịch cộng đồng.",
    "2021Q3": "Vận động 12 hộ làm homestay; mở lớp tập huấn nghiệp vụ cho 30 người dân.",
    "2021Q4": "Ra mắt tuyến tham quan làng nghề chiếu cói; đón 1.150 lượt khách trong quý.",
}


# Each unit's own words, so that only the texts a test copies are copies.
WORDS = {
    "HU-399": "Hoàn thành 8 công trình giao thông ven biển; 45 hộ làm du lịch cộng đồng.",
    "HU-401": "Khôi phục nghề dệt chiếu cói truyền thống, mở hai điểm trưng bày sản phẩm.",
    "DU-15997": "Tập huấn nghiệp vụ đón khách cho 30 hộ dân, lắp biển chỉ dẫn ở bến đò.",
    "DU-16000": "Dọn vệ sinh bãi biển hằng tuần và xây nhà vệ sinh công cộng tại chợ hải sản.",
    "DU-16100": "Tổ chức lễ hội làng nghề đầu xuân, đón hơn hai nghìn lượt khách thập phương.",
}


@pytest.fixture(autouse=True)
def today(settings):
    settings.TK_TODAY = DAY


def accepted(unit, period, **written):
    written.setdefault("results", WORDS.get(unit.code, f"{unit.name}: kết quả riêng của kỳ."))
    return make_reports.accepted(unit, period, **written)


def codes(rows):
    return [r.unit.code for r in rows]


def by_code(rows):
    return {r.unit.code: r for r in rows}


DUE = D(2021, 9, 30)


def province_programme(world, due=DUE, districts=None):
    """A province programme that the districts must concretise by `due`."""
    programme = make.programme(world.province, "Chương trình chuyển đổi số tỉnh Thanh Hóa")
    for district in districts or (world.hoanghoa, world.ngason):
        make_programmes.concretisation(programme, district, due=due)
    return programme


def sent_late(unit, period, on):
    return make_reports.sent(unit, period, on=on, results=WORDS[unit.code])


def returned_twice(unit, period):
    report = make_reports.returned(unit, period)
    report = make_reports.draft(unit, period, results="Bổ sung số liệu lần thứ hai.")
    report = reporting_services.submit(report, None, now=make_reports.at(D(2021, 12, 16)))
    return reporting_services.return_report(
        report, None, "Vẫn thiếu số liệu.", now=make_reports.at(D(2021, 12, 17))
    )


_numbers = itertools.count(301)


def recommendations(world, subject, *, overdue_for=None):
    """A concluded case of the Inspection Commission at `subject` with two
    recommendations due 31/03/2022, and one due 20/12/2021 for `overdue_for`."""
    inspector = world.user("kiemtra")
    case = make_oversight.case(world.ubkt, subject, user=inspector)
    make_oversight.finding(case, user=inspector)
    for _i in range(2):
        make_oversight.recommendation(case, user=inspector)
    if overdue_for is not None:
        make_oversight.recommendation(
            case, user=inspector, unit=overdue_for, deadline=D(2021, 12, 20)
        )
    return oversight_services.issue_conclusion(
        inspector, case, symbol=f"{next(_numbers)}-TB/UBKTTU", issue_date=D(2021, 12, 5)
    )


# --- ranking and reasons -------------------------------------------------------------


def test_a_district_that_never_issued_its_plan_ranks_above_one_that_issued_it_late(world):
    programme = province_programme(world)
    make_programmes.plan(programme, world.ngason, issue_date=D(2021, 10, 15))

    rows = risk.risk_list(world.province, on=DAY)

    assert codes(rows) == ["HU-399", "HU-401", "DUCA-38"]  # not its own bodies
    hoanghoa, ngason = rows[0], rows[1]
    assert (hoanghoa.count("plan_missing"), hoanghoa.count("plan_late")) == (1, 0)
    assert (ngason.count("plan_missing"), ngason.count("plan_late")) == (0, 1)
    assert hoanghoa.score == 3 and ngason.score == 1  # the default weights: 3 and 1
    reason = hoanghoa.signal("plan_missing")
    assert reason.reason == "1 kế hoạch thực hiện quá hạn chưa ban hành (hạn sớm nhất 30/09/2021)"
    # The district's own plan is a row of the province's matrix.
    assert reason.url == f"{reverse('programmes:matrix')}?unit=TU-38&on=24%2F12%2F2021"
    assert ngason.signal("plan_late").reason == (
        "1 kế hoạch thực hiện ban hành muộn so với thời hạn"
    )


def test_a_plan_issued_after_the_day_asked_was_not_yet_issued_on_that_day(world):
    programme = province_programme(world)
    make_programmes.plan(programme, world.ngason, issue_date=D(2021, 10, 15))

    rows = by_code(risk.risk_list(world.province, on=D(2021, 10, 10)))

    assert rows["HU-401"].count("plan_missing") == 1
    assert rows["HU-401"].count("plan_late") == 0


def test_a_communes_plan_counts_for_its_district_and_links_to_the_districts_matrix(world):
    upper = make_reports.tourism().plans["HU-399"]
    make_programmes.concretisation(upper, world.hoanghai, due=D(2021, 9, 30))

    row = by_code(risk.risk_list(world.province, on=DAY))["HU-399"]

    assert row.count("plan_missing") == 1
    assert row.signal("plan_missing").url.endswith("?unit=HU-399&on=24%2F12%2F2021")


def test_missing_and_late_reports_count_for_the_district_and_its_communes(world):
    make_reports.tourism()
    q4 = make_reports.period("2021Q4")
    sent_late(world.hoanghoa, q4, on=D(2021, 12, 21))  # due 19/12
    accepted(world.hoangdong, q4)  # on time; Hoằng Hải sends nothing
    for unit in (world.ngason, world.ngathanh):
        accepted(unit, q4)

    rows = by_code(risk.risk_list(world.province, on=DAY))

    hoanghoa = rows["HU-399"]
    assert (hoanghoa.count("report_missing"), hoanghoa.count("report_late")) == (1, 1)
    assert hoanghoa.signal("report_missing").reason == (
        "1 báo cáo định kỳ quá hạn chưa gửi trong 12 tháng qua (gần nhất: Quý IV năm 2021)"
    )
    assert hoanghoa.signal("report_late").url == (
        f"{reverse('reporting:completeness')}?root=HU-399&year=2021&kind=quarter"
    )
    assert rows["HU-401"].signals == []
    assert hoanghoa.score == 2 + 1


def test_a_report_sent_after_the_day_asked_was_missing_on_that_day(world):
    make_reports.tourism()
    q4 = make_reports.period("2021Q4")
    make_reports.sent(world.ngathanh, q4, on=D(2021, 12, 23))  # due 17/12: late

    on_the_22nd = by_code(risk.risk_list(world.province, on=D(2021, 12, 22)))["HU-401"]
    on_the_24th = by_code(risk.risk_list(world.province, on=DAY))["HU-401"]

    assert on_the_22nd.count("report_missing") == 2  # Nga Sơn and Nga Thanh
    assert (on_the_24th.count("report_missing"), on_the_24th.count("report_late")) == (1, 1)


def test_a_task_given_from_outside_the_branch_still_owes_its_report(
    world, django_assert_max_num_queries
):
    # The Standing Committee's programme (beside Hoằng Hóa, not above it) gives Hoằng
    # Đông a task: seen from Hoằng Hóa, its programme is read by its id.
    programme = make.programme(world.btv, "Chương trình của Ban Thường vụ Tỉnh ủy")
    make.task(programme, "Nhiệm vụ giao cho xã", lead_unit=world.hoangdong)
    make_reports.period("2021Q4")

    with django_assert_max_num_queries(risk.MAX_QUERIES):
        rows = by_code(risk.risk_list(world.hoanghoa, on=DAY))

    assert rows["DU-15997"].count("report_missing") == 1


def test_a_report_returned_twice_is_a_signal_and_once_is_not(world):
    make_reports.tourism()
    q4 = make_reports.period("2021Q4")
    returned_twice(world.hoangdong, q4)
    make_reports.returned(world.ngathanh, q4)

    rows = by_code(risk.risk_list(world.province, on=DAY))

    assert rows["HU-399"].count("report_returned") == 1
    assert rows["HU-401"].count("report_returned") == 0
    assert (
        rows["HU-399"]
        .signal("report_returned")
        .reason.startswith("1 báo cáo bị trả lại từ hai lần trở lên")
    )


def test_copied_narratives_and_a_task_stalled_three_quarters_count_in_the_latest_period(world):
    make_reports.tourism()
    for code, text in OWN.items():
        make_reports.accepted(world.hoangdong, make_reports.period(code), results=text, progress=30)
    q4 = make_reports.period("2021Q4")
    make_reports.accepted(world.hoanghai, q4, results=COPIED, progress=50)
    make_reports.accepted(world.ngathanh, q4, results=COPIED, progress=50)

    rows = by_code(risk.risk_list(world.province, on=DAY))

    hoanghoa, ngason = rows["HU-399"], rows["HU-401"]
    assert (hoanghoa.count("copied"), ngason.count("copied")) == (1, 1)
    assert (hoanghoa.count("stalled"), ngason.count("stalled")) == (1, 0)
    assert hoanghoa.signal("stalled").reason == (
        "1 nhiệm vụ báo cáo cùng một mức hoàn thành ba kỳ liền, đến Quý IV năm 2021"
    )
    assert hoanghoa.signal("copied").url == f"{reverse('reporting:flags')}?period=2021Q4"


def test_low_study_coverage_and_implausible_attendance_are_signals(world):
    tourism = make_reports.tourism()
    document = tourism.programme.document
    for unit, members in ((world.hoangdong, 100), (world.hoanghai, 100), (world.ngathanh, 50)):
        make_study.members(unit, members)
    make_study.session(world.hoangdong, [document], present=90)
    make_study.session(world.hoanghai, [document], present=40)  # 130/200 in Hoằng Hóa
    make_study.session(world.ngathanh, [document], expected=60, present=55)  # registry: 50

    rows = by_code(risk.risk_list(world.province, on=DAY))

    hoanghoa, ngason = rows["HU-399"], rows["HU-401"]
    assert (hoanghoa.count("study_low"), hoanghoa.count("study_implausible")) == (1, 0)
    assert (ngason.count("study_low"), ngason.count("study_implausible")) == (0, 1)
    assert hoanghoa.signal("study_low").reason == (
        "1 văn bản có dưới 80% đảng viên học tập, quán triệt (thấp nhất: 05-CTr/TU, 65,0%)"
    )
    assert f"doc={document.uid}" in hoanghoa.signal("study_low").url
    assert ngason.signal("study_implausible").url.endswith("#implausible")
    assert rows["DUCA-38"].count("study_low") == 1  # nobody there studied it


def test_a_document_of_one_district_does_not_count_against_the_others(world):
    own = make.document(world.hoanghoa, "07-KH/HU", "Kế hoạch của Huyện ủy Hoằng Hóa")
    make_study.members(world.hoangdong, 10)
    make_study.session(world.hoangdong, [own])

    rows = by_code(risk.risk_list(world.province, on=DAY))

    assert rows["HU-401"].count("study_low") == 0 and rows["DUCA-38"].count("study_low") == 0


def test_open_and_overdue_recommendations_count_for_the_unit_and_the_units_below_it(world):
    recommendations(world, world.hoanghoa, overdue_for=world.hoangdong)
    draft = make_oversight.case(world.ubkt, world.ngason, user=world.user("kiemtra"))
    make_oversight.recommendation(draft, user=world.user("kiemtra"))  # no conclusion yet

    rows = by_code(risk.risk_list(world.province, on=DAY))

    hoanghoa = rows["HU-399"]
    assert (hoanghoa.count("rec_open"), hoanghoa.count("rec_overdue")) == (3, 1)
    assert hoanghoa.signal("rec_overdue").reason == (
        "1 kiến nghị đã quá hạn mà chưa thực hiện xong"
    )
    assert hoanghoa.signal("rec_open").url == (
        f"{reverse('oversight:recommendations')}?unit=HU-399&state=open"
    )
    assert rows["HU-401"].signals == []  # a draft recommendation is no signal
    # Before the conclusion was issued there was nothing to follow up.
    assert by_code(risk.risk_list(world.province, on=D(2021, 12, 1)))["HU-399"].signals == []


def test_a_recommendation_verified_done_is_no_longer_open(world):
    case = recommendations(world, world.ngason)
    inspector, reporter = world.user("kiemtra"), world.user("ngason")
    for rec in case.recommendations.all():
        remedy = make_oversight.remedy(rec, user=reporter)
        oversight_services.verify_remedy(inspector, remedy, verdict=Verdict.DONE)

    assert by_code(risk.risk_list(world.province, on=DAY))["HU-401"].count("rec_open") == 0


def test_ties_share_a_rank_and_are_ordered_by_vietnamese_collation(world):
    rows = risk.risk_list(world.province, on=DAY)

    # "Đ" sorts after "D" and before "E" (a plain code-point sort puts it after "H").
    assert [r.unit.name for r in rows] == [
        "Đảng ủy Công an tỉnh",
        "Huyện ủy Hoằng Hóa",
        "Huyện ủy Nga Sơn",
    ]
    assert [r.rank for r in rows] == [1, 1, 1]


def test_the_weights_come_from_the_settings(world, settings):
    programme = province_programme(world)
    make_programmes.plan(programme, world.ngason, issue_date=D(2021, 10, 15))
    settings.TK_RISK_WEIGHTS = {"plan_missing": 1, "plan_late": 5}

    rows = risk.risk_list(world.province, on=DAY)

    assert codes(rows)[:2] == ["HU-401", "HU-399"]
    assert [(r.score, r.rank) for r in rows] == [(5, 1), (1, 2), (0, 3)]
    assert rows[0].signal("plan_late").weight == 5
    assert dict((k, w) for k, _l, _h, w in risk.weight_table())["report_late"] == 0  # left out
    # A caller may override one weight for a run.
    assert risk.risk_list(world.province, on=DAY, weights={"plan_late": 0})[0].unit.code == (
        "HU-399"
    )


def test_the_page_shows_the_weights_from_the_settings(world, settings, client):
    settings.TK_RISK_WEIGHTS = {**settings.TK_RISK_WEIGHTS, "rec_overdue": 7}
    client.force_login(world.user("kiemtra"))

    page = client.get(reverse("oversight:risk")).content.decode()

    assert 'id="w-rec_overdue"' in page
    row = page.split('id="w-rec_overdue"')[1].split("</tr>")[0]
    assert ">7</td>" in row


def test_the_copy_search_finds_what_the_formalism_page_finds_without_comparing_boilerplate():
    from trienkhai.lib.similarity import alike_pairs, near_duplicates, shingles

    stock = "Cấp ủy đã lãnh đạo, chỉ đạo triển khai thực hiện nghiêm túc các nhiệm vụ. "
    texts = {f"u{i}": stock + WORDS[code] for i, code in enumerate(sorted(WORDS))}
    texts["copy"] = texts["u1"]
    texts["edited"] = texts["u2"].replace("Tổ chức", "Đã tổ chức")

    found = {tuple(sorted(p)) for p in alike_pairs({k: shingles(t) for k, t in texts.items()})}

    assert found == {tuple(sorted((a, b))) for a, b, _s in near_duplicates(texts.items())}
    assert ("copy", "u1") in found and ("edited", "u2") in found and len(found) == 2


# --- scope and the page --------------------------------------------------------------


def test_a_unit_outside_the_users_scope_is_never_listed(world, client):
    tourism = make_reports.tourism()
    make_programmes.concretisation(tourism.plans["HU-401"], world.ngathanh, due=D(2021, 9, 30))
    client.force_login(world.user("hoanghoa"))

    page = client.get(reverse("oversight:risk"))

    assert page.status_code == 200
    assert [r.unit.code for r in page.context["rows"]] == ["DU-15997", "DU-16000"]
    assert "Nga Thanh" not in page.content.decode()
    for body in ("HU-401", "DU-16100", "TU-38", "UBKTTU-38"):
        assert client.get(reverse("oversight:risk"), {"body": body}).status_code == 404


@pytest.mark.parametrize(
    "username, body, status, listed",
    [
        ("kiemtra", None, 200, ["DUCA-38", "HU-399", "HU-401"]),
        ("kiemtra", "UBKTTU-38", 200, ["DUCA-38", "HU-399", "HU-401"]),
        ("kiemtra", "HU-399", 200, ["DU-15997", "DU-16000"]),
        ("vanphong", None, 200, ["DUCA-38", "HU-399", "HU-401"]),
        ("hoanghoa", None, 200, ["DU-15997", "DU-16000"]),
        ("hoanghoa", "TU-38", 404, None),
        ("vanphonghh", "HU-401", 404, None),
        ("hoangdong", None, 200, []),
        ("dangvien", None, 200, []),
        ("lanhdao", "HU-399", 200, ["DU-15997", "DU-16000"]),
        ("lanhdao", "TU-38", 404, None),
        ("ngason", None, 200, ["DU-16100"]),
        ("ngason", "HU-399", 404, None),
        ("admin", None, 200, ["DUCA-38", "HU-399", "HU-401"]),
    ],
)
def test_the_page_answers_each_persona(world, client, username, body, status, listed):
    client.force_login(world.user(username))

    page = client.get(reverse("oversight:risk"), {"body": body} if body else {})

    assert page.status_code == status
    if listed is not None:
        assert [r.unit.code for r in page.context["rows"]] == listed


def test_an_anonymous_visitor_is_sent_to_log_in(world, client):
    page = client.get(reverse("oversight:risk"))
    assert page.status_code == 302 and "login" in page["Location"]


def test_only_those_who_run_oversight_see_the_form_to_start_a_plan(world, client):
    province_programme(world)
    plan_url = reverse("oversight:plan-create")
    client.force_login(world.user("kiemtra"))

    page = client.get(reverse("oversight:risk"), {"body": "UBKTTU-38"}).content.decode()

    assert f'action="{plan_url}"' in page
    assert '<input type="hidden" name="body" value="UBKTTU-38">' in page
    assert 'name="subject" value="HU-399"' in page
    assert "Lập kế hoạch kiểm tra, giám sát các đơn vị đã chọn" in page
    assert f'href="{reverse("orgs:unit", args=["HU-399"])}"' in page

    client.force_login(world.user("hoanghoa"))
    page = client.get(reverse("oversight:risk")).content.decode()
    assert plan_url not in page and 'name="subject"' not in page


def test_a_day_that_is_not_a_date_is_said_and_today_is_used(world, client):
    client.force_login(world.user("kiemtra"))

    page = client.get(reverse("oversight:risk"), {"on": "31/02/2021"})

    assert page.status_code == 200 and page.context["on"] == DAY
    assert page.context["errors"]


def test_the_page_reads_the_day_asked(world, client):
    programme = province_programme(world)
    make_programmes.plan(programme, world.ngason, issue_date=D(2021, 10, 15))
    client.force_login(world.user("kiemtra"))

    page = client.get(reverse("oversight:risk"), {"on": "10/10/2021"})

    rows = by_code(page.context["rows"])
    assert rows["HU-401"].count("plan_missing") == 1
    assert "1 kế hoạch thực hiện quá hạn chưa ban hành" in page.content.decode()


# --- the query budget ----------------------------------------------------------------


def every_signal(world, tourism, districts):
    """Data for every signal under each of `districts` (and its first commune)."""
    q2, q3, q4 = (make_reports.period(c) for c in ("2021Q2", "2021Q3", "2021Q4"))
    document = tourism.programme.document
    province_programme(world, districts=districts)  # never concretised
    for district in districts:
        commune = make.OrgUnit.objects.get_children(district).first()
        make_programmes.concretisation(tourism.programme, district, due=D(2021, 5, 1))  # late
        for period in (q2, q3):
            accepted(commune, period, progress=30, results=OWN[period.code])
        make_reports.sent(commune, q4, on=D(2021, 12, 20), progress=30, results=COPIED)
        returned_twice(district, q4)
        make_study.members(commune, 20)
        make_study.session(commune, [document], expected=25, present=5)
        recommendations(world, district, overdue_for=commune)


def more_districts(world, tourism, n):
    made = []
    for i in range(n):
        district = make.unit(
            world.province, f"HU-9{i:02d}", f"Huyện ủy Thử {i}", level=make.Level.DISTRICT
        )
        for j in range(2):
            make.unit(district, f"DU-9{i:02d}{j}", f"Đảng ủy xã Thử {i}-{j}")
        plan = make_programmes.plan(
            tourism.programme,
            district,
            issue_date=D(2021, 6, 8),
            tasks=[{"title": "Phát triển du lịch cộng đồng", "deadline": D(2025, 12, 31)}],
        )
        from trienkhai.programmes.cascade import delegate

        delegate(plan.tasks.get(), make.OrgUnit.objects.get_children(district), D(2025, 12, 31))
        made.append(district)
    return made


def measured(root):
    with CaptureQueriesContext(connection) as captured:
        rows = risk.risk_list(root, on=DAY)
    return rows, [q["sql"] for q in captured.captured_queries]


def test_the_query_count_is_fixed_whatever_the_number_of_units(
    world, django_assert_max_num_queries
):
    # 19 queries: the ranked units; obligations and plans; the periods; who owes reports
    # (who leads which programme's tasks, which programmes run and have targets);
    # exemptions; deadline rules; extensions; reports; returns; narratives; stalled
    # tasks; the documents studied; coverage (sessions, counted units, rows);
    # recommendations open and overdue. (One more when a task is led outside its
    # programme's branch, below.)
    tourism = make_reports.tourism()
    every_signal(world, tourism, [world.hoanghoa, world.ngason])
    rows, few = measured(world.province)
    assert {s.key for r in rows for s in r.signals} == set(risk.SIGNALS)

    every_signal(world, tourism, more_districts(world, tourism, 4))
    with django_assert_max_num_queries(risk.MAX_QUERIES):
        rows, many = measured(world.province)

    assert len(rows) == 7 and len(many) == len(few) == 19
    # Reading never writes.
    assert all(sql.lstrip().upper().startswith("SELECT") for sql in many)


# --- the same rules as the pages the signals link to ------------------------------------


def test_the_counts_agree_with_the_matrix_the_completeness_and_the_formalism_pages(world):
    """The risk list reads in bulk what those pages compute one unit or period at a
    time: the same cells, counted under each district."""
    from trienkhai.programmes.matrix import concretisation_matrix
    from trienkhai.programmes.models import PlanState
    from trienkhai.reporting import completeness, flags
    from trienkhai.reporting.models import Period, Submission

    tourism = make_reports.tourism()
    every_signal(world, tourism, [world.hoanghoa, world.ngason])
    make_programmes.concretisation(tourism.plans["HU-399"], world.hoanghai, due=DUE)
    district_of = {
        unit.code: district.code
        for district in (world.hoanghoa, world.ngason)
        for unit in make.OrgUnit.objects.under(district)
    }
    expected = {code: dict.fromkeys(risk.SIGNALS, 0) for code in ("HU-399", "HU-401")}

    def count(unit, key):
        if key and unit.code in district_of:
            expected[district_of[unit.code]][key] += 1

    plan_keys = {PlanState.OVERDUE: "plan_missing", PlanState.LATE: "plan_late"}
    for above in (world.province, world.hoanghoa, world.ngason):
        matrix = concretisation_matrix(world.user("admin"), above, today=DAY)
        for unit, cells, _rate in matrix.rows:
            for cell in filter(None, cells):
                count(unit, plan_keys.get(cell.state))
    report_keys = {completeness.MISSING: "report_missing", completeness.LATE: "report_late"}
    periods = list(Period.objects.filter(data_to__lt=DAY))
    for unit, states in completeness.compute(world.province, periods, today=DAY).units:
        for state in states:
            count(unit, report_keys.get(state))
    q4 = Period.objects.get(code="2021Q4")
    for pk, items in flags.for_period(q4, Submission.objects.filter(period=q4)).items():
        unit = Submission.objects.get(pk=pk).unit
        if any(f.kind != flags.SAME_PROGRESS for f in items):
            count(unit, "copied")
        for _stalled in [f for f in items if f.kind == flags.SAME_PROGRESS]:
            count(unit, "stalled")

    rows = by_code(risk.risk_list(world.province, on=DAY))
    for code, wanted in expected.items():
        for key in ("plan_missing", "plan_late", "report_missing", "report_late", "copied"):
            assert rows[code].count(key) == wanted[key], (code, key)
        assert rows[code].count("stalled") == wanted["stalled"], code
    assert rows["HU-399"].count("plan_missing") == 2  # the district's and Hoằng Hải's
