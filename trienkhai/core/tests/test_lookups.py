"""`__any_of`: membership in a long list of ids as one array on PostgreSQL, the plain
`IN` elsewhere; the same rows either way."""

import pytest

from trienkhai.accounts.models import User
from trienkhai.orgs.models import OrgUnit

pytestmark = pytest.mark.django_db


def test_any_of_finds_the_same_rows_as_in_on_a_key_and_on_a_foreign_key(world):
    ids = [world.province.pk, world.hoanghoa.pk, world.ngason.pk]
    assert set(OrgUnit.objects.filter(pk__any_of=ids)) == set(OrgUnit.objects.filter(pk__in=ids))
    by_unit = set(User.objects.filter(unit_id__any_of=ids))
    assert by_unit == set(User.objects.filter(unit_id__in=ids)) and by_unit


def test_any_of_an_empty_list_finds_nothing(world):
    assert not OrgUnit.objects.filter(pk__any_of=[]).exists()
    assert OrgUnit.objects.exclude(pk__any_of=[]).count() == OrgUnit.objects.count()
