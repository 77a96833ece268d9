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

# The day of the demo's scenario: Q4 2021 reports are due (communes 17/12, districts
# 19/12, the province 22/12), some sent late, some missing. `make demo` sets TK_TODAY to it.
DEMO_TODAY = dt.date(2021, 12, 24)


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
