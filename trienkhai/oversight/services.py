"""Every write of oversight, one function per act, for the pages, the API and the demo.
Each owns its checks and refuses with `ValidationError({field: message})` or
`PermissionDenied`, saving nothing; each notifies whom the act concerns.

Preparation: `save_plan`, `issue_plan` (registered as a KH), `form_team` (the decision,
a QĐ, opens one case per subject). Conduct: `submit_self_report`, `attach_case_file`,
`add_finding`, `remove_finding`, `save_recommendation`, `remove_recommendation`.
Conclusion: `issue_conclusion` (a TB or KL). Follow-up: `take_into_plan` (the
recommendation becomes a task of the unit's plan), `report_remedy`, `verify_remedy`.
Supervision by Standing Committee members: `record_visit`, `close_follow_up`.
"""

import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.accounts.access import (
    BODY_KINDS,
    committee_of,
    holds_post_under,
    may_run_oversight,
    may_supervise,
    may_work_case,
    may_write_for_unit,
)
from trienkhai.accounts.models import Role, User
from trienkhai.core import clock
from trienkhai.documents.registry import Draft, check_document, register
from trienkhai.notifications.notify import notify_once
from trienkhai.orgs.models import Assignment, OrgUnit
from trienkhai.orgs.scope import ancestors, is_below
from trienkhai.oversight.models import (
    Case,
    CaseFile,
    CaseState,
    Finding,
    FindingKind,
    FollowUp,
    Member,
    Plan,
    Recommendation,
    RecState,
    Remedy,
    RemedyFile,
    Team,
    TeamRole,
    Verdict,
    Visit,
)

YEAR_MIN, YEAR_MAX = 2000, 2100
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


def _tell(users, *, text, key, url, exclude=None):
    return sum(
        notify_once(user, text=text, key=key, url=url, subject=text[:80])
        for user in set(users)
        if exclude is None or user.pk != exclude.pk
    )


# --- preparation ------------------------------------------------------------------------


def save_plan(user, plan: Plan, fields: dict, *, subjects, documents=(), programmes=()) -> Plan:
    """Draft a plan (unsaved `plan`) or change a draft: its body, kind, content, subject
    units, the year or term and the period it covers, and its schedule."""
    for name in PLAN_FIELDS:
        if name in fields:
            setattr(plan, name, fields[name])
    if plan.pk and plan.issued:
        raise ValidationError(
            {"plan": [_("Kế hoạch đã ban hành; muốn thay đổi hãy ban hành kế hoạch điều chỉnh.")]}
        )
    body = plan.body if plan.body_id else None
    errors = {}
    if body is None:
        errors["body"] = _("Hãy chọn chủ thể kiểm tra, giám sát.")
    elif body.kind not in BODY_KINDS:
        errors["body"] = _("%(u)s không phải cấp ủy, Ban Thường vụ hay Ủy ban Kiểm tra.") % {
            "u": body.name
        }
    elif not may_run_oversight(user, body):
        raise PermissionDenied(
            _("Bạn không có quyền lập kế hoạch kiểm tra, giám sát của %(u)s.") % {"u": body.name}
        )
    values = {name: getattr(plan, name) for name in PLAN_FIELDS if name != "body"}
    _require(
        errors,
        values,
        {
            "kind": _("loại kiểm tra, giám sát"),
            "title": _("tên kế hoạch"),
            "content": _("nội dung kiểm tra, giám sát"),
            "year_from": _("năm"),
            "covers_from": _("thời kỳ kiểm tra, giám sát"),
            "covers_to": _("thời kỳ kiểm tra, giám sát"),
            "starts_on": _("thời gian tiến hành"),
            "ends_on": _("thời gian tiến hành"),
        },
    )
    if plan.year_from and not plan.year_to:
        plan.year_to = plan.year_from
    for key in ("year_from", "year_to"):
        year = getattr(plan, key)
        if year and not YEAR_MIN <= year <= YEAR_MAX:
            errors[key] = _("Năm phải trong khoảng %(a)d–%(b)d.") % {"a": YEAR_MIN, "b": YEAR_MAX}
    _check_order(
        errors,
        plan.year_from,
        plan.year_to,
        "year_to",
        _("Năm kết thúc phải từ năm bắt đầu trở đi."),
    )
    _check_order(
        errors,
        plan.covers_from,
        plan.covers_to,
        "covers_to",
        _("Thời kỳ kiểm tra, giám sát phải kết thúc sau khi bắt đầu."),
    )
    _check_order(
        errors, plan.starts_on, plan.ends_on, "ends_on", _("Ngày kết thúc phải sau ngày bắt đầu.")
    )
    subjects = list(subjects)
    if not subjects:
        errors["subjects"] = _("Hãy chọn ít nhất một đơn vị là đối tượng.")
    elif body is not None and "body" not in errors:
        committee = committee_of(body)
        outside = [u.name for u in subjects if not is_below(u.path, committee.path, strictly=True)]
        if outside:
            errors["subjects"] = _("%(u)s không thuộc phạm vi của %(b)s.") % {
                "u": ", ".join(outside),
                "b": committee.name,
            }
        closed = [u.name for u in subjects if not u.is_active()]
        if closed and "subjects" not in errors:
            errors["subjects"] = _("%(u)s đã giải thể hoặc sáp nhập.") % {"u": ", ".join(closed)}
    _refuse(errors)
    with transaction.atomic():
        if plan.pk is None:
            plan.created_by = user
        plan.full_clean(exclude=["documents", "programmes", "subjects", "document"])
        plan.save()
        plan.subjects.set(subjects)
        plan.documents.set(documents)
        plan.programmes.set(programmes)
    return plan


def issue_plan(user, plan: Plan, *, symbol, issue_date) -> Plan:
    """Issue a drafted plan: registered in the registry as the body's Kế hoạch, about
    its subjects, who can then read it."""
    if not may_run_oversight(user, plan.body):
        raise PermissionDenied(_("Bạn không có quyền ban hành kế hoạch này."))
    if plan.issued:
        raise ValidationError({"symbol": [_("Kế hoạch đã được ban hành.")]})
    errors = {}
    _document_errors(
        errors,
        symbol=symbol,
        issue_date=issue_date,
        issuing_unit=plan.body,
        title=plan.title,
        kinds=PLAN_KINDS,
    )
    _refuse(errors)
    with transaction.atomic():
        plan.document = _register(
            symbol=symbol,
            issue_date=issue_date,
            issuing_unit=plan.body,
            title=plan.title,
            subjects=plan.subjects.all(),
            user=user,
            is_sample=plan.is_sample,
        )
        plan.save(update_fields=["document"])
    return plan


def form_team(user, plan: Plan, fields: dict, *, members, subjects, symbol, issue_date) -> Team:
    """The decision forming a team for some of an issued plan's subjects: `members` is
    [(person, role)] with exactly one head, each holding a post under the body's
    committee. Registers the decision (a QĐ about the subjects) and opens one case per
    subject, whose writers are told when their self-report is due."""
    if not may_run_oversight(user, plan.body):
        raise PermissionDenied(_("Bạn không có quyền thành lập đoàn của kế hoạch này."))
    team = Team(plan=plan, **{k: fields.get(k) for k in TEAM_FIELDS})
    errors = {}
    if not plan.issued:
        errors["plan"] = _("Kế hoạch chưa ban hành; hãy ban hành kế hoạch trước khi lập đoàn.")
    _require(
        errors,
        fields,
        {
            "name": _("tên đoàn"),
            "starts_on": _("ngày bắt đầu làm việc"),
            "ends_on": _("ngày kết thúc"),
            "self_report_due": _("hạn nộp báo cáo tự kiểm tra"),
        },
    )
    _check_order(
        errors, team.starts_on, team.ends_on, "ends_on", _("Ngày kết thúc phải sau ngày bắt đầu.")
    )
    _check_order(
        errors,
        issue_date,
        team.self_report_due,
        "self_report_due",
        _("Hạn nộp báo cáo tự kiểm tra phải sau ngày ra quyết định."),
    )
    _check_order(
        errors,
        team.self_report_due,
        team.ends_on,
        "self_report_due",
        _("Hạn nộp báo cáo tự kiểm tra phải trước khi đoàn kết thúc làm việc."),
    )
    subjects = list(subjects)
    planned = set(plan.subjects.values_list("pk", flat=True))
    taken = set(
        Case.objects.filter(team__plan=plan, subject__in=subjects).values_list(
            "subject__name", flat=True
        )
    )
    if not subjects:
        errors["subjects"] = _("Hãy chọn ít nhất một đơn vị là đối tượng.")
    elif any(u.pk not in planned for u in subjects):
        errors["subjects"] = _("%(u)s không có trong kế hoạch.") % {
            "u": ", ".join(u.name for u in subjects if u.pk not in planned)
        }
    elif taken:
        errors["subjects"] = _("%(u)s đã có đoàn của kế hoạch này.") % {"u": ", ".join(taken)}
    members = [(p, r) for p, r in members if p is not None]
    people = [p.pk for p, _r in members]
    heads = [p for p, r in members if r == TeamRole.HEAD]
    committee = committee_of(plan.body)
    outside = [p.full_name for p, _r in members if not holds_post_under(p, committee)]
    if len(heads) != 1:
        errors["members"] = _("Đoàn phải có đúng một Trưởng đoàn.")
    elif len(people) != len(set(people)):
        errors["members"] = _("Mỗi cán bộ chỉ giữ một nhiệm vụ trong đoàn.")
    elif any(r not in TeamRole.values for _p, r in members):
        errors["members"] = _("Nhiệm vụ trong đoàn không hợp lệ.")
    elif outside:
        errors["members"] = _(
            "%(p)s không giữ chức vụ nào thuộc %(b)s, nên không thể là thành viên đoàn."
        ) % {"p": ", ".join(outside), "b": committee.name}
    _document_errors(
        errors,
        symbol=symbol,
        issue_date=issue_date,
        issuing_unit=plan.body,
        title=fields.get("name") or "",
        kinds=TEAM_KINDS,
    )
    _refuse(errors)
    with transaction.atomic():
        title = _("Quyết định thành lập %(team)s thực hiện %(plan)s") % {
            "team": team.name,
            "plan": plan.title,
        }
        team.document = _register(
            symbol=symbol,
            issue_date=issue_date,
            issuing_unit=plan.body,
            title=title[:500],
            subjects=subjects,
            user=user,
            is_sample=plan.is_sample,
        )
        team.is_sample = plan.is_sample
        team.full_clean(exclude=["document", "plan"])
        team.save()
        for person, role in members:
            Member.objects.create(
                team=team,
                person=person,
                role=role,
                position=_post_under(person, committee),
            )
        cases = [
            Case.objects.create(team=team, subject=u, is_sample=plan.is_sample) for u in subjects
        ]
    for case in cases:
        _tell(
            _writers_of(case.subject),
            text=_(
                "%(body)s kiểm tra, giám sát %(unit)s (%(plan)s). Hạn nộp báo cáo tự kiểm "
                "tra: %(due)s."
            )
            % {
                "body": plan.body.name,
                "unit": case.subject.name,
                "plan": plan.title,
                "due": _day(team.self_report_due),
            },
            key=f"oversight:opened:{case.pk}",
            url=case.get_absolute_url(),
        )
    return team


def _post_under(person, root):
    from trienkhai.orgs.models import Tenure

    tenure = (
        Tenure.objects.active_on()
        .filter(person=person, position__unit__in=OrgUnit.objects.under(root))
        .select_related("position")
        .order_by("position__rank")
        .first()
    )
    return tenure.position if tenure else None


# --- conduct ----------------------------------------------------------------------------


def _open_case(case, what):
    if case.concluded:
        raise ValidationError(
            {"case": [_("Đã ban hành kết luận; không %(what)s được nữa.") % {"what": what}]}
        )


def submit_self_report(user, case: Case, *, text) -> Case:
    """The subject unit's self-report (báo cáo tự kiểm tra); sent again before the
    conclusion, it replaces the earlier text."""
    if not may_write_for_unit(user, case.subject):
        raise PermissionDenied(_("Chỉ đơn vị là đối tượng nộp báo cáo tự kiểm tra."))
    _open_case(case, _("nộp báo cáo tự kiểm tra"))
    text = (text or "").strip()
    if len(text) < MIN_SELF_REPORT:
        raise ValidationError(
            {
                "self_report": [
                    _("Báo cáo tự kiểm tra quá ngắn (cần ít nhất %(n)d ký tự).")
                    % {"n": MIN_SELF_REPORT}
                ]
            }
        )
    first = case.self_reported_at is None
    case.self_report = text
    case.self_reported_at = clock.now()
    case.self_reported_by = user
    case.save(update_fields=["self_report", "self_reported_at", "self_reported_by"])
    if first:
        _tell(
            _workers_of(case),
            text=_("%(unit)s đã nộp báo cáo tự kiểm tra (%(plan)s).")
            % {"unit": case.subject.name, "plan": case.team.plan.title},
            key=f"oversight:self-report:{case.pk}",
            url=case.get_absolute_url(),
            exclude=user,
        )
    return case


def attach_case_file(user, case: Case, upload, name, size) -> CaseFile:
    """A file of the self-report or evidence for it, from the subject unit."""
    if not may_write_for_unit(user, case.subject):
        raise PermissionDenied(_("Chỉ đơn vị là đối tượng gửi tài liệu tự kiểm tra."))
    _open_case(case, _("gửi thêm tài liệu"))
    return CaseFile.objects.create(case=case, file=upload, name=name, size=size, uploaded_by=user)


def _work(user, case):
    if not may_work_case(user, case):
        raise PermissionDenied(
            _("Chỉ đoàn kiểm tra, giám sát và cơ quan lập đoàn được làm việc này.")
        )


def add_finding(user, case: Case, *, kind, text) -> Finding:
    """A finding of the team (ưu điểm, hạn chế, khuyết điểm, nguyên nhân), a draft seen by
    the team and its body only until the conclusion is issued."""
    _work(user, case)
    _open_case(case, _("sửa nhận xét"))
    errors = {}
    if kind not in FindingKind.values:
        errors["kind"] = _("Hãy chọn loại nhận xét.")
    if not (text or "").strip():
        errors["text"] = _("Hãy nhập nội dung nhận xét.")
    _refuse(errors)
    return Finding.objects.create(case=case, kind=kind, text=text.strip(), written_by=user)


def remove_finding(user, finding: Finding):
    _work(user, finding.case)
    _open_case(finding.case, _("sửa nhận xét"))
    finding.delete()


def save_recommendation(user, case: Case, rec: Recommendation, fields: dict) -> Recommendation:
    """Draft a recommendation of the coming conclusion (or change a draft): what to
    remedy, the unit responsible (the subject or a unit below it), by when."""
    _work(user, case)
    _open_case(case, _("sửa kiến nghị"))
    for name in REC_FIELDS:
        if name in fields:
            setattr(rec, name, fields[name])
    rec.case = case
    errors = {}
    if not (rec.text or "").strip():
        errors["text"] = _("Hãy nhập nội dung kiến nghị.")
    unit = rec.responsible_unit if rec.responsible_unit_id else None
    if unit is None:
        errors["responsible_unit"] = _("Kiến nghị phải có đơn vị chịu trách nhiệm thực hiện.")
    elif not is_below(unit.path, case.subject.path):
        errors["responsible_unit"] = _(
            "Đơn vị chịu trách nhiệm phải là %(s)s hoặc đơn vị trực thuộc."
        ) % {"s": case.subject.name}
    if rec.deadline is None:
        errors["deadline"] = _("Kiến nghị phải có hạn thực hiện.")
    _refuse(errors)
    rec.text = rec.text.strip()
    rec.is_sample = case.is_sample
    rec.save()
    return rec


def remove_recommendation(user, rec: Recommendation):
    _work(user, rec.case)
    _open_case(rec.case, _("sửa kiến nghị"))
    rec.delete()


# --- conclusion -------------------------------------------------------------------------


def issue_conclusion(user, case: Case, *, symbol, issue_date, title="") -> Case:
    """Issue the conclusion notice: registered as the body's TB (or KL) about the subject;
    the findings and recommendations stop being drafts; the subject, the leader in
    charge and the level above read them. Refused without findings, and when a
    recommendation's deadline comes before the notice."""
    _work(user, case)
    if case.concluded:
        raise ValidationError({"symbol": [_("Đã ban hành kết luận cho đơn vị này.")]})
    errors = {}
    if not case.findings.exists():
        errors["findings"] = _(
            "Chưa có nhận xét, đánh giá nào: hãy ghi ưu điểm, hạn chế, khuyết điểm, nguyên "
            "nhân trước khi ban hành kết luận."
        )
    title = (title or "").strip() or _("Thông báo kết luận %(plan)s tại %(unit)s") % {
        "plan": case.team.plan.title,
        "unit": case.subject.name,
    }
    _document_errors(
        errors,
        symbol=symbol,
        issue_date=issue_date,
        issuing_unit=case.body,
        title=title,
        kinds=CONCLUSION_KINDS,
    )
    recs = list(case.recommendations.select_related("responsible_unit"))
    if issue_date and "issue_date" not in errors:
        early = [r for r in recs if r.deadline < issue_date]
        if early:
            errors["recommendations"] = _(
                "Hạn thực hiện của kiến nghị “%(r)s” (%(d)s) trước ngày ban hành kết luận."
            ) % {"r": early[0].text[:80], "d": _day(early[0].deadline)}
        if issue_date < case.team.document.issue_date:
            errors["issue_date"] = _("Ngày kết luận trước ngày quyết định thành lập đoàn.")
    _refuse(errors)
    with transaction.atomic():
        case.conclusion = _register(
            symbol=symbol,
            issue_date=issue_date,
            issuing_unit=case.body,
            title=title[:500],
            subjects=[case.subject],
            user=user,
            is_sample=case.is_sample,
        )
        case.concluded_on = issue_date
        case.state = CaseState.CONCLUDED if recs else CaseState.CLOSED
        case.closed_on = None if recs else issue_date
        case.save(update_fields=["conclusion", "concluded_on", "state", "closed_on"])
    text = _("%(body)s đã ban hành kết luận %(s)s về %(unit)s, %(n)d kiến nghị.") % {
        "body": case.body.name,
        "s": case.conclusion.symbol,
        "unit": case.subject.name,
        "n": len(recs),
    }
    responsible = {r.responsible_unit for r in recs} | {case.subject}
    users = [u for unit in responsible for u in _writers_of(unit)]
    users += list(leaders_in_charge(case.subject))
    _tell(users, text=text, key=f"oversight:concluded:{case.pk}", url=case.get_absolute_url())
    return case


# --- follow-up --------------------------------------------------------------------------


def _issued(rec):
    if rec.case.conclusion_id is None:
        raise ValidationError({"recommendation": [_("Kiến nghị chưa được ban hành.")]})


def take_into_plan(user, rec: Recommendation, *, programme):
    """The responsible unit makes the recommendation a task of one of its own plans, so
    its progress is reported with the unit's other tasks."""
    from trienkhai.programmes.models import Task
    from trienkhai.programmes.services import save_task

    if not may_write_for_unit(user, rec.responsible_unit):
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
    if not may_write_for_unit(user, rec.responsible_unit):
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
        % {"unit": rec.responsible_unit.name, "r": rec.text[:80]},
        key=f"oversight:remedy:{remedy.pk}",
        url=rec.get_absolute_url(),
        exclude=user,
    )
    return remedy


def attach_remedy_file(user, remedy: Remedy, upload, name, size) -> RemedyFile:
    if not may_write_for_unit(user, remedy.recommendation.responsible_unit):
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
        text=_("Kiến nghị “%(r)s”: %(v)s.") % {"r": rec.text[:80], "v": Verdict(verdict).label},
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
    """Mark a follow-up item done: the member who left it, or the unit's writers."""
    visit = item.visit
    if not (visit.member_id == user.person_id or may_write_for_unit(user, visit.unit)):
        raise PermissionDenied(_("Bạn không có quyền cập nhật việc này."))
    done_on = done_on or clock.today()
    if done_on < visit.held_on:
        raise ValidationError({"done_on": [_("Ngày hoàn thành trước ngày làm việc.")]})
    if item.done_on:
        return item
    item.done_on = done_on
    item.save(update_fields=["done_on"])
    return item


# --- daily reminders ------------------------------------------------------------------------


def send_reminders(today=None, *, days=5, email=True):
    """Self-reports due within `days` or late; recommendations due within `days` or
    overdue, to the responsible unit's writers and (overdue) the leaders in charge.
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
        )
        sent.append(("self-report", case.subject, n))
    recs = (
        Recommendation.objects.issued()
        .still_open()
        .filter(deadline__lte=soon)
        .select_related("responsible_unit", "case__subject")
    )
    for rec in recs:
        overdue = rec.deadline < today
        text = (
            _("Kiến nghị quá hạn từ %(d)s: “%(r)s” (%(unit)s).")
            if overdue
            else _("Kiến nghị đến hạn %(d)s: “%(r)s” (%(unit)s).")
        ) % {"d": _day(rec.deadline), "r": rec.text[:80], "unit": rec.responsible_unit.name}
        users = list(_writers_of(rec.responsible_unit))
        if overdue:
            users += list(leaders_in_charge(rec.responsible_unit, today))
        n = _tell(
            users,
            text=text,
            key=f"oversight:rec:{'overdue' if overdue else 'due'}:{rec.pk}",
            url=rec.get_absolute_url(),
        )
        sent.append(("recommendation", rec.responsible_unit, n))
    return sent
