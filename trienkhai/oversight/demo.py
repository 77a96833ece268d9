"""Demo oversight: the provincial Inspection Commission's thematic supervision, in the
fourth quarter of 2021, of how three districts study and carry out Quyết định 621-QĐ/TU
(the programme for the Nghi Sơn Economic Zone and the industrial parks), and the
supervision visits of the Standing Committee member in charge of Hoằng Hóa.

    48-KH/UBKTTU  10/11  the plan, for Hoằng Hóa and the two districts at the top of
                         the risk list that day (`risk.risk_list`; Quảng Xương and Yên
                         Định on the demo's data)
    52-QĐ/UBKTTU  15/11  team 1, for the first of them and Hoằng Hóa (self-reports due
                         26/11; Hoằng Hóa's comes three days late)
    55-TB/UBKTTU  10/12  the first: both recommendations verified done, closed 22/12
    57-TB/UBKTTU  13/12  Hoằng Hóa: one recommendation done; its plan for 621, due 20/12,
                         verified not done on 22/12: overdue on the scenario's day (24/12)
    61-QĐ/UBKTTU  06/12  team 2, for the second: self-report in, draft findings and a
                         draft recommendation, no conclusion (the team works until 31/12)

Hoằng Hóa is always a subject, for the personas: `hoanghoa` reports for it, `lanhdao` is
the Standing Committee member in charge of it and records two supervision visits.

Everything goes through the oversight services, acting as the demo users on the day of
each act (`_on`), so the dates the services stamp from `core.clock` are the scenario's
whatever TK_TODAY is when the demo loads. All of it is sample data: the seed says that
Party committees inspect and supervise, not who, when or what they found. Objects are
marked `is_sample`; the texts of those that have no such mark (self-reports, findings,
remedies, visit notes, follow-ups) end with "(Dữ liệu mẫu.)".
"""

import contextlib
import datetime

from django.db.models import Max
from django.test.utils import override_settings

from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.core import clock
from trienkhai.documents.models import Document
from trienkhai.notifications.models import Notification
from trienkhai.orgs.models import Level, OrgUnit, Person, Position, Tenure
from trienkhai.oversight import services
from trienkhai.oversight.models import (
    Finding,
    FindingKind,
    Kind,
    Plan,
    Recommendation,
    Remedy,
    Team,
    TeamRole,
    Verdict,
    Visit,
    VisitKind,
)
from trienkhai.oversight.risk import risk_list
from trienkhai.programmes.models import Programme

D = datetime.date
SAMPLE = " (Dữ liệu mẫu.)"
BODY = "UBKTTU-38"
DOCUMENT = "621-QĐ/TU"
PLAN_SYMBOL = "48-KH/UBKTTU"
CONGRESS_DAY = D(2020, 10, 27)
INSPECTOR = "kiemtra"  # Vũ Thị Kiểm, on both teams: she does the teams' writing
LEADER = "lanhdao"  # Lê Văn Phụ Trách, in charge of Hoằng Hóa and the provincial police
HOANG_HOA = "HU-399"
# The other two subjects when the risk list has no signal (Như Xuân, Nga Sơn).
FALLBACK = ["HU-402", "HU-401"]

# Sample cadres for the teams: (name, unit, title, rank). Vũ Thị Kiểm is orgs.demo's.
CADRES = [
    ("Trịnh Văn Giám", BODY, "Phó Chủ nhiệm", 2),
    ("Lê Thị Sát", BODY, "Ủy viên", 5),
    ("Hoàng Minh Xét", BODY, "Kiểm tra viên chính", 20),
    ("Đào Thị Tra", BODY, "Kiểm tra viên", 30),
    ("Ngô Văn Tuyên", "BTGTU-38", "Chuyên viên", 60),  # study is the Propaganda Board's
]
KIEM = "Vũ Thị Kiểm"

# How far each case has gone on the scenario's day.
CLOSED, OVERDUE, IN_PROGRESS = "closed", "overdue", "in_progress"

PLAN = {
    "kind": Kind.THEMATIC,
    "title": (
        "Kế hoạch giám sát chuyên đề việc học tập, quán triệt, cụ thể hóa và tổ chức thực "
        "hiện Quyết định số 621-QĐ/TU của Ban Chấp hành Đảng bộ tỉnh, quý IV năm 2021"
    ),
    "year_from": 2021,
    "year_to": 2021,
    "covers_from": D(2021, 7, 23),  # the day of Quyết định 621-QĐ/TU
    "covers_to": D(2021, 11, 30),
    "starts_on": D(2021, 11, 15),
    "ends_on": D(2021, 12, 31),
}
PLAN_CONTENT = (
    "Giám sát việc học tập, quán triệt Quyết định số 621-QĐ/TU (Chương trình phát triển Khu "
    "kinh tế Nghi Sơn và các khu công nghiệp giai đoạn 2021-2025); việc cụ thể hóa thành kế "
    "hoạch thực hiện của cấp ủy, có lộ trình, phân công rõ người, rõ việc; việc báo cáo định "
    "kỳ kết quả thực hiện. Đối tượng: Huyện ủy Hoằng Hóa và hai đơn vị đứng đầu danh sách "
    "nơi cần kiểm tra, giám sát ngày {day}: {others}."
)
PLAN_ISSUED = D(2021, 11, 10)  # after the province's study conference of 05/11/2021

# (symbol, issued, name, works from, to, self-reports due, cases, [(cadre, role)])
TEAMS = [
    (
        "52-QĐ/UBKTTU",
        D(2021, 11, 15),
        "Đoàn giám sát số 1",
        D(2021, 11, 29),
        D(2021, 12, 10),
        D(2021, 11, 26),
        [CLOSED, OVERDUE],
        [
            ("Trịnh Văn Giám", TeamRole.HEAD),
            ("Lê Thị Sát", TeamRole.DEPUTY),
            (KIEM, TeamRole.MEMBER),
            ("Ngô Văn Tuyên", TeamRole.MEMBER),
            ("Đào Thị Tra", TeamRole.SECRETARY),
        ],
    ),
    (
        "61-QĐ/UBKTTU",
        D(2021, 12, 6),
        "Đoàn giám sát số 2",
        D(2021, 12, 20),
        D(2021, 12, 31),
        D(2021, 12, 17),
        [IN_PROGRESS],
        [
            ("Lê Thị Sát", TeamRole.HEAD),
            (KIEM, TeamRole.MEMBER),
            ("Hoàng Minh Xét", TeamRole.MEMBER),
            ("Đào Thị Tra", TeamRole.SECRETARY),
        ],
    ),
]

CONCLUSION_TITLE = (
    "Thông báo kết luận giám sát chuyên đề việc học tập, quán triệt, cụ thể hóa và tổ chức "
    "thực hiện Quyết định số 621-QĐ/TU đối với Ban Thường vụ {unit}"
)
DONE_NOTE = "Đã đối chiếu biên bản, văn bản gửi kèm; đạt yêu cầu."
# A finding read from the signals that put the unit on the risk list.
SIGNALS_FINDING = "Danh sách nơi cần kiểm tra, giám sát ngày {day} nêu: {reasons}."

# Per case: the self-report (day, text); the findings (day, [(kind, text)]), where the
# text None is the unit's risk signals; the conclusion (symbol, day) or None; the
# recommendations [(text, deadline, remedy day, remedy, verified day, verdict, note)].
# "{unit}" is the subject's name.
CASES = {
    CLOSED: {
        "self_report": (
            D(2021, 11, 25),
            "Ban Thường vụ {unit} đã tổ chức hội nghị quán triệt Quyết định 621-QĐ/TU cho cán "
            "bộ chủ chốt; phần lớn các tổ chức cơ sở đảng đã học tập, một số còn chậm; chưa "
            "ban hành kế hoạch thực hiện riêng, các nhiệm vụ được lồng ghép vào chương trình "
            "công tác năm.",
        ),
        "findings": (
            D(2021, 12, 6),
            [
                (
                    FindingKind.STRENGTH,
                    "Ban Thường vụ quán triệt Quyết định 621-QĐ/TU cho cán bộ chủ chốt kịp thời "
                    "sau Hội nghị trực tuyến toàn tỉnh ngày 05/11/2021.",
                ),
                (FindingKind.LIMITATION, None),
                (
                    FindingKind.LIMITATION,
                    "Một số tổ chức cơ sở đảng chưa tổ chức học tập, quán triệt; việc học tập bù "
                    "cho đảng viên vắng mặt chưa được theo dõi; số liệu học tập chưa được rà "
                    "soát trước khi báo cáo.",
                ),
                (
                    FindingKind.SHORTCOMING,
                    "Chưa ban hành kế hoạch thực hiện Chương trình; báo cáo kết quả còn chung "
                    "chung, chưa có số liệu, chưa xác định lộ trình.",
                ),
                (
                    FindingKind.CAUSE,
                    "Cấp ủy chưa quan tâm đúng mức việc cụ thể hóa; chưa phân công cán bộ theo "
                    "dõi, đôn đốc.",
                ),
            ],
        ),
        "conclusion": ("55-TB/UBKTTU", D(2021, 12, 10)),
        "recommendations": [
            (
                "Chỉ đạo các tổ chức cơ sở đảng chưa học tập, quán triệt Quyết định 621-QĐ/TU "
                "tổ chức học tập xong; rà soát lại số liệu học tập, báo cáo kết quả về Ủy ban "
                "Kiểm tra Tỉnh ủy.",
                D(2021, 12, 17),
                D(2021, 12, 15),
                "Các tổ chức cơ sở đảng còn lại đã tổ chức học tập, quán triệt trong tháng "
                "12/2021; số liệu đã được rà soát, điều chỉnh; gửi kèm danh sách và biên bản.",
                D(2021, 12, 17),
                Verdict.DONE,
                DONE_NOTE,
            ),
            (
                "Ban hành kế hoạch thực hiện Quyết định 621-QĐ/TU, xác định lộ trình và phân "
                "công rõ người, rõ việc, rõ thời gian hoàn thành.",
                D(2021, 12, 22),
                D(2021, 12, 20),
                "Ban Thường vụ đã ban hành kế hoạch thực hiện Quyết định 621-QĐ/TU, có lộ trình "
                "đến năm 2025 và phân công cơ quan chủ trì từng nhiệm vụ.",
                D(2021, 12, 22),
                Verdict.DONE,
                DONE_NOTE,
            ),
        ],
    },
    OVERDUE: {
        "self_report": (
            D(2021, 11, 29),  # three days late
            "Ban Thường vụ {unit} đã quán triệt Quyết định 621-QĐ/TU đến cán bộ chủ chốt và "
            "các đảng bộ xã, thị trấn; nội dung thực hiện được lồng ghép vào kế hoạch phát "
            "triển kinh tế - xã hội của huyện năm 2022.",
        ),
        "findings": (
            D(2021, 12, 8),
            [
                (
                    FindingKind.STRENGTH,
                    "Quán triệt kịp thời; các đảng bộ xã, thị trấn cơ bản hoàn thành việc học "
                    "tập; kế hoạch thực hiện Chương trình phát triển du lịch ban hành đúng hạn.",
                ),
                (
                    FindingKind.LIMITATION,
                    "Chưa ban hành kế hoạch thực hiện Quyết định 621-QĐ/TU; các nhiệm vụ liên "
                    "quan đến Khu kinh tế Nghi Sơn và các khu công nghiệp mới được lồng ghép "
                    "chung, chưa có lộ trình.",
                ),
                (
                    FindingKind.SHORTCOMING,
                    "Báo cáo tự kiểm tra nộp chậm; một số nội dung sao chép văn bản chỉ đạo của "
                    "cấp trên, còn hình thức.",
                ),
                (
                    FindingKind.CAUSE,
                    "Chưa phân công rõ Ủy viên Ban Thường vụ và cơ quan tham mưu theo dõi việc "
                    "thực hiện Chương trình.",
                ),
            ],
        ),
        "conclusion": ("57-TB/UBKTTU", D(2021, 12, 13)),
        "recommendations": [
            (
                "Ban hành kế hoạch thực hiện Quyết định 621-QĐ/TU của Ban Thường vụ Huyện ủy, "
                "xác định lộ trình, phân công rõ người, rõ việc, rõ thời gian.",
                D(2021, 12, 20),
                D(2021, 12, 20),
                "Văn phòng Huyện ủy đã xây dựng dự thảo kế hoạch, đang lấy ý kiến các ban, "
                "ngành của huyện.",
                D(2021, 12, 22),
                Verdict.NOT_DONE,
                "Kế hoạch chưa được ban hành; dự thảo chưa có lộ trình và chưa phân công cơ "
                "quan chủ trì. Đề nghị ban hành và báo cáo lại.",
            ),
            (
                "Phân công Ủy viên Ban Thường vụ và cơ quan tham mưu theo dõi, đôn đốc việc "
                "thực hiện Chương trình; báo cáo kết quả theo quý.",
                D(2021, 12, 22),
                D(2021, 12, 17),
                "Ban Thường vụ Huyện ủy đã phân công đồng chí Phó Bí thư Thường trực và Văn "
                "phòng Huyện ủy theo dõi, đôn đốc; báo cáo quý đưa vào chế độ báo cáo định kỳ.",
                D(2021, 12, 21),
                Verdict.DONE,
                DONE_NOTE,
            ),
        ],
    },
    IN_PROGRESS: {
        "self_report": (
            D(2021, 12, 16),
            "Ban Thường vụ {unit} đã tổ chức quán triệt Quyết định 621-QĐ/TU cho cán bộ chủ "
            "chốt và đảng viên; đang xây dựng kế hoạch thực hiện, dự kiến ban hành trong quý "
            "I năm 2022.",
        ),
        "findings": (
            D(2021, 12, 22),
            [
                (
                    FindingKind.STRENGTH,
                    "Tổ chức quán triệt cho cán bộ chủ chốt và đảng viên; tuyên truyền trên hệ "
                    "thống truyền thanh ở cơ sở.",
                ),
                (FindingKind.LIMITATION, None),
                (
                    FindingKind.LIMITATION,
                    "Đến thời điểm giám sát chưa ban hành kế hoạch thực hiện Quyết định "
                    "621-QĐ/TU; chưa xác định lộ trình, chưa phân công cơ quan chủ trì.",
                ),
            ],
        ),
        "conclusion": None,
        "recommendations": [
            (
                "Khẩn trương ban hành kế hoạch thực hiện Quyết định 621-QĐ/TU; rà soát số liệu "
                "học tập của các tổ chức cơ sở đảng; thực hiện nghiêm chế độ báo cáo định kỳ.",
                D(2022, 3, 31),
                None,
                None,
                None,
                None,
                None,
            ),
        ],
    },
}

# Lê Văn Phụ Trách's supervision: (unit, day, kind, notes, [(item, deadline, done by, on)]).
VISITS = [
    (
        "HU-399",
        D(2021, 11, 15),
        VisitKind.SESSION,
        "Làm việc với Ban Thường vụ Huyện ủy Hoằng Hóa về việc học tập, quán triệt và cụ thể "
        "hóa các chương trình trọng tâm sau Hội nghị trực tuyến toàn tỉnh ngày 05/11/2021.",
        [
            (
                "Hoàn thành việc học tập, quán triệt ở các đảng bộ xã, thị trấn; tổ chức học "
                "tập bù cho đảng viên vắng mặt",
                D(2021, 12, 10),
                "hoanghoa",
                D(2021, 12, 9),
            ),
        ],
    ),
    (
        "DU-15997",
        D(2021, 12, 7),
        VisitKind.VISIT,
        "Đi cơ sở tại Đảng ủy xã Hoằng Đông: dự sinh hoạt chi bộ thôn, nghe báo cáo việc học "
        "tập các chương trình trọng tâm và việc viết bài thu hoạch của đảng viên.",
        [
            (
                "Đôn đốc đảng viên chưa nộp bài thu hoạch hoàn thành, báo cáo Ban Thường vụ "
                "Huyện ủy",
                D(2021, 12, 31),
                None,
                None,
            ),
        ],
    ),
]

# What the models stamp from the real clock (auto_now_add); `_on` moves it to the day.
STAMPS = [
    (Plan, "created_at"),
    (Team, "created_at"),
    (Finding, "created_at"),
    (Recommendation, "created_at"),
    (Remedy, "reported_at"),
    (Visit, "created_at"),
    (Document, "created_at"),
    (Notification, "created_at"),
]


@contextlib.contextmanager
def _on(day):
    """Act on `day` of the scenario: the services read it from `core.clock`, and what
    the models stamp with the real time is moved to it afterwards, so the inbox and the
    remedies read December 2021 and not the day the demo was loaded."""
    marks = {model: model.objects.aggregate(m=Max("pk"))["m"] or 0 for model, _f in STAMPS}
    with override_settings(TK_TODAY=day):
        yield
        at = clock.now()
    for model, field in STAMPS:
        model.objects.filter(pk__gt=marks[model]).update(**{field: at})


def load():
    """The plan, its teams and cases, and the leader's visits; nothing when they exist."""
    if Plan.objects.filter(is_sample=True).exists():
        return 0
    province = OrgUnit.objects.filter(code="TU-38").first()
    inspector = User.objects.filter(username=INSPECTOR).first()
    document = Document.objects.filter(symbol=DOCUMENT, issuing_unit=province).first()
    if province is None or inspector is None or document is None:
        return 0
    people = _cadres()
    units, reasons = _subjects(province)
    plan = Plan(is_sample=True)
    others = ", ".join(units[role].name for role in (CLOSED, IN_PROGRESS))
    content = PLAN_CONTENT.format(day=_day(PLAN_ISSUED), others=others) + SAMPLE
    with _on(PLAN_ISSUED):
        services.save_plan(
            inspector,
            plan,
            {"body": OrgUnit.objects.get(code=BODY), "content": content, **PLAN},
            subjects=[units[role] for role in (OVERDUE, CLOSED, IN_PROGRESS)],
            documents=[document],
            programmes=Programme.objects.filter(document=document),
        )
        services.issue_plan(inspector, plan, symbol=PLAN_SYMBOL, issue_date=PLAN_ISSUED)
    writers = {role: _writer(unit) for role, unit in units.items()}
    cases = {}
    for symbol, issued, name, starts, ends, due, roles, members in TEAMS:
        with _on(issued):
            team = services.form_team(
                inspector,
                plan,
                {"name": name, "starts_on": starts, "ends_on": ends, "self_report_due": due},
                members=[(people[who], role) for who, role in members],
                subjects=[units[role] for role in roles],
                symbol=symbol,
                issue_date=issued,
            )
        for role in roles:
            cases[role] = team.cases.get(subject=units[role])
    for role, story in CASES.items():
        _work(cases[role], story, inspector, writers[role], reasons.get(units[role].pk))
    _visits()
    return len(cases)


def _day(day):
    return day.strftime("%d/%m/%Y")


def _subjects(province):
    """({case: unit}, {unit pk: the risk list's reasons}): Hoằng Hóa to be the overdue
    case, and the two other districts at the top of the risk list on the day the plan
    was drafted, the first to be closed, the second in progress."""
    hoanghoa = OrgUnit.objects.get(code=HOANG_HOA)
    rows = [
        row
        for row in risk_list(province, on=PLAN_ISSUED)
        if row.unit.level == Level.DISTRICT and row.unit.pk != hoanghoa.pk and row.score > 0
    ][:2]
    if len(rows) == 2:
        first, second = (row.unit for row in rows)
    else:
        first, second = (OrgUnit.objects.get(code=code) for code in FALLBACK)
    reasons = {row.unit.pk: [s.reason for s in row.signals] for row in rows}
    return {OVERDUE: hoanghoa, CLOSED: first, IN_PROGRESS: second}, reasons


def _cadres():
    """{name: person} of the teams' cadres, each holding a sample post under the Tỉnh ủy."""
    people = {}
    for name, unit_code, title, rank in CADRES:
        person = Person.objects.filter(full_name=name).first()
        if person is None:
            person = Person.objects.create(full_name=name, is_sample=True)
        position, _c = Position.objects.get_or_create(
            unit=OrgUnit.objects.get(code=unit_code), title=title, defaults={"rank": rank}
        )
        Tenure.objects.get_or_create(
            person=person, position=position, defaults={"start": CONGRESS_DAY, "is_sample": True}
        )
        people[name] = person
    people[KIEM] = Person.objects.get(full_name=KIEM)
    return people


def _writer(unit):
    """The demo account that writes for `unit` (a reporter there), or a sample account of
    its office when the demo has none: the self-report and the remedies are the unit's
    own, never the province office's. It has no password: nobody logs in as it."""
    user = User.objects.filter(unit=unit, roles__role=Role.REPORTER, is_active=True).first()
    if user is None:
        user = User(
            username=f"vp-{unit.code.lower()}",
            first_name=f"Văn phòng {unit.name}",
            unit=unit,
        )
        user.set_unusable_password()
        user.save()
        RoleGrant.objects.create(user=user, role=Role.REPORTER)
    return user


def _work(case, story, inspector, writer, reasons):
    """One case as far as its story goes: self-report, findings and recommendations,
    the conclusion, then each remedy reported and verified on its day."""
    day, text = story["self_report"]
    with _on(day):
        services.submit_self_report(writer, case, text=text.format(unit=case.subject.name) + SAMPLE)
    day, findings = story["findings"]
    recs = []
    with _on(day):
        for kind, text in findings:
            if text is None:  # what put the unit on the risk list
                if not reasons:
                    continue
                text = SIGNALS_FINDING.format(day=_day(PLAN_ISSUED), reasons="; ".join(reasons))
            services.add_finding(inspector, case, kind=kind, text=text + SAMPLE)
        for text, deadline, *_follow_up in story["recommendations"]:
            fields = {"text": text, "responsible_unit": case.subject, "deadline": deadline}
            recs.append(services.save_recommendation(inspector, case, Recommendation(), fields))
    if story["conclusion"] is None:
        return
    symbol, day = story["conclusion"]
    with _on(day):
        title = CONCLUSION_TITLE.format(unit=case.subject.name)
        services.issue_conclusion(inspector, case, symbol=symbol, issue_date=day, title=title)
    # Act in the order of the days, as it happened.
    acts = []
    for rec, (_t, _d, reported, remedy, verified, verdict, note) in zip(
        recs, story["recommendations"], strict=True
    ):
        acts.append((reported, 0, rec, remedy, verdict, note))
        acts.append((verified, 1, rec, remedy, verdict, note))
    remedies = {}
    for day, step, rec, text, verdict, note in sorted(acts, key=lambda a: (a[0], a[1])):
        with _on(day):
            if step == 0:
                remedies[rec.pk] = services.report_remedy(writer, rec, text=text + SAMPLE)
            else:
                services.verify_remedy(inspector, remedies[rec.pk], verdict=verdict, note=note)


def _visits():
    leader = User.objects.filter(username=LEADER, person__isnull=False).first()
    if leader is None:
        return
    for code, day, kind, notes, items in VISITS:
        with _on(day):
            visit = services.record_visit(
                leader,
                Visit(is_sample=True),
                {
                    "unit": OrgUnit.objects.get(code=code),
                    "held_on": day,
                    "kind": kind,
                    "notes": notes + SAMPLE,
                },
                follow_ups=[(text + SAMPLE, deadline) for text, deadline, _by, _on_day in items],
            )
        for item, (_t, _d, by, done_on) in zip(visit.follow_ups.order_by("pk"), items, strict=True):
            if by is not None:
                with _on(done_on):
                    services.close_follow_up(User.objects.get(username=by), item, done_on=done_on)
