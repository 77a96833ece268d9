"""The scorecards' small world: the test province with its tourism programme carried
down to the districts and communes (testing/reporting.tourism), and Q4 2021 opened, on
24/12/2021, when the districts' reports (due 19/12) are late or missing."""

import datetime

import pytest

from trienkhai.testing import reporting as rep

TODAY = datetime.date(2021, 12, 24)
ON_TIME, LATE = datetime.date(2021, 12, 15), datetime.date(2021, 12, 23)


@pytest.fixture
def q4(world, settings):
    """Q4 2021 with `.tourism` (the programme made), the day fixed to `TODAY`."""
    settings.TK_TODAY = TODAY
    made = rep.tourism()
    period = rep.period("2021Q4")
    period.tourism = made
    return period
