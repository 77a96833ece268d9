import datetime

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from trienkhai.accounts.access import (
    can_change_unit,
    can_see_unit,
    get_unit_for_user,
    scope_for,
)
from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.orgs.models import Assignment, OrgUnit, Person
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


def unit(code):
    return OrgUnit.objects.get(code=code)


def visible_codes(user):
    return set(OrgUnit.objects.for_user(user).values_list("code", flat=True))


def test_province_office_sees_the_whole_province(persona):
    assert visible_codes(persona("province_office")) == {
        "TU-38",
        "TU-38-BTV",
        "UBKTTU-38",
        "DUCA-38",
        "HU-399",
        "DU-15997",
        "DU-16000",
        "HU-401",
        "DU-16100",
    }


def test_district_reporter_sees_its_district_and_communes_only(persona):
    codes = visible_codes(persona("district_reporter"))
    assert codes == {"HU-399", "DU-15997", "DU-16000"}
    assert "DU-15997" in codes and "HU-401" not in codes and "TU-38" not in codes


def test_commune_reporter_cannot_see_sibling_commune(persona):
    user = persona("commune_reporter")
    sibling = unit("DU-16000")
    assert can_see_unit(user, unit("DU-15997"))
    assert not can_see_unit(user, sibling)
    assert not can_see_unit(user, unit("HU-399"))


def test_leader_sees_the_units_assigned_to_its_person(persona):
    user = persona("leader")
    codes = visible_codes(user)
    assert codes == {"HU-399", "DU-15997", "DU-16000", "DUCA-38", "TU-38-BTV"}
    assert "HU-401" not in codes and "TU-38" not in codes


def test_an_ended_assignment_no_longer_opens_the_unit(persona):
    user = persona("leader")
    Assignment.objects.filter(person=user.person, unit__code="HU-399").update(
        end=datetime.date(2022, 1, 1)
    )
    user = User.objects.get(pk=user.pk)
    assert not can_see_unit(user, unit("DU-15997"))
    assert visible_codes(user) == {"DUCA-38", "TU-38-BTV"}


def test_outsider_sees_nothing_of_another_district(persona):
    user = persona("outsider")
    with pytest.raises(Http404):
        get_unit_for_user(user, "DU-15997")
    assert visible_codes(user) == {"HU-401", "DU-16100"}


def test_office_may_change_its_subtree_but_readers_may_not(persona):
    assert can_change_unit(persona("province_office"), unit("DU-15997"))
    assert not can_change_unit(persona("district_reporter"), unit("DU-15997"))
    assert not can_change_unit(persona("leader"), unit("HU-399"))


def test_assigned_units_are_read_only_even_for_an_office_role(persona):
    user = persona("leader")
    RoleGrant.objects.create(user=user, role=Role.OFFICE)
    user = User.objects.get(pk=user.pk)
    assert can_see_unit(user, unit("HU-399"))
    assert not can_change_unit(user, unit("HU-399"))
    assert can_change_unit(user, unit("TU-38-BTV"))


def test_asking_to_change_a_readable_unit_is_forbidden(persona):
    with pytest.raises(PermissionDenied):
        get_unit_for_user(persona("district_reporter"), "DU-15997", change=True)


def test_unknown_unit_code_is_not_found(persona):
    with pytest.raises(Http404):
        get_unit_for_user(persona("province_office"), "KHONG-CO")


def test_user_without_unit_sees_nothing(world):
    user = User.objects.create_user("nounit", password="x")
    assert visible_codes(user) == set()


def test_inactive_or_anonymous_users_see_nothing(persona):
    from django.contrib.auth.models import AnonymousUser

    assert scope_for(AnonymousUser()).roots == ()
    user = persona("province_office")
    user.is_active = False
    assert visible_codes(user) == set()


def test_people_are_visible_through_the_units_where_they_hold_positions(world, persona):
    dong = make.person("Phạm Thị Đông", unit=world.hoangdong, title="Văn phòng Đảng ủy")
    assert Person.objects.for_user(persona("commune_reporter")).filter(pk=dong.pk).exists()
    assert not Person.objects.for_user(persona("outsider")).filter(pk=dong.pk).exists()
    hung = world.secretary
    assert not Person.objects.for_user(persona("district_reporter")).filter(pk=hung.pk).exists()


def test_scope_check_costs_no_query_once_computed(persona, django_assert_num_queries):
    user = persona("leader")
    scope_for(user)
    target = unit("DU-15997")
    with django_assert_num_queries(0):
        assert can_see_unit(user, target)
