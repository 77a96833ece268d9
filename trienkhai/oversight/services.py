"""Every write of oversight, one function per act, for the pages, the API and the demo.
Each owns its checks and refuses with `ValidationError({field: message})` or
`PermissionDenied`, saving nothing; each notifies whom the act concerns.

Preparation: `save_plan`, `issue_plan` (registered as a KH), `form_team` (the decision,
a QĐ, opens one case per subject). Conduct: `submit_self_report`, `attach_case_file`,
`add_finding`, `remove_finding`, `save_recommendation`, `remove_recommendation`.
Conclusion: `issue_conclusion` (a TB or KL). Follow-up (`followup.py`, re-exported here so
callers have one entry point): `take_into_plan` (the recommendation becomes a task of the
unit's plan), `report_remedy`, `attach_remedy_file`, `verify_remedy`; supervision by
Standing Committee members, `record_visit`, `close_follow_up`; the daily
`send_reminders`. What they share is in `common.py`.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from trienkhai.accounts.access import (
    committee_of,
    holds_post_under,
    is_oversight_body,
    may_answer_for,
    may_run_oversight,
    post_under,
)
from trienkhai.core import clock
from trienkhai.core.bounds import year_problem
from trienkhai.orgs.scope import is_below
from trienkhai.oversight.common import (
    CONCLUSION_KINDS,
    MIN_SELF_REPORT,
    PLAN_FIELDS,
    PLAN_KINDS,
    REC_FIELDS,
    TEAM_FIELDS,
    TEAM_KINDS,
    _check_order,
    _day,
    _document_errors,
    _refuse,
    _register,
    _require,
    _short,
    _tell,
    _work,
    _workers_of,
    _writers_of,
    leaders_in_charge,
)
from trienkhai.oversight.models import (
    TEAM_ROLE_ORDER,
    Case,
    CaseFile,
    CaseState,
    Finding,
    FindingKind,
    Member,
    Plan,
    Recommendation,
    Team,
    TeamRole,
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
    elif not is_oversight_body(body):
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
        if problem := year_problem(getattr(plan, key) or None):
            errors[key] = problem
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
    elif issue_date and issue_date < plan.document.issue_date:
        errors["issue_date"] = _("Ngày quyết định thành lập đoàn trước ngày ban hành kế hoạch.")
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
    elif subjects:
        # Nobody inspects the unit they work in (or one of its units below).
        involved = [
            p.full_name for p, _r in members if any(holds_post_under(p, u) for u in subjects)
        ]
        if involved:
            errors["members"] = _(
                "%(p)s đang giữ chức vụ tại đơn vị là đối tượng, nên không thể là thành viên đoàn."
            ) % {"p": ", ".join(involved)}
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
        for person, role in sorted(members, key=lambda m: TEAM_ROLE_ORDER.index(m[1])):
            Member.objects.create(
                team=team,
                person=person,
                role=role,
                position=post_under(person, committee),
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


# --- conduct ----------------------------------------------------------------------------


def _open_case(case, what):
    if case.concluded:
        raise ValidationError(
            {"case": [_("Đã ban hành kết luận; không %(what)s được nữa.") % {"what": what}]}
        )


def submit_self_report(user, case: Case, *, text) -> Case:
    """The subject unit's self-report (báo cáo tự kiểm tra); sent again before the
    conclusion, it replaces the earlier text but keeps the day it was first sent."""
    if not may_answer_for(user, case.subject):
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
    if first:  # a correction keeps the day it was sent (on time or late); history has it
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
    if not may_answer_for(user, case.subject):
        raise PermissionDenied(_("Chỉ đơn vị là đối tượng gửi tài liệu tự kiểm tra."))
    _open_case(case, _("gửi thêm tài liệu"))
    return CaseFile.objects.create(case=case, file=upload, name=name, size=size, uploaded_by=user)


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
    elif problem := year_problem(rec.deadline.year):
        errors["deadline"] = problem
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
    recommendation's deadline comes before the notice. The body issues it (its
    inspectors, for the Commission), not a team member on their own."""
    if not may_run_oversight(user, case.body):
        raise PermissionDenied(
            _("Thông báo kết luận do cơ quan kiểm tra, giám sát ban hành, không do một thành viên.")
        )
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
            ) % {"r": _short(early[0].text), "d": _day(early[0].deadline)}
        if issue_date < case.team.document.issue_date:
            errors["issue_date"] = _("Ngày kết luận trước ngày quyết định thành lập đoàn.")
    _refuse(errors)
    with transaction.atomic():
        case.conclusion = _register(
            symbol=symbol,
            issue_date=issue_date,
            issuing_unit=case.body,
            title=title[:500],
            # About the subject and the units below it that must remedy something.
            subjects={case.subject, *(r.responsible_unit for r in recs)},
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


# The follow-up acts and their fields, so pages, the API and the demo reach every act here.
from trienkhai.oversight.common import VISIT_FIELDS  # noqa: E402, F401
from trienkhai.oversight.followup import (  # noqa: E402, F401
    attach_remedy_file,
    close_follow_up,
    record_visit,
    report_remedy,
    send_reminders,
    take_into_plan,
    verify_remedy,
)
