"""Benchmark of a large legitimate import (docs/benchmarks.md): a unit file of N rows,
what the request now does (read the file, store it, queue the job) against what the
worker then does (the whole checked, all-or-nothing import), each against the floor of
reading the file alone. Runs inside a transaction that is rolled back: nothing stays."""

import csv
import io
import statistics
import time

from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management.base import BaseCommand
from django.db import transaction

from trienkhai.accounts.models import User
from trienkhai.core import importjobs
from trienkhai.orgs.exports import headers
from trienkhai.orgs.imports import job_work, read_table
from trienkhai.orgs.models import OrgUnit


class Rollback(Exception):
    pass


def unit_file(rows):
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(headers())
    for i in range(rows):
        writer.writerow(
            [f"CB-B{i}", f"Chi bộ thôn {i}", "", "Chi bộ", "Cơ sở", "BENCH-1", "", "", "", ""]
        )
    return buf.getvalue().encode("utf-8-sig")


def timed(fn):
    start = time.perf_counter()
    fn()
    return (time.perf_counter() - start) * 1000


class Command(BaseCommand):
    help = "Time a large unit import: the request (queue) against the worker (import)."

    def add_arguments(self, parser):
        parser.add_argument("--rows", type=int, default=20_000)
        parser.add_argument("--runs", type=int, default=3)

    def handle(self, *args, rows, runs, **options):
        data = unit_file(rows)
        floor, request, worker = zip(*(once(data, rows) for _run in range(runs)), strict=True)
        f, r, w = (statistics.median(x) for x in (floor, request, worker))
        self.stdout.write(
            f"A unit file of {rows:,} rows ({len(data) / 1024:.0f} KB), median of {runs}: "
            f"floor (reading the file) {f:.0f} ms; the request (read, store, queue) "
            f"{r:.0f} ms ({r / f:.2f}× the floor); the worker's import {w / 1000:.1f} s "
            f"({w / f:.0f}× the floor), which the request no longer waits for."
        )


def once(data, rows):
    """(floor, request, worker) in ms, in a transaction rolled back afterwards."""
    try:
        with transaction.atomic():
            admin = User.objects.create_superuser("bench-imports", password=None)
            OrgUnit.add_root(code="BENCH-1", name="Tỉnh ủy thử", kind="party_committee")
            # The best of three reads: the file warm, as the request has it.
            floor = min(timed(lambda: read_table(SimpleUploadedFile("u.csv", data))) for _ in "abc")
            jobs = []

            def queue():
                upload = SimpleUploadedFile("don-vi.csv", data)
                n = len(read_table(upload)) - 1
                assert importjobs.in_background(n)
                jobs.append(importjobs.start(admin, "units", upload, rows=n, task=None))

            request = timed(queue)
            worker = timed(lambda: job_work(jobs[0], lambda *_a: None))
            assert OrgUnit.objects.filter(code__startswith="CB-B").count() == rows
            jobs[0].file.delete(save=False)
            raise Rollback
    except Rollback:
        pass
    return floor, request, worker
