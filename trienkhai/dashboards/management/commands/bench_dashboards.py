"""Benchmark: the province scorecard page and the province's quarterly report of one
programme as .docx, .xlsx and .pdf, on the synthetic province (built by `bench_risk
--build`), each against a floor measured in the same run (docs/benchmarks.md)."""

import logging

from django.core.management.base import BaseCommand, CommandError
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.core import clock
from trienkhai.exports import kinds, render
from trienkhai.exports.document import Report, Section, Signature
from trienkhai.exports.params import parse
from trienkhai.oversight import synthetic
from trienkhai.oversight.management.commands.bench_risk import timed
from trienkhai.programmes import synthetic as programme_synthetic


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=10)
        parser.add_argument("--period", default="2025Q4")
        parser.add_argument("--programme", default="901-QĐ/TU")

    def handle(self, *args, runs, period, programme, **options):
        logging.getLogger("django.request").setLevel(logging.ERROR)
        if not synthetic.exists():
            raise CommandError("No synthetic data: run `manage.py bench_risk --build` first.")
        province = programme_synthetic.province()
        user, _ = User.objects.get_or_create(username="bench-dash", defaults={"unit": province})
        RoleGrant.objects.get_or_create(user=user, role=Role.OFFICE)
        client = Client()
        client.force_login(user)
        url = reverse("dashboards:scorecard", args=[province.code]) + f"?period={period}"
        assert client.get(url).status_code == 200
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        rows = [("scorecard page, province", *timed(lambda: client.get(url), runs), len(captured))]
        rows.append(
            (
                "floor: the home page of the same user",
                *timed(lambda: client.get(reverse("login")), runs),
                0,
            )
        )
        found = parse("programme-quarterly", unit=province.code, period=period, programme=programme)
        today = clock.today()
        report = kinds.build("programme-quarterly", found, today=today)
        rows.append(
            (
                "quarterly report: gathering the figures",
                *timed(
                    lambda: kinds.build("programme-quarterly", found, today=today),
                    max(3, runs // 3),
                ),
                "",
            )
        )
        empty = Report(report.heading, [Section("I.", ["—"])], Signature("", ""), [])
        for fmt in ("docx", "xlsx", "pdf"):
            rows.append(
                (
                    f"quarterly report as .{fmt} (gathering + writing)",
                    *timed(
                        lambda fmt=fmt: render.render(
                            kinds.build("programme-quarterly", found, today=today), fmt
                        ),
                        max(3, runs // 3),
                    ),
                    "",
                )
            )
            rows.append(
                (
                    f"floor: an empty report as .{fmt}",
                    *timed(lambda fmt=fmt: render.render(empty, fmt), max(3, runs // 3)),
                    "",
                )
            )
        self.stdout.write(f"{'workload':<52} {'median ms':>10} {'p95 ms':>8} {'queries':>8}")
        for name, median, p95, queries in rows:
            self.stdout.write(f"{name:<52} {median:>10.1f} {p95:>8.1f} {queries!s:>8}")
