"""Study factories: Party member counts, study sessions and learning reports.

The study app has no service layer: its pages and API save through SessionForm and
ReportForm. These make the same rows directly, checked by the model's own rules
(`full_clean`, as the API does), so a test can also build the implausible reports a
form would let through (more present than the registry's members)."""

import datetime

from trienkhai.orgs.models import OrgUnit
from trienkhai.study.models import LearningReport, SessionKind, StudySession

DAY = datetime.date(2021, 11, 20)

LESSONS = "Nắm vững mục tiêu, nhiệm vụ, giải pháp của chương trình phát triển du lịch tỉnh."


def members(unit, count):
    """Register `count` Party members for `unit` (None: no count registered)."""
    OrgUnit.objects.filter(pk=unit.pk).update(party_members=count)
    unit.party_members = count
    return unit


def session(
    unit,
    documents,
    expected=None,
    present=None,
    *,
    held_on=DAY,
    kind=SessionKind.REGULAR,
    **fields,
):
    """A session of `unit` studying `documents`; members expected default to the unit's
    registered count (as the form does), those present to all of them."""
    if expected is None:
        expected = OrgUnit.objects.get(pk=unit.pk).party_members
    record = StudySession(
        unit=unit,
        held_on=held_on,
        kind=kind,
        members_expected=expected,
        members_present=expected if present is None else present,
        **fields,
    )
    record.full_clean(exclude=["documents", "programme", "conference"])
    record.save()
    record.documents.set(documents)
    return record


def learning_report(author, document, lessons=LESSONS, commitments="", **fields):
    """`author`'s learning report on `document`, filed under the author's unit."""
    name = (author.person.full_name if author.person_id else "") or author.get_full_name()
    return LearningReport.objects.create(
        document=document,
        unit=fields.pop("unit", author.unit),
        author=author,
        author_name=name or author.username,
        lessons=lessons,
        commitments=commitments,
        **fields,
    )


__all__ = ["DAY", "LESSONS", "learning_report", "members", "session"]
