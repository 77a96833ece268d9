"""`trienkhai check_data`: the stored rows that today's checks would refuse.

Years, dates and figures are now refused at every entry point when out of range
(core/bounds.py, the services' number checks), but a database filled before those
checks may still hold such rows: a programme ending in year 2147483648, a conference in
year 1, a target value of 10^16 that SQLite kept and the pages then fail to show. This
lists them, kind by kind, with each row's id for the admin, and exits with status 1 when
there is any, so that an upgrade can stop on it (docs/operations.md). It reads only.
"""

import datetime
from decimal import Decimal

from django.apps import apps
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q
from django.utils import timezone

from trienkhai.conferences.services import MAX_HEADS
from trienkhai.core.bounds import DATE_MAX, DATE_MIN, YEAR_MAX, YEAR_MIN

FIGURE_MAX = Decimal(10) ** 16  # 16 integer digits: what DecimalField(20, 4) holds


def _years(*fields):
    return _any(*(Q(**{f"{f}__lt": YEAR_MIN}) | Q(**{f"{f}__gt": YEAR_MAX}) for f in fields))


def _dates(*fields):
    return _any(*(Q(**{f"{f}__lt": DATE_MIN}) | Q(**{f"{f}__gt": DATE_MAX}) for f in fields))


def _times(*fields):
    low = timezone.make_aware(datetime.datetime.combine(DATE_MIN, datetime.time.min))
    high = timezone.make_aware(datetime.datetime.combine(DATE_MAX, datetime.time.max))
    return _any(*(Q(**{f"{f}__lt": low}) | Q(**{f"{f}__gt": high}) for f in fields))


def _figures(*fields, limit=FIGURE_MAX):
    return _any(*(Q(**{f"{f}__gte": limit}) | Q(**{f"{f}__lte": -limit}) for f in fields))


def _any(*conditions):
    combined = Q()
    for condition in conditions:
        combined |= condition
    return combined


# (model, what is wrong, the rows it is wrong in)
CHECKS = [
    ("programmes.Programme", "năm ngoài 2000–2100", _years("start_year", "end_year")),
    ("programmes.Task", "ngày ngoài 2000–2100", _dates("start", "deadline", "completed_on")),
    ("programmes.Task", "tiến độ ngoài 0–100%", Q(progress__lt=0) | Q(progress__gt=100)),
    ("programmes.Milestone", "ngày ngoài 2000–2100", _dates("due", "done_on")),
    ("programmes.Target", "năm gốc ngoài 2000–2100", _years("baseline_year")),
    ("programmes.Target", "giá trị từ 10^16 trở lên", _figures("baseline_value", "end_value")),
    ("programmes.TargetPlan", "năm ngoài 2000–2100", _years("year")),
    ("programmes.TargetPlan", "giá trị từ 10^16 trở lên", _figures("value")),
    ("reporting.TargetValue", "giá trị từ 10^16 trở lên", _figures("value")),
    ("reporting.TaskReport", "tiến độ ngoài 0–100%", Q(progress__lt=0) | Q(progress__gt=100)),
    ("reporting.Extension", "ngày ngoài 2000–2100", _dates("until")),
    ("study.StudySession", "ngày ngoài 2000–2100", _dates("held_on")),
    ("conferences.Conference", "thời gian ngoài 2000–2100", _times("starts_at", "ends_at")),
    (
        "conferences.BridgePoint",
        "số người quá 1.000.000",
        _figures("committee_members", "party_members", "officials", "others", limit=MAX_HEADS),
    ),
]


def _shown(row):
    try:
        return str(row)[:100]
    except Exception:  # its text needs the very value that cannot be read
        return row._meta.verbose_name


class Command(BaseCommand):
    help = "List the stored rows that today's range checks would refuse (reads only)."

    def add_arguments(self, parser):
        parser.add_argument("--examples", type=int, default=5)

    def handle(self, *args, examples, **options):
        found = 0
        for label, problem, condition in CHECKS:
            model = apps.get_model(label)
            rows = model._base_manager.filter(condition).order_by("pk")
            count = rows.count()
            if not count:
                continue
            found += count
            name = model._meta.verbose_name
            self.stdout.write(f"{name} ({label}): {count} dòng có {problem}")
            # The checked decimals are left unread: SQLite may hold one that no longer
            # converts to its field (the very 500 this finds).
            decimals = [
                f.name for f in model._meta.fields if f.get_internal_type() == "DecimalField"
            ]
            for row in rows.defer(*decimals)[:examples]:
                self.stdout.write(f"  id {row.pk}: {_shown(row)}")
        if found:
            raise CommandError(
                f"{found} dòng dữ liệu ngoài giới hạn; hãy sửa trong trang quản trị rồi chạy lại."
            )
        self.stdout.write("Không có dòng dữ liệu nào ngoài giới hạn.")
