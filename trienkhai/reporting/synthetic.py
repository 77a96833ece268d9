"""A synthetic province's periodic reports, for benchmarks: on top of
programmes.synthetic (1 province, 27 districts, 567 communes, 9 programmes, 5,346 plans,
~96,000 tasks), ten targets per programme taken up by every implementing plan (~53,500
targets, each lower one pointing to its upper one), yearly plans 2021–2025, the quarters
2021Q2–2025Q4, and for every unit and quarter a report with a value for each of its
targets (~1,000,000 values) and progress on the tasks it was working on (~500,000).
Everything is marked sample data; the same seed builds the same data.

On PostgreSQL the two large tables are written with COPY; elsewhere with bulk_create.
"""

import datetime
import random
import uuid
from dataclasses import dataclass
from decimal import Decimal

from django.db import connection, transaction
from django.utils import timezone

from trienkhai.lib.rollup import Direction, Rule
from trienkhai.programmes import synthetic as programme_synthetic
from trienkhai.programmes.models import Programme, Target, TargetPlan, Task
from trienkhai.reporting.models import Period, Status, Submission, TargetValue, TaskReport

YEARS = range(2021, 2026)


@dataclass(frozen=True)
class Spec:
    code: str
    name: str
    unit_of_measure: str
    aggregation: str
    base: float  # a commune's plan for 2021
    growth: float = 0.05  # a year
    cumulative: bool = False
    value_type: str = "number"
    direction: str = Direction.HIGHER


# Mostly sums, some averages, a maximum and a latest value, as in real plans.
SPECS = (
    Spec("CT01", "Số hộ thoát nghèo", "hộ", Rule.SUM, 40, cumulative=True),
    Spec("CT02", "Số nhà ở được xây mới, sửa chữa", "nhà", Rule.SUM, 12, cumulative=True),
    Spec("CT03", "Số đảng viên mới kết nạp", "người", Rule.SUM, 8, cumulative=True),
    Spec("CT04", "Thu ngân sách trên địa bàn", "triệu đồng", Rule.SUM, 5200, 0.08, True),
    Spec("CT05", "Số lao động được đào tạo nghề", "người", Rule.SUM, 150, cumulative=True),
    Spec("CT06", "Số km đường giao thông nông thôn được cứng hóa", "km", Rule.SUM, 3.5),
    Spec(
        "CT07", "Tỷ lệ hộ nghèo", "%", Rule.AVERAGE, 6.0, -0.12, False, "percent", Direction.LOWER
    ),
    Spec("CT08", "Tỷ lệ người dân tham gia BHYT", "%", Rule.AVERAGE, 88, 0.015, False, "percent"),
    Spec("CT09", "Thu nhập bình quân đầu người cao nhất", "triệu đồng", Rule.MAX, 45, 0.07),
    Spec("CT10", "Số trường đạt chuẩn quốc gia", "trường", Rule.LATEST, 2, 0.1),
)
CODES = {spec.code: i for i, spec in enumerate(SPECS)}

# Of every unit's report for a quarter: accepted, submitted, returned, draft, none.
STATES = ((Status.ACCEPTED, 0.84), (Status.SUBMITTED, 0.06), (Status.RETURNED, 0.03))
DRAFT, MISSING = 0.02, 0.05
FIRST, LAST = "2021Q2", "2025Q4"


def period_codes(first=FIRST, last=LAST):
    codes = []
    year, quarter = int(first[:4]), int(first[-1])
    while f"{year}Q{quarter}" <= last:
        codes.append(f"{year}Q{quarter}")
        year, quarter = (year, quarter + 1) if quarter < 4 else (year + 1, 1)
    return codes


def exists():
    province = programme_synthetic.province()
    return (
        province is not None
        and Target.objects.filter(programme__unit=province, is_sample=True).exists()
    )


def _combine(rule, values):
    if rule == Rule.SUM:
        return sum(values)
    if rule == Rule.AVERAGE:
        return sum(values) / len(values)
    if rule == Rule.MAX:
        return max(values)
    return values[-1]  # LATEST


def _fmt(value, spec):
    if spec.value_type == "percent":
        value = min(max(value, 0.0), 100.0)
    return f"{max(value, 0.0):.2f}"


def _write(model, columns, rows):
    """Append rows (tuples of column values) to a table: COPY on PostgreSQL."""
    if connection.vendor == "postgresql":
        table = model._meta.db_table
        with connection.cursor() as cursor:
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
        return
    fields = [c[:-3] + "_id" if c.endswith("_id") else c for c in columns]
    objs = (model(**dict(zip(fields, row, strict=True))) for row in rows)
    batch = []
    for obj in objs:
        batch.append(obj)
        if len(batch) >= 5000:
            model.objects.bulk_create(batch)
            batch.clear()
    model.objects.bulk_create(batch)


@transaction.atomic
def build(seed=11, first=FIRST, last=LAST, task_share=1.0, log=print):
    """Targets, plans, periods, reports, values and task progress for the synthetic
    province (built first if absent). Returns the counts created."""
    rng = random.Random(seed)
    counts = {}
    province = programme_synthetic.province()
    if province is None:
        units, plans, tasks = programme_synthetic.build()
        counts.update(units=units, plans=plans, tasks=tasks)
        province = programme_synthetic.province()
    # Programmes from the top down: the province's, then the districts', the communes'.
    programmes = list(
        Programme.objects.filter(unit__path__startswith=province.path)
        .order_by("unit__depth", "pk")
        .values_list("pk", "parent_id", "unit_id", "unit__depth")
    )
    children = {}
    for pk, parent_id, _unit, _depth in programmes:
        children.setdefault(parent_id, []).append(pk)
    unit_of = {pk: unit for pk, _parent, unit, _depth in programmes}
    # Plans per programme, target and year: communes' drawn, upper ones combined.
    plan = {}
    for pk, _parent, _unit, _depth in reversed(programmes):
        below = children.get(pk, [])
        for s, spec in enumerate(SPECS):
            for y in YEARS:
                if below:
                    plan[pk, s, y] = _combine(spec.aggregation, [plan[c, s, y] for c in below])
                else:
                    grown = spec.base * (1 + spec.growth) ** (y - 2021)
                    plan[pk, s, y] = grown * rng.uniform(0.7, 1.3)
    # Targets level by level, so each knows its upper target's pk.
    target_of = {}
    by_depth = {}
    for pk, parent_id, _unit, depth in programmes:
        by_depth.setdefault(depth, []).append((pk, parent_id))
    for depth in sorted(by_depth):
        batch = []
        for pk, parent_id in by_depth[depth]:
            for s, spec in enumerate(SPECS):
                batch.append(
                    Target(
                        programme_id=pk,
                        code=spec.code,
                        name=spec.name,
                        unit_of_measure=spec.unit_of_measure,
                        value_type=spec.value_type,
                        direction=spec.direction,
                        aggregation=spec.aggregation,
                        cumulative=spec.cumulative,
                        upper_id=target_of.get((parent_id, s)),
                        is_sample=True,
                    )
                )
        Target.objects.bulk_create(batch, batch_size=5000)
        for t in batch:
            target_of[t.programme_id, CODES[t.code]] = t.pk
    counts["targets"] = len(target_of)
    plan_rows = [
        TargetPlan(target_id=target_of[pk, s], year=y, value=Decimal(_fmt(plan[pk, s, y], spec)))
        for pk, *_rest in programmes
        for s, spec in enumerate(SPECS)
        for y in YEARS
    ]
    TargetPlan.objects.bulk_create(plan_rows, batch_size=10000)
    counts["target plans"] = len(plan_rows)
    del plan_rows
    log(f"targets: {counts['targets']}, plans: {counts['target plans']}")

    periods = [Period.objects.ensure(code) for code in period_codes(first, last)]
    counts["periods"] = len(periods)
    # Reports: one per unit and quarter, but for the missing ones.
    unit_ids = sorted({unit for unit in unit_of.values()})
    tz = timezone.get_current_timezone()
    submissions, state_of = [], {}
    for period in periods:
        for unit in unit_ids:
            draw = rng.random()
            status = None
            for candidate, share in STATES:
                if draw < share:
                    status = candidate
                    break
                draw -= share
            if status is None:
                status = Status.DRAFT if draw < DRAFT else None
            if status is None:
                continue
            sub = Submission(
                uid=uuid.UUID(int=rng.getrandbits(128)),
                unit_id=unit,
                period=period,
                status=status,
                results="Kết quả thực hiện trong kỳ (dữ liệu mẫu).",
                is_sample=True,
            )
            if status != Status.DRAFT:
                sent = datetime.datetime.combine(
                    period.data_to + datetime.timedelta(days=rng.choice((1, 2, 3, 4, 5, 6, 9, 14))),
                    datetime.time(rng.randint(7, 17), rng.randint(0, 59)),
                    tz,
                )
                sub.version = 2 if status == Status.RETURNED and rng.random() < 0.3 else 1
                sub.first_submitted_at = sub.submitted_at = sent
                if status in (Status.ACCEPTED, Status.RETURNED):
                    sub.reviewed_at = sent + datetime.timedelta(days=rng.randint(1, 5))
                if status == Status.RETURNED:
                    sub.return_reason = "Bổ sung số liệu (dữ liệu mẫu)."
            submissions.append(sub)
    Submission.objects.bulk_create(submissions, batch_size=5000)
    for sub in submissions:
        state_of[sub.unit_id, sub.period.pk] = sub.pk
    counts["submissions"] = len(submissions)
    del submissions
    log(f"periods: {len(periods)}, submissions: {counts['submissions']}")

    # Values, from the communes up: a unit above reports what its units' values
    # combine to, now and then rounded or corrected by hand (a disagreement).
    def value_rows():
        for period in periods:
            year, months = period.end.year, period.end.month
            value = {}
            for pk, _parent, unit, _depth in reversed(programmes):
                below = children.get(pk, [])
                for s, spec in enumerate(SPECS):
                    if below:
                        known = [value[c, s] for c in below if (c, s) in value]
                        if not known:
                            continue
                        v = _combine(spec.aggregation, known)
                        if rng.random() < 0.1:
                            v *= rng.uniform(0.97, 1.05)
                    else:
                        share = months / 12 if spec.cumulative else 1
                        v = plan[pk, s, year] * share * rng.uniform(0.75, 1.15)
                    value[pk, s] = v
                    sub = state_of.get((unit, period.pk))
                    if sub is not None:
                        yield (sub, target_of[pk, s], _fmt(v, spec), "")

    written = 0

    def counted(rows):
        nonlocal written
        for row in rows:
            written += 1
            yield row

    _write(TargetValue, ("submission_id", "target_id", "value", "note"), counted(value_rows()))
    counts["target values"] = written
    log(f"target values: {written}")

    # Task progress: every report covers the tasks its unit was working on in the
    # quarter (started by its cut-off, not finished before it began), `task_share` of them.
    tasks_of = {}
    for pk, unit, start, deadline, completed, progress in Task.objects.filter(
        programme__unit__path__startswith=province.path
    ).values_list("pk", "lead_unit_id", "start", "deadline", "completed_on", "progress"):
        tasks_of.setdefault(unit, []).append((pk, start, deadline, completed, float(progress)))

    def task_rows():
        for period in periods:
            for unit in unit_ids:
                sub = state_of.get((unit, period.pk))
                if sub is None:
                    continue
                for pk, start, deadline, completed, final in tasks_of.get(unit, ()):
                    if start > period.data_to or (completed and completed < period.start):
                        continue
                    if task_share < 1 and rng.random() >= task_share:
                        continue
                    span = max((deadline - start).days, 1)
                    elapsed = (period.data_to - start).days / span
                    progress = 100.0 if completed and completed <= period.data_to else None
                    if progress is None:
                        progress = min(final, 100.0 * elapsed, 99.0) * rng.uniform(0.8, 1.0)
                    yield (sub, pk, f"{max(progress, 0.0):.2f}", "", "", "")

    written = 0
    _write(
        TaskReport,
        ("submission_id", "task_id", "progress", "done", "obstacles", "proposals"),
        counted(task_rows()),
    )
    counts["task reports"] = written
    log(f"task reports: {written}")
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            for table in (
                "programmes_target",
                "programmes_targetplan",
                "reporting_period",
                "reporting_submission",
                "reporting_targetvalue",
                "reporting_taskreport",
            ):
                cursor.execute(f"ANALYZE {table}")
    return counts
