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


def document(issuing_unit, symbol=None, title=None, *, issue_date=None, **fields):
    """A registered document of `issuing_unit`, through the registry's own rule."""
    from trienkhai.documents.registry import save_document

    n = next(_numbers)
    return save_document(
        {
            "symbol": symbol or f"{n}-KH/TU",
            "title": title or f"Kế hoạch số {n}",
            "issue_date": issue_date or datetime.date(2021, 6, 1),
            "issuing_unit": issuing_unit,
            **fields,
        },
        user=None,
    )


_document = document  # `programme` below takes a `document` argument


def programme(unit, title=None, *, document=None, kind=None, years=(2021, 2025), **fields):
    """A programme (chương trình) of `unit` issued by `document` (made when None)."""
    from trienkhai.programmes.models import Programme, ProgrammeKind

    n = next(_numbers)
    if document is None and "parent" not in fields:
        document = _document(unit, f"{n}-CTr/TU", title or f"Chương trình {n}")
    made = Programme(
        unit=unit,
        kind=kind or (ProgrammeKind.PLAN if fields.get("parent") else ProgrammeKind.KEY),
        title=title or f"Chương trình {n}",
        document=document,
        start_year=years[0],
        end_year=years[1],
        **fields,
    )
    made.full_clean()
    made.save()
    return made


def task(programme, title=None, *, lead_unit=None, deadline=None, **fields):
    from trienkhai.programmes.models import Task

    return Task.objects.create(
        programme=programme,
        title=title or f"Nhiệm vụ {next(_numbers)}",
        lead_unit=lead_unit or programme.unit,
        deadline=deadline,
        **fields,
    )


def target(programme, code=None, name=None, *, plan=None, **fields):
    """A target with its planned value per year (`plan={2025: 100}`)."""
    from trienkhai.programmes.models import Target, TargetPlan

    n = next(_numbers)
    made = Target.objects.create(
        programme=programme, code=code or f"CT{n}", name=name or f"Chỉ tiêu {n}", **fields
    )
    for year, value in (plan or {}).items():
        TargetPlan.objects.create(target=made, year=year, value=value)
    return made


def reload(obj):
    """The object as stored, without cached properties (roles, scope)."""
    return type(obj).objects.get(pk=obj.pk)


__all__ = [
    "Kind",
    "Level",
    "OrgUnit",
    "Role",
    "assign",
    "document",
    "person",
    "programme",
    "reload",
    "target",
    "task",
    "unit",
    "user",
]
