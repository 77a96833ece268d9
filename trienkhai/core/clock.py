"""The one notion of "today" and "now".

Every deadline, status, default period and "as of" date reads these two functions,
never `timezone.localdate()` or `timezone.now()` directly. In production `TK_TODAY` is
empty and they are the real clock; the demo sets it to a day of December 2021, so the
Thanh Hóa scenario of late 2021 reads as it did then (deadlines not all "quá hạn",
period pickers in 2021). The time of day stays the real one, so events keep their order.
"""

import datetime as dt

from django.conf import settings
from django.utils import timezone


def today() -> dt.date:
    fixed = getattr(settings, "TK_TODAY", None)
    return fixed if fixed else timezone.localdate()


def now() -> dt.datetime:
    fixed = getattr(settings, "TK_TODAY", None)
    real = timezone.now()
    if not fixed:
        return real
    local = timezone.localtime(real)
    return local.replace(year=fixed.year, month=fixed.month, day=fixed.day)
