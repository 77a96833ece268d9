"""The coverage page as a user reads it: the documents the units were asked to study,
all of them, by default; no "all units have studied" over an empty table; the leader's
committee by default."""

import datetime
import re

import pytest
from django.urls import reverse

from trienkhai.testing import conferences as meet
from trienkhai.testing import factories as make
from trienkhai.testing import programmes as make_programmes
from trienkhai.testing import study

pytestmark = pytest.mark.django_db


def text(html):
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def columns(html):
    """The symbols heading the coverage table's columns, in order."""
    table = html.split('id="coverage"', 1)[1].split("</thead>", 1)[0]
    return re.findall(r"<th[^>]*><a [^>]*>([^<]+)</a></th>", table)


@pytest.fixture
def asked(world):
    """Ten decisions of the Tỉnh ủy sent down to study at its conference, the newest
    first (620-QĐ/TU … 629-QĐ/TU), each studied by Hoằng Đông (120 members)."""
    study.members(world.hoangdong, 120)
    study.members(world.hoanghai, 80)
    conference = meet.ended(world.province, "Hội nghị quán triệt các chương trình")
    documents = [
        make.document(
            world.province,
            f"{n}-QĐ/TU",
            f"Quyết định ban hành Chương trình số {n}",
            issue_date=datetime.date(2021, 7, 1) + datetime.timedelta(days=n - 620),
        )
        for n in range(620, 630)
    ]
    conference.documents.set(documents)
    study.session(world.hoangdong, documents, 120, 100)
    return documents


def test_the_coverage_shows_every_document_the_units_were_asked_to_study(client_as, asked):
    html = client_as("province_office").get(reverse("study:coverage")).content.decode()
    assert columns(html) == [f"{n}-QĐ/TU" for n in range(629, 619, -1)]
    assert "tối đa" not in html
    assert 'class="tablewrap"' in html  # a wide table scrolls


def test_a_districts_own_plan_is_not_in_the_provinces_default_set(client_as, asked, world):
    own = make.document(
        world.hoanghoa,
        "45-KH/HU",
        "Kế hoạch thực hiện của Huyện ủy",
        issue_date=datetime.date(2021, 12, 1),
    )
    study.session(world.hoanghai, [own], 80, 80)
    province = client_as("province_office").get(reverse("study:coverage")).content.decode()
    assert "45-KH/HU" not in columns(province)
    assert columns(province)[0] == "629-QĐ/TU"


def test_a_programme_sent_down_to_concretise_is_asked_of_the_units_below(client_as, world):
    document = make.document(world.province, "700-QĐ/TU", "Chương trình giáo dục")
    programme = make.programme(world.province, "Chương trình giáo dục", document=document)
    make_programmes.concretisation(programme, world.hoanghoa)
    page = client_as("district_reporter").get(reverse("study:coverage")).content.decode()
    assert "700-QĐ/TU" in text(page)


def test_the_documents_asked_for_are_all_shown(client_as, asked):
    query = {"doc": [str(d.uid) for d in asked[:9]]}
    html = client_as("province_office").get(reverse("study:coverage"), query).content.decode()
    assert len(columns(html)) == 9


def test_without_figures_the_page_does_not_also_say_every_unit_has_studied(client_as, world):
    document = make.document(world.province, "623-QĐ/TU", "Chương trình du lịch")
    meet.ended(world.province, "Hội nghị").documents.set([document])
    client = client_as("province_office")  # on a body with no Party members of its own
    page = text(client.get(reverse("study:coverage"), {"root": "UBKTTU-38"}).content.decode())
    assert "Chưa có số liệu học tập" in page
    assert "Tất cả các đơn vị đã học tập" not in page


def test_the_leader_of_the_standing_committee_opens_on_its_committee(client_as, asked):
    page = text(client_as("leader").get(reverse("study:coverage")).content.decode())
    assert "Độ bao phủ học tập, quán triệt: Tỉnh ủy Thanh Hóa" in page
    assert "Huyện ủy Hoằng Hóa" in page  # a district the leader is in charge of
    assert "Huyện ủy Nga Sơn" not in page  # not in its scope: counted, not listed
