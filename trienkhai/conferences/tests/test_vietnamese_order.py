"""Conference tables in Vietnamese alphabetical order (lib.vntext.sort_key), not in
the order of code points that puts "Hoằng Hóa" before "Hà Trung"."""

import pytest

from trienkhai.testing import conferences as meet
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def conference(world):
    ha_trung = make.unit(world.province, "HU-400", "Huyện ủy Hà Trung", level=make.Level.DISTRICT)
    conference = meet.ended(world.province, "Hội nghị quán triệt")
    for host, name in [
        (world.hoanghoa, "Điểm cầu Hoằng Hóa"),
        (ha_trung, "Điểm cầu Hà Trung"),
        (world.hoangdong, "Điểm cầu Điện Biên"),
        (world.hoangdong, "Điểm cầu Ba Đình"),
        (world.hoangdong, "Điểm cầu Hàm Rồng"),
    ]:
        meet.point(conference, host, name, level="commune" if host == world.hoangdong else None)
    return conference


def test_the_districts_table_lists_ha_trung_before_hoang_hoa(client_as, conference):
    response = client_as("province_office").get(conference.get_absolute_url())
    names = [row["district__name"] for row in response.context["districts"]]
    assert names == ["Huyện ủy Hà Trung", "Huyện ủy Hoằng Hóa"]
    html = response.content.decode()
    assert html.index("Huyện ủy Hà Trung") < html.index("Huyện ủy Hoằng Hóa")


def test_the_points_of_a_district_are_listed_in_vietnamese_order(client_as, conference):
    response = client_as("province_office").get(conference.get_absolute_url())
    communes = [p.name for p in response.context["page"].object_list if p.level == "commune"]
    assert communes == ["Điểm cầu Ba Đình", "Điểm cầu Điện Biên", "Điểm cầu Hàm Rồng"]


def test_the_csv_export_follows_the_same_order(client_as, conference):
    from django.urls import reverse

    response = client_as("province_office").get(
        reverse("conferences:export", args=[conference.uid])
    )
    body = response.content.decode("utf-8-sig")
    assert body.index("Ba Đình") < body.index("Điện Biên") < body.index("Hàm Rồng")
