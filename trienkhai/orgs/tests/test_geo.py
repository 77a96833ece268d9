import datetime

import pytest

from trienkhai.orgs.geo import geo_points, point_for_unit, points_for_units, structure_of
from trienkhai.orgs.loading import load_2025, load_pre2025, read_admin_csv
from trienkhai.orgs.models import Kind, Level, OrgUnit
from trienkhai.testing import factories as make

# Thanh Hóa's extent, a little generous (the province's bounding box in the data).
SOUTH, WEST, NORTH, EAST = 19.2, 104.3, 20.8, 106.2
# Two communes of the GSO list of 2025-01-04 that vietnamadminunits does not have (SOURCES.md).
NOT_IN_THE_PACKAGE = {"16387", "16411"}


def units_of(structure, level):
    return [r for r in read_admin_csv(f"thanhhoa_{structure}.csv") if r["level"] == level]


def inside_thanh_hoa(point):
    return SOUTH <= point.lat <= NORTH and WEST <= point.lon <= EAST


def test_every_district_of_thanh_hoa_has_a_centroid():
    points = geo_points("pre2025")
    districts = units_of("pre2025", "district")
    assert len(districts) == 26
    for row in districts:
        point = points[row["code"]]
        assert point.level == "district" and inside_thanh_hoa(point), row
        assert point.bbox is not None and point.area_km2 > 0


def test_every_2025_commune_has_a_point_and_an_area():
    points = geo_points("2025")
    communes = units_of("2025", "commune")
    assert len(communes) == 166
    for row in communes:
        point = points[row["code"]]
        assert point.name == row["name"] and inside_thanh_hoa(point) and point.area_km2 > 0


def test_every_pre2025_commune_has_a_point_but_the_two_the_package_lacks():
    points = geo_points("pre2025")
    missing = {r["code"] for r in units_of("pre2025", "commune") if r["code"] not in points}
    assert missing == NOT_IN_THE_PACKAGE
    assert all(inside_thanh_hoa(p) for p in points.values())


def test_district_areas_add_up_to_the_province():
    points = geo_points("pre2025")
    total = sum(p.area_km2 for p in points.values() if p.level == "district")
    assert total == pytest.approx(points["38"].area_km2, rel=1e-3)
    assert points["396"].area_km2 > points["382"].area_km2  # Thường Xuân > Sầm Sơn


def test_a_district_party_committee_and_its_peoples_committee_map_to_the_district():
    huyen_uy = OrgUnit(code="HU-399", admin_code="399", name="Huyện ủy Hoằng Hóa")
    ubnd = OrgUnit(code="UBND-399", admin_code="399", name="UBND Huyện Hoằng Hóa")
    assert point_for_unit(huyen_uy).name == "Huyện Hoằng Hóa"
    assert point_for_unit(ubnd) == point_for_unit(huyen_uy)


def test_a_unit_without_admin_code_is_placed_by_the_loaders_code():
    assert point_for_unit(OrgUnit(code="HU-401")).name == "Huyện Nga Sơn"
    assert point_for_unit(OrgUnit(code="DU-15997")).name == "Xã Hoằng Đông"


def test_a_reused_code_is_read_in_the_units_own_structure():
    before = OrgUnit(code="DU-14758", admin_code="14758")
    after = OrgUnit(code="DU-2025-14758", admin_code="14758")
    dated = OrgUnit(code="X-1", admin_code="14758", valid_from=datetime.date(2025, 7, 1))
    assert structure_of(before) == "pre2025" and structure_of(after) == "2025"
    assert point_for_unit(before).name == "Phường Đông Thọ"
    assert point_for_unit(after).name == "Phường Hàm Rồng"
    assert point_for_unit(dated).name == "Phường Hàm Rồng"


def test_the_province_is_in_both_structures():
    province = OrgUnit(code="TU-38", admin_code="38")
    assert point_for_unit(province, "pre2025").level == "province"
    assert point_for_unit(province, "2025").level == "province"


def test_a_department_has_no_point():
    assert point_for_unit(OrgUnit(code="VPTU-38", name="Văn phòng Tỉnh ủy")) is None


@pytest.mark.django_db
def test_every_loaded_district_and_2025_commune_committee_has_a_point():
    province = make.unit(None, "TU-38", "Tỉnh ủy Thanh Hóa", level=Level.PROVINCE)
    load_pre2025(province)
    load_2025(province)
    committees = OrgUnit.objects.filter(kind=Kind.PARTY_COMMITTEE)
    districts = list(committees.filter(level=Level.DISTRICT))
    communes_2025 = list(committees.filter(code__startswith="DU-2025-"))
    assert len(districts) == 26 and len(communes_2025) == 166
    assert len(points_for_units(districts)) == 26
    assert len(points_for_units(communes_2025)) == 166
    old_communes = list(committees.filter(level=Level.COMMUNE).exclude(code__startswith="DU-2025-"))
    unplaced = {u.admin_code for u in old_communes} - {
        p.code for p in points_for_units(old_communes).values()
    }
    assert unplaced == NOT_IN_THE_PACKAGE
