"""Every write of the study app, one function per act, for the pages and the API alike:
`record_session` (a study session, new or changed) and `submit_learning_report` (a
member's own report on a document). Each owns its checks and refuses with
`ValidationError({field: message})` or `PermissionDenied`, saving nothing."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from trienkhai.accounts.access import may_act_for
from trienkhai.core import versions
from trienkhai.core.bounds import check_dates
from trienkhai.documents.models import Document
from trienkhai.study.models import LearningReport, SessionKind, StudySession

SESSION_FIELDS = (
    "unit",
    "programme",
    "held_on",
    "kind",
    "form",
    "members_expected",
    "members_present",
    "others_present",
    "reports_submitted",
    "presiding",
    "note",
)


def same_sessions(unit, held_on, kind, documents, *, exclude=None):
    """Sessions of the unit that day, of that kind, on any of these documents."""
    qs = StudySession.objects.filter(
        unit=unit, held_on=held_on, kind=kind or SessionKind.REGULAR, documents__in=documents
    ).distinct()
    return qs.exclude(pk=exclude.pk) if exclude is not None and exclude.pk else qs


def record_session(
    user, session: StudySession, fields: dict, *, documents, based_on=None
) -> StudySession:
    """Record `session` (unsaved) or change it with `fields` (any of SESSION_FIELDS) and
    the documents studied; `based_on`, the revision an edit was opened at (a save made
    since is refused: core.versions). The members expected default to the unit's registered count;
    no more present than expected; one session per unit, day, kind and document."""
    for name in SESSION_FIELDS:
        if name in fields:
            setattr(session, name, fields[name])
    unit = session.unit if session.unit_id else None
    if unit is None or not may_act_for(user, unit):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận học tập cho đơn vị này."))
    documents = list(documents)
    visible = set(
        Document.objects.for_user(user)
        .filter(pk__in=[d.pk for d in documents])
        .values_list("pk", flat=True)
    )
    errors = {}
    check_dates(errors, held_on=session.held_on)
    if not documents:
        errors["documents"] = _("Hãy chọn ít nhất một văn bản.")
    elif len(visible) != len({d.pk for d in documents}):
        errors["documents"] = _("Có văn bản không tìm thấy trong sổ văn bản.")
    if session.members_expected is None:
        if unit.party_members is None:
            errors["members_expected"] = _(
                "Đơn vị chưa có số đảng viên trong danh mục; hãy nhập số đảng viên phải tham gia."
            )
        else:
            session.members_expected = unit.party_members
    present, expected = session.members_present, session.members_expected
    if expected is not None and present is not None and present > expected:
        errors["members_present"] = _(
            "Số đảng viên tham gia (%(p)d) lớn hơn số phải tham gia (%(e)d)."
        ) % {"p": present, "e": expected}
    if (
        documents
        and session.held_on
        and same_sessions(unit, session.held_on, session.kind, documents, exclude=session).exists()
    ):
        errors["session"] = _(
            "Buổi học tập của đơn vị này trong ngày này về văn bản đã chọn đã được ghi nhận. "
            "Hãy sửa buổi đã có thay vì ghi nhận lại."
        )
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    try:
        session.full_clean(exclude=["documents", "programme", "conference"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    with transaction.atomic():
        versions.lock_and_check(session, based_on, fields)
        if session.pk is None:
            session.recorded_by = user
        session.save()
        session.documents.set(documents)
    return session


def submit_learning_report(user, document, *, lessons, commitments=""):
    """The user's own learning report on a document: (report, created). The same report
    sent again returns the first (created False); another text is refused, one report
    per member and document."""
    if user.unit_id is None:
        raise PermissionDenied(_("Tài khoản chưa gắn với đơn vị nên chưa thể nộp bài thu hoạch."))
    lessons = (lessons or "").strip()
    errors = {}
    if document is None or not Document.objects.for_user(user).filter(pk=document.pk).exists():
        errors["document"] = _("Không tìm thấy văn bản này.")
    if len(lessons) < 50:
        errors["lessons"] = _("Bài thu hoạch quá ngắn (cần ít nhất 50 ký tự).")
    existing = (
        LearningReport.objects.filter(document=document, author=user).first()
        if "document" not in errors
        else None
    )
    if existing is not None:
        if existing.lessons == lessons:
            return existing, False
        errors["document"] = _("Bạn đã nộp bài thu hoạch về văn bản này.")
    if errors:
        raise ValidationError({k: [v] for k, v in errors.items()})
    report = LearningReport(
        document=document,
        author=user,
        unit=user.unit,
        lessons=lessons,
        commitments=(commitments or "").strip(),
        author_name=(user.person.full_name if user.person_id else "")
        or user.get_full_name()
        or user.username,
    )
    try:
        with transaction.atomic():
            report.save()
    except IntegrityError:  # sent twice at once: the first one stands
        return LearningReport.objects.get(document=document, author=user), False
    return report, True
