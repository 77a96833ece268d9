"""Every named URL, every persona, the expected status code.

A new URL fails `test_every_named_url_is_in_the_sweep` until it is added here with the
status each persona must get, so no view can leak across units unnoticed.
"""

import datetime

import pytest
from django.core.files.base import ContentFile
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from trienkhai.accounts.models import User
from trienkhai.conferences.models import BridgePoint, Poll
from trienkhai.documents.models import Document, DocumentFile, DocumentLink
from trienkhai.orgs.models import OrgUnit, Person
from trienkhai.oversight.models import Case, Visit
from trienkhai.programmes.models import Programme, Target, Task
from trienkhai.reporting.models import Period, Submission
from trienkhai.study.models import LearningReport, StudySession

pytestmark = pytest.mark.demo

ANON = "anonymous"
ROLES = ["province_office", "district_reporter", "commune_reporter", "leader", "outsider", ANON]

# The target objects sit in Đảng ủy xã Hoằng Đông (Huyện ủy Hoằng Hóa): visible to the
# province, the district, the commune itself and the leader assigned to Hoằng Hóa;
# invisible to the Nga Sơn reporter (the outsider).
UNIT = "DU-15997"
PERSON = "Phạm Thị Đông"

SEEN = {
    "province_office": 200,
    "district_reporter": 200,
    "commune_reporter": 200,
    "leader": 200,
    "outsider": 404,
    ANON: 302,
}
EDIT = {
    "province_office": 200,
    "district_reporter": 403,
    "commune_reporter": 403,
    "leader": 403,
    "outsider": 404,
    ANON: 302,
}
OFFICE_ONLY = {
    "province_office": 200,
    "district_reporter": 403,
    "commune_reporter": 403,
    "leader": 403,
    "outsider": 403,
    ANON: 302,
}
PLAN_EDIT = EDIT | {"district_reporter": 200}
LOGGED_IN = {r: 200 for r in ROLES} | {ANON: 302}
PUBLIC = {r: 200 for r in ROLES}
API_SEEN = SEEN | {ANON: 401}
API_LOGGED_IN = LOGGED_IN | {ANON: 401}

CASE_SEEN = SEEN | {"commune_reporter": 404}
CASE_SEEN_POST = CASE_SEEN | {r: 302 for r in ("province_office", "district_reporter", "leader")}
CASE_WORK = CASE_SEEN | {r: 403 for r in ("province_office", "district_reporter", "leader")}
LEADER_ONLY = {r: 403 for r in ROLES} | {"leader": 200, ANON: 302}
RISK = LOGGED_IN
API_CASE_SEEN = CASE_SEEN | {ANON: 401}
API_CASE_WORK = CASE_WORK | {ANON: 401}
OWNER_ONLY = {r: 404 for r in ROLES} | {"province_office": 200, ANON: 302}
UNIT_ANSWERS = CASE_SEEN | {"province_office": 403, "district_reporter": 400, "leader": 403}
API_UNIT_WRITES = UNIT_ANSWERS | {ANON: 401}

# url name -> (kwargs, method, expected statuses)
SWEEP = {
    "home": ({}, "get", LOGGED_IN),
    "healthz": ({}, "get", PUBLIC),
    "notifications-read": ({}, "post", {r: 302 for r in ROLES}),
    "import-job": ({"uid": "IMPORT"}, "get", OWNER_ONLY),
    "login": ({}, "get", PUBLIC),
    "logout": ({}, "post", {r: 302 for r in ROLES}),
    "set_language": ({}, "post", {r: 302 for r in ROLES}),
    "orgs:tree": ({}, "get", LOGGED_IN),
    "orgs:search": ({}, "get", LOGGED_IN),
    "orgs:import": ({}, "get", OFFICE_ONLY),
    "orgs:import-template": ({"fmt": "xlsx"}, "get", LOGGED_IN),
    "orgs:unit": ({"code": UNIT}, "get", SEEN),
    "orgs:unit-children": ({"code": UNIT}, "get", SEEN),
    "orgs:unit-export": ({"code": UNIT, "fmt": "xlsx"}, "get", SEEN),
    "orgs:unit-edit": ({"code": UNIT}, "get", EDIT),
    "orgs:unit-add": ({"code": UNIT}, "get", EDIT),
    "orgs:people": ({}, "get", LOGGED_IN),
    "orgs:person": ({"uid": "PERSON"}, "get", SEEN),
    "api-root": ({}, "get", API_LOGGED_IN),
    "api-schema": ({}, "get", API_LOGGED_IN),
    "api-docs": ({}, "get", LOGGED_IN),
    "api-token": ({}, "get", {r: 405 for r in ROLES}),
    "unit-list": ({}, "get", API_LOGGED_IN),
    "unit-detail": ({"code": UNIT}, "get", API_SEEN),
    "unit-subtree": ({"code": UNIT}, "get", API_SEEN),
    "person-list": ({}, "get", API_LOGGED_IN),
    "person-detail": ({"uid": "PERSON"}, "get", API_SEEN),
    "documents:list": ({}, "get", LOGGED_IN),
    "documents:create": ({}, "get", OFFICE_ONLY),
    "documents:register": ({}, "get", OFFICE_ONLY),
    "documents:detail": ({"uid": "DOC"}, "get", SEEN),
    "documents:edit": ({"uid": "DOC"}, "get", EDIT),
    "documents:link-add": ({"uid": "DOC"}, "post", EDIT | {"province_office": 302}),
    "documents:link-delete": (
        {"uid": "DOC", "link_id": "LINK"},
        "post",
        EDIT | {"province_office": 302},
    ),
    "documents:file-upload": ({"uid": "DOC"}, "post", EDIT | {"province_office": 302}),
    "documents:file": ({"uid": "DOC", "file_id": "FILE"}, "get", SEEN),
    "document-list": ({}, "get", API_LOGGED_IN),
    "document-detail": ({"uid": "DOC"}, "get", API_SEEN),
    "document-links": ({"uid": "DOC"}, "get", API_SEEN),
    "api-citations": ({}, "post", {r: 400 for r in ROLES} | {ANON: 401}),
    "programmes:list": ({}, "get", LOGGED_IN),
    "programmes:create": ({}, "get", OFFICE_ONLY),
    "programmes:matrix": ({}, "get", LOGGED_IN),
    "programmes:tasks": ({}, "get", LOGGED_IN),
    "programmes:detail": ({"uid": "PLAN"}, "get", SEEN),
    "programmes:roadmap": ({"uid": "PLAN"}, "get", SEEN),
    # Hoằng Hóa's own plan: its reporter, who issued it, carries it on.
    "programmes:import": ({"uid": "PLAN"}, "get", PLAN_EDIT),
    "programmes:concretise": ({"uid": "PLAN"}, "get", PLAN_EDIT),
    "programmes:objective-add": ({"uid": "PLAN"}, "get", PLAN_EDIT),
    "programmes:target-add": ({"uid": "PLAN"}, "get", PLAN_EDIT),
    "programmes:target-edit": ({"uid": "PLAN", "code": "1"}, "get", PLAN_EDIT),
    "programmes:import-template": ({"uid": "PLAN"}, "get", SEEN),
    "programmes:task": ({"uid": "PLAN_TASK"}, "get", SEEN),
    "conferences:list": ({}, "get", LOGGED_IN),
    "conferences:create": ({}, "get", OFFICE_ONLY),
    "conferences:detail": ({"uid": "CONF"}, "get", LOGGED_IN),
    "conferences:totals": ({"uid": "CONF"}, "get", LOGGED_IN),
    "conferences:export": ({"uid": "CONF"}, "get", LOGGED_IN),
    "conferences:point-add": ({"uid": "CONF"}, "get", LOGGED_IN | {"leader": 403}),
    "conferences:points-import": ({"uid": "CONF"}, "get", LOGGED_IN | {"leader": 403}),
    "conferences:points-template": ({"uid": "CONF"}, "get", LOGGED_IN | {"leader": 403}),
    "conferences:point": ({"uid": "POINT"}, "get", SEEN),
    "conferences:point-poster": ({"uid": "POINT"}, "get", SEEN | {"leader": 403}),
    "conferences:point-toggle": (
        {"uid": "POINT"},
        "post",
        EDIT | {"province_office": 302, "district_reporter": 302, "commune_reporter": 302},
    ),
    "conferences:point-file-upload": (
        {"uid": "POINT"},
        "post",
        EDIT | {"province_office": 302, "district_reporter": 302, "commune_reporter": 302},
    ),
    "conferences:point-file": ({"uid": "POINT", "file_id": "POINT_FILE"}, "get", SEEN),
    "checkin": ({"code": "POINT_CODE"}, "get", PUBLIC),
    "conferences:poll-create": ({"uid": "CONF"}, "get", OFFICE_ONLY),
    "conferences:poll": ({"uid": "POLL"}, "get", LOGGED_IN),
    "poll-answer": ({"uid": "POLL"}, "get", PUBLIC),
    "conference-list": ({}, "get", API_LOGGED_IN),
    "conference-detail": ({"uid": "CONF"}, "get", API_LOGGED_IN),
    "conference-totals": ({"uid": "CONF"}, "get", API_LOGGED_IN),
    "point-list": ({}, "get", API_LOGGED_IN),
    "point-detail": ({"uid": "POINT"}, "get", API_SEEN),
    # An empty report is invalid for those who may report; the leader only reads.
    "point-attendance": (
        {"uid": "POINT"},
        "post",
        API_SEEN
        | {
            "province_office": 400,
            "district_reporter": 400,
            "commune_reporter": 400,
            "leader": 403,
        },
    ),
    "poll-list": ({}, "get", API_LOGGED_IN),
    "poll-detail": ({"uid": "POLL"}, "get", API_LOGGED_IN),
    "poll-results": ({"uid": "POLL"}, "get", API_LOGGED_IN),
    # The 5/11/2021 conference has ended: check-in is refused, for everyone alike.
    "api-checkin": ({"code": "POINT_CODE"}, "post", {r: 400 for r in ROLES}),
    # The demo's poll has closed: an answer is refused, for everyone alike.
    "api-poll-answer": ({"uid": "POLL"}, "post", {r: 400 for r in ROLES}),
    "programme-list": ({}, "get", API_LOGGED_IN),
    "programme-detail": ({"uid": "PLAN"}, "get", API_SEEN),
    "programme-targets": (
        {"uid": "PLAN"},
        "post",
        API_SEEN
        | {
            "province_office": 400,
            "district_reporter": 400,
            "commune_reporter": 403,
            "leader": 403,
        },
    ),
    "programme-plan": (
        {"uid": "PLAN"},
        "post",
        API_SEEN
        | {
            "province_office": 403,
            "district_reporter": 403,
            "commune_reporter": 400,
            "leader": 403,
        },
    ),
    "task-list": ({}, "get", API_LOGGED_IN),
    "task-detail": ({"uid": "PLAN_TASK"}, "get", API_SEEN),
    "task-progress": (
        {"uid": "PLAN_TASK"},
        "post",
        API_SEEN
        | {
            "province_office": 400,
            "district_reporter": 400,
            "commune_reporter": 403,
            "leader": 403,
        },
    ),
    "api-concretisation": ({}, "get", API_LOGGED_IN),
    # Only units below the programme's unit plan for it; Hoằng Hóa's plan → its communes.
    "programmes:plan-create": (
        {"uid": "PLAN"},
        "get",
        {
            "province_office": 403,
            "district_reporter": 403,
            "commune_reporter": 200,
            "leader": 403,
            "outsider": 404,
            ANON: 302,
        },
    ),
    "study:list": ({}, "get", LOGGED_IN),
    "study:create": ({}, "get", LOGGED_IN | {"leader": 403}),
    "study:coverage": ({}, "get", LOGGED_IN),
    "study:detail": ({"uid": "SESSION"}, "get", SEEN),
    "study:edit": ({"uid": "SESSION"}, "get", SEEN | {"leader": 403}),
    "study:reports": ({}, "get", LOGGED_IN),
    "study:report-create": ({}, "get", LOGGED_IN),
    "study:report": ({"uid": "REPORT"}, "get", SEEN),
    "study-session-list": ({}, "get", API_LOGGED_IN),
    "study-session-detail": ({"uid": "SESSION"}, "get", API_SEEN),
    "learning-report-list": ({}, "get", API_LOGGED_IN),
    "learning-report-detail": ({"uid": "REPORT"}, "get", API_SEEN),
    # Without a document to measure, the coverage is refused alike for everyone.
    "api-study-coverage": ({}, "get", {r: 400 for r in ROLES} | {ANON: 401}),
    "reporting:inbox": ({}, "get", LOGGED_IN),
    "reporting:review-queue": ({}, "get", LOGGED_IN),
    "reporting:completeness": ({}, "get", LOGGED_IN),
    "reporting:dashboard": ({}, "get", LOGGED_IN),
    "period-list": ({}, "get", API_LOGGED_IN),
    "period-detail": ({"code": "2021Q4"}, "get", API_LOGGED_IN),
    "report-list": ({}, "get", API_LOGGED_IN),
    "report-detail": ({"uid": "SUBMISSION"}, "get", API_SEEN),
    "report-draft": (
        {"unit_code": UNIT, "period_code": "2021Q4"},
        "put",
        API_SEEN | {"leader": 403},
    ),
    "report-submit": ({"uid": "SUBMISSION"}, "post", API_SEEN | {"leader": 403}),
    "report-accept": (
        {"uid": "SUBMISSION"},
        "post",
        API_SEEN | {"commune_reporter": 403, "leader": 403},
    ),
    # Without a reason (return) or on a report not yet accepted (reopen): refused alike.
    "report-return": (
        {"uid": "SUBMISSION"},
        "post",
        API_SEEN
        | {"province_office": 400, "district_reporter": 400}
        | {"commune_reporter": 403, "leader": 403},
    ),
    "report-reopen": (
        {"uid": "SUBMISSION"},
        "post",
        API_SEEN
        | {"province_office": 400, "district_reporter": 400}
        | {"commune_reporter": 403, "leader": 403},
    ),
    # Without a period, the rates and roll-ups are refused alike for everyone.
    "api-completeness": ({}, "get", {r: 400 for r in ROLES} | {ANON: 401}),
    "api-rollups": ({}, "get", {r: 400 for r in ROLES} | {ANON: 401}),
    "reporting:flags": ({}, "get", LOGGED_IN),
    "reporting:deadlines": ({}, "get", OFFICE_ONLY),
    "reporting:periods": ({}, "get", LOGGED_IN),
    # Hoằng Hóa's tourism target: its subtree (communes implement it) and the province.
    "reporting:target": ({"pk": "DISTRICT_TARGET"}, "get", SEEN),
    "reporting:form": ({"code": UNIT, "period": "2021Q4"}, "get", SEEN | {"leader": 403}),
    "reporting:excel": ({"code": UNIT, "period": "2021Q4"}, "get", SEEN | {"leader": 403}),
    "reporting:evidence-upload": (
        {"code": UNIT, "period": "2021Q4"},
        "post",
        SEEN
        | {"province_office": 302, "district_reporter": 302, "commune_reporter": 302}
        | {"leader": 403},
    ),
    "reporting:evidence": ({"uid": "SUBMISSION", "file_id": "EVIDENCE"}, "get", SEEN),
    "reporting:submission": ({"uid": "SUBMISSION"}, "get", SEEN),
    # The level above reviews; the commune itself and the leader (read only) may not.
    "reporting:review": (
        {"uid": "SUBMISSION"},
        "post",
        SEEN
        | {"province_office": 302, "district_reporter": 302, "commune_reporter": 403}
        | {"leader": 403},
    ),
    "programmes:task-edit": ({"uid": "PLAN_TASK"}, "get", PLAN_EDIT),
    "programmes:task-add": ({"uid": "PLAN"}, "get", PLAN_EDIT),
    # An empty milestone is refused with a message on the task's page.
    "programmes:milestone-add": (
        {"uid": "PLAN_TASK"},
        "post",
        PLAN_EDIT | {"province_office": 302, "district_reporter": 302},
    ),
    "programmes:task-delegate": ({"uid": "PLAN_TASK"}, "get", EDIT | {"district_reporter": 200}),
    "programmes:task-progress": (
        {"uid": "PLAN_TASK"},
        "post",
        EDIT | {"province_office": 302, "district_reporter": 302},
    ),
    # Oversight: a concluded inspection of Huyện ủy Hoằng Hóa by the provincial Inspection
    # Commission (the subject, the province and the leader in charge see it; its commune
    # and Nga Sơn do not); only the Commission's inspectors and the team work it.
    "dashboards:scorecard": ({"code": UNIT}, "get", SEEN),
    "dashboards:map": ({"code": UNIT}, "get", SEEN),
    # The Ban Chỉ đạo 715 sits under the Tỉnh ủy: the province sees it, the districts,
    # communes and a leader in charge of Hoằng Hóa do not.
    "dashboards:steering": (
        {"code": "BCD-CTTT-38"},
        "get",
        SEEN | {"district_reporter": 404, "commune_reporter": 404, "leader": 404},
    ),
    "exports:new": ({}, "get", LOGGED_IN),
    "exports:detail": ({"uid": "EXPORT"}, "get", OWNER_ONLY),
    "exports:download": ({"uid": "EXPORT"}, "get", OWNER_ONLY),
    "exports:retry": ({"uid": "EXPORT"}, "post", OWNER_ONLY | {"province_office": 302}),
    "oversight:index": ({}, "get", LOGGED_IN),
    "oversight:risk": ({}, "get", RISK),
    "oversight:plan-create": ({}, "get", OFFICE_ONLY),
    "oversight:plan": ({"uid": "OV_PLAN"}, "get", CASE_SEEN),
    "oversight:plan-edit": ({"uid": "OV_PLAN"}, "get", CASE_WORK),
    "oversight:plan-issue": ({"uid": "OV_PLAN"}, "post", CASE_WORK),
    "oversight:team-create": ({"uid": "OV_PLAN"}, "get", CASE_WORK),
    "oversight:team": ({"uid": "OV_TEAM"}, "get", CASE_SEEN),
    "oversight:case": ({"uid": "OV_CASE"}, "get", CASE_SEEN),
    "oversight:dossier": ({"uid": "OV_CASE"}, "get", CASE_SEEN),
    # The conclusion is issued: a self-report is refused on its field for the unit's own
    # writers; the level above reads, it does not answer for the unit.
    "oversight:self-report": ({"uid": "OV_CASE"}, "post", UNIT_ANSWERS),
    # Without a file: "choose a file" said on the case page, nothing attached.
    "oversight:case-file-upload": ({"uid": "OV_CASE"}, "post", CASE_SEEN_POST),
    "oversight:case-file": ({"uid": "OV_CASE", "file_id": "OV_FILE"}, "get", CASE_SEEN),
    "oversight:finding-add": ({"uid": "OV_CASE"}, "post", CASE_WORK),
    "oversight:finding-delete": ({"pk": "OV_FINDING"}, "post", CASE_WORK),
    "oversight:rec-add": ({"uid": "OV_CASE"}, "post", CASE_WORK),
    "oversight:conclude": ({"uid": "OV_CASE"}, "post", CASE_WORK),
    "oversight:recommendations": ({}, "get", LOGGED_IN),
    "oversight:recommendation": ({"uid": "OV_REC"}, "get", CASE_SEEN),
    "oversight:rec-delete": ({"uid": "OV_REC"}, "post", CASE_WORK),
    # The responsible unit's own writers: no plan chosen, said on the page.
    "oversight:rec-task": (
        {"uid": "OV_REC"},
        "post",
        CASE_SEEN_POST | {"province_office": 403, "leader": 403},
    ),
    # A remedy already waits for verification: refused on its field.
    "oversight:remedy": ({"uid": "OV_REC"}, "post", UNIT_ANSWERS),
    "oversight:verify": ({"pk": "OV_REMEDY"}, "post", CASE_WORK),
    "oversight:remedy-file-upload": ({"pk": "OV_REMEDY"}, "post", CASE_SEEN_POST),
    "oversight:remedy-file": ({"pk": "OV_REMEDY", "file_id": "OV_REMEDY_FILE"}, "get", CASE_SEEN),
    "oversight:supervision": ({}, "get", LEADER_ONLY),
    "oversight:visit-create": ({}, "get", LEADER_ONLY),
    "oversight:visit": ({"uid": "OV_VISIT"}, "get", CASE_SEEN),
    # The member who left the item or the unit's own writers; the province reads.
    "oversight:follow-up-done": (
        {"pk": "OV_FOLLOW_UP"},
        "post",
        CASE_SEEN_POST | {"province_office": 403},
    ),
    # The same through the API.
    "oversight-plan-list": ({}, "get", API_LOGGED_IN),
    "oversight-team-list": ({}, "get", API_LOGGED_IN),
    "oversight-case-list": ({}, "get", API_LOGGED_IN),
    "oversight-recommendation-list": ({}, "get", API_LOGGED_IN),
    "oversight-visit-list": ({}, "get", API_LOGGED_IN),
    "oversight-plan-detail": ({"uid": "OV_PLAN"}, "get", API_CASE_SEEN),
    "oversight-team-detail": ({"uid": "OV_TEAM"}, "get", API_CASE_SEEN),
    "oversight-case-detail": ({"uid": "OV_CASE"}, "get", API_CASE_SEEN),
    "oversight-case-findings": ({"uid": "OV_CASE"}, "get", API_CASE_SEEN),
    "oversight-case-recommendations": ({"uid": "OV_CASE"}, "get", API_CASE_SEEN),
    "oversight-recommendation-detail": ({"uid": "OV_REC"}, "get", API_CASE_SEEN),
    "oversight-visit-detail": ({"uid": "OV_VISIT"}, "get", API_CASE_SEEN),
    "oversight-plan-issue": ({"uid": "OV_PLAN"}, "post", API_CASE_WORK),
    "oversight-plan-teams": ({"uid": "OV_PLAN"}, "post", API_CASE_WORK),
    "oversight-case-conclude": ({"uid": "OV_CASE"}, "post", API_CASE_WORK),
    "oversight-remedy-verify": ({"pk": "OV_REMEDY"}, "post", API_CASE_WORK),
    "oversight-case-self-report": ({"uid": "OV_CASE"}, "post", API_UNIT_WRITES),
    "oversight-recommendation-remedies": ({"uid": "OV_REC"}, "post", API_UNIT_WRITES),
    # Without a body: the user's own committee; the leader's unit (the Standing Committee)
    # is not one, so it is told to name a body.
    "api-oversight-risk": ({}, "get", API_LOGGED_IN | {"leader": 404}),
}

# Django's admin checks staff status itself; the format-suffix API routes mirror the above.
SKIPPED_NAMESPACES = {"admin"}


def named_urls(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for p in resolver.url_patterns:
        if isinstance(p, URLResolver):
            if p.namespace in SKIPPED_NAMESPACES:
                continue
            ns = f"{prefix}{p.namespace}:" if p.namespace else prefix
            yield from named_urls(p, ns)
        elif isinstance(p, URLPattern) and p.name:
            if "format" in p.pattern.regex.groupindex:
                continue
            yield prefix + p.name


def district_document():
    """A document of Huyện ủy Hoằng Hóa, with a file and a link: seen by the province,
    the district, its communes and the leader assigned to it; not by Nga Sơn."""
    doc = Document.objects.create(
        system="party",
        kind="KH",
        number="45",
        issuer_code="HU",
        symbol="45-KH/HU",
        issue_date=datetime.date(2021, 11, 20),
        issuing_unit=OrgUnit.objects.get(code="HU-399"),
        title="Kế hoạch thực hiện Chương trình phát triển du lịch",
        is_sample=True,
    )
    link = DocumentLink.objects.create(
        source=doc, target=Document.objects.get(symbol="623-QĐ/TU"), kind="implements"
    )
    attached = DocumentFile.objects.create(
        document=doc, file=ContentFile(b"x", name="kh.txt"), name="kh.txt", size=1
    )
    return doc, link, attached


def study_records():
    """A study session of Hoằng Đông and a learning report by its reporter."""
    unit = OrgUnit.objects.get(code=UNIT)
    document = Document.objects.get(symbol="623-QĐ/TU")
    session = StudySession.objects.create(
        unit=unit, held_on=datetime.date(2021, 11, 20), members_expected=50, members_present=45
    )
    session.documents.add(document)
    author = User.objects.get(username="hoangdong")
    report = LearningReport.objects.create(
        document=document, unit=unit, author=author, author_name="A", lessons="x" * 60
    )
    return {"SESSION": session, "REPORT": report}


def oversight_case():
    """The demo's concluded inspection of Huyện ủy Hoằng Hóa by UBKTTU-38 (57-TB/UBKTTU),
    with a file of its self-report and of a remedy, and the leader's working session
    with Hoằng Hóa and its follow-up item."""
    case = Case.objects.get(subject__code="HU-399", conclusion__isnull=False)
    rec = case.recommendations.first()
    remedy = rec.remedies.first()
    visit = Visit.objects.filter(unit__code="HU-399").first()
    return {
        "OV_PLAN": case.team.plan.uid,
        "OV_TEAM": case.team.uid,
        "OV_CASE": case.uid,
        "OV_FILE": case.files.create(
            file=ContentFile(b"x", name="bc.pdf"), name="bc.pdf", size=1
        ).pk,
        "OV_FINDING": case.findings.first().pk,
        "OV_REC": rec.uid,
        "OV_REMEDY": remedy.pk,
        "OV_REMEDY_FILE": remedy.files.create(
            file=ContentFile(b"x", name="mc.pdf"), name="mc.pdf", size=1
        ).pk,
        "OV_VISIT": visit.uid,
        "OV_FOLLOW_UP": visit.follow_ups.first().pk,
    }


def office_export():
    """A report the province office asked for and got (only its requester sees it)."""
    from trienkhai.exports.models import Export, State

    export = Export.objects.create(
        requested_by=User.objects.get(username="vanphong"),
        kind="programme-quarterly",
        fmt="docx",
        params={"unit": "TU-38", "period": "2021Q4", "programme": "621-QĐ/TU"},
        title="Báo cáo quý",
        state=State.DONE,
        progress=100,
        filename="bao-cao.docx",
    )
    export.file.save("bao-cao.docx", ContentFile(b"PK"), save=True)
    return export


def resolve(kwargs):
    kwargs = dict(kwargs)
    if kwargs.get("uid") == "IMPORT":  # a unit file the province office sent to import
        from trienkhai.core.models import ImportJob

        job = ImportJob(requested_by=User.objects.get(username="vanphong"), kind="units")
        job.file.save("units.csv", ContentFile(b"x"), save=True)
        kwargs["uid"] = job.uid
    if kwargs.get("uid") == "EXPORT":
        kwargs["uid"] = office_export().uid
    if any(str(v).startswith("OV_") for v in kwargs.values()):
        made = oversight_case()
        kwargs = {k: made.get(v, v) if isinstance(v, str) else v for k, v in kwargs.items()}
    if kwargs.get("uid") == "PERSON":
        kwargs["uid"] = Person.objects.get(full_name=PERSON).uid
    if kwargs.get("uid") == "PLAN":  # Hoằng Hóa's implementing plan
        kwargs["uid"] = Programme.objects.get(unit__code="HU-399").uid
    if kwargs.get("uid") == "PLAN_TASK":
        kwargs["uid"] = Task.objects.filter(programme__unit__code="HU-399").first().uid
    if kwargs.get("uid") == "POLL":
        kwargs["uid"] = Poll.objects.get(is_sample=True).uid
    if kwargs.get("uid") in ("CONF", "POINT") or kwargs.get("code") == "POINT_CODE":
        point = BridgePoint.objects.get(host__code=UNIT)  # Hoằng Đông's point of 5/11/2021
        if kwargs.get("uid") == "CONF":
            kwargs["uid"] = point.conference.uid
        elif kwargs.get("uid") == "POINT":
            kwargs["uid"] = point.uid
            if kwargs.get("file_id") == "POINT_FILE":
                kwargs["file_id"] = point.files.create(
                    file=ContentFile(b"x", name="ds.xlsx"), name="ds.xlsx", size=1
                ).pk
        else:
            kwargs["code"] = point.code
    if kwargs.get("uid") in ("SESSION", "REPORT"):
        kwargs["uid"] = study_records()[kwargs["uid"]].uid
    if kwargs.get("pk") == "DISTRICT_TARGET":
        kwargs["pk"] = Target.objects.filter(programme__unit__code="HU-399").first().pk
    if kwargs.get("uid") == "SUBMISSION":
        submission = Submission.objects.create(
            unit=OrgUnit.objects.get(code=UNIT),
            period=Period.objects.ensure("2021Q4"),
            status="submitted",
            version=1,
        )
        kwargs["uid"] = submission.uid
        if kwargs.get("file_id") == "EVIDENCE":
            kwargs["file_id"] = submission.files.create(
                file=ContentFile(b"x", name="bb.pdf"), name="bb.pdf", size=1
            ).pk
    if kwargs.get("uid") == "DOC":
        doc, link, attached = district_document()
        kwargs["uid"] = doc.uid
        if "link_id" in kwargs:
            kwargs["link_id"] = link.pk
        if "file_id" in kwargs:
            kwargs["file_id"] = attached.pk
    return kwargs


def test_every_named_url_is_in_the_sweep():
    missing = sorted(set(named_urls()) - set(SWEEP))
    assert not missing, f"add these URLs to the sweep with their expected statuses: {missing}"


CASES = [(name, role) for name in SWEEP for role in ROLES]


@pytest.mark.parametrize(("name", "role"), CASES, ids=[f"{n}-{r}" for n, r in CASES])
def test_url_answers_each_persona_with_the_expected_status(
    name, role, client, persona, settings, tmp_path
):
    settings.MEDIA_ROOT = tmp_path
    kwargs, method, expected = SWEEP[name]
    kwargs = resolve(kwargs)
    if role != ANON:
        client.force_login(persona(role))
    response = getattr(client, method)(reverse(name, kwargs=kwargs))
    assert response.status_code == expected[role], (name, role, response.status_code)
