"""The home page's reports: what the user's unit must send, and what waits for the
user's review at the level above (reporting/todo.py)."""

import datetime

import pytest
from django.urls import reverse

from trienkhai.core.home import gather
from trienkhai.reporting import todo
from trienkhai.testing import reporting as rep

D = datetime.date


@pytest.fixture
def tourism(world):
    return rep.tourism()


def lines(user, today):
    return [(i.text, i.url, i.overdue) for i in todo.items(user, today)]


def home(client_as, name):
    return client_as(name).get(reverse("home")).content.decode()


def test_a_commune_reporter_sees_its_returned_report_overdue_first_then_the_year_report_due(
    world, tourism, settings
):
    settings.TK_TODAY = D(2021, 12, 16)
    nine, year = rep.period("2021M9"), rep.period("2021")
    rep.returned(world.hoangdong, nine, world.user("hoangdong"), world.user("hoanghoa"))
    groups = gather(world.user("hoangdong"), D(2021, 12, 16))
    reports = next(g for g in groups if g.key == "reports")
    first, second = reports.lines
    assert first.item.overdue and "bị trả lại" in first.item.text
    assert first.item.url == reverse("reporting:form", args=["DU-15997", nine.code])
    assert not second.item.overdue and second.item.due == D(2021, 12, 17)
    assert second.item.url == reverse("reporting:form", args=["DU-15997", year.code])
    assert second.when == "hạn 17/12/2021, còn 1 ngày"


def test_a_report_sent_or_accepted_is_no_longer_to_do(world, tourism):
    year = rep.period("2021")
    rep.sent(world.hoangdong, year, world.user("hoangdong"))
    assert lines(world.user("hoangdong"), D(2021, 12, 24)) == []


def test_only_the_units_writers_see_its_report_to_send(world, tourism):
    rep.period("2021")
    today = D(2021, 12, 24)
    commune = [url for _t, url, _o in lines(world.user("hoangdong"), today)]
    assert commune == [reverse("reporting:form", args=["DU-15997", "2021"])]
    assert lines(world.user("dangvien"), today) == []  # a Party member of the commune
    assert lines(world.user("lanhdao"), today) == []  # a leader reads
    assert lines(world.user("kiemtra"), today) == []  # an inspector reads
    district = [url for _t, url, _o in lines(world.user("hoanghoa"), today)]
    assert district == [reverse("reporting:form", args=["HU-399", "2021"])]
    assert not set(commune) & set(district)  # the district does not send the commune's


def test_a_period_not_yet_cut_off_or_closed_asks_nothing(world, tourism):
    year = rep.period("2021")
    assert lines(world.user("hoangdong"), D(2021, 12, 14)) == []  # the cut-off day
    year.is_closed = True
    year.save()
    assert lines(world.user("hoangdong"), D(2021, 12, 24)) == []


def test_the_district_sees_the_communes_report_waiting_for_its_review(
    world, tourism, client_as, settings
):
    settings.TK_TODAY = D(2021, 12, 24)
    report = rep.sent(world.hoangdong, rep.period("2021"), world.user("hoangdong"))
    for name in ("hoanghoa", "vanphonghh"):
        page = home(client_as, name)
        assert report.get_absolute_url() in page and "Xem xét báo cáo" in page
    # Not the commune itself, not the province two levels up, not a leader who reads,
    # not the neighbouring district.
    for name in ("hoangdong", "vanphong", "lanhdao", "ngason", "dangvien"):
        assert report.get_absolute_url() not in home(client_as, name), name


def test_the_province_office_reviews_what_the_districts_send(world, tourism, client_as):
    report = rep.sent(world.hoanghoa, rep.period("2021"), world.user("hoanghoa"))
    assert report.get_absolute_url() in home(client_as, "vanphong")
    assert report.get_absolute_url() not in home(client_as, "hoanghoa")


def test_a_report_reviewed_leaves_the_reviewers_list(world, tourism):
    year = rep.period("2021")
    rep.accepted(world.hoangdong, year, world.user("hoangdong"), world.user("hoanghoa"))
    texts = [t for t, _u, _o in lines(world.user("hoanghoa"), D(2021, 12, 16))]
    assert texts == ["Lập và gửi báo cáo Năm 2021"]  # its own report; nothing to review


def test_the_inbox_and_the_home_page_agree_on_what_is_owed(world, tourism, client_as, settings):
    settings.TK_TODAY = D(2021, 12, 24)
    rep.period("2021")
    rep.period("2021M9")
    inbox = client_as("hoangdong").get(reverse("reporting:inbox"))
    owed = {row["period"].code for row in inbox.context["rows"]}
    assert owed == {"2021", "2021M9"}
    items = todo.items(world.user("hoangdong"), D(2021, 12, 24))
    assert {i.url.rstrip("/").rsplit("/", 1)[1] for i in items} == owed
