"""Benchmark: a synthetic province with ~100,000 tasks; the province's overdue task list
page and the concretisation matrix (see docs/benchmarks.md)."""

import logging
import statistics
import time

from django.core.management.base import BaseCommand
from django.db import connection
from django.test import Client

from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.programmes import synthetic
from trienkhai.programmes.matrix import concretisation_matrix
from trienkhai.programmes.models import Programme, Task


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[max(0, int(len(samples) * 0.95) - 1)]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=50)

    def handle(self, *args, runs, **options):
        logging.getLogger("django.request").setLevel(logging.ERROR)
        province = synthetic.province()
        if province is None:
            started = time.perf_counter()
            units, plans, tasks = synthetic.build()
            self.stdout.write(
                f"built {units} units, {plans} plans, {tasks} tasks in "
                f"{time.perf_counter() - started:.0f} s"
            )
            province = synthetic.province()
        user, _ = User.objects.get_or_create(
            username="bench-programmes", defaults={"unit": province}
        )
        RoleGrant.objects.get_or_create(user=user, role=Role.OFFICE)
        client = Client()
        client.force_login(user)
        pages = {
            "task list page, overdue, province office": "/programmes/tasks/?status=overdue",
            "concretisation matrix page, province": f"/programmes/matrix/?unit={province.code}",
        }
        rows = []
        for name, url in pages.items():
            assert client.get(url).status_code == 200
            seen = []

            def count(execute, sql, *args, seen=seen):
                seen.append(sql)
                return execute(sql, *args)

            with connection.execute_wrapper(count):
                client.get(url)
            rows.append((name, *timed(lambda url=url: client.get(url), runs), len(seen)))
        fresh = User.objects.get(pk=user.pk)
        rows.append(
            (
                "matrix computation alone (concretisation_matrix)",
                *timed(lambda: concretisation_matrix(fresh, province), runs),
                3,
            )
        )
        overdue = Task.objects.filter(programme__unit__path__startswith=province.path)

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT t.id FROM programmes_task t WHERE t.completed_on IS NULL "
                    "AND t.deadline < CURRENT_DATE ORDER BY t.deadline, t.id LIMIT 50"
                )
                cursor.fetchall()
                cursor.execute(
                    "SELECT count(*) FROM programmes_task t WHERE "
                    "t.completed_on IS NULL AND t.deadline < CURRENT_DATE"
                )
                cursor.fetchone()

        rows.append(("floor: overdue page + count in raw SQL", *timed(floor, runs), 2))
        programmes = Programme.objects.filter(unit__path__startswith=province.path).count()
        self.stdout.write(
            f"database: {connection.vendor}; tasks: {overdue.count()}; "
            f"programmes: {programmes}; runs: {runs}"
        )
        self.stdout.write(f"{'workload':<52} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, med, p95, queries in rows:
            self.stdout.write(f"{name:<52} {med:>10.1f} {p95:>8.1f} {queries:>8}")
