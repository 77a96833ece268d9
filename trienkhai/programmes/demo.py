"""Demo programmes: the six key programmes and the breakthrough plan the seed names, each
from its registered document. Everything inside them (objectives, targets, planned
values, tasks, districts' implementing plans) is sample data and marked so. The seed
does not name the documents of the other two breakthroughs of the Congress, so they come
as sample programmes without a document (`SAMPLE_BREAKTHROUGHS`), marked as sample data
themselves, so that the Ban Chỉ đạo 715 oversees its nine."""

import datetime
from decimal import Decimal

from trienkhai.documents.models import Document
from trienkhai.documents.registry import Draft, register
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import (
    Concretisation,
    Milestone,
    Objective,
    Programme,
    ProgrammeKind,
    Target,
    TargetPlan,
    Task,
)

KEY = ProgrammeKind.KEY
# symbol, kind, lead department for the sample tasks, sample objective, sample targets
# (code, name, unit of measure, rule, direction, 2021..2025 plan)
PROGRAMMES = [
    (
        "621-QĐ/TU",
        KEY,
        "BQLKKT-38",
        "Thu hút đầu tư, lấp đầy các khu công nghiệp",
        [
            (
                "1",
                "Vốn đầu tư thực hiện vào KKT Nghi Sơn và các KCN",
                "nghìn tỷ đồng",
                "sum",
                "higher",
                [40, 45, 50, 55, 60],
            ),
            (
                "2",
                "Tỷ lệ lấp đầy các khu công nghiệp",
                "%",
                "average",
                "higher",
                [55, 60, 65, 70, 75],
            ),
        ],
    ),
    (
        "623-QĐ/TU",
        KEY,
        "SVHTTDL-38",
        "Đưa du lịch thành ngành kinh tế mũi nhọn",
        [
            ("1", "Tổng lượt khách du lịch", "triệu lượt", "sum", "higher", [8, 11, 13, 15, 17]),
            (
                "2",
                "Tổng thu từ khách du lịch",
                "nghìn tỷ đồng",
                "sum",
                "higher",
                [12, 18, 24, 30, 36],
            ),
        ],
    ),
    (
        "696-QĐ/TU",
        KEY,
        "SVHTTDL-38",
        "Nâng cao chất lượng văn hóa cơ sở",
        [
            (
                "1",
                "Tỷ lệ gia đình đạt danh hiệu gia đình văn hóa",
                "%",
                "ratio",
                "higher",
                [85, 86, 87, 88, 90],
            ),
        ],
    ),
    (
        "700-QĐ/TU",
        KEY,
        "SGDDT-38",
        "Nâng cao chất lượng giáo dục toàn diện",
        [
            ("1", "Tỷ lệ trường đạt chuẩn quốc gia", "%", "ratio", "higher", [68, 72, 76, 80, 85]),
        ],
    ),
    (
        "701-QĐ/TU",
        KEY,
        "SYT-38",
        "Nâng cao chất lượng khám, chữa bệnh",
        [
            (
                "1",
                "Số giường bệnh trên 1 vạn dân",
                "giường",
                "average",
                "higher",
                [30, 31, 32, 33, 34],
            ),
            (
                "2",
                "Tỷ lệ dân số tham gia bảo hiểm y tế",
                "%",
                "average",
                "higher",
                [91, 92, 93, 94, 95],
            ),
        ],
    ),
    (
        "624-QĐ/TU",
        KEY,
        "BDT-38",
        "Giảm nghèo bền vững ở miền núi",
        [
            ("1", "Tỷ lệ hộ nghèo các huyện miền núi", "%", "average", "lower", [14, 11, 8, 6, 4]),
        ],
    ),
    (
        "22-KH/TU",
        ProgrammeKind.BREAKTHROUGH,
        "SNV-38",
        "Cải thiện môi trường đầu tư",
        [
            (
                "1",
                "Chỉ số năng lực cạnh tranh cấp tỉnh (PCI)",
                "điểm",
                "latest",
                "higher",
                [65, 66, 67, 68, 70],
            ),
        ],
    ),
]

# The two breakthroughs whose documents the seed does not name: sample programmes
# (title, lead department, sample objective, sample targets as above).
SAMPLE_BREAKTHROUGHS = [
    (
        "Khâu đột phá về phát triển kết cấu hạ tầng kinh tế - xã hội (dữ liệu mẫu)",
        "SGTVT-38",
        "Hoàn thiện hạ tầng giao thông kết nối",
        [("1", "Tỷ lệ đường huyện được cứng hóa", "%", "average", "higher", [80, 84, 88, 92, 95])],
    ),
    (
        "Khâu đột phá về phát triển nguồn nhân lực (dữ liệu mẫu)",
        "SLDTBXH-38",
        "Nâng cao chất lượng nguồn nhân lực",
        [("1", "Tỷ lệ lao động qua đào tạo", "%", "average", "higher", [70, 72, 74, 76, 78])],
    ),
]

SAMPLE_TASKS = [
    # title, start, deadline, progress, completed_on, output
    (
        "Xây dựng và ban hành kế hoạch triển khai hằng năm",
        "2021-08-01",
        "2021-10-31",
        100,
        "2021-10-20",
        "Kế hoạch của UBND tỉnh",
    ),
    (
        "Rà soát, hoàn thiện cơ chế, chính sách hỗ trợ",
        "2021-09-01",
        "2021-12-31",
        60,
        None,
        "Đề án trình HĐND tỉnh",
    ),
    (
        "Tổ chức sơ kết, đánh giá kết quả thực hiện năm 2021",
        "2021-11-15",
        "2022-01-15",
        0,
        None,
        "Báo cáo sơ kết",
    ),
    (
        "Kiểm tra, đôn đốc các địa phương thực hiện",
        "2021-10-01",
        "2021-11-15",
        40,
        None,
        "Thông báo kết quả kiểm tra",
    ),
]

PLAN_DUE = datetime.date(2021, 11, 30)
# Districts' implementing plans for the tourism programme (sample): on time, late.
DISTRICT_PLANS = [
    ("HU-399", "45-KH/HU", datetime.date(2021, 10, 15)),  # Hoằng Hóa, on time
    ("HU-382", "38-KH/ThU", datetime.date(2021, 11, 20)),  # Sầm Sơn, on time
    ("HU-401", "51-KH/HU", datetime.date(2021, 12, 20)),  # Nga Sơn, late
    ("HU-407", "29-KH/ThU", datetime.date(2021, 12, 22)),  # Nghi Sơn, late
]


def load():
    province = OrgUnit.objects.get(code="TU-38")
    created = 0
    for symbol, kind, lead, objective_text, targets in PROGRAMMES:
        document = Document.objects.filter(symbol=symbol, issuing_unit=province).first()
        if document is None or Programme.objects.filter(document=document).exists():
            continue
        title = document.title[0].upper() + document.title[1:]
        _programme(province, kind, title, document, lead, objective_text, targets)
        created += 1
    for title, lead, objective_text, targets in SAMPLE_BREAKTHROUGHS:
        if Programme.objects.filter(unit=province, title=title).exists():
            continue
        kind = ProgrammeKind.BREAKTHROUGH
        _programme(province, kind, title, None, lead, objective_text, targets, is_sample=True)
        created += 1
    _district_plans(province)
    return created


def _programme(province, kind, title, document, lead, objective_text, targets, **extra):
    """A provincial programme with its sample objective, targets and tasks, and the
    districts' obligation to issue an implementing plan."""
    programme = Programme.objects.create(
        unit=province,
        kind=kind,
        title=title,
        document=document,
        start_year=2021,
        end_year=2025,
        **extra,
    )
    objective = Objective.objects.create(programme=programme, text=objective_text, is_sample=True)
    _targets(programme, objective, targets)
    _tasks(programme, OrgUnit.objects.get(code=lead))
    for district in OrgUnit.objects.get_children(province).filter(code__startswith="HU-"):
        Concretisation.objects.create(programme=programme, unit=district, due=PLAN_DUE)
    return programme


def _targets(programme, objective, targets):
    for code, name, uom, rule, direction, plan in targets:
        extra = {}
        if rule == "ratio":
            numerator = Target.objects.create(
                programme=programme,
                code=f"{code}a",
                name=f"{name}: số đạt",
                unit_of_measure="",
                aggregation="sum",
                is_sample=True,
            )
            denominator = Target.objects.create(
                programme=programme,
                code=f"{code}b",
                name=f"{name}: tổng số",
                unit_of_measure="",
                aggregation="sum",
                is_sample=True,
            )
            extra = {"numerator": numerator, "denominator": denominator}
        target = Target.objects.create(
            programme=programme,
            objective=objective,
            code=code,
            name=name,
            unit_of_measure=uom,
            aggregation=rule,
            direction=direction,
            value_type="percent" if uom == "%" else "number",
            baseline_year=2020,
            baseline_value=Decimal(plan[0]) * Decimal("0.9"),
            end_value=Decimal(plan[-1]),
            is_sample=True,
            **extra,
        )
        TargetPlan.objects.bulk_create(
            TargetPlan(target=target, year=2021 + i, value=Decimal(v)) for i, v in enumerate(plan)
        )


def _tasks(programme, lead):
    for title, start, deadline, progress, done, output in SAMPLE_TASKS:
        task = Task.objects.create(
            programme=programme,
            title=title,
            lead_unit=lead,
            expected_output=output,
            start=datetime.date.fromisoformat(start),
            deadline=datetime.date.fromisoformat(deadline),
            progress=Decimal(progress),
            completed_on=datetime.date.fromisoformat(done) if done else None,
            is_sample=True,
        )
        Milestone.objects.create(
            task=task,
            title="Hoàn thành dự thảo",
            due=task.start + (task.deadline - task.start) / 2,
            expected_progress=Decimal(50),
        )


def _district_plans(province):
    tourism = Programme.objects.filter(document__symbol="623-QĐ/TU").first()
    if tourism is None:
        return
    for code, symbol, issued in DISTRICT_PLANS:
        district = OrgUnit.objects.get(code=code)
        if Programme.objects.filter(parent=tourism, unit=district).exists():
            continue
        (document,) = register(
            [
                Draft(
                    symbol=symbol,
                    issue_date=issued,
                    issuing_unit=district,
                    organ="BTV",
                    title=f"Kế hoạch thực hiện {tourism.title[0].lower()}{tourism.title[1:]}",
                    is_sample=True,
                )
            ]
        )
        plan = Programme.objects.create(
            unit=district,
            kind=ProgrammeKind.PLAN,
            parent=tourism,
            document=document,
            title=document.title,
            start_year=2021,
            end_year=2025,
            is_sample=True,
        )
        for upper in tourism.targets.filter(objective__isnull=False):
            Target.objects.create(
                programme=plan,
                code=upper.code,
                name=upper.name,
                unit_of_measure=upper.unit_of_measure,
                aggregation=upper.aggregation,
                direction=upper.direction,
                upper=upper,
                is_sample=True,
            )
        parent_task = tourism.tasks.order_by("deadline").last()
        Task.objects.create(
            programme=plan,
            parent=parent_task,
            title=parent_task.title,
            lead_unit=district,
            start=parent_task.start,
            deadline=parent_task.deadline,
            expected_output="Báo cáo của huyện",
            progress=Decimal(30),
            is_sample=True,
        )
