"""A synthetic province with programmes, implementing plans at every level and about
100,000 tasks, for benchmarks (built on orgs.synthetic; everything marked sample)."""

import datetime
import random
from decimal import Decimal

from django.db import connection, transaction

from trienkhai.documents.models import Document
from trienkhai.orgs import synthetic as org_synthetic
from trienkhai.orgs.models import Level, OrgUnit
from trienkhai.programmes.models import Concretisation, Programme, Task

PREFIX = "SYNP"
SHAPE = org_synthetic.Shape(provinces=1, districts=27, communes=21, cells=0)  # 567 communes


@transaction.atomic
def build(programmes=9, tasks_per_plan=18, seed=7):
    """Returns (units, plans, tasks) created."""
    rng = random.Random(seed)
    units = org_synthetic.build(SHAPE, prefix=PREFIX)
    province = OrgUnit.objects.get(code=org_synthetic.province_code(1, PREFIX))
    districts = list(OrgUnit.objects.get_children(province))
    communes_of = {d.pk: list(OrgUnit.objects.get_children(d)) for d in districts}
    base = datetime.date(2021, 7, 23)
    tops = []
    for i in range(1, programmes + 1):
        doc = Document.objects.create(
            system="party",
            kind="QĐ",
            number=str(900 + i),
            issuer_code="TU",
            symbol=f"{900 + i}-QĐ/TU",
            issue_date=base,
            issuing_unit=province,
            title=f"Chương trình tổng hợp {i}",
            is_sample=True,
        )
        tops.append(
            Programme.objects.create(
                unit=province,
                kind="key",
                document=doc,
                title=doc.title,
                start_year=2021,
                end_year=2025,
                is_sample=True,
            )
        )
    docs, plans, obligations = [], [], []
    number = 0

    def plan_for(upper, unit, level_code):
        nonlocal number
        number += 1
        issued = base + datetime.timedelta(days=rng.randint(30, 200))
        due = base + datetime.timedelta(days=120)
        doc = Document(
            system="party",
            kind="KH",
            number=str(number),
            issuer_code=level_code,
            symbol=f"{number}-KH/{level_code}",
            issue_date=issued,
            issuing_unit=unit,
            title=f"Kế hoạch thực hiện {upper.title}",
            is_sample=True,
        )
        doc.symbol_key = f" {number} kh {level_code.lower()} "
        doc.search_key = f" {number} kh ke hoach thuc hien "
        docs.append(doc)
        obligations.append(Concretisation(programme=upper, unit=unit, due=due))
        plan = Programme(
            unit=unit,
            kind="plan",
            parent=upper,
            title=doc.title,
            start_year=2021,
            end_year=2025,
            is_sample=True,
        )
        plans.append((plan, doc, rng.random() < 0.8))  # 80 % issued
        return plan

    for top in tops:
        for district in districts:
            plan_for(top, district, "HU")
    Document.objects.bulk_create(docs)
    district_plans = []
    for plan, doc, issued in plans:
        plan.document = doc if issued else None
        district_plans.append(plan)
    Programme.objects.bulk_create(district_plans)
    Concretisation.objects.bulk_create(obligations)
    docs, plans, obligations = [], [], []
    for dplan in district_plans:
        for commune in communes_of[dplan.unit_id]:
            plan_for(dplan, commune, "ĐU")
    Document.objects.bulk_create(docs, batch_size=5000)
    commune_plans = []
    for plan, doc, issued in plans:
        plan.document = doc if issued else None
        commune_plans.append(plan)
    Programme.objects.bulk_create(commune_plans, batch_size=5000)
    Concretisation.objects.bulk_create(obligations, batch_size=5000)
    tasks = []
    today = datetime.date(2026, 11, 27)
    for plan in tops + district_plans + commune_plans:
        for k in range(tasks_per_plan):
            start = base + datetime.timedelta(days=rng.randint(0, 900))
            deadline = start + datetime.timedelta(days=rng.randint(30, 700))
            # Most tasks whose deadline is long past were finished; recent ones less so.
            age = (today - deadline).days
            done = rng.random() < (0.95 if age > 180 else 0.6 if age > 0 else 0.2)
            completed = (
                min(deadline + datetime.timedelta(days=rng.randint(-20, 30)), today)
                if done
                else None
            )
            if completed and completed < start:
                completed = start
            tasks.append(
                Task(
                    programme=plan,
                    title=f"Nhiệm vụ {k + 1} của {plan.title[:60]}",
                    lead_unit_id=plan.unit_id,
                    start=start,
                    deadline=deadline,
                    expected_output="Báo cáo",
                    is_sample=True,
                    progress=Decimal(100 if done else rng.randint(0, 90)),
                    completed_on=completed,
                )
            )
    Task.objects.bulk_create(tasks, batch_size=5000)
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "orgs_orgunit",
                "documents_document",
                "programmes_programme",
                "programmes_task",
                "programmes_concretisation",
            ):
                cursor.execute(f"ANALYZE {table}")
    return units, len(district_plans) + len(commune_plans), len(tasks)


def province():
    return OrgUnit.objects.filter(
        code=org_synthetic.province_code(1, PREFIX), level=Level.PROVINCE
    ).first()
