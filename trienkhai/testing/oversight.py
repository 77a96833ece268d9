"""Factories for inspection and supervision, through the oversight services so every
object is made as a user would make it: a plan (issued), a team with its cases, a
concluded case with findings and recommendations, a remedy.

Dates default to the demo's autumn of 2021 (documents may not be issued in the future);
pass others when a test is about them."""

import datetime
import itertools

from trienkhai.orgs.models import Position, Tenure
from trienkhai.oversight import services
from trienkhai.oversight.models import Case, FindingKind, Kind, Plan, Recommendation, TeamRole

from .factories import Role
from .factories import person as make_person
from .factories import user as make_user

_numbers = itertools.count(1)

D = datetime.date
# The default calendar of a case (dates are immutable, so shared defaults are safe).
PLAN_ISSUED, PLAN_STARTS, PLAN_ENDS = D(2021, 10, 1), D(2021, 10, 15), D(2021, 12, 31)
TEAM_FORMED, TEAM_STARTS, TEAM_ENDS = D(2021, 10, 10), D(2021, 10, 20), D(2021, 11, 30)
SELF_REPORT_DUE, CONCLUDED_ON, REC_DUE = D(2021, 10, 18), D(2021, 12, 5), D(2022, 3, 31)


def inspector_person(body, name=None, title="Kiểm tra viên"):
    """A person holding a post in `body` (the Inspection Commission), to sit on teams."""
    made = make_person(name or f"Kiểm tra viên {next(_numbers)}", unit=body, title=title)
    return made


def plan(
    body,
    subjects,
    *,
    user,
    kind=Kind.THEMATIC,
    title=None,
    issued=True,
    symbol=None,
    issue_date=PLAN_ISSUED,
    starts_on=PLAN_STARTS,
    ends_on=PLAN_ENDS,
    documents=(),
    programmes=(),
    **fields,
) -> Plan:
    n = next(_numbers)
    made = services.save_plan(
        user,
        Plan(),
        {
            "body": body,
            "kind": kind,
            "title": title or f"Kế hoạch giám sát chuyên đề số {n}",
            "content": "Việc học tập, cụ thể hóa và tổ chức thực hiện Quyết định 621-QĐ/TU.",
            "year_from": starts_on.year,
            "year_to": starts_on.year,
            "covers_from": D(2021, 1, 1),
            "covers_to": D(2021, 9, 30),
            "starts_on": starts_on,
            "ends_on": ends_on,
            **fields,
        },
        subjects=subjects,
        documents=documents,
        programmes=programmes,
    )
    if issued:
        services.issue_plan(
            user, made, symbol=symbol or f"{100 + n}-KH/UBKTTU", issue_date=issue_date
        )
    return made


def team(
    plan,
    subjects=None,
    *,
    user,
    members=None,
    symbol=None,
    issue_date=TEAM_FORMED,
    starts_on=TEAM_STARTS,
    ends_on=TEAM_ENDS,
    self_report_due=SELF_REPORT_DUE,
    name=None,
):
    """A team for `subjects` (every subject of the plan by default); members default to
    one head holding a post in the plan's body."""
    n = next(_numbers)
    if members is None:
        members = [(inspector_person(plan.body), TeamRole.HEAD)]
    return services.form_team(
        user,
        plan,
        {
            "name": name or f"Đoàn giám sát số {n}",
            "starts_on": starts_on,
            "ends_on": ends_on,
            "self_report_due": self_report_due,
        },
        members=members,
        subjects=list(subjects if subjects is not None else plan.subjects.all()),
        symbol=symbol or f"{200 + n}-QĐ/UBKTTU",
        issue_date=issue_date,
    )


def case(body, subject, *, user, **team_fields) -> Case:
    """An open case: an issued plan for `subject`, a team formed, nothing reported yet."""
    made_plan = plan(body, [subject], user=user)
    made_team = team(made_plan, user=user, **team_fields)
    return made_team.cases.get(subject=subject)


def finding(case, *, user, kind=FindingKind.LIMITATION, text="Chậm ban hành kế hoạch thực hiện."):
    return services.add_finding(user, case, kind=kind, text=text)


def recommendation(case, *, user, text=None, unit=None, deadline=REC_DUE):
    return services.save_recommendation(
        user,
        case,
        Recommendation(),
        {
            "text": text or f"Bổ sung kế hoạch thực hiện, số {next(_numbers)}",
            "responsible_unit": unit or case.subject,
            "deadline": deadline,
        },
    )


def concluded(case, *, user, recommendations=1, deadline=REC_DUE, issue_date=CONCLUDED_ON):
    """The case with a finding, `recommendations` recommendations and its conclusion."""
    finding(case, user=user)
    for _i in range(recommendations):
        recommendation(case, user=user, deadline=deadline)
    return services.issue_conclusion(
        user, case, symbol=f"{300 + next(_numbers)}-TB/UBKTTU", issue_date=issue_date
    )


def remedy(rec, *, user, text="Đã ban hành kế hoạch bổ sung và triển khai đến các chi bộ."):
    return services.report_remedy(user, rec, text=text)


def post(person, unit, title="Cán bộ"):
    """Give `person` a current post in `unit`."""
    position, _c = Position.objects.get_or_create(unit=unit, title=title)
    return Tenure.objects.create(person=person, position=position, start=D(2020, 10, 27))


def inspector_user(body, username=None, *, person=None):
    """An inspector's account in `body` whose person holds a post there, so it may sit on
    teams and run the body's oversight."""
    return make_user(username, body, Role.INSPECTOR, person=person or inspector_person(body))


def member_user(unit, username=None, *, title="Chuyên viên"):
    """A reporter's account of `unit` whose person holds a post there: a team member
    (when `unit` is under the body's committee) who does not run oversight."""
    person = make_person(f"Thành viên đoàn {next(_numbers)}", unit=unit, title=title)
    return make_user(username, unit, Role.REPORTER, person=person)
