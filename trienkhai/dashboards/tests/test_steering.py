"""The steering committee's page (Ban Chỉ đạo): its members read the committee's
subtree, every programme overseen with its measures, the change since the previous
quarter, the matrix's colours, and a query count that does not grow."""

import datetime
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.accounts import access
from trienkhai.dashboards import steering
from trienkhai.orgs.scope import scope_for
from trienkhai.testing import factories as make
from trienkhai.testing import programmes as prog
from trienkhai.testing import reporting as rep
from trienkhai.testing import steering as st

from .conftest import ON_TIME

CODE = "BCD-TU-38"
# The page's queries: session and user, the scope (one), the steering committee, the
# period and the one before, the committee and its districts, the programmes, their
# families, obligations (2), reports (completeness: expected units and their states per
# period, the programmes owing, about 14 with two periods), tasks, targets (per period:
# the roll-up's levels, plans; one for their programmes), the members, the chooser.
# Measured: 50 on SQLite and PostgreSQL, with two programmes or five.
MAX_QUERIES = 50


@pytest.fixture
def board(world, settings):
    """On 24/12/2021: tourism carried down to the districts (their plans issued on
    8/6, due 15/9: on time) and education with no plan yet (due 30/11: overdue); in Q3
    only Hoằng Hóa reported, in Q4 Hoằng Hóa and Nga Sơn did, on time. The steering
    committee oversees both: the secretary heads it, `bandaochi` is a member whose unit
    is the steering committee's."""
    settings.TK_TODAY = rep_today = datetime.date(2021, 12, 24)
    q3, q4 = rep.period("2021Q3"), rep.period("2021Q4")
    tourism = rep.tourism()
    education = make.programme(world.province, "Chương trình nâng cao chất lượng giáo dục")
    make.target(education, "GD1", "Tỉ lệ trường đạt chuẩn quốc gia", plan={2021: 80})
    make.task(education, "Rà soát mạng lưới trường lớp", deadline=datetime.date(2021, 12, 1))
    for district in (world.hoanghoa, world.ngason):
        prog.concretisation(tourism.programme, district, datetime.date(2021, 9, 15))
        prog.concretisation(education, district, datetime.date(2021, 11, 30))
    rep.sent(world.hoanghoa, q3, on=datetime.date(2021, 10, 10), value=1500, progress=30)
    rep.sent(world.hoanghoa, q4, on=ON_TIME, value=2500, progress=50)
    rep.sent(world.ngason, q4, on=ON_TIME, value=1500, progress=50)
    member = make.person("Trịnh Văn Chỉ Đạo")
    made = st.steering(
        world.province,
        tourism.programme,
        education,
        code=CODE,
        members=[(world.secretary, "Trưởng ban"), (member, "Thành viên")],
    )
    world.users["bandaochi"] = make.user("bandaochi", made.unit, make.Role.LEADER, person=member)
    made.q3, made.q4, made.today = q3, q4, rep_today
    made.tourism, made.education = tourism.programme, education
    return made


def url(code=CODE, **query):
    base = reverse("dashboards:steering", args=[code] if code else [])
    return base + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def line_of(result, programme):
    return next(line for line in result.lines if line.programme == programme)


def test_a_member_sees_every_programme_overseen_with_its_four_measures(client, world, board):
    client.force_login(world.user("bandaochi"))
    response = client.get(url(None, period="2021Q4"))
    assert response.status_code == 200
    page = response.content.decode()
    for programme in (board.tourism, board.education):
        assert programme.get_absolute_url() in page
    for key in steering.KEYS:
        assert page.count(f'data-key="{key}"') == 2  # one per programme
    assert "Trưởng ban" in page and "Đỗ Trọng Hưng" in page
    # Each district's column leads to its scorecard.
    assert 'href="/scorecard/HU-399/?period=2021Q4"' in page
    assert 'href="/scorecard/HU-401/?period=2021Q4"' in page


def test_the_measures_count_the_programme_with_its_plans_below(world, board):
    result = steering.compute(board, board.q4, today=board.today)
    tourism, education = line_of(result, board.tourism), line_of(result, board.education)
    plans = tourism.figures[0]
    assert (plans.counts["plans_issued"], plans.counts["plans_due"]) == (2, 2)
    assert plans.value.value == Decimal(100)
    assert education.figures[0].value.value == Decimal(0)  # due 30/11, none issued
    targets = tourism.figures[2]
    assert targets.counts["light_green"] + targets.counts["light_red"] == 1  # CT1 rated
    tasks = education.figures[3]
    assert (tasks.counts["tasks_overdue"], tasks.counts["tasks_all"]) == (1, 1)
    assert [d.code for d in result.districts] == ["HU-399", "HU-401"]  # Vietnamese order


def test_a_member_reads_the_committees_subtree_and_changes_nothing(world, board):
    member = world.user("bandaochi")
    scope = scope_for(member)
    assert scope.sees(world.hoangdong.path) and scope.sees(world.ngathanh.path)
    assert not scope.changes(world.hoanghoa.path)
    assert not scope.writes_for(world.province.path)
    assert access.home_unit(member) == world.province  # overviews open on the committee


def test_a_post_in_the_steering_committee_opens_the_committee_to_a_district_cadre(
    client, world, board
):
    cadre = make.person("Hoàng Văn Nga")
    outsider = make.user("nga", world.ngason, make.Role.REPORTER, person=cadre)
    assert not scope_for(outsider).sees(world.hoanghoa.path)
    st.hold(cadre, board.unit, "Thành viên")
    outsider = make.reload(outsider)
    assert scope_for(outsider).sees(world.hoanghoa.path)
    assert not scope_for(outsider).changes(world.hoanghoa.path)
    client.force_login(outsider)
    assert client.get(url()).status_code == 200


@pytest.mark.parametrize("username", ["hoanghoa", "hoangdong", "ngason", "lanhdao"])
def test_a_user_outside_the_committee_gets_not_found(client, world, board, username):
    client.force_login(world.user(username))
    assert client.get(url()).status_code == 404
    chooser = client.get(url(None))
    assert chooser.status_code == 200
    assert CODE not in chooser.content.decode()


def test_the_office_of_the_committee_sees_the_steering_committee_without_being_a_member(
    client, world, board
):
    client.force_login(world.user("vanphong"))
    assert client.get(url(None)).status_code == 200
    assert board.tourism.title in client.get(url(None)).content.decode()
    _steering, may_change = access.get_steering_for_user(world.user("vanphong"), CODE)
    assert may_change


def test_the_change_is_against_the_previous_quarter(world, board):
    now = steering.compute(board, board.q4, today=board.today)
    before = steering.compute(board, board.q3, today=board.today)
    assert now.previous == board.q3
    for programme in (board.tourism, board.education):
        for i, figure in enumerate(line_of(now, programme).figures):
            previous = line_of(before, programme).figures[i].value.value
            assert figure.change.before == previous
            if figure.value.value is not None and previous is not None:
                assert figure.change.difference == figure.value.value - previous
    reports = line_of(now, board.tourism).figures[1]
    # Q3: Hoằng Hóa alone reported; Q4: Nga Sơn too.
    assert reports.change.direction == "up"
    assert reports.change.text.startswith("▲ ")
    # Education's plans were not due at the end of Q3: nothing to compare with.
    assert line_of(now, board.education).figures[0].change.text == "—"


def test_a_change_reads_up_down_level_or_unknown():
    assert steering.Change(Decimal("62.5"), Decimal(50)).text == "▲ 12,5"
    assert steering.Change(Decimal(47), Decimal(50)).text == "▼ 3"
    assert steering.Change(Decimal(50), Decimal(50)).text == "= 0"
    assert steering.Change(None, Decimal(50)).text == "—"
    assert steering.Change(Decimal(50), None).difference is None


def test_the_matrix_colours_follow_the_thresholds(client, world, board, settings):
    settings.TK_SCORECARD_THRESHOLDS = {"plans_issued": {"green": 100, "amber": 50}}
    result = steering.compute(board, board.q4, measure="concretisation", today=board.today)
    assert [c.rating for c in line_of(result, board.tourism).cells] == ["green", "green"]
    assert [c.rating for c in line_of(result, board.education).cells] == ["red", "red"]
    settings.TK_SCORECARD_THRESHOLDS = {"plans_issued": {"green": 101, "amber": 100}}
    result = steering.compute(board, board.q4, measure="concretisation", today=board.today)
    assert [c.rating for c in line_of(result, board.tourism).cells] == ["amber", "amber"]
    client.force_login(world.user("bandaochi"))
    page = client.get(url(period="2021Q4", measure="concretisation")).content.decode()
    assert page.count('class="num sc-amber" data-rating="amber"') == 2
    assert "≥ 101%" in page  # the legend states the thresholds in force


def test_a_district_without_anything_expected_is_not_coloured(world, board):
    result = steering.compute(board, board.q4, measure="targets", today=board.today)
    cells = line_of(result, board.education).cells
    assert [c.rating for c in cells] == [None, None]
    assert [c.text for c in cells] == ["—", "—"]


def test_the_page_costs_the_same_queries_with_more_programmes_and_districts(
    client, world, board, django_assert_max_num_queries
):
    client.force_login(world.user("bandaochi"))

    def count():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(url(period="2021Q4", measure="targets")).status_code == 200
        return queries

    first = count()
    for n in range(3):
        district = make.unit(world.province, f"HU-9{n}", f"Huyện ủy Mới {n}", level="district")
        programme = make.programme(world.province, f"Khâu đột phá {n}", kind="breakthrough")
        make.target(programme, "1", f"Chỉ tiêu {n}", plan={2021: 10})
        make.task(programme, f"Nhiệm vụ {n}", lead_unit=district, deadline=board.today)
        prog.concretisation(programme, district, datetime.date(2021, 11, 30))
        board.programmes.add(programme)
    second = count()
    assert len(second) == len(first), (len(first), len(second))
    with django_assert_max_num_queries(MAX_QUERIES):
        client.get(url(period="2021Q4"))
    # Reading never writes (the session's expiry apart, renewed on every request).
    writes = [q["sql"] for q in second if q["sql"].split()[0] in ("INSERT", "UPDATE", "DELETE")]
    assert [sql for sql in writes if "django_session" not in sql] == []


def test_the_steering_page_downloads_as_excel_with_each_programmes_measures(client, world, board):
    import io

    from openpyxl import load_workbook

    client.force_login(world.user("bandaochi"))
    assert "format=xlsx" in client.get(url(period="2021Q4")).content.decode()
    response = client.get(url(period="2021Q4", format="xlsx"))
    assert response.status_code == 200
    book = load_workbook(io.BytesIO(response.content))
    programmes = book.worksheets[0]
    rows = [list(r) for r in programmes.iter_rows(values_only=True)]
    assert rows[3][:3] == ["Chương trình", "Cụ thể hóa (%)", "Cụ thể hóa: số liệu"]
    names = [r[0] for r in rows[4:] if r[0]]
    assert any(board.education.title in n for n in names)
    assert any(board.tourism.title in n for n in names)
    districts = [list(r) for r in book.worksheets[1].iter_rows(values_only=True)]
    assert len(districts[3]) == 3  # the programme, then Hoằng Hóa and Nga Sơn
