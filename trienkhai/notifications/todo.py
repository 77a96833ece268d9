"""The user's unread notifications, for the home page's "Thông báo" group (core/todo.py):
the reminders the daily job sent, each a line to the page it is about. One query."""

from django.utils import timezone

from trienkhai.core.todo import Item
from trienkhai.lib.vnformat import format_date

LIMIT = 10


def items(user, today) -> list[Item]:
    unread = user.notifications.filter(read_at__isnull=True).order_by("-created_at")[:LIMIT]
    return [Item(n.text, n.url, note=format_date(timezone.localdate(n.created_at))) for n in unread]
