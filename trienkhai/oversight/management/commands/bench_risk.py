"""Benchmark: the risk list ("where to inspect next") of the synthetic province, its
computation alone and through the page, against the floor of one SQL statement reading
the same tables (see docs/benchmarks.md)."""

import logging
import statistics
import time

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.lib.vnformat import format_date, parse_date
from trienkhai.orgs.models import Level, OrgUnit
from trienkhai.orgs.scope import STEPLEN
from trienkhai.oversight import risk, synthetic
from trienkhai.oversight.models import Recommendation
from trienkhai.programmes import synthetic as programme_synthetic
from trienkhai.programmes.models import Concretisation
from trienkhai.reporting.models import Period, Submission, TaskReport
from trienkhai.study.models import StudySession


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


# The floor: per district, one count over each table the risk list reads, with the same
# filters (obligations due, tasks led, reports of the window, tasks at the same % in the
# three quarters, study sessions, open recommendations), in one statement and no Python.
FLOOR_SQL = """
WITH u AS (
    SELECT id, path, substr(path, 1, %(cut)s) AS branch FROM orgs_orgunit
    WHERE path LIKE %(like)s AND length(path) >= %(cut)s
)
SELECT branch, sum(n) FROM (
    SELECT u.branch, count(*) AS n FROM programmes_concretisation c
        JOIN u ON u.id = c.unit_id WHERE c.due < %(on)s GROUP BY u.branch
    UNION ALL
    SELECT u.branch, count(DISTINCT k.programme_id) FROM programmes_task k
        JOIN u ON u.id = k.lead_unit_id GROUP BY u.branch
    UNION ALL
    SELECT u.branch, count(*) FROM reporting_submission s
        JOIN u ON u.id = s.unit_id WHERE s.period_id = ANY(%(window)s) GROUP BY u.branch
    UNION ALL
    SELECT branch, count(*) FROM (
        SELECT u.branch FROM reporting_taskreport r
        JOIN reporting_submission s ON s.id = r.submission_id
        JOIN u ON u.id = s.unit_id
        WHERE s.period_id = ANY(%(triple)s)
        GROUP BY u.branch, s.unit_id, r.task_id
        HAVING count(*) = 3 AND min(r.progress) = max(r.progress)
    ) stalled GROUP BY branch
    UNION ALL
    SELECT u.branch, count(*) FROM study_studysession ss
        JOIN u ON u.id = ss.unit_id GROUP BY u.branch
    UNION ALL
    SELECT u.branch, count(*) FROM oversight_recommendation rec
        JOIN u ON u.id = rec.responsible_unit_id WHERE rec.state <> 'done' GROUP BY u.branch
) counts GROUP BY branch ORDER BY branch
"""


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=30)
        parser.add_argument("--build", action="store_true", help="build the data if absent")
        parser.add_argument("--on", default=format_date(synthetic.ON), help="dd/mm/yyyy")

    def handle(self, *args, runs, build, on, **options):
        logging.getLogger("django.request").setLevel(logging.ERROR)
        logging.getLogger("trienkhai").setLevel(logging.WARNING)
        on = parse_date(on)
        if not synthetic.exists():
            if not build:
                raise CommandError("No synthetic oversight data yet: run with --build.")
            started = time.perf_counter()
            counts = synthetic.build(log=self.stdout.write)
            self.stdout.write(f"built {counts} in {time.perf_counter() - started:.0f} s")
        province = programme_synthetic.province()
        district = OrgUnit.objects.get_children(province).order_by("path").first()
        inspector = self._user("bench-risk", province, Role.INSPECTOR)
        client = Client()
        client.force_login(inspector)
        url = f"{reverse('oversight:risk')}?body={province.code}&on={format_date(on)}"
        response = client.get(url)
        assert response.status_code == 200, response.status_code

        def computation(root=province):
            return risk.risk_list(OrgUnit.objects.get(pk=root.pk), on=on)

        window = [
            p.pk for p in Period.objects.filter(data_to__lt=on) if p.end > on - risk.REPORT_WINDOW
        ]
        triple = list(
            Period.objects.filter(code__in=synthetic.STALLED_QUARTERS).values_list("pk", flat=True)
        )

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(
                    FLOOR_SQL,
                    {
                        "cut": len(province.path) + STEPLEN,
                        "like": province.path + "%",
                        "on": on,
                        "window": window,
                        "triple": triple,
                    },
                )
                return cursor.fetchall()

        workloads = [
            ("risk list page, province (27 districts)", lambda: client.get(url)),
            ("risk list computation alone, province", computation),
            ("risk list computation alone, one district", lambda: computation(district)),
            ("floor: the same tables counted in one SQL statement", floor),
        ]
        rows = []
        for name, fn in workloads:
            fn()  # warm up
            count = queries(fn)
            rows.append((name, *timed(fn, runs), count))
        ranked = computation()
        below = OrgUnit.objects.filter(path__startswith=province.path)
        self.stdout.write(
            f"database: {connection.vendor}; on: {format_date(on)}; "
            f"units: {below.count()} ({below.filter(level=Level.COMMUNE).count()} communes); "
            f"obligations: {Concretisation.objects.filter(unit__in=below).count()}; "
            f"reports in the window: {Submission.objects.filter(period__in=window).count()}; "
            f"task reports: {TaskReport.objects.count()}; "
            f"study sessions: {StudySession.objects.filter(unit__in=below).count()}; "
            f"recommendations: {Recommendation.objects.count()}; runs: {runs}"
        )
        self.stdout.write("top of the list:")
        for row in ranked[:5]:
            signals = ", ".join(f"{s.key} {s.count}×{s.weight}" for s in row.signals)
            self.stdout.write(f"  {row.rank}. {row.unit.code} {row.score}: {signals}")
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
