"""What the province-scale benchmark changed must not change behaviour: the roll-up
loads lower targets by subquery and orders them itself, and a draft is saved by one
upsert per table (docs/benchmarks.md, reporting)."""

import pytest

from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import Target
from trienkhai.reporting import rollup, services
from trienkhai.reporting.models import Period, TargetValue, TaskReport

pytestmark = [pytest.mark.django_db, pytest.mark.demo]


def test_lower_targets_come_in_the_models_order_at_every_level():
    q4 = Period.objects.ensure("2021Q4")
    province = OrgUnit.objects.get(code="TU-38")
    roots = Target.objects.filter(programme__unit=province, lower_targets__isnull=False)
    rows = rollup.compute(roots.distinct(), q4)
    assert rows

    def check(row):
        expected = list(Target.objects.filter(upper_id=row.target.pk).values_list("pk", flat=True))
        assert [c.target.pk for c in row.children] == expected
        for child in row.children:
            check(child)

    for row in rows:
        check(row)


def test_saving_a_draft_again_updates_its_rows_in_place():
    period = Period.objects.ensure("2022Q2")  # no report yet in the demo
    unit = next(
        u
        for u in OrgUnit.objects.filter(programmes__targets__isnull=False).distinct()
        if services.unit_tasks(u, period).exists()
        and services.unit_targets(u, period).exists()
        and services.open_report(u, period).is_editable
    )
    task = services.unit_tasks(unit, period).first()
    target = services.unit_targets(unit, period).first()
    report = services.open_report(unit, period)
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
