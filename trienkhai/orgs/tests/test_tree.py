import datetime
import unicodedata

import pytest

from trienkhai.orgs.loading import load_2025, load_pre2025, read_admin_csv
from trienkhai.orgs.models import Kind, Level, OrgUnit
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


@pytest.fixture
def thanh_hoa():
    """The Tỉnh ủy with one advisory body and the bundled pre-reform districts and communes."""
    province = make.unit(
        None, "TU-38", "Tỉnh ủy Thanh Hóa", level=Level.PROVINCE, short_name="Tỉnh ủy"
    )
    make.unit(province, "VPTU-38", "Văn phòng Tỉnh ủy", level=Level.PROVINCE, kind=Kind.AGENCY)
    load_pre2025(province)
    return province


@pytest.fixture
def searchable(world):
    """The small world, the district's people's committee, and a ward whose name holds
    both words of "hoang hoa" but not the place Hoằng Hóa."""
    make.unit(
        world.hoanghoa,
        "UBND-399",
        "Ủy ban nhân dân huyện Hoằng Hóa",
        level=Level.DISTRICT,
        kind=Kind.PEOPLES_COMMITTEE,
    )
    city = make.unit(world.province, "HU-380", "Thành ủy Thanh Hóa", level=Level.DISTRICT)
    make.unit(city, "DU-14800", "Đảng ủy phường Hoằng Quang thành phố Thanh Hóa")
    return world


@pytest.fixture
def small_tree():
    """A province with two districts and communes, independent of the demo."""
    root = OrgUnit.objects.add_root(
        instance=OrgUnit(
            code="T-1", name="Tỉnh ủy Thử", kind=Kind.PARTY_COMMITTEE, level=Level.PROVINCE
        )
    )
    a = OrgUnit.objects.add_child(
        root, instance=OrgUnit(code="T-1-A", name="Huyện ủy Alpha", level=Level.DISTRICT)
    )
    b = OrgUnit.objects.add_child(
        root, instance=OrgUnit(code="T-1-B", name="Huyện ủy Beta", level=Level.DISTRICT)
    )
    a1 = OrgUnit.objects.add_child(
        a, instance=OrgUnit(code="T-1-A-1", name="Đảng ủy xã Một", level=Level.COMMUNE)
    )
    b1 = OrgUnit.objects.add_child(
        b, instance=OrgUnit(code="T-1-B-1", name="Đảng ủy xã Hai", level=Level.COMMUNE)
    )
    return {"root": root, "a": a, "b": b, "a1": a1, "b1": b1}


def test_subtree_lists_a_unit_and_everything_under_it(small_tree):
    codes = set(OrgUnit.objects.under(small_tree["a"]).values_list("code", flat=True))
    assert codes == {"T-1-A", "T-1-A-1"}


def test_subtree_can_leave_out_the_unit_itself(small_tree):
    codes = set(
        OrgUnit.objects.under(small_tree["a"], include_self=False).values_list("code", flat=True)
    )
    assert codes == {"T-1-A-1"}


def test_a_commune_is_under_its_district_and_province_but_not_a_sibling_district(small_tree):
    a1 = OrgUnit.objects.get(code="T-1-A-1")
    assert a1.is_under(small_tree["a"]) and a1.is_under(small_tree["root"])
    assert not a1.is_under(small_tree["b"])


def test_subtree_query_is_one_prefix_query(small_tree, django_assert_num_queries):
    with django_assert_num_queries(1):
        list(OrgUnit.objects.under(small_tree["root"]))


def test_units_outside_their_validity_are_not_active(small_tree):
    unit = small_tree["b1"]
    unit.valid_from = datetime.date(2020, 1, 1)
    unit.valid_to = datetime.date(2025, 6, 30)
    unit.save()
    assert unit.is_active(datetime.date(2021, 11, 5))
    assert not unit.is_active(datetime.date(2025, 7, 1))
    active_2026 = OrgUnit.objects.active_on(datetime.date(2026, 1, 1))
    assert not active_2026.filter(pk=unit.pk).exists()


def test_validity_cannot_end_before_it_starts(small_tree):
    from django.db import IntegrityError, transaction

    unit = small_tree["b1"]
    unit.valid_from = datetime.date(2025, 1, 1)
    unit.valid_to = datetime.date(2024, 1, 1)
    with pytest.raises(IntegrityError), transaction.atomic():
        unit.save()


def test_names_are_stored_in_nfc_even_when_typed_decomposed(small_tree):
    decomposed = unicodedata.normalize("NFD", "Đảng ủy xã Hoằng Đông")
    unit = OrgUnit.objects.add_child(
        small_tree["a"], instance=OrgUnit(code="nfd", name=decomposed, level=Level.COMMUNE)
    )
    unit.refresh_from_db()
    assert unit.name == unicodedata.normalize("NFC", decomposed)
    assert unit.code == "NFD"


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("hoang hoa", "Huyện ủy Hoằng Hóa"),
        ("HOANG HOA", "Huyện ủy Hoằng Hóa"),
        ("Hoằng Hoá", "Huyện ủy Hoằng Hóa"),
        ("Thanh Hoá", "Tỉnh ủy Thanh Hóa"),
        ("thanh hoa", "Tỉnh ủy Thanh Hóa"),
        ("dang uy xa hoang dong", "Đảng ủy xã Hoằng Đông"),
        ("hu-399", "Huyện ủy Hoằng Hóa"),
        ("cong an", "Đảng ủy Công an tỉnh"),
    ],
)
def test_search_ignores_diacritics_case_and_tone_mark_placement(searchable, query, expected):
    names = list(OrgUnit.objects.search(query).values_list("name", flat=True))
    assert expected in names


def test_search_for_a_place_finds_that_place_and_not_every_name_containing_its_letters(
    searchable,
):
    names = set(OrgUnit.objects.search("hoang hoa").values_list("name", flat=True))
    assert names == {"Huyện ủy Hoằng Hóa", "Ủy ban nhân dân huyện Hoằng Hóa"}


def test_search_words_may_come_in_any_order(searchable):
    names = set(OrgUnit.objects.search("hoang dong xa").values_list("name", flat=True))
    assert "Đảng ủy xã Hoằng Đông" in names


def test_an_empty_search_finds_nothing(searchable):
    assert not OrgUnit.objects.search("  ").exists()


def test_the_province_holds_every_district_and_commune_of_the_pre_reform_data(thanh_hoa):
    rows = read_admin_csv("thanhhoa_pre2025.csv")
    districts = [r for r in rows if r["level"] == "district"]
    communes = [r for r in rows if r["level"] == "commune"]
    assert len(districts) == 26
    under = OrgUnit.objects.under(thanh_hoa)
    assert under.filter(level=Level.DISTRICT, kind=Kind.PARTY_COMMITTEE).count() == 26
    assert under.filter(level=Level.COMMUNE, kind=Kind.PARTY_COMMITTEE).count() == len(communes)
    assert OrgUnit.objects.get(code="HU-399").name == "Huyện ủy Hoằng Hóa"
    assert OrgUnit.objects.get(code="HU-381").name == "Thị ủy Bỉm Sơn"
    assert OrgUnit.objects.get(code="HU-380").name == "Thành ủy Thanh Hóa"
    assert OrgUnit.objects.get(code="DU-15997").name == "Đảng ủy xã Hoằng Đông"


def test_seed_leaders_hold_their_positions():
    from trienkhai.orgs import demo
    from trienkhai.orgs.models import Tenure

    demo.load()  # the demo's tree and people only, built here

    held = {
        (t.person.full_name, t.position.title, t.position.unit.code)
        for t in Tenure.objects.select_related("person", "position__unit")
    }
    assert ("Đỗ Trọng Hưng", "Bí thư", "TU-38") in held
    assert ("Lại Thế Nguyên", "Phó Bí thư Thường trực", "TU-38") in held
    assert ("Đỗ Minh Tuấn", "Chủ tịch", "UBND-38") in held
    assert ("Trịnh Tuấn Sinh", "Phó Bí thư", "TU-38") in held


def test_position_keeps_its_meaning_when_the_holder_changes():
    from trienkhai.orgs.models import Person, Position, Tenure

    province = make.unit(None, "TU-38", "Tỉnh ủy Thanh Hóa", level=Level.PROVINCE)
    make.person(
        "Đỗ Trọng Hưng",
        unit=province,
        title="Bí thư",
        standing=True,
        start=datetime.date(2020, 10, 27),
    )
    position = Position.objects.get(unit__code="TU-38", title="Bí thư")
    assert position.holder(datetime.date(2021, 11, 5)).full_name == "Đỗ Trọng Hưng"
    Tenure.objects.filter(position=position).update(end=datetime.date(2022, 12, 31))
    successor = Person.objects.create(full_name="Nguyễn Văn Kế Nhiệm", is_sample=True)
    Tenure.objects.create(person=successor, position=position, start=datetime.date(2023, 1, 1))
    assert position.holder(datetime.date(2021, 11, 5)).full_name == "Đỗ Trọng Hưng"
    assert position.holder(datetime.date(2024, 1, 1)).full_name == "Nguyễn Văn Kế Nhiệm"


def test_structure_2025_adds_166_communes_and_closes_the_old_units(thanh_hoa):
    province = thanh_hoa
    old_count = OrgUnit.objects.count()
    closable = OrgUnit.objects.filter(level__in=[Level.DISTRICT, Level.COMMUNE]).count()
    created, closed = load_2025(province)
    assert created == 166
    assert closed == closable
    assert OrgUnit.objects.count() == old_count + 166
    reform = datetime.date(2025, 7, 1)
    new = OrgUnit.objects.filter(code__startswith="DU-2025-")
    assert new.count() == 166 and all(u.valid_from == reform for u in new)
    assert all(u.depth == province.depth + 1 for u in new)
    hoang_hoa = OrgUnit.objects.get(code="HU-399")
    assert hoang_hoa.valid_to == datetime.date(2025, 6, 30)
    assert not hoang_hoa.is_active(reform) and hoang_hoa.is_active(datetime.date(2021, 11, 5))
    assert OrgUnit.objects.get(code="DU-15997").valid_to == datetime.date(2025, 6, 30)
    # Advisory bodies of the Tỉnh ủy are not touched by the reform.
    assert OrgUnit.objects.get(code="VPTU-38").valid_to is None
    active_now = OrgUnit.objects.under(province).active_on(reform)
    assert active_now.filter(level=Level.COMMUNE).count() == 166
    assert not active_now.filter(level=Level.DISTRICT).exists()
    # Running it again changes nothing.
    assert load_2025(province) == (0, 0)


def test_load_units_command_reports_what_it_did(thanh_hoa):
    import io

    from django.core.management import call_command

    closable = OrgUnit.objects.filter(level__in=[Level.DISTRICT, Level.COMMUNE]).count()
    out = io.StringIO()
    call_command("load_units", "--structure", "2025", stdout=out)
    assert out.getvalue().strip() == (
        f"166 units created valid from 01/07/2025; {closable} units closed on 30/06/2025."
    )


def test_load_units_command_refuses_a_province_that_does_not_exist():
    from django.core.management import CommandError, call_command

    with pytest.raises(CommandError, match="TU-38"):
        call_command("load_units", "--structure", "2025")


def test_the_2025_closure_is_in_each_closed_units_history(thanh_hoa):
    load_2025(thanh_hoa)
    last = OrgUnit.objects.get(code="HU-399").history.order_by("-history_date").first()
    assert last.valid_to == datetime.date(2025, 6, 30)
    assert last.history_change_reason == "Sắp xếp đơn vị hành chính từ 01/07/2025"
