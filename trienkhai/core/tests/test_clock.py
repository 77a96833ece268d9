"""One notion of today: TK_TODAY (the demo's December 2021) or the real clock."""

import datetime

from django.utils import timezone

from trienkhai.core import clock


def test_without_tk_today_the_system_uses_the_real_clock(settings):
    settings.TK_TODAY = None
    assert clock.today() == timezone.localdate()
    assert abs((clock.now() - timezone.now()).total_seconds()) < 5


def test_with_tk_today_every_today_and_now_falls_on_that_day(settings):
    settings.TK_TODAY = datetime.date(2021, 12, 10)
    assert clock.today() == datetime.date(2021, 12, 10)
    assert timezone.localtime(clock.now()).date() == datetime.date(2021, 12, 10)


def test_the_demo_makefile_sets_a_day_of_december_2021():
    from pathlib import Path

    makefile = (Path(__file__).resolve().parents[3] / "Makefile").read_text()
    assert "TK_TODAY=$${TK_TODAY:-2021-12-" in makefile
