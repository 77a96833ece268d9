"""The home page's "Việc cần làm": every app's `todo.items(user, today)`, called in a
fixed order and grouped under its headings (core/todo.py). This module imports the
apps' todo modules, which import core.todo, so the shapes live there and the gathering
here: no import cycle."""

import datetime

from django.urls import reverse
from django.utils.translation import gettext as _

from trienkhai.core.todo import Heading, arrange
from trienkhai.lib.vnformat import format_date
from trienkhai.notifications import todo as notifications
from trienkhai.oversight import todo as oversight
from trienkhai.programmes import todo as programmes
from trienkhai.reporting import todo as reporting
from trienkhai.study import todo as study

# (app's todo module, the heading its items go under unless they name one)
SOURCES = [
    (reporting, "reports"),
    (programmes, programmes.TASKS),
    (study, "study"),
    (oversight, "oversight"),
    (notifications, "notifications"),
]
NOTIFICATIONS = "notifications"


def headings(today):
    """The groups in the order they are shown, each with the list page behind it."""
    week = format_date(today + datetime.timedelta(programmes.DAYS))
    return [
        Heading("reports", _("Báo cáo"), reverse("reporting:inbox")),
        Heading(
            programmes.TASKS,
            _("Nhiệm vụ"),
            f"{reverse('programmes:tasks')}?mine=1&status=open&due_to={week}",
        ),
        Heading(programmes.PLANS, _("Kế hoạch"), reverse("programmes:list")),
        Heading("study", _("Học tập"), reverse("study:list")),
        Heading("oversight", _("Kiểm tra, giám sát"), reverse("oversight:index")),
        Heading(NOTIFICATIONS, _("Thông báo")),
    ]


def gather(user, today):
    """[Group] of what the user has to do now, overdue first then by due date in each
    group; a fixed number of queries (each app's own, none per item)."""
    found: dict[str, list] = {}
    for source, default in SOURCES:
        for item in source.items(user, today):
            found.setdefault(item.group or default, []).append(item)
    return arrange(headings(today), found, today)
