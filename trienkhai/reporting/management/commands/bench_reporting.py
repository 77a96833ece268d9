"""Benchmark: a synthetic province with ~1,000,000 target values and ~500,000 task
progress rows; the province dashboard of one period, one commune's report saved and
sent, and the floor of one hand-written SQL statement (see docs/benchmarks.md)."""

import logging
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.orgs.models import Level, OrgUnit
from trienkhai.programmes import synthetic as programme_synthetic
from trienkhai.reporting import completeness, rollup, services, synthetic
from trienkhai.reporting.models import Period, Submission, TargetValue, TaskReport


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


def queries(fn):
    with CaptureQueriesContext(connection) as captured:
        fn()
    return len(captured)


# The floor: the province dashboard's figures in one statement. Per target of the
# province: its own reported value, the value computed from the district targets below
# it (each district's reported value, else the value computed from its communes), how
# many districts have data and how many not, and the plan for the period; with the
# number of units expected to report and of those that sent. Fixed to the synthetic
# tree's depth (province, district, commune); see docs/benchmarks.md for what it omits.
FLOOR_SQL = """
WITH sent AS (
    SELECT v.target_id, v.value
    FROM reporting_targetvalue v
    JOIN reporting_submission s ON s.id = v.submission_id
    WHERE s.period_id = %(period)s AND s.status IN ('submitted', 'accepted')
),
roots AS (
    SELECT t.id, t.aggregation, t.cumulative
    FROM programmes_target t
    JOIN programmes_programme p ON p.id = t.programme_id
    LEFT JOIN documents_document d ON d.id = p.document_id
    WHERE p.unit_id = %(unit)s AND t.numerator_id IS NULL
      AND p.start_year <= %(year)s AND p.end_year >= %(year)s
      AND (d.issue_date IS NULL OR d.issue_date <= %(end)s)
      AND (%(general)s OR p.report_every = %(kind)s)
),
running AS (
    SELECT p.id, p.unit_id FROM programmes_programme p
    LEFT JOIN documents_document d ON d.id = p.document_id
    WHERE p.start_year <= %(year)s AND p.end_year >= %(year)s
      AND (d.issue_date IS NULL OR d.issue_date <= %(end)s)
      AND (%(general)s OR p.report_every = %(kind)s)
),
middle AS (
    SELECT m.id, m.upper_id, m.programme_id, r.aggregation,
        COALESCE(mv.value, CASE r.aggregation
            WHEN 'sum' THEN sum(cv.value)
            WHEN 'average' THEN round(avg(cv.value), 2)
            WHEN 'max' THEN max(cv.value)
            WHEN 'min' THEN min(cv.value)
            WHEN 'latest' THEN (array_agg(cv.value ORDER BY c.programme_id DESC)
                                FILTER (WHERE cv.value IS NOT NULL))[1]
        END) AS value
    FROM roots r
    JOIN programmes_target m ON m.upper_id = r.id
    LEFT JOIN sent mv ON mv.target_id = m.id
    LEFT JOIN programmes_target c ON c.upper_id = m.id
    LEFT JOIN sent cv ON cv.target_id = c.id
    GROUP BY m.id, m.upper_id, m.programme_id, r.aggregation, mv.value
),
expected AS (
    SELECT u.id FROM orgs_orgunit u
    WHERE u.path >= %(path)s AND u.path < %(path_end)s
      AND (u.valid_from IS NULL OR u.valid_from <= %(end)s)
      AND (u.valid_to IS NULL OR u.valid_to >= %(start)s)
      AND u.id NOT IN (SELECT e.unit_id FROM reporting_exemption e
                       WHERE e.period_id = %(period)s OR e.period_id IS NULL)
      AND (u.id IN (SELECT k.lead_unit_id FROM programmes_task k
                    JOIN running r ON r.id = k.programme_id)
           OR u.id IN (SELECT r.unit_id FROM running r
                       WHERE EXISTS (SELECT 1 FROM programmes_target t
                                     WHERE t.programme_id = r.id)))
)
SELECT r.id,
    rv.value AS reported,
    CASE r.aggregation
        WHEN 'sum' THEN sum(m.value)
        WHEN 'average' THEN round(avg(m.value), 2)
        WHEN 'max' THEN max(m.value)
        WHEN 'min' THEN min(m.value)
        WHEN 'latest' THEN (array_agg(m.value ORDER BY m.programme_id DESC)
                            FILTER (WHERE m.value IS NOT NULL))[1]
    END AS computed,
    count(m.value) AS contributing,
    count(m.id) - count(m.value) AS missing,
    CASE WHEN r.cumulative AND %(month)s < 12 THEN round(tp.value * %(month)s / 12, 2)
         ELSE tp.value END AS plan,
    (SELECT count(*) FROM expected) AS expected_units,
    (SELECT count(*) FROM expected e JOIN reporting_submission s
        ON s.unit_id = e.id AND s.period_id = %(period)s
        AND s.first_submitted_at IS NOT NULL) AS sent_units
FROM roots r
LEFT JOIN sent rv ON rv.target_id = r.id
LEFT JOIN middle m ON m.upper_id = r.id
LEFT JOIN programmes_targetplan tp ON tp.target_id = r.id AND tp.year = %(year)s
GROUP BY r.id, r.aggregation, r.cumulative, rv.value, tp.value
ORDER BY r.id
"""


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--build", action="store_true", help="build the data if absent")
        parser.add_argument("--period", default="2025Q4")

    def handle(self, *args, runs, build, period, **options):
        logging.getLogger("django.request").setLevel(logging.ERROR)
        logging.getLogger("trienkhai").setLevel(logging.WARNING)
        if not synthetic.exists():
            if not build:
                raise CommandError("No synthetic reports yet: run with --build.")
            started = time.perf_counter()
            counts = synthetic.build(log=self.stdout.write)
            self.stdout.write(f"built {counts} in {time.perf_counter() - started:.0f} s")
        province = programme_synthetic.province()
        period = Period.objects.get(code=period)
        office = self._user("bench-reporting", province, Role.OFFICE)
        # A commune with no report for the period yet: its report is written and sent
        # inside a transaction that is rolled back, so every run starts from the same state.
        taken = Submission.objects.filter(period=period).values("unit")
        commune = (
            OrgUnit.objects.filter(
                path__startswith=province.path, level=Level.COMMUNE, programmes__isnull=False
            )
            .exclude(pk__in=taken)
            .order_by("path")
            .first()
        )
        reporter = self._user("bench-reporting-commune", commune, Role.REPORTER)
        tasks = {
            t.pk: {"progress": "55,5", "done": "Đã triển khai (dữ liệu mẫu)."}
            for t in services.unit_tasks(commune, period)
            if t.start <= period.data_to
            and (t.completed_on is None or t.completed_on >= period.start)
        }
        values = {
            t.pk: f"{12 + i},5" if t.value_type != "boolean" else "1"
            for i, t in enumerate(services.unit_targets(commune, period))
        }
        narrative = {"results": "Kết quả thực hiện trong kỳ (dữ liệu mẫu)."}

        def submission():
            with transaction.atomic():
                report = services.open_report(commune, period)
                report = services.save_draft(
                    report, narrative=narrative, tasks=tasks, values=values
                )
                services.submit(report, reporter)
                transaction.set_rollback(True)

        form_data = {"action": "submit", **narrative}
        for pk, row in tasks.items():
            form_data[f"task-{pk}-progress"] = row["progress"]
            form_data[f"task-{pk}-done"] = row["done"]
        for pk, value in values.items():
            form_data[f"target-{pk}"] = value
        form_url = reverse("reporting:form", args=[commune.code, period.code])
        reporter_client = Client()
        reporter_client.force_login(reporter)

        def submission_page():
            with transaction.atomic():
                response = reporter_client.post(form_url, form_data)
                assert response.status_code == 302, response.status_code
                transaction.set_rollback(True)

        client = Client()
        client.force_login(office)
        url = f"{reverse('reporting:dashboard')}?period={period.code}"
        assert client.get(url).status_code == 200

        def computation():
            fresh = OrgUnit.objects.get(pk=province.pk)
            rows = rollup.compute(services.unit_targets(fresh, period), period)
            rollup.summary(rows)
            completeness.compute(fresh, [period], by_programme=False)

        def floor():
            end = province.path[:-1] + chr(ord(province.path[-1]) + 1)
            with connection.cursor() as cursor:
                cursor.execute(
                    FLOOR_SQL,
                    {
                        "period": period.pk,
                        "unit": province.pk,
                        "year": period.end.year,
                        "kind": period.kind,
                        "general": period.kind in completeness.GENERAL_KINDS,
                        "month": period.end.month,
                        "start": period.start,
                        "end": period.end,
                        "path": province.path,
                        "path_end": end,
                    },
                )
                return cursor.fetchall()

        workloads = [
            ("dashboard page, province, one period", lambda: client.get(url)),
            ("dashboard computation alone (rollup + completeness)", computation),
            ("floor: the dashboard's figures in one SQL statement", floor),
            ("one commune's report saved and sent (services)", submission),
            ("same through the report form page (POST, submit)", submission_page),
        ]
        rows = []
        for name, fn in workloads:
            fn()  # warm up
            count = queries(fn)
            rows.append((name, *timed(fn, runs), count))
        check = floor()
        rates = completeness.compute(province, [period], by_programme=False).totals[0]
        targets = services.unit_targets(province, period).count()
        lower = rollup.compute(services.unit_targets(province, period), period)
        self.stdout.write(
            f"database: {connection.vendor}; period: {period.code}; "
            f"target values: {TargetValue.objects.count()}; "
            f"task reports: {TaskReport.objects.count()}; "
            f"province targets: {targets}; "
            f"lower targets read for the dashboard: {sum(_size(r) - 1 for r in lower)}; "
            f"units sent/expected: {rates.sent}/{rates.expected} "
            f"(floor: {check[0][7]}/{check[0][6]}); "
            f"commune {commune.code}: {len(tasks)} tasks, {len(values)} targets; runs: {runs}"
        )
        self._compare(lower, check)
        self.stdout.write(f"{'workload':<54} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, med, p95, count in rows:
            self.stdout.write(f"{name:<54} {med:>10.1f} {p95:>8.1f} {count:>8}")

    def _user(self, username, unit, role):
        user, _ = User.objects.get_or_create(username=username, defaults={"unit": unit})
        if user.unit_id != unit.pk:
            user.unit = unit
            user.save(update_fields=["unit"])
        RoleGrant.objects.get_or_create(user=user, role=role)
        return user

    def _compare(self, rows, floor):
        """The floor must compute what the Python path computes."""
        by_id = {r.target.pk: r for r in rows}
        differ = 0
        for pk, reported, computed, _contributing, missing, plan, *_units in floor:
            row = by_id[pk]
            python = row.computed.value if row.computed else None
            if (
                rollup.trim(reported) != row.reported
                or (python is None) != (computed is None)
                or (python is not None and abs(python - computed) > 0.01)
                or (row.computed and row.computed.missing != missing)
                or rollup.trim(plan) != row.plan
            ):
                differ += 1
        self.stdout.write(
            f"floor against the Python path: {len(floor) - differ}/{len(floor)} targets agree"
        )


def _size(row):
    return 1 + sum(_size(child) for child in row.children)
