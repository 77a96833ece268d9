"""Factories for the tree, people and accounts. Each makes one object with sensible
defaults and returns it; a test names only what it is about."""

import datetime
import itertools

from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.orgs.loading import ensure_unit
from trienkhai.orgs.models import Assignment, Kind, Level, OrgUnit, Person, Position, Tenure

_numbers = itertools.count(1)

PASSWORD = "thanhhoa2021"


def unit(parent=None, code=None, name=None, *, level=None, kind=Kind.PARTY_COMMITTEE, **fields):
    """A unit under `parent` (a root when None); the level follows the parent's."""
    n = next(_numbers)
    if level is None:
        below = {
            None: Level.PROVINCE,
            Level.CENTRAL: Level.PROVINCE,
            Level.PROVINCE: Level.DISTRICT,
            Level.DISTRICT: Level.COMMUNE,
        }
        level = below.get(parent.level if parent else None, Level.GRASSROOTS)
    made, _created = ensure_unit(
        parent, code or f"U-{n}", name=name or f"Đơn vị {n}", level=level, kind=kind, **fields
    )
    return made


def person(full_name=None, *, unit=None, title=None, standing=False, start=None, **fields):
    """A person; with `unit` and `title`, holding that position from `start`."""
    made = Person.objects.create(full_name=full_name or f"Cán bộ {next(_numbers)}", **fields)
    if unit is not None and title:
        position, _ = Position.objects.get_or_create(
            unit=unit,
            title=title,
            defaults={"rank": 1, "is_standing_member": standing},
        )
        Tenure.objects.create(
            person=made, position=position, start=start or datetime.date(2020, 10, 27)
        )
    return made


def assign(who, *units, start=None):
    """Put a person in charge of units (a Standing Committee member's follow-up)."""
    for u in units:
        Assignment.objects.create(person=who, unit=u, start=start or datetime.date(2020, 10, 27))


def user(username=None, unit=None, *roles, person=None, superuser=False, **fields):
    """An account of `unit` holding `roles`, with the test password."""
    made = User(
        username=username or f"user{next(_numbers)}",
        unit=unit,
        person=person,
        is_superuser=superuser,
        is_staff=superuser,
        **fields,
    )
    made.set_password(PASSWORD)
    made.save()
    for role in roles:
        RoleGrant.objects.create(user=made, role=role)
    return made


def reload(obj):
    """The object as stored, without cached properties (roles, scope)."""
    return type(obj).objects.get(pk=obj.pk)


__all__ = ["Kind", "Level", "OrgUnit", "Role", "assign", "person", "reload", "unit", "user"]
