"""`check_data` finds the rows stored before today's range checks, and only those."""

import datetime
import io
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from trienkhai.programmes.models import Programme, TargetPlan, Task
from trienkhai.testing import conferences as meet
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]


def run():
    out = io.StringIO()
    call_command("check_data", stdout=out)
    return out.getvalue()


def test_clean_data_is_said_to_be_clean(world):
    programme = make.programme(world.province, "Chương trình du lịch")
    make.task(programme, "Xây dựng sản phẩm du lịch", deadline=datetime.date(2025, 12, 31))
    assert "Không có dòng dữ liệu nào ngoài giới hạn." in run()


def test_rows_stored_out_of_range_before_the_checks_are_listed_and_fail_the_command(world):
    programme = make.programme(world.province, "Chương trình du lịch")
    task = make.task(programme, "Xây dựng sản phẩm du lịch")
    target = make.target(programme, "1", "Lượt khách", plan={2021: 100})
    # As a database filled before the checks holds them (no service would store them).
    Programme.objects.filter(pk=programme.pk).update(end_year=32767)
    Task.objects.filter(pk=task.pk).update(deadline=datetime.date(9999, 12, 31))
    sqlite = connection.vendor == "sqlite"  # PostgreSQL's numeric(20, 4) cannot hold it
    if sqlite:
        TargetPlan.objects.filter(target=target).update(value=Decimal("1e16"))
    conference = meet.conference(world.province, "Hội nghị quán triệt")
    type(conference).objects.filter(pk=conference.pk).update(
        starts_at=datetime.datetime(1, 1, 2, tzinfo=datetime.UTC)
    )
    out = io.StringIO()
    with pytest.raises(CommandError, match=f"{4 if sqlite else 3} dòng dữ liệu ngoài giới hạn"):
        call_command("check_data", stdout=out)
    listed = out.getvalue()
    assert "(programmes.Programme): 1 dòng có năm ngoài 2000–2100" in listed
    assert f"id {task.pk}: Xây dựng sản phẩm du lịch" in listed
    if sqlite:
        assert "(programmes.TargetPlan): 1 dòng có giá trị từ 10^16 trở lên" in listed
    assert "(conferences.Conference): 1 dòng có thời gian ngoài 2000–2100" in listed
