"""What the acts of oversight share (`services.py`, `followup.py`): the fields each act
takes, the checks of dates and of the documents an act issues, registering them about
their subjects, and who hears of an act."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from trienkhai.accounts.access import (
    committee_of,
    may_run_oversight,
    may_work_case,
)
from trienkhai.accounts.models import Role, User
from trienkhai.documents.registry import Draft, check_document, register
from trienkhai.notifications.notify import notify_once
from trienkhai.orgs.models import Assignment, OrgUnit
from trienkhai.orgs.scope import ancestors

MIN_SELF_REPORT = 50  # characters: a title is not a report
PLAN_FIELDS = (
    "body",
    "kind",
    "title",
    "content",
    "year_from",
    "year_to",
    "covers_from",
    "covers_to",
    "starts_on",
    "ends_on",
)
TEAM_FIELDS = ("name", "starts_on", "ends_on", "self_report_due")
REC_FIELDS = ("text", "responsible_unit", "deadline")
VISIT_FIELDS = ("unit", "held_on", "kind", "notes")
# The document kinds each act issues: a plan (Kế hoạch), a decision (Quyết định), a
# conclusion notice (Thông báo kết luận, or a Kết luận).
PLAN_KINDS, TEAM_KINDS, CONCLUSION_KINDS = ("KH",), ("QĐ",), ("TB", "KL")


def _refuse(errors):
    if errors:
        raise ValidationError({k: v if isinstance(v, list) else [v] for k, v in errors.items()})


def _day(value):
    return value.strftime("%d/%m/%Y")


def _require(errors, fields, labels):
    for name, label in labels.items():
        value = fields.get(name)
        if value is None or (isinstance(value, str) and not value.strip()):
            errors[name] = _("Hãy nhập %(f)s.") % {"f": label}


def _check_order(errors, first, then, key, message):
    if first and then and then < first and key not in errors:
        errors[key] = message


def _document_errors(errors, *, symbol, issue_date, issuing_unit, title, kinds, key="symbol"):
    """Check a document the act will register: its form, its kind, not yet registered."""
    if not issue_date:
        errors["issue_date"] = _("Hãy nhập ngày ban hành.")
    parsed, found = check_document(
        symbol=symbol or "", issue_date=issue_date, issuing_unit=issuing_unit, title=title or ""
    )
    for name, message in found.items():
        errors.setdefault(key if name == "symbol" else name, message)
    if parsed is not None and parsed.kind not in kinds and key not in errors:
        errors[key] = _("Số, ký hiệu %(s)s không phải %(k)s.") % {
            "s": parsed.symbol,
            "k": " / ".join(kinds),
        }


def _register(*, symbol, issue_date, issuing_unit, title, subjects, user, is_sample=False):
    (document,) = register(
        [
            Draft(
                symbol=symbol,
                issue_date=issue_date,
                issuing_unit=issuing_unit,
                title=title,
                is_sample=is_sample,
            )
        ]
    )
    document.created_by = user
    document.save(update_fields=["created_by"])
    document.subjects.set(subjects)
    return document


# --- who hears of it -------------------------------------------------------------------


def _writers_of(unit):
    return User.objects.filter(
        unit=unit, is_active=True, roles__role__in=[Role.REPORTER, Role.OFFICE]
    ).distinct()


def _workers_of(case):
    """The team's members with an account, and the body's inspectors."""
    people = case.team.members.values_list("person_id", flat=True)
    committee = committee_of(case.team.plan.body)
    inspectors = User.objects.filter(
        is_active=True,
        roles__role=Role.INSPECTOR,
        unit__in=OrgUnit.objects.under(committee),
    )
    return {u for u in inspectors if may_run_oversight(u, case.team.plan.body)} | set(
        User.objects.filter(is_active=True, person_id__in=people)
    )


def leaders_in_charge(unit, day=None):
    """Users whose person is in charge of the unit or of a unit above it."""
    paths = [unit.path, *ancestors(unit.path)]
    people = Assignment.objects.active_on(day).filter(unit__path__in=paths).values("person_id")
    return User.objects.filter(is_active=True, person_id__in=people)


def _tell(users, *, text, key, url, exclude=None, email=True):
    return sum(
        notify_once(user, text=text, key=key, url=url, subject=text[:80], email=email)
        for user in set(users)
        if exclude is None or user.pk != exclude.pk
    )


def _work(user, case):
    if not may_work_case(user, case):
        raise PermissionDenied(
            _("Chỉ đoàn kiểm tra, giám sát và cơ quan lập đoàn được làm việc này.")
        )


def _short(text, limit=80):
    """A recommendation quoted in a notification: whole words, an ellipsis when cut."""
    text = " ".join((text or "").split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(" ,;:.-–") + "…"
