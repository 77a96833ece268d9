"""The home page says what to do now: every app's to-do lines grouped under fixed
headings, overdue first, each a link the user can follow; a fixed number of queries;
on a phone, the first thing on the screen."""

import datetime
import itertools
import re
import zoneinfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.core.todo import Item, Line, arrange, order
from trienkhai.notifications.notify import notify_once
from trienkhai.testing import conferences as conf
from trienkhai.testing import factories as make
from trienkhai.testing import oversight as ov
from trienkhai.testing import programmes as prog
from trienkhai.testing import reporting as rep

D = datetime.date
TODAY = D(2021, 12, 24)
HELD = datetime.datetime(2021, 11, 5, 8, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))
_numbers = itertools.count(1)
HEADINGS = ["Báo cáo", "Nhiệm vụ", "Kế hoạch", "Học tập", "Kiểm tra, giám sát", "Thông báo"]


def todo_panel(html):
    start = html.index('id="todo"')
    return html[start : html.index('id="facts"', start)]


def one_of_each(world, n=1):
    """Something of every kind for Hoằng Hóa's reporter: its own reports and a commune's
    to review, tasks, plans, documents to study, a self-report, a notification."""
    for _n in range(n):
        i = next(_numbers)
        upper = make.programme(world.province, f"Chương trình số {i}")
        prog.concretisation(upper, world.hoanghoa, due=D(2021, 12, 1 + i % 20))
        make.task(
            upper, f"Nhiệm vụ {i}", lead_unit=world.hoanghoa, deadline=D(2021, 12, 20 + i % 4)
        )
        doc = make.document(world.province, f"{70 + i}-CTr/TU", f"Văn bản học tập {i}")
        meeting = conf.conference(world.province, f"Hội nghị {i}", starts_at=HELD)
        meeting.documents.set([doc])
        ov.case(world.ubkt, world.hoanghoa, user=world.user("kiemtra"))
        notify_once(world.user("hoanghoa"), text=f"Nhắc việc {i}", key=f"k{i}", url="/study/")


@pytest.fixture
def busy(world, settings):
    settings.TK_TODAY = TODAY
    rep.tourism()
    for code in ("2021M9", "2021"):
        year = rep.period(code)
        rep.sent(world.hoangdong, year, world.user("hoangdong"))
    one_of_each(world)
    return world


def test_the_groups_come_in_a_fixed_order_under_their_headings(busy, client_as):
    panel = todo_panel(client_as("hoanghoa").get(reverse("home")).content.decode())
    found = re.findall(r"<h3>([^<]+?) <span", panel)
    assert found == HEADINGS
    assert "Không có việc nào đến hạn" not in panel


def test_every_line_is_a_link_the_user_can_open(busy, client_as):
    client = client_as("hoanghoa")
    panel = todo_panel(client.get(reverse("home")).content.decode())
    links = set(re.findall(r'href="([^"]+)"', panel))
    assert len(links) >= 10
    for url in links:
        assert client.get(url.replace("&amp;", "&")).status_code == 200, url


def test_someone_with_nothing_to_do_is_told_so_plainly(world, client_as):
    page = client_as("dangvien").get(reverse("home")).content.decode()
    assert "Không có việc nào đến hạn." in todo_panel(page)
    assert "<h3>" not in todo_panel(page)


def test_unread_notifications_are_the_last_group_and_can_be_marked_read(world, client_as):
    notify_once(world.user("dangvien"), text="Mời dự hội nghị", key="k", url="/conferences/")
    client = client_as("dangvien")
    panel = todo_panel(client.get(reverse("home")).content.decode())
    assert 'id="todo-notifications"' in panel and 'href="/conferences/"' in panel
    assert "Không có việc nào đến hạn." in panel  # a notification is not a task
    client.post(reverse("notifications-read"))
    assert 'id="todo-notifications"' not in client.get(reverse("home")).content.decode()


def test_on_a_phone_the_to_do_panel_comes_before_the_facts_about_the_user(busy, client_as):
    page = client_as("hoanghoa").get(reverse("home")).content.decode()
    assert page.index('id="todo"') < page.index('id="facts"') < page.index("Phạm vi theo dõi")


def test_a_group_shows_five_lines_and_leads_to_the_list_for_the_rest(busy, client_as):
    for i in range(6):
        make.task(
            make.programme(busy.hoanghoa, f"Chương trình huyện {i}"),
            f"Việc thêm {i}",
            lead_unit=busy.hoanghoa,
            deadline=D(2021, 12, 26),
        )
    page = client_as("hoanghoa").get(reverse("home")).content.decode()
    group = page[page.index('id="todo-tasks"') : page.index('id="todo-plans"')]
    assert group.count("<li") == 5
    assert "và 2 việc nữa" in group
    assert "1 quá hạn" in group  # counted over the group, not the lines shown
    assert f"{reverse('programmes:tasks')}?mine=1&amp;status=open&amp;due_to=31/12/2021" in group


def test_the_home_page_reads_a_fixed_number_of_queries_however_many_items(
    busy, client_as, django_assert_max_num_queries
):
    client = client_as("hoanghoa")
    client.get(reverse("home"))  # the session and the language settle
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    one_of_each(busy, n=4)
    rep.sent(busy.hoanghai, rep.period("2021"), busy.user("hoanghoa"))
    # 22: the request (session, user, its unit, roles); reports (periods, the unit's
    # reports, what it owes, deadline rules, extensions, reports to review); tasks;
    # plans; study; oversight (self-reports, recommendations, remedies to verify);
    # notifications; the page (units seen, roots); the session saved (3, savepoints).
    with django_assert_max_num_queries(22):
        page = client.get(reverse("home")).content.decode()
    assert todo_panel(page).count("<li") > 15
    assert len(few.captured_queries) == 22  # as many with one item of each kind


def test_overdue_lines_come_first_then_by_due_date_undated_last():
    a = Item("a", "/a", D(2021, 12, 30))
    b = Item("b", "/b", D(2021, 12, 1), overdue=True)
    c = Item("c", "/c")
    d = Item("d", "/d", D(2021, 12, 25))
    assert order([a, b, c, d]) == [b, d, a, c]


@pytest.mark.parametrize(
    ("due", "overdue", "when", "late"),
    [
        (D(2021, 12, 24), False, "hạn hôm nay, 24/12/2021", ""),
        (D(2021, 12, 27), False, "hạn 27/12/2021, còn 3 ngày", ""),
        (D(2022, 1, 31), False, "hạn 31/01/2022", ""),
        (D(2021, 12, 22), True, "hạn 22/12/2021", "Quá hạn 2 ngày"),
        (D(2021, 12, 22), False, "hạn 22/12/2021, đang trong thời gian gia hạn", ""),
    ],
)
def test_a_line_says_its_due_date_the_vietnamese_way_and_how_near_it_is(due, overdue, when, late):
    line = Line(Item("x", "/x", due, overdue), TODAY)
    assert (line.when, line.late) == (when, late)


def test_groups_without_items_are_left_out():
    from trienkhai.core.todo import Heading

    groups = arrange([Heading("a", "A"), Heading("b", "B")], {"b": [Item("x", "/x")]}, TODAY)
    assert [g.key for g in groups] == ["b"]
