"""The one permission layer: what a user may see and change, one public function per
object kind.

Lists: `Model.objects.for_user(user)` on each app's queryset, filtered by the user's
scope (`orgs/scope.py`: its unit's subtree plus the units its person is assigned to).
One object: `get_<kind>_for_user(user, id, change=False)` returns `(object, may_change)`;
404 when the object is not visible, so an object outside one's scope looks exactly like
one that does not exist; 403 when `change=True` is asked and the user may only read.
Every page and API endpoint opens with one of these calls.

The rules for changing, per kind, are the `may_*` functions below; services call them
too, so a page, the API and an import can never disagree on who may act.
"""

from __future__ import annotations

import logging
import uuid

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.utils.translation import gettext as _

from trienkhai.accounts.models import EDITOR_ROLES, WRITER_ROLES, Role  # noqa: F401
from trienkhai.conferences.models import BridgePoint, Conference, Poll
from trienkhai.core.models import ImportJob
from trienkhai.dashboards.models import Steering
from trienkhai.documents.models import Document
from trienkhai.exports.models import Export
from trienkhai.orgs.models import Assignment, Kind, OrgUnit, Person, Tenure
from trienkhai.orgs.scope import (  # noqa: F401  (re-exported: the layer's public names)
    NOBODY,
    Scope,
    committee_path,
    in_scope_or_above,
    is_below,
    scope_for,
    subtree_q,
    subtrees_q,
)
from trienkhai.oversight.models import Case, Plan, Recommendation, Team, Visit
from trienkhai.programmes.models import Objective, Programme, Target, Task
from trienkhai.reporting.models import Submission
from trienkhai.study.models import LearningReport, StudySession

log = logging.getLogger("trienkhai.access")


def is_uuid(value) -> bool:
    """Public ids in URLs are UUIDs; anything else is simply not found."""
    try:
        uuid.UUID(str(value))
    except ValueError:
        return False
    return True


def unit_scope_q(user, prefix: str = ""):
    """A Q object restricting a queryset to visible units; `prefix` reaches the unit
    through a relation, e.g. `unit_scope_q(user, "unit__")` on positions."""
    return scope_for(user).q(prefix)


def require_role(user, *roles):
    if not user.has_role(*roles):
        raise PermissionDenied(
            _("Chức năng này dành cho vai trò: %(roles)s.")
            % {"roles": ", ".join(str(Role(r).label) for r in roles)}
        )


# --- who may change what ---------------------------------------------------------------


def can_see_unit(user, unit) -> bool:
    return scope_for(user).sees(unit.path)


def can_change_unit(user, unit) -> bool:
    return scope_for(user).changes(unit.path)


def may_change_owned(user, unit) -> bool:
    """May the user change an object owned by `unit` (a document's issuing unit, a
    programme's unit, a conference's organiser)? Objects owned by no unit of the tree
    (Central and State documents) are kept by the editors of a top unit."""
    scope = scope_for(user)
    if unit is None:
        return scope.keeps_unowned()
    return scope.changes(unit.path)


def may_write_for_unit(user, unit) -> bool:
    """May the user write a unit's own plans, tasks, progress and reports? Reporters do
    it for the units of their own subtree, as offices do; leaders and inspectors read."""
    return unit is not None and scope_for(user).writes_for(unit.path)


def may_review_for_unit(user, unit) -> bool:
    """May the user accept or return a unit's report? A writer of a unit strictly above
    it; never the unit itself, so nobody approves their own report."""
    return unit is not None and scope_for(user).reviews_for(unit.path)


def units_acted_for(user):
    """The units a user acts for (records study sessions, registers bridge points): the
    active units of its own unit's subtree when it writes for its unit, else None. The
    one definition behind those pickers."""
    unit = user.unit if user.unit_id else None
    if unit is None or not scope_for(user).writes_for(unit.path):
        return None
    return OrgUnit.objects.under(unit).active_on()


def may_act_for(user, unit) -> bool:
    """Is `unit` one of `units_acted_for(user)`? Decided without a query, for rows of an
    import checked one by one."""
    own = user.unit if user.unit_id else None
    return (
        own is not None
        and scope_for(user).writes_for(own.path)
        and is_below(unit.path, own.path)
        and unit.is_active()
    )


def may_change_programme(user, programme) -> bool:
    """A programme's structure (objectives, targets, tasks, milestones, its units'
    obligations) is changed by the editors of its unit; an implementing plan also by
    the unit's writers, who issued it: whoever may issue a unit's plan may carry it on."""
    if may_change_owned(user, programme.unit):
        return True
    return programme.parent_id is not None and may_write_for_unit(user, programme.unit)


# --- one object of each kind ----------------------------------------------------------


def _found(obj, user, kind, ident, message):
    if obj is None:
        log.warning("user %s denied %s %s", user, kind, ident)
        raise Http404(message)
    return obj


def _checked(obj, may_change, change, message):
    if change and not may_change:
        raise PermissionDenied(message)
    return obj, may_change


def _by_uid(queryset, uid):
    return queryset.filter(uid=uid).first() if is_uuid(uid) else None


def get_unit_for_user(user, code: str, *, change: bool = False):
    """Return (unit, may_change) for a unit code."""
    unit = OrgUnit.objects.filter(code=str(code).upper()).first()
    if unit is not None and not scope_for(user).sees(unit.path):
        unit = None
    message = _("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": code}
    _found(unit, user, "unit", code, message)
    message = _("Bạn không có quyền sửa thông tin của đơn vị này.")
    return _checked(unit, scope_for(user).changes(unit.path), change, message)


def get_unit_or_summary_for_user(user, code: str):
    """Return (unit, full): `full` for a unit in the user's scope; a unit above it (whose
    programmes and documents the user's units implement) opens as a read-only summary,
    `full` False; any other unit is not found."""
    unit = OrgUnit.objects.filter(code=str(code).upper()).first()
    scope = scope_for(user)
    if unit is not None and not scope.sees_or_above(unit.path):
        unit = None
    _found(unit, user, "unit", code, _("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": code})
    return unit, scope.sees(unit.path)


def get_steering_for_user(user, code, *, change: bool = False):
    """Return (steering committee, may_change) by its unit's code: visible to whoever
    sees its unit (its members read the committee above it, `scope_for`); changed (the
    programmes it oversees) by the editors of that committee."""
    steering = (
        Steering.objects.for_user(user)
        .select_related("unit", "document")
        .filter(unit__code=str(code).upper())
        .first()
    )
    message = _("Không tìm thấy ban chỉ đạo có mã “%(code)s”.") % {"code": code}
    _found(steering, user, "steering committee", code, message)
    message = _("Chỉ văn phòng cấp ủy thành lập ban chỉ đạo được sửa ban chỉ đạo này.")
    may_change = scope_for(user).changes(committee_path(steering.unit.path))
    return _checked(steering, may_change, change, message)


def steerings_for_user(user):
    """The steering committees a page about them offers the user: those it belongs to,
    else those it sees, in the tree's order."""
    visible = Steering.objects.for_user(user).select_related("unit")
    mine = scope_for(user).steering_paths
    if mine:
        return list(visible.filter(unit__path__in=mine))
    return list(visible)


def get_person_for_user(user, uid, *, change: bool = False):
    """Return (person, may_change) for a person visible through a unit in scope; it is
    changed by an editor of a unit where the person holds or held a position."""
    person = _by_uid(Person.objects.for_user(user), uid)
    _found(person, user, "person", uid, _("Không tìm thấy cán bộ này."))
    scope = scope_for(user)
    may_change = scope.everything or (
        scope.can_edit
        and scope.own_path is not None
        and person.tenures.filter(subtree_q(scope.own_path, "position__unit__")).exists()
    )
    return _checked(person, may_change, change, _("Bạn không có quyền sửa thông tin cán bộ này."))


def get_document_for_user(user, uid, *, change: bool = False):
    document = _by_uid(Document.objects.for_user(user).select_related("issuing_unit"), uid)
    _found(document, user, "document", uid, _("Không tìm thấy văn bản này."))
    may_change = may_change_owned(user, document.issuing_unit)
    return _checked(document, may_change, change, _("Bạn không có quyền sửa văn bản này."))


def get_programme_for_user(user, uid, *, change: bool = False):
    """A programme, breakthrough or implementing plan (a plan is a programme with an
    upper programme)."""
    programme = _by_uid(
        Programme.objects.for_user(user).select_related("unit", "document", "parent"), uid
    )
    _found(programme, user, "programme", uid, _("Không tìm thấy chương trình này."))
    may_change = may_change_programme(user, programme)
    message = _("Bạn không có quyền sửa chương trình này.")
    return _checked(programme, may_change, change, message)


def _programme_part(model, user, pk, change, kind, not_found, denied):
    """An objective or a target: visible with its programme, changed by whoever may
    change the programme's structure."""
    part = (
        model.objects.filter(pk=pk, programme__in=Programme.objects.for_user(user))
        .select_related("programme__unit")
        .first()
        if str(pk).isdigit()
        else None
    )
    _found(part, user, kind, pk, not_found)
    return _checked(part, may_change_programme(user, part.programme), change, denied)


def get_objective_for_user(user, pk, *, change: bool = False):
    return _programme_part(
        Objective,
        user,
        pk,
        change,
        "objective",
        _("Không tìm thấy mục tiêu này."),
        _("Bạn không có quyền sửa mục tiêu này."),
    )


def get_target_for_user(user, pk, *, change: bool = False):
    return _programme_part(
        Target,
        user,
        pk,
        change,
        "target",
        _("Không tìm thấy chỉ tiêu này."),
        _("Bạn không có quyền sửa chỉ tiêu này."),
    )


def get_task_for_user(user, uid, *, change: bool = False):
    """Return (task, may_change): changing a task's content belongs to those who may
    change its programme; reporting its progress to the writers of its lead unit
    (`may_write_for_unit(user, task.lead_unit)`)."""
    task = _by_uid(
        Task.objects.for_user(user).select_related("programme__unit", "lead_unit", "parent"),
        uid,
    )
    _found(task, user, "task", uid, _("Không tìm thấy nhiệm vụ này."))
    may_change = may_change_programme(user, task.programme)
    return _checked(task, may_change, change, _("Bạn không có quyền sửa nhiệm vụ này."))


def get_submission_for_user(user, uid, *, change: bool = False):
    """A unit's report for a period; changed (drafted, sent) by the unit's writers."""
    submission = _by_uid(Submission.objects.for_user(user).select_related("unit", "period"), uid)
    _found(submission, user, "submission", uid, _("Không tìm thấy báo cáo này."))
    may_change = may_write_for_unit(user, submission.unit)
    message = _("Bạn không có quyền lập báo cáo của đơn vị này.")
    return _checked(submission, may_change, change, message)


def get_session_for_user(user, uid, *, change: bool = False):
    session = _by_uid(
        StudySession.objects.for_user(user).select_related(
            "unit", "programme", "conference", "recorded_by"
        ),
        uid,
    )
    _found(session, user, "study session", uid, _("Không tìm thấy buổi học tập này."))
    may_change = may_write_for_unit(user, session.unit)
    message = _("Bạn không có quyền sửa buổi học tập của đơn vị này.")
    return _checked(session, may_change, change, message)


def get_learning_report_for_user(user, uid, *, change: bool = False):
    """A learning report is read by its author and the units above; only its author
    changes it."""
    report = _by_uid(
        LearningReport.objects.for_user(user).select_related("unit", "document", "author"), uid
    )
    _found(report, user, "learning report", uid, _("Không tìm thấy bài thu hoạch này."))
    may_change = report.author_id is not None and report.author_id == user.pk
    message = _("Chỉ người viết được sửa bài thu hoạch.")
    return _checked(report, may_change, change, message)


def get_conference_for_user(user, uid, *, change: bool = False):
    conference = _by_uid(Conference.objects.for_user(user).select_related("organiser"), uid)
    _found(conference, user, "conference", uid, _("Không tìm thấy hội nghị này."))
    may_change = may_change_owned(user, conference.organiser)
    message = _("Chỉ đơn vị tổ chức được sửa hội nghị này.")
    return _checked(conference, may_change, change, message)


def get_point_for_user(user, uid, *, change: bool = False):
    """A bridge point; changed (connected, head counts, delegate list) by the writers of
    its host unit, or by the organiser."""
    point = _by_uid(
        BridgePoint.objects.for_user(user).select_related("conference__organiser", "host"),
        uid,
    )
    _found(point, user, "bridge point", uid, _("Không tìm thấy điểm cầu này."))
    message = _("Bạn không có quyền báo cáo cho điểm cầu này.")
    return _checked(point, may_change_point(user, point), change, message)


def may_change_point(user, point) -> bool:
    """Also who may see the point's check-in code (page, poster, API): a leaked code lets
    anyone check in there, so read-only roles see the point without it."""
    return may_write_for_unit(user, point.host) or may_change_owned(
        user, point.conference.organiser
    )


def get_poll_for_user(user, uid, *, change: bool = False):
    poll = _by_uid(Poll.objects.for_user(user).select_related("conference", "owner"), uid)
    _found(poll, user, "poll", uid, _("Không tìm thấy cuộc thăm dò này."))
    may_change = may_change_owned(user, poll.owner)
    message = _("Chỉ đơn vị tạo cuộc thăm dò được sửa nó.")
    return _checked(poll, may_change, change, message)


# --- oversight: inspection and supervision ------------------------------------------
#
# A body (a Party committee, its Standing Committee or its Inspection Commission) plans
# inspections of the units below its committee; inspectors (and, for the committee and
# its leading bodies, its office) run them; a team's members work its cases. Inspectors
# read their committee's subtree and write in oversight only (`scope_for`).

BODY_KINDS = (Kind.PARTY_COMMITTEE, Kind.PARTY_ORG, Kind.LEADING_BODY, Kind.AGENCY)


def is_oversight_body(unit) -> bool:
    """A Party committee or organisation, one of its leading bodies, or its Inspection
    Commission: the bodies that plan inspections and supervision (not other agencies)."""
    if unit.kind == Kind.AGENCY:
        return unit.is_inspection_commission
    return unit.kind in BODY_KINDS


def committee_of(body):
    """The Party committee a body belongs to: itself, or the committee above its
    Standing Committee or Inspection Commission."""
    if body.kind in (Kind.PARTY_COMMITTEE, Kind.PARTY_ORG) or body.depth == 1:
        return body
    return OrgUnit.objects.get_parent(body)


def home_unit(user):
    """The unit a user's overviews (the matrices, the targets dashboard) open on: its own
    unit; for a committee's leading body (its Standing Committee), its Inspection
    Commission and a steering committee, which have no units below them, the committee
    they belong to (`committee_of`); without a unit, the first unit of its scope (the
    top unit for everything). None when there is nothing to show."""
    unit = user.unit if user.unit_id else None
    if unit is not None:
        if unit.kind == Kind.LEADING_BODY or unit.is_inspection_commission:
            return committee_of(unit)
        if unit.path in scope_for(user).steering_paths:  # a steering committee's member
            return OrgUnit.objects.get_parent(unit) or unit
        return unit
    scope = scope_for(user)
    if scope.roots:
        return OrgUnit.objects.filter(path__in=scope.roots).order_by("path").first()
    if scope.everything:
        return OrgUnit.objects.filter(depth=1).order_by("path").first()
    return None


def get_overview_unit_for_user(user, code=""):
    """The unit an overview is about: the one asked for by `code` (in the user's scope,
    or its `home_unit`), else the home unit; 404 for any other, None without a unit.
    The home committee of a leading body may reach beyond the user's scope: an overview
    lists only the units the user sees (`scope_for(user).sees`) and says how many more
    its totals count."""
    home = home_unit(user)
    if code and not (home is not None and str(code).upper() == home.code):
        unit, _may = get_unit_for_user(user, code)
        return unit
    return home


def may_run_oversight(user, body) -> bool:
    """May the user plan inspections for `body`, form its teams and work their cases?
    Inspectors of the body's committee (or above); the office, for the committee and its
    leading bodies but not for the Inspection Commission, which is independent."""
    scope = scope_for(user)
    if scope.everything:
        return True
    if body is None or not user.unit_id or not is_oversight_body(body):
        return False
    # An inspector of the Inspection Commission works for the committee above it.
    home, committee = committee_of(user.unit).path, committee_of(body).path
    if user.has_role(Role.INSPECTOR):
        return is_below(committee, home)
    if user.has_role(Role.OFFICE) and body.kind != Kind.AGENCY:
        return is_below(committee, home)
    return False


def is_team_member(user, team) -> bool:
    return bool(user.is_authenticated and user.person_id) and any(
        m.person_id == user.person_id for m in team.members.all()
    )


def may_work_case(user, case) -> bool:
    """May the user draft findings and recommendations, issue the conclusion and verify
    remedies? The team's members and those who run oversight for its body; they are the
    only ones who see drafts."""
    return is_team_member(user, case.team) or may_run_oversight(user, case.team.plan.body)


def may_see_drafts(user, case) -> bool:
    """May the user read the case's findings and recommendations? Until the conclusion
    is issued they are drafts, for those who work the case; then, for all who see it."""
    return case.concluded or may_work_case(user, case)


def may_read_dossier(user, case) -> bool:
    """May the user read the dossier of the case's subject (its whole subtree's record)?
    Those who work the case and those who see the subject's subtree (the subject, the
    levels above, the leader in charge); not a unit below it that reads the case only to
    answer a recommendation, which would see its sibling units' record."""
    return may_work_case(user, case) or scope_for(user).sees(case.subject.path)


def may_answer_for(user, unit) -> bool:
    """May the user answer an inspection for `unit` (its self-report, what it did about a
    recommendation)? The unit's own writers: the subject answers for itself, not the
    level above it, which only reads."""
    if scope_for(user).everything:
        return True
    return user.unit_id == unit.pk and may_write_for_unit(user, unit)


def may_close_follow_ups(user, visit) -> bool:
    """May the user mark a visit's follow-up items done? The member who left them, or
    the visited unit's own writers (who answer for it)."""
    mine = user.person_id is not None and visit.member_id == user.person_id
    return mine or may_answer_for(user, visit.unit)


def post_under(person, root, day=None):
    """The person's highest position held today in `root` or a unit below it, or None."""
    tenure = (
        Tenure.objects.active_on(day)
        .filter(person=person, position__unit__in=OrgUnit.objects.under(root))
        .select_related("position__unit")
        .order_by("position__rank")
        .first()
    )
    return tenure.position if tenure else None


def holds_post_under(person, root, day=None) -> bool:
    """Does the person hold a position today in `root` or a unit below it?"""
    return post_under(person, root, day) is not None


def charge_of(user, day=None) -> list:
    """The units the user's person is in charge of today (phân công phụ trách)."""
    if not user.is_authenticated or not user.person_id:
        return []
    return [
        a.unit
        for a in Assignment.objects.active_on(day)
        .filter(person_id=user.person_id)
        .select_related("unit")
        .order_by("unit__path")
    ]


def may_supervise(user, unit) -> bool:
    """May the user record a supervision visit to `unit`? A member whose person is in
    charge of the unit or of a unit above it."""
    return any(is_below(unit.path, u.path) for u in charge_of(user))


def get_oversight_plan_for_user(user, uid, *, change: bool = False):
    plan = _by_uid(Plan.objects.for_user(user).select_related("body", "document"), uid)
    _found(plan, user, "oversight plan", uid, _("Không tìm thấy kế hoạch kiểm tra, giám sát này."))
    message = _("Chỉ cơ quan kiểm tra, giám sát lập kế hoạch này được sửa nó.")
    return _checked(plan, may_run_oversight(user, plan.body), change, message)


def get_team_for_user(user, uid, *, change: bool = False):
    team = _by_uid(Team.objects.for_user(user).select_related("plan__body", "document"), uid)
    _found(team, user, "oversight team", uid, _("Không tìm thấy đoàn kiểm tra, giám sát này."))
    message = _("Chỉ cơ quan kiểm tra, giám sát lập đoàn được sửa đoàn này.")
    return _checked(team, may_run_oversight(user, team.plan.body), change, message)


def get_case_for_user(user, uid, *, change: bool = False):
    """A case; `may_change` is the team's and its body's right to work it (findings,
    conclusion, verification), which is also the right to see its drafts."""
    case = _by_uid(
        Case.objects.for_user(user).select_related(
            "subject", "team__plan__body", "conclusion", "team__document"
        ),
        uid,
    )
    _found(case, user, "oversight case", uid, _("Không tìm thấy cuộc kiểm tra, giám sát này."))
    message = _("Chỉ đoàn kiểm tra, giám sát và cơ quan lập đoàn được làm việc này.")
    return _checked(case, may_work_case(user, case), change, message)


def get_recommendation_for_user(user, uid, *, change: bool = False):
    """A recommendation: visible with its case once the conclusion is issued (before,
    to the team and its body only); `may_change` is the responsible unit's right to
    report what it did."""
    rec = _by_uid(
        Recommendation.objects.for_user(user).select_related(
            "case__team__plan__body", "case__subject", "responsible_unit", "task"
        ),
        uid,
    )
    if rec is not None and not may_see_drafts(user, rec.case):
        rec = None
    _found(rec, user, "recommendation", uid, _("Không tìm thấy kiến nghị này."))
    message = _("Kiến nghị này giao cho đơn vị khác; bạn không báo cáo khắc phục thay được.")
    return _checked(rec, may_answer_for(user, rec.responsible_unit), change, message)


def get_visit_for_user(user, uid, *, change: bool = False):
    visit = _by_uid(Visit.objects.for_user(user).select_related("unit", "member"), uid)
    _found(visit, user, "supervision visit", uid, _("Không tìm thấy buổi giám sát này."))
    may_change = user.person_id is not None and visit.member_id == user.person_id
    message = _("Chỉ Ủy viên Ban Thường vụ đã ghi buổi giám sát này được sửa nó.")
    return _checked(visit, may_change or scope_for(user).everything, change, message)


def get_import_job_for_user(user, uid):
    """A file sent to import: only the one who sent it follows the job."""
    job = _by_uid(ImportJob.objects.filter(requested_by_id=user.pk), uid)
    return _found(job, user, "import job", uid, _("Không tìm thấy lần nhập tệp này."))


def get_export_for_user(user, uid):
    """A report asked for on the exports page: only the one who asked sees it and its
    file (it holds what that person may read, which another may not)."""
    export = _by_uid(Export.objects.filter(requested_by_id=user.pk), uid)
    _found(export, user, "export", uid, _("Không tìm thấy báo cáo này."))
    return export
