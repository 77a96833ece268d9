"""Oversight's part of the synthetic province, for the risk list benchmark: on top of
reporting.synthetic (27 districts, 567 communes, 5,346 plans with their obligations, ~96,000
tasks, quarterly reports 2021Q2–2025Q4 with ~500,000 task progress rows), what the risk
list reads and the others do not write:

- Party members in the registry of every commune, and a study session (sometimes a
  make-up one too) of most communes for each of the nine programme documents, some
  under-attended, some implausible, some communes not yet studied;
- narratives of their own for the two quarters before `ON`, a few copied from another
  commune or from the unit's previous report;
- tasks reported at the same % three quarters running;
- reports returned twice (their submit and return events);
- the province's inspections of a third of its districts and a tenth of its communes,
  concluded in 2024–2025, with recommendations open, overdue and done.

Everything is sample data; the same seed builds the same data.
"""

import datetime
import random
import uuid
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from trienkhai.documents.models import Document
from trienkhai.orgs.models import Level, OrgUnit
from trienkhai.oversight.models import Case, CaseState, Kind, Plan, Recommendation, RecState, Team
from trienkhai.programmes import synthetic as programme_synthetic
from trienkhai.programmes.models import Programme, Task
from trienkhai.reporting import synthetic as reporting_synthetic
from trienkhai.reporting.models import Act, Period, Status, Submission, SubmissionEvent, TaskReport
from trienkhai.study.models import SessionKind, StudySession

ON = datetime.date(2025, 12, 31)  # the day the benchmark asks about
NARRATIVE_QUARTERS = ("2025Q3", "2025Q4")
STALLED_QUARTERS = ("2025Q2", "2025Q3", "2025Q4")

CLAUSES = (
    "tổ chức {n} hội nghị quán triệt chương trình đến cán bộ, đảng viên",
    "vận động {n} hộ tham gia mô hình kinh tế tập thể",
    "hoàn thành {n} km đường giao thông nông thôn",
    "kết nạp {n} đảng viên mới, chủ yếu là đoàn viên thanh niên",
    "mở {n} lớp đào tạo nghề cho lao động nông thôn",
    "xây dựng {n} nhà văn hóa thôn, khu phố",
    "hỗ trợ {n} hộ nghèo sửa chữa nhà ở",
    "thu ngân sách trên địa bàn đạt {n} phần trăm dự toán",
    "tổ chức {n} buổi đối thoại giữa người đứng đầu cấp ủy với nhân dân",
    "kiểm tra {n} chi bộ về việc thực hiện nghị quyết",
    "trồng mới {n} héc ta rừng sản xuất",
    "chuyển đổi {n} héc ta đất lúa kém hiệu quả sang cây trồng khác",
    "giải quyết dứt điểm {n} đơn thư khiếu nại kéo dài",
    "đưa {n} sản phẩm OCOP lên sàn thương mại điện tử",
    "cứng hóa {n} km kênh mương nội đồng",
    "tiếp nhận và xử lý {n} hồ sơ thủ tục hành chính trực tuyến",
    "tuyên truyền {n} lượt trên hệ thống truyền thanh cơ sở",
    "thành lập {n} tổ hợp tác sản xuất rau an toàn",
    "bồi dưỡng lý luận chính trị cho {n} quần chúng ưu tú",
    "duy trì {n} câu lạc bộ văn hóa, thể thao ở thôn",
    "khám sức khỏe định kỳ cho {n} người cao tuổi",
    "lắp đặt {n} camera an ninh tại các tuyến đường chính",
    "hòa giải thành {n} vụ việc tranh chấp tại cơ sở",
    "cấp {n} giấy chứng nhận quyền sử dụng đất lần đầu",
    "xây dựng {n} tuyến đường kiểu mẫu xanh, sạch, đẹp",
    "phát triển {n} trang trại chăn nuôi tập trung xa khu dân cư",
    "sửa chữa {n} phòng học xuống cấp",
    "vận động nhân dân hiến {n} mét vuông đất làm đường",
    "tập huấn chuyển đổi số cho {n} cán bộ thôn",
    "hoàn thiện {n} tiêu chí nông thôn mới nâng cao",
)
DIFFICULTIES = (
    "nguồn lực đầu tư còn hạn chế",
    "một số chi bộ sinh hoạt chưa đều",
    "thời tiết bất lợi ảnh hưởng đến sản xuất",
    "việc giải phóng mặt bằng còn chậm",
    "đội ngũ cán bộ cơ sở còn thiếu kinh nghiệm",
    "giá vật tư tăng cao",
)


def exists():
    province = programme_synthetic.province()
    return (
        province is not None
        and StudySession.objects.filter(
            unit__path__startswith=province.path, is_sample=True
        ).exists()
    )


def _uid(rng):
    return uuid.UUID(int=rng.getrandbits(128))


def _narrative(rng, unit_name):
    parts = rng.sample(CLAUSES, 5)
    done = "; ".join(p.format(n=rng.randint(2, 480)) for p in parts)
    return (
        f"Trong kỳ, {unit_name} đã {done}. Khó khăn: {rng.choice(DIFFICULTIES)}, "
        f"{rng.choice(DIFFICULTIES)} (dữ liệu mẫu)."
    )


def _document(province, kind, number, day, title):
    return Document.objects.create(
        system="party",
        kind=kind,
        number=str(number),
        issuer_code="UBKTTU",
        symbol=f"{number}-{kind}/UBKTTU",
        issue_date=day,
        issuing_unit=province,
        title=title,
        is_sample=True,
    )


def _study(rng, province, communes):
    documents = list(
        Document.objects.filter(
            pk__in=Programme.objects.filter(unit=province, parent__isnull=True).values(
                "document_id"
            )
        ).order_by("pk")
    )
    sessions, links = [], []
    for commune in communes:
        commune.party_members = rng.randint(60, 400)
    OrgUnit.objects.bulk_update(communes, ["party_members"], batch_size=2000)
    for commune in communes:
        registry = commune.party_members
        for document in documents:
            draw = rng.random()
            if draw < 0.06:
                continue  # not studied yet
            expected = registry
            if draw < 0.09:  # implausible: more expected than the registry has
                expected = registry + rng.randint(3, 30)
            share = rng.uniform(0.55, 0.8) if draw < 0.2 else rng.uniform(0.85, 1.0)
            present = min(expected, round(expected * share))
            day = document.issue_date + datetime.timedelta(days=rng.randint(10, 60))
            made = [(SessionKind.REGULAR, expected, present, day)]
            if present < expected and rng.random() < 0.3:
                missed = expected - present
                made.append((SessionKind.MAKE_UP, missed, rng.randint(0, missed), day))
            for kind, exp, pres, held in made:
                session = StudySession(
                    uid=_uid(rng),
                    unit=commune,
                    held_on=held
                    + datetime.timedelta(days=20 if kind == SessionKind.MAKE_UP else 0),
                    kind=kind,
                    members_expected=exp,
                    members_present=pres,
                    is_sample=True,
                )
                sessions.append(session)
                links.append((session, document))
    StudySession.objects.bulk_create(sessions, batch_size=5000)
    through = StudySession.documents.through
    through.objects.bulk_create(
        [through(studysession_id=s.pk, document_id=d.pk) for s, d in links], batch_size=5000
    )
    return len(sessions)


def _narratives(rng, province):
    """Own words for the last two quarters; 4 % copy another unit's, 3 % repeat their
    own previous report."""
    periods = {p.code: p for p in Period.objects.filter(code__in=NARRATIVE_QUARTERS)}
    changed = 0
    previous = {}
    for code in NARRATIVE_QUARTERS:
        reports = list(
            Submission.objects.filter(period=periods[code], unit__path__startswith=province.path)
            .select_related("unit")
            .order_by("unit__path")
        )
        for report in reports:
            report.results = _narrative(rng, report.unit.name)
        for report in reports:
            draw = rng.random()
            if draw < 0.04:
                report.results = rng.choice(reports).results
            elif draw < 0.07 and report.unit_id in previous:
                report.results = previous[report.unit_id]
        Submission.objects.bulk_update(reports, ["results"], batch_size=2000)
        previous = {r.unit_id: r.results for r in reports}
        changed += len(reports)
    return changed


def _stalled(province):
    """Tasks whose number ends in 37 or 74 (about 2 %) at 35 % for three quarters."""
    tasks = [
        pk
        for pk in Task.objects.filter(programme__unit__path__startswith=province.path)
        .values_list("pk", flat=True)
        .iterator()
        if pk % 100 in (37, 74)
    ]
    return TaskReport.objects.filter(
        submission__period__code__in=STALLED_QUARTERS, task_id__in=tasks
    ).update(progress=Decimal(35))


def _returns(rng, province):
    """Two returns for two in five of the returned reports of 2025."""
    tz = timezone.get_current_timezone()
    events = []
    for report in Submission.objects.filter(
        unit__path__startswith=province.path,
        period__code__startswith="2025",
        status=Status.RETURNED,
    ).select_related("period"):
        if rng.random() >= 0.4:
            continue
        first = report.first_submitted_at or datetime.datetime.combine(
            report.period.data_to, datetime.time(9), tz
        )
        for version in (1, 2):
            sent = first + datetime.timedelta(days=3 * (version - 1))
            events.append(
                SubmissionEvent(submission=report, act=Act.SUBMIT, version=version, at=sent)
            )
            events.append(
                SubmissionEvent(
                    submission=report,
                    act=Act.RETURN,
                    version=version,
                    at=sent + datetime.timedelta(days=1),
                    reason="Bổ sung số liệu (dữ liệu mẫu).",
                )
            )
    SubmissionEvent.objects.bulk_create(events, batch_size=5000)
    return len(events) // 4


def _inspections(rng, province, districts, communes):
    """One plan of the province a year, one team per ten subjects, a concluded case per
    subject with one to four recommendations."""
    subjects = rng.sample(districts, len(districts) // 3) + rng.sample(
        communes, len(communes) // 10
    )
    number, recs, cases = 1, [], 0
    for year, chosen in ((2024, subjects[::2]), (2025, subjects[1::2])):
        issued = datetime.date(year, 2, 1)
        plan = Plan.objects.create(
            body=province,
            kind=Kind.THEMATIC,
            title=f"Kế hoạch giám sát chuyên đề năm {year} (dữ liệu mẫu)",
            content="Việc cụ thể hóa và tổ chức thực hiện các chương trình của Tỉnh ủy.",
            year_from=year,
            year_to=year,
            covers_from=datetime.date(year - 1, 1, 1),
            covers_to=datetime.date(year - 1, 12, 31),
            starts_on=datetime.date(year, 3, 1),
            ends_on=datetime.date(year, 10, 31),
            document=_document(province, "KH", number, issued, f"Kế hoạch giám sát năm {year}"),
            is_sample=True,
        )
        number += 1
        plan.subjects.set(chosen)
        for start in range(0, len(chosen), 10):
            group = chosen[start : start + 10]
            begins = datetime.date(year, 3 + start // 10, 1)
            team = Team.objects.create(
                plan=plan,
                name=f"Đoàn giám sát số {number} (dữ liệu mẫu)",
                starts_on=begins,
                ends_on=begins + datetime.timedelta(days=45),
                self_report_due=begins - datetime.timedelta(days=3),
                document=_document(
                    province, "QĐ", number, begins, f"Quyết định thành lập đoàn {number}"
                ),
                is_sample=True,
            )
            number += 1
            for subject in group:
                concluded = team.ends_on + datetime.timedelta(days=rng.randint(5, 40))
                case = Case.objects.create(
                    team=team,
                    subject=subject,
                    state=CaseState.CONCLUDED,
                    conclusion=_document(
                        province, "TB", number, concluded, f"Thông báo kết luận giám sát {number}"
                    ),
                    concluded_on=concluded,
                    is_sample=True,
                )
                number += 1
                cases += 1
                below = [c for c in communes if c.path.startswith(subject.path)]
                for k in range(rng.randint(1, 4)):
                    deadline = concluded + datetime.timedelta(days=rng.randint(60, 300))
                    draw = rng.random()
                    state = (
                        RecState.DONE
                        if draw < 0.5
                        else RecState.REPORTED
                        if draw < 0.65
                        else RecState.PARTLY
                        if draw < 0.75
                        else RecState.OPEN
                    )
                    done_on = (
                        deadline - datetime.timedelta(days=10) if state == RecState.DONE else None
                    )
                    if done_on and done_on > ON:
                        done_on = ON
                    recs.append(
                        Recommendation(
                            uid=_uid(rng),
                            case=case,
                            text=f"Kiến nghị {k + 1}: bổ sung, hoàn thiện kế hoạch (dữ liệu mẫu).",
                            responsible_unit=rng.choice(below) if below and k == 3 else subject,
                            deadline=deadline,
                            state=state,
                            done_on=done_on,
                            is_sample=True,
                        )
                    )
    Recommendation.objects.bulk_create(recs, batch_size=2000)
    return cases, len(recs)


@transaction.atomic
def build(seed=13, log=print):
    """Everything above, on the synthetic province (reports built first if absent).
    Returns the counts created."""
    rng = random.Random(seed)
    counts = {}
    if not reporting_synthetic.exists():
        counts.update(reporting_synthetic.build(log=log))
    province = programme_synthetic.province()
    under = OrgUnit.objects.filter(path__startswith=province.path).order_by("path")
    districts = list(under.filter(level=Level.DISTRICT))
    communes = list(under.filter(level=Level.COMMUNE))
    counts["study sessions"] = _study(rng, province, communes)
    log(f"study sessions: {counts['study sessions']}")
    counts["narratives rewritten"] = _narratives(rng, province)
    counts["task reports stalled"] = _stalled(province)
    counts["reports returned twice"] = _returns(rng, province)
    counts["cases"], counts["recommendations"] = _inspections(rng, province, districts, communes)
    log(f"oversight: {counts}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "orgs_orgunit",
                "study_studysession",
                "study_studysession_documents",
                "reporting_submission",
                "reporting_submissionevent",
                "reporting_taskreport",
                "oversight_case",
                "oversight_recommendation",
            ):
                cursor.execute(f"ANALYZE {table}")
    return counts
