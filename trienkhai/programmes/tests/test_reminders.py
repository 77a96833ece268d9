import datetime
import io

import pytest
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from trienkhai.notifications.models import Notification
from trienkhai.programmes.models import Task
from trienkhai.programmes.reminders import send

pytestmark = [pytest.mark.django_db, pytest.mark.demo]

DAY = datetime.date(2021, 12, 1)


def test_reminders_count_overdue_and_soon_due_tasks_per_unit_and_notify_once(persona):
    user = persona("district_reporter")
    user.email = "hoanghoa@example.vn"
    user.save()
    summary = send(days=60, today=DAY)
    by_code = {unit.code: counts for unit, counts in summary.items()}
    open_hh = Task.objects.filter(lead_unit__code="HU-399", completed_on__isnull=True)
    overdue = open_hh.filter(deadline__lt=DAY).count()
    soon = open_hh.filter(
        deadline__gte=DAY, deadline__lte=DAY + datetime.timedelta(days=60)
    ).count()
    assert by_code["HU-399"][:2] == (overdue, soon)
    note = Notification.objects.get(user=user)
    assert "Huyện ủy Hoằng Hóa" in note.text and "quá hạn" in note.text
    assert len(mail.outbox) == 1 and mail.outbox[0].to == ["hoanghoa@example.vn"]
    send(days=60, today=DAY)  # the daily command run twice the same day
    assert Notification.objects.filter(user=user).count() == 1 and len(mail.outbox) == 1


def test_leaders_are_not_notified_and_each_unit_hears_only_of_its_own_tasks(persona):
    send(days=60, today=DAY)
    assert not Notification.objects.filter(user=persona("leader")).exists()
    texts = [n.text for n in Notification.objects.filter(user=persona("outsider"))]
    assert texts and all(t.startswith("Huyện ủy Nga Sơn") for t in texts)


def test_the_command_prints_a_line_per_unit_and_the_home_page_shows_the_reminder(client_as):
    out = io.StringIO()
    call_command("send_reminders", "--days", "3000", "--no-email", stdout=out)
    assert "HU-399" in out.getvalue() and "đơn vị có nhiệm vụ cần nhắc" in out.getvalue()
    client = client_as("district_reporter")
    html = client.get(reverse("home")).content.decode()
    assert "Nhắc việc" in html and "Huyện ủy Hoằng Hóa" in html
    client.post(reverse("notifications-read"))
    assert "Nhắc việc" not in client.get(reverse("home")).content.decode()
