import pytest

from trienkhai.orgs import synthetic
from trienkhai.orgs.models import Level, OrgUnit
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


def test_synthetic_tree_has_the_requested_shape_and_a_valid_tree():
    thanh_hoa = make.unit(None, "TU-38", "Tỉnh ủy Thanh Hóa", level=Level.PROVINCE)
    make.unit(thanh_hoa, "HU-399", "Huyện ủy Hoằng Hóa")
    shape = synthetic.Shape(provinces=2, districts=3, communes=2, cells=4)
    assert synthetic.build(shape) == shape.total == 1 + 2 * (1 + 3 * (1 + 2 * 5))
    root = OrgUnit.objects.get(code="SYN-TW")
    assert OrgUnit.objects.under(root).count() == shape.total
    province = OrgUnit.objects.get(code="SYN-P02")
    assert OrgUnit.objects.get_children(province).count() == 3 == province.numchild
    cell = OrgUnit.objects.get(code="SYN-P02-D03-C02-G04")
    assert cell.is_under(province) and cell.level == Level.GRASSROOTS
    assert [a.code for a in OrgUnit.objects.get_ancestors(cell)] == [
        "SYN-TW",
        "SYN-P02",
        "SYN-P02-D03",
        "SYN-P02-D03-C02",
    ]
    assert all(u.is_sample for u in OrgUnit.objects.under(root))
    # The synthetic root does not disturb the real tree.
    thanh_hoa = OrgUnit.objects.get(code="TU-38")
    assert thanh_hoa.depth == 1 and not thanh_hoa.is_sample
    assert set(OrgUnit.objects.under(thanh_hoa).values_list("code", flat=True)) == {
        "TU-38",
        "HU-399",
    }
    # A node added the usual way lands after the generated ones.
    extra = OrgUnit.objects.add_child(
        province, instance=OrgUnit(code="X", name="Thêm", level=Level.DISTRICT)
    )
    assert extra.is_under(province)
    last_generated = OrgUnit.objects.get(code="SYN-P02-D03")
    assert extra.path > last_generated.path
    assert OrgUnit.objects.get(code="SYN-P02").numchild == 4


def test_building_twice_is_refused_and_replace_rebuilds():
    shape = synthetic.Shape(provinces=1, districts=1, communes=1, cells=1)
    synthetic.build(shape)
    with pytest.raises(ValueError):
        synthetic.build(shape)
    synthetic.delete()
    assert not OrgUnit.objects.filter(code__startswith="SYN-").exists()
    assert synthetic.build(shape) == shape.total
    assert OrgUnit.objects.filter(code__startswith="SYN-").count() == shape.total
