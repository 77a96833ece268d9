"""A steering committee (Ban Chỉ đạo) for tests: its unit under a committee, the
programmes it oversees, and its members (people holding a post in its unit)."""

import datetime

from trienkhai.dashboards.models import Steering
from trienkhai.orgs.models import Kind, Position, Tenure

from . import factories as make

TERM_START = datetime.date(2020, 10, 27)


def steering(committee, *programmes, code=None, members=(), document=None):
    """A steering committee under `committee` overseeing `programmes`; `members` are
    (person, post) pairs, each made to hold the post in its unit."""
    unit = make.unit(
        committee,
        code or f"BCD-{committee.code}",
        f"Ban Chỉ đạo các chương trình trọng tâm của {committee.name}",
        level=committee.level,
        kind=Kind.OTHER,
    )
    made = Steering.objects.create(unit=unit, document=document)
    made.programmes.add(*programmes)
    for who, post in members:
        hold(who, unit, post)
    return made


def hold(who, unit, post):
    """`who` (a person) holding `post` in `unit` from the start of the term."""
    position, _new = Position.objects.get_or_create(unit=unit, title=post)
    return Tenure.objects.create(person=who, position=position, start=TERM_START)
