"""What the province-scale benchmark changed must not change behaviour: the roll-up
loads lower targets by subquery and orders them itself, and a draft is saved by one
upsert per table (docs/benchmarks.md, reporting)."""

import datetime

import pytest

from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.cascade import create_plan
from trienkhai.programmes.models import Target
from trienkhai.reporting import rollup, services
from trienkhai.reporting.models import TargetValue, TaskReport
from trienkhai.testing import reporting as make_reports

pytestmark = [pytest.mark.django_db]


def test_lower_targets_come_in_the_models_order_at_every_level(world):
    tourism = make_reports.tourism()
    # Hoằng Hóa's communes take up its target in plans of their own: a third level. Hoằng
    # Hải plans first, so the order of creation is not the models' order.
    district_plan = tourism.plans["HU-399"]
    for n, code in enumerate(["DU-16000", "DU-15997"], start=3):
        create_plan(
            district_plan,
            OrgUnit.objects.get(code=code),
            title=f"Kế hoạch du lịch {code}",
            symbol=f"{n}-KH/ĐU",
            issue_date=datetime.date(2021, 6, 20),
            start_year=2021,
            end_year=2025,
            targets=[(tourism.targets["HU-399"], {2021: 1000})],
            tasks=[],
            take_tasks=[],
        )
    q4 = make_reports.period("2021Q4")
    province = OrgUnit.objects.get(code="TU-38")
    roots = Target.objects.filter(programme__unit=province, lower_targets__isnull=False)
    rows = rollup.compute(roots.distinct(), q4)
    assert [r.target.pk for r in rows] == [tourism.visitors.pk]
    (hoang_hoa,) = [c for c in rows[0].children if c.target.pk == tourism.targets["HU-399"].pk]
    assert len(rows[0].children) == 2 and len(hoang_hoa.children) == 2

    def check(row):
        expected = list(Target.objects.filter(upper_id=row.target.pk).values_list("pk", flat=True))
        assert [c.target.pk for c in row.children] == expected
        for child in row.children:
            check(child)

    for row in rows:
        check(row)


def test_saving_a_draft_again_updates_its_rows_in_place(world):
    tourism = make_reports.tourism()
    period = make_reports.period("2022Q2")
    unit = world.hoanghoa  # leads a task of its plan and reports the target it took up
    task = services.unit_tasks(unit, period).get()
    target = services.unit_targets(unit, period).get()
    assert (task, target) == (tourism.tasks["HU-399"], tourism.targets["HU-399"])
    report = services.open_report(unit, period)
    assert report.pk is None
    report = services.save_draft(
        report,
        narrative={"results": "Lần một"},
        tasks={task.pk: {"progress": "40", "done": "Bắt đầu"}},
        values={target.pk: "10"},
    )
    report = services.save_draft(
        report,
        tasks={str(task.pk): {"progress": "75,5", "done": "Gần xong"}},
        values={str(target.pk): "12,5"},
    )
    row = TaskReport.objects.get(submission=report, task=task)
    assert (row.progress, row.done) == (75.5, "Gần xong")
    assert TargetValue.objects.get(submission=report, target=target).value == 12.5
    services.save_draft(report, values={target.pk: ""})
    assert not TargetValue.objects.filter(submission=report, target=target).exists()
    assert TaskReport.objects.filter(submission=report, task=task).count() == 1
