import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from trienkhai.notifications.models import Notification
from trienkhai.programmes.reminders import send
from trienkhai.testing import factories as make

pytestmark = [pytest.mark.django_db]

DAY = datetime.date(2021, 12, 1)


@pytest.fixture
def tasks(world):
    """Hoằng Hóa: two overdue, one due within 60 days, one done, one far off; Nga Sơn one
    overdue; the Ban Thường vụ (the leader's unit) one overdue."""
    province = make.programme(world.province, "Chương trình phát triển du lịch")
    lead = {
        "hh_late_1": (world.hoanghoa, datetime.date(2021, 10, 15), None),
        "hh_late_2": (world.hoanghoa, datetime.date(2021, 11, 30), None),
        "hh_soon": (world.hoanghoa, datetime.date(2022, 1, 20), None),
        "hh_done": (world.hoanghoa, datetime.date(2021, 11, 1), datetime.date(2021, 10, 30)),
        "hh_far": (world.hoanghoa, datetime.date(2022, 6, 30), None),
        "ns_late": (world.ngason, datetime.date(2021, 11, 10), None),
        "btv_late": (world.btv, datetime.date(2021, 11, 10), None),
    }
    return {
        key: make.task(
            province,
            f"Nhiệm vụ {key}",
            lead_unit=unit,
            deadline=deadline,
            completed_on=done,
            progress=100 if done else None,
        )
        for key, (unit, deadline, done) in lead.items()
    }


def test_reminders_count_overdue_and_soon_due_tasks_per_unit_and_notify_once(persona, tasks):
    user = persona("district_reporter")
    user.email = "hoanghoa@example.vn"
    user.save()
    summary = send(days=60, today=DAY)
    by_code = {unit.code: counts for unit, counts in summary.items()}
    # Hoằng Hóa's reporter and office (no e-mail address) are notified.
    assert by_code["HU-399"] == (2, 1, 2)
    assert by_code["HU-401"] == (1, 0, 1)
    note = Notification.objects.get(user=user)
    assert note.text == (
        "Huyện ủy Hoằng Hóa: 2 nhiệm vụ quá hạn, 1 nhiệm vụ đến hạn trong 60 ngày tới."
    )
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoanghoa@example.vn"]
    send(days=60, today=DAY)  # the daily command run twice the same day
    assert Notification.objects.filter(user=user).count() == 1 and len(mail.outbox) == 1


def test_leaders_are_not_notified_and_each_unit_hears_only_of_its_own_tasks(persona, tasks):
    summary = send(days=60, today=DAY)
    assert {unit.code: counts for unit, counts in summary.items()}["TU-38-BTV"] == (1, 0, 0)
    assert not Notification.objects.filter(user=persona("leader")).exists()
    texts = [n.text for n in Notification.objects.filter(user=persona("outsider"))]
    assert texts == ["Huyện ủy Nga Sơn: 1 nhiệm vụ quá hạn, 0 nhiệm vụ đến hạn trong 60 ngày tới."]


def test_the_command_prints_a_line_per_unit_and_the_home_page_shows_the_reminder(client_as, tasks):
    out = io.StringIO()
    call_command("send_reminders", "--days", "3000", "--no-email", stdout=out)
    assert "HU-399" in out.getvalue() and "HU-401" in out.getvalue()
    assert "3 đơn vị có nhiệm vụ cần nhắc" in out.getvalue()
    client = client_as("district_reporter")
    html = client.get(reverse("home")).content.decode()
    # The home page's "Thông báo" group (core/home.py) holds the unread reminders.
    assert 'id="todo-notifications"' in html and "Huyện ủy Hoằng Hóa:" in html
    client.post(reverse("notifications-read"))
    assert 'id="todo-notifications"' not in client.get(reverse("home")).content.decode()
