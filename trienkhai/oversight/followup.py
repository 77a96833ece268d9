"""Oversight's follow-up: a recommendation taken into the unit's plan, remedies and their
verification; supervision visits of Standing Committee members; the daily reminders.
Each act owns its checks, like those of `services.py`, which re-exports them."""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.accounts.access import (
    may_answer_for,
    may_close_follow_ups,
    may_supervise,
)
from trienkhai.core import clock
from trienkhai.core.bounds import year_problem
from trienkhai.oversight.common import (
    VISIT_FIELDS,
    _day,
    _refuse,
    _short,
    _tell,
    _work,
    _workers_of,
    _writers_of,
    leaders_in_charge,
)
from trienkhai.oversight.models import (
    Case,
    CaseState,
    FollowUp,
    Recommendation,
    RecState,
    Remedy,
    RemedyFile,
    Verdict,
    Visit,
)

# --- follow-up --------------------------------------------------------------------------


def _issued(rec):
    if rec.case.conclusion_id is None:
        raise ValidationError({"recommendation": [_("Kiến nghị chưa được ban hành.")]})


def take_into_plan(user, rec: Recommendation, *, programme):
    """The responsible unit makes the recommendation a task of one of its own plans, so
    its progress is reported with the unit's other tasks."""
    from trienkhai.programmes.models import Task
    from trienkhai.programmes.services import save_task

    if not may_answer_for(user, rec.responsible_unit):
        raise PermissionDenied(_("Kiến nghị này giao cho đơn vị khác."))
    _issued(rec)
    if rec.task_id:
        raise ValidationError({"programme": [_("Kiến nghị đã là một nhiệm vụ trong kế hoạch.")]})
    if programme is None or programme.unit_id != rec.responsible_unit_id:
        raise ValidationError(
            {
                "programme": [
                    _("Hãy chọn một chương trình, kế hoạch của %(u)s.")
                    % {"u": rec.responsible_unit.name}
                ]
            }
        )
    with transaction.atomic():
        task = save_task(
            user,
            Task(programme=programme),
            {
                "title": _("Khắc phục theo kiến nghị: %(t)s") % {"t": rec.text[:450]},
                "lead_unit": rec.responsible_unit,
                "deadline": rec.deadline,
                "expected_output": _("Báo cáo kết quả khắc phục"),
            },
        )
        rec.task = task
        rec.save(update_fields=["task"])
    return task


def report_remedy(user, rec: Recommendation, *, text) -> Remedy:
    """The responsible unit reports what it did about a recommendation; the team is told
    and verifies it."""
    if not may_answer_for(user, rec.responsible_unit):
        raise PermissionDenied(
            _("Kiến nghị này giao cho đơn vị khác; bạn không báo cáo khắc phục thay được.")
        )
    _issued(rec)
    if rec.state == RecState.DONE:
        raise ValidationError({"text": [_("Kiến nghị đã được xác minh là đã thực hiện.")]})
    if rec.remedies.filter(verdict="").exists():
        raise ValidationError(
            {"text": [_("Báo cáo khắc phục trước đang chờ xác minh; hãy bổ sung tệp minh chứng.")]}
        )
    text = (text or "").strip()
    if len(text) < 20:
        raise ValidationError({"text": [_("Hãy nêu rõ đã khắc phục thế nào (ít nhất 20 ký tự).")]})
    with transaction.atomic():
        remedy = Remedy.objects.create(recommendation=rec, text=text, reported_by=user)
        rec.state = RecState.REPORTED
        rec.save(update_fields=["state"])
    _tell(
        _workers_of(rec.case),
        text=_("%(unit)s báo cáo khắc phục kiến nghị “%(r)s”.")
        % {"unit": rec.responsible_unit.name, "r": _short(rec.text)},
        key=f"oversight:remedy:{remedy.pk}",
        url=rec.get_absolute_url(),
        exclude=user,
    )
    return remedy


def attach_remedy_file(user, remedy: Remedy, upload, name, size) -> RemedyFile:
    if not may_answer_for(user, remedy.recommendation.responsible_unit):
        raise PermissionDenied(_("Kiến nghị này giao cho đơn vị khác."))
    if remedy.verdict:
        raise ValidationError({"file": [_("Báo cáo khắc phục đã được xác minh.")]})
    return RemedyFile.objects.create(
        remedy=remedy, file=upload, name=name, size=size, uploaded_by=user
    )


def verify_remedy(user, remedy: Remedy, *, verdict, note="") -> Remedy:
    """The team or its body verifies a reported remedy: done closes the recommendation
    (and the case when it was the last one open); partly done or not done keeps it open
    and says why."""
    rec = remedy.recommendation
    case = rec.case
    _work(user, case)
    if remedy.reported_by_id == user.pk:
        raise PermissionDenied(_("Không tự xác minh báo cáo khắc phục do chính mình gửi."))
    errors = {}
    if remedy.verdict:
        errors["verdict"] = _("Báo cáo khắc phục này đã được xác minh.")
    elif verdict not in Verdict.values:
        errors["verdict"] = _("Hãy chọn kết quả xác minh.")
    note = (note or "").strip()
    if verdict in (Verdict.PARTLY, Verdict.NOT_DONE) and not note:
        errors["note"] = _("Hãy nêu rõ còn thiếu gì để đơn vị tiếp tục khắc phục.")
    _refuse(errors)
    today = clock.today()
    with transaction.atomic():
        remedy.verdict = verdict
        remedy.verification_note = note
        remedy.verified_by = user
        remedy.verified_on = today
        remedy.save(update_fields=["verdict", "verification_note", "verified_by", "verified_on"])
        rec.state = verdict
        rec.done_on = today if verdict == Verdict.DONE else None
        rec.save(update_fields=["state", "done_on"])
        if not case.recommendations.exclude(state=RecState.DONE).exists():
            case.state = CaseState.CLOSED
            case.closed_on = today
            case.save(update_fields=["state", "closed_on"])
    _tell(
        _writers_of(rec.responsible_unit),
        text=_("Kiến nghị “%(r)s”: %(v)s.") % {"r": _short(rec.text), "v": Verdict(verdict).label},
        key=f"oversight:verified:{remedy.pk}",
        url=rec.get_absolute_url(),
    )
    return remedy


# --- supervision by Standing Committee members --------------------------------------------


def record_visit(user, visit: Visit, fields: dict, *, follow_ups=()) -> Visit:
    """A member's supervision visit or working session with a unit in their charge, with
    its notes and the items it leaves to follow up [(text, deadline or None)]."""
    for name in VISIT_FIELDS:
        if name in fields:
            setattr(visit, name, fields[name])
    unit = visit.unit if visit.unit_id else None
    if not user.person_id:
        raise PermissionDenied(_("Tài khoản chưa gắn với cán bộ nên chưa ghi được buổi giám sát."))
    errors = {}
    if unit is None:
        errors["unit"] = _("Hãy chọn đơn vị.")
    elif not may_supervise(user, unit):
        errors["unit"] = _("%(u)s không thuộc các đơn vị được phân công phụ trách.") % {
            "u": unit.name
        }
    if visit.held_on is None:
        errors["held_on"] = _("Hãy nhập ngày.")
    elif visit.held_on > clock.today():
        errors["held_on"] = _("Ngày %(d)s ở tương lai.") % {"d": _day(visit.held_on)}
    elif problem := year_problem(visit.held_on.year):
        errors["held_on"] = problem
    if not (visit.notes or "").strip():
        errors["notes"] = _("Hãy ghi nội dung buổi làm việc.")
    items = [((t or "").strip(), d) for t, d in follow_ups if (t or "").strip()]
    early = [t for t, d in items if d and visit.held_on and d < visit.held_on]
    if early:
        errors["follow_ups"] = _("Hạn của việc “%(t)s” trước ngày làm việc.") % {"t": early[0]}
    _refuse(errors)
    visit.member = user.person
    if visit.pk is None:
        visit.recorded_by = user  # before full_clean, which requires it
    try:
        visit.full_clean(exclude=["member"])
    except ValidationError as exc:
        raise ValidationError(exc.message_dict) from None
    with transaction.atomic():
        visit.save()
        for text, deadline in items:
            FollowUp.objects.create(visit=visit, text=text[:500], deadline=deadline)
    return visit


def close_follow_up(user, item: FollowUp, *, done_on=None) -> FollowUp:
    """Mark a follow-up item done: the member who left it, or the unit's own writers."""
    visit = item.visit
    if not may_close_follow_ups(user, visit):
        raise PermissionDenied(_("Bạn không có quyền cập nhật việc này."))
    done_on = done_on or clock.today()
    if done_on < visit.held_on:
        raise ValidationError({"done_on": [_("Ngày hoàn thành trước ngày làm việc.")]})
    if done_on > clock.today():
        raise ValidationError({"done_on": [_("Ngày %(d)s ở tương lai.") % {"d": _day(done_on)}]})
    if item.done_on:
        return item
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    return item


# --- daily reminders ------------------------------------------------------------------------


# A remedy reported this long ago and not yet verified is reminded to the team.
VERIFY_WITHIN = datetime.timedelta(days=5)


def send_reminders(today=None, *, days=5, email=True):
    """Self-reports due within `days` or late; recommendations due within `days` or
    overdue, to the responsible unit's writers and (overdue) the leaders in charge;
    remedies waiting for verification longer than `VERIFY_WITHIN`, to the team.
    Returns [(what, unit, notified)]; a second run the same day adds nothing."""
    today = today or clock.today()
    soon = today + datetime.timedelta(days=days)
    sent = []
    for case in Case.objects.filter(
        conclusion__isnull=True, self_reported_at__isnull=True, team__self_report_due__lte=soon
    ).select_related("team__plan__body", "subject"):
        late = case.team.self_report_due < today
        text = (
            _("%(unit)s: báo cáo tự kiểm tra quá hạn từ %(d)s.")
            if late
            else _("%(unit)s: hạn nộp báo cáo tự kiểm tra %(d)s.")
        ) % {"unit": case.subject.name, "d": _day(case.team.self_report_due)}
        state = "late" if late else "due"
        n = _tell(
            _writers_of(case.subject),
            text=text,
            key=f"oversight:self-report:{state}:{case.pk}",
            url=case.get_absolute_url(),
            email=email,
        )
        sent.append(("self-report", case.subject, n))
    recs = (
        Recommendation.objects.issued()
        .still_open()
        .exclude(state=RecState.REPORTED)  # awaiting the team's verification, not the unit
        .filter(deadline__lte=soon)
        .select_related("responsible_unit", "case__subject")
    )
    for rec in recs:
        overdue = rec.deadline < today
        text = (
            _("Kiến nghị quá hạn từ %(d)s: “%(r)s” (%(unit)s).")
            if overdue
            else _("Kiến nghị đến hạn %(d)s: “%(r)s” (%(unit)s).")
        ) % {"d": _day(rec.deadline), "r": _short(rec.text), "unit": rec.responsible_unit.name}
        users = list(_writers_of(rec.responsible_unit))
        if overdue:
            users += list(leaders_in_charge(rec.responsible_unit, today))
        n = _tell(
            users,
            text=text,
            key=f"oversight:rec:{'overdue' if overdue else 'due'}:{rec.pk}",
            url=rec.get_absolute_url(),
            email=email,
        )
        sent.append(("recommendation", rec.responsible_unit, n))
    waiting = (
        Remedy.objects.filter(verdict="", reported_at__date__lte=today - VERIFY_WITHIN)
        .select_related(
            "recommendation__case__team__plan__body", "recommendation__responsible_unit"
        )
        .prefetch_related("recommendation__case__team__members")
    )
    for remedy in waiting:
        rec = remedy.recommendation
        n = _tell(
            _workers_of(rec.case),
            text=_("%(unit)s đã báo cáo khắc phục từ %(d)s, chờ đoàn xác minh: “%(r)s”.")
            % {
                "unit": rec.responsible_unit.name,
                "d": _day(timezone.localtime(remedy.reported_at).date()),
                "r": _short(rec.text),
            },
            key=f"oversight:verify:{remedy.pk}",
            url=rec.get_absolute_url(),
            email=email,
        )
        sent.append(("verification", rec.responsible_unit, n))
    return sent
