"""Benchmark of the organisation tree: list the first page of a province's subtree and
check "may this user see unit X", on a synthetic national tree (see docs/benchmarks.md)."""

import logging
import platform
import random
import statistics
import time

from django.conf import settings
from django.core.management.base import BaseCommand
from django.core.paginator import Paginator
from django.db import connection
from django.test import Client
from rest_framework.authtoken.models import Token

from trienkhai.accounts.access import can_see_unit, get_unit_for_user, scope_for
from trienkhai.accounts.models import Role, RoleGrant, User
from trienkhai.orgs import synthetic
from trienkhai.orgs.models import OrgUnit


def timed(fn, runs):
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        samples.append((time.perf_counter() - started) * 1000)
    samples.sort()
    return statistics.median(samples), samples[int(len(samples) * 0.95) - 1]


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser):
        parser.add_argument("--runs", type=int, default=300)
        parser.add_argument("--provinces", type=int, default=34)
        parser.add_argument("--rebuild", action="store_true")

    def handle(self, *args, runs, provinces, rebuild, **options):
        # Most targets lie outside the user's province: keep their 404 log lines out.
        logging.getLogger("trienkhai.access").setLevel(logging.ERROR)
        shape = synthetic.Shape(provinces=provinces)
        if rebuild:
            synthetic.delete()
        if not synthetic.exists():
            started = time.perf_counter()
            n = synthetic.build(shape)
            self.stdout.write(f"built {n} units in {time.perf_counter() - started:.1f} s")
        total = OrgUnit.objects.count()
        province = OrgUnit.objects.get(code=synthetic.province_code(7))
        user, _ = User.objects.get_or_create(username="bench-province", defaults={"unit": province})
        RoleGrant.objects.get_or_create(user=user, role=Role.OFFICE)
        user = User.objects.get(pk=user.pk)
        scope_for(user)
        targets = list(
            OrgUnit.objects.filter(code__startswith="SYN-").values_list("code", flat=True)[::97]
        )
        rng = random.Random(7)
        subtree = OrgUnit.objects.under(province).count()

        def first_page():
            qs = OrgUnit.objects.for_user(user).under(province).order_by("path")
            list(Paginator(qs, 50).page(1))

        def may_see():
            try:
                get_unit_for_user(user, rng.choice(targets))
            except Exception:  # noqa: BLE001 - units of other provinces are 404, as they must be
                pass

        loaded = list(OrgUnit.objects.filter(code__in=targets))

        def may_see_loaded():
            can_see_unit(user, rng.choice(loaded))

        def may_see_cold():
            fresh = User.objects.select_related("unit").get(pk=user.pk)
            try:
                get_unit_for_user(fresh, rng.choice(targets))
            except Exception:  # noqa: BLE001
                pass

        token, _created = Token.objects.get_or_create(user=user)
        client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
        url = f"/api/v1/units/{province.code}/subtree/"

        def api_page():
            assert client.get(url).status_code == 200

        def floor():
            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT path FROM orgs_orgunit WHERE code = %s", [rng.choice(targets)]
                )
                cursor.fetchone()

        for fn in (first_page, may_see, api_page):  # warm caches and connections
            fn()
        rows = [
            ("first page (50) of a province subtree, ORM", *timed(first_page, runs)),
            ("same through GET /api/v1/units/<code>/subtree/", *timed(api_page, runs)),
            ("may this user see unit X, unit already loaded", *timed(may_see_loaded, runs * 5)),
            ("may this user see unit X, by code (one indexed query)", *timed(may_see, runs * 5)),
            ("same, scope computed from scratch", *timed(may_see_cold, runs)),
            ("floor: one raw SELECT by code, no ORM", *timed(floor, runs * 5)),
        ]
        db = connection.vendor
        version = connection.cursor().connection.info.server_version if db == "postgresql" else ""
        self.stdout.write(
            f"database: {db} {version}; units: {total}; province subtree: "
            f"{subtree}; runs: {runs}; python {platform.python_version()}; "
            f"DEBUG={settings.DEBUG}"
        )
        self.stdout.write(f"{'workload':<55} {'median ms':>10} {'p95 ms':>8}")
        for name, med, p95 in rows:
            self.stdout.write(f"{name:<55} {med:>10.3f} {p95:>8.3f}")
