from trienkhai.accounts.access import get_programme_for_user, get_unit_for_user
from trienkhai.testing import factories as make


def test_the_small_world_gives_each_persona_the_scope_of_the_demo(world):
    commune = world.hoangdong.code
    assert get_unit_for_user(world.user("hoangdong"), commune) == (world.hoangdong, False)
    assert get_unit_for_user(world.user("vanphonghh"), commune) == (world.hoangdong, True)
    assert get_unit_for_user(world.user("lanhdao"), world.police.code) == (world.police, False)


def test_a_programme_made_by_the_factory_is_registered_with_its_document(world):
    prog = make.programme(world.province, "Chương trình chuyển đổi số")
    assert prog.document.issuing_unit == world.province
    assert prog.document.symbol.endswith("-CTr/TU")
    assert get_programme_for_user(world.user("hoanghoa"), prog.uid) == (prog, False)
