"""What study asks of a person now, for the home page (core/todo.py): the documents its
unit was asked to study and has recorded no session for yet.

A unit is asked to study a document when a conference organised by a unit above it (the
conference that sets the study going, "hội nghị quán triệt") put the document on its
agenda in the last year and has begun; the Party organisations study
(`coverage.PARTY_KINDS`, the units that count members), and their writers record the
session (`access.units_acted_for`). One query; reading never writes."""

import datetime

from django.db.models import Exists, OuterRef
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.accounts.access import scope_for
from trienkhai.conferences.models import Conference
from trienkhai.core.todo import Item
from trienkhai.lib.vnformat import format_date
from trienkhai.orgs.scope import ancestors
from trienkhai.study.coverage import PARTY_KINDS
from trienkhai.study.models import StudySession

LOOK_BACK = 365  # days: older conferences belong to the record, not to what is due
LIMIT = 20


def items(user, today) -> list[Item]:
    unit = user.unit if user.unit_id else None
    if (
        unit is None
        or unit.kind not in PARTY_KINDS
        or not unit.is_active(today)
        or not scope_for(user).writes_for(unit.path)
    ):
        return []
    studied = StudySession.objects.filter(unit=unit, documents=OuterRef("document_id"))
    asked = (
        Conference.documents.through.objects.filter(
            conference__organiser__path__in=ancestors(unit.path),
            conference__starts_at__date__lte=today,
            conference__starts_at__date__gte=today - datetime.timedelta(LOOK_BACK),
        )
        .exclude(Exists(studied))
        .select_related("document", "conference")
        .order_by("conference__starts_at", "document__symbol")[: LIMIT * 2]
    )
    found, seen = [], set()
    for row in asked:
        if row.document_id in seen:  # on the agenda of two conferences: the first asks
            continue
        seen.add(row.document_id)
        document, held = row.document, row.conference.starts_at
        found.append(
            Item(
                _("Ghi nhận học tập, quán triệt %(symbol)s: %(title)s")
                % {"symbol": document.symbol, "title": _short(document.title)},
                f"{reverse('study:create')}?doc={document.uid}",
                note=_("hội nghị ngày %(day)s") % {"day": format_date(timezone.localdate(held))},
            )
        )
    return found[:LIMIT]


def _short(text, length=90):
    if len(text) <= length:
        return text
    return text[:length].rsplit(" ", 1)[0].rstrip(",;:") + "…"
