"""The home page's study: documents the user's unit was asked to study (by a conference
of a unit above it) and has no session recorded for (study/todo.py)."""

import datetime
import zoneinfo

import pytest

from trienkhai.study import todo
from trienkhai.testing import conferences as conf
from trienkhai.testing import factories as make
from trienkhai.testing import study

D = datetime.date
TODAY = D(2021, 12, 24)
HELD = datetime.datetime(2021, 11, 5, 8, tzinfo=zoneinfo.ZoneInfo("Asia/Ho_Chi_Minh"))


@pytest.fixture
def asked(world):
    """The province's study conference of 5/11/2021 with two documents."""
    docs = [
        make.document(world.province, "05-CTr/TU", "Chương trình phát triển du lịch"),
        make.document(world.province, "06-CTr/TU", "Chương trình chuyển đổi số"),
    ]
    conference = conf.conference(world.province, "Hội nghị quán triệt", starts_at=HELD)
    conference.documents.set(docs)
    return docs


def urls(name, world, today=TODAY):
    return [i.url for i in todo.items(world.user(name), today)]


def test_a_commune_reporter_sees_each_document_its_unit_has_yet_to_study(world, asked):
    items = todo.items(world.user("hoangdong"), TODAY)
    assert [i.text.split(":")[0] for i in items] == [
        "Ghi nhận học tập, quán triệt 05-CTr/TU",
        "Ghi nhận học tập, quán triệt 06-CTr/TU",
    ]
    assert items[0].url == f"/study/new/?doc={asked[0].uid}"
    assert items[0].note == "hội nghị ngày 05/11/2021"


def test_a_session_recorded_takes_its_documents_off_the_list(world, asked):
    study.members(world.hoangdong, 300)
    study.session(world.hoangdong, [asked[0]])
    assert urls("hoangdong", world) == [f"/study/new/?doc={asked[1].uid}"]


def test_only_the_writers_of_a_party_organisation_below_the_organiser_are_asked(world, asked):
    assert len(urls("ngason", world)) == 2  # a district Party committee studies too
    for name in ("dangvien", "lanhdao", "kiemtra", "vanphong"):
        assert urls(name, world) == [], name  # reads, or the organiser itself


def test_a_conference_of_a_district_asks_its_communes_not_the_neighbours(world):
    doc = make.document(world.hoanghoa, "12-KH/HU", "Kế hoạch học tập của huyện")
    meeting = conf.conference(world.hoanghoa, "Hội nghị của huyện", starts_at=HELD)
    meeting.documents.set([doc])
    assert len(urls("hoangdong", world)) == 1
    assert urls("ngason", world) == [] and urls("hoanghoa", world) == []


def test_a_conference_not_yet_held_or_over_a_year_old_asks_nothing(world, asked):
    assert urls("hoangdong", world, D(2021, 11, 4)) == []
    assert urls("hoangdong", world, D(2022, 11, 6)) == []
