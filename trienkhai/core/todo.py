"""What the home page asks of a person now: the shape every app's `todo.py` returns, and
how the lines are grouped, ordered and capped.

Each app that asks something of its users has a `todo.py` with `items(user, today) ->
list[Item]`: only what this user acts on (the permission layer's `may_*` rules), in a
fixed number of queries however many items, and never a write. `core/home.py` calls
them in a fixed order and hands the items to `arrange()` here. This module imports no
app, so the apps can import it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from trienkhai.lib.vnformat import format_date

CAP = 5  # lines shown per group; "xem tất cả" leads to the list behind them
NEAR = 7  # days ahead that count down ("còn N ngày")


@dataclass(frozen=True)
class Item:
    """One line of the home page: what to do, where to do it, by when.

    `group` names the heading when an app contributes to more than one (programmes:
    tasks and plans); empty, the app's own heading. `note` is shown when there is no
    due date to tell (the day a report was sent, a notification came)."""

    text: str
    url: str
    due: datetime.date | None = None
    overdue: bool = False
    group: str = ""
    note: str = ""


@dataclass(frozen=True)
class Line:
    item: Item
    today: datetime.date

    @property
    def days_left(self) -> int | None:
        return None if self.item.due is None else (self.item.due - self.today).days

    @property
    def when(self) -> str:
        """The due date in Vietnamese form, with how near it is: "hạn 28/12/2021, còn 4
        ngày", "hạn hôm nay, 24/12/2021"; how late an overdue item is, is `late`."""
        due, days = self.item.due, self.days_left
        if due is None:
            return self.item.note
        day = format_date(due)
        if days < 0 and not self.item.overdue:  # past the deadline, within the grace days
            return _("hạn %(day)s, đang trong thời gian gia hạn") % {"day": day}
        if days == 0:
            return _("hạn hôm nay, %(day)s") % {"day": day}
        if 0 < days <= NEAR:
            return ngettext("hạn %(day)s, còn %(n)d ngày", "hạn %(day)s, còn %(n)d ngày", days) % {
                "day": day,
                "n": days,
            }
        return _("hạn %(day)s") % {"day": day}

    @property
    def late(self) -> str:
        """ "Quá hạn 5 ngày" for an overdue item ("Quá hạn" when it has no date)."""
        if not self.item.overdue:
            return ""
        days = self.days_left
        if days is None or days >= 0:
            return _("Quá hạn")
        return ngettext("Quá hạn %(n)d ngày", "Quá hạn %(n)d ngày", -days) % {"n": -days}

    @property
    def near(self) -> bool:
        days = self.days_left
        return days is not None and 0 <= days <= NEAR and not self.item.overdue


@dataclass(frozen=True)
class Heading:
    key: str
    title: str
    more_url: str = ""  # the list page behind the group


@dataclass
class Group:
    heading: Heading
    lines: list = field(default_factory=list)  # at most CAP
    total: int = 0
    overdue: int = 0  # of all the group's items, shown or not

    @property
    def key(self):
        return self.heading.key

    @property
    def more(self) -> int:
        """Lines not shown."""
        return self.total - len(self.lines)


def order(items: list[Item]) -> list[Item]:
    """Overdue first, then by due date (undated last), keeping each app's own order
    among equals."""
    far = datetime.date.max
    return sorted(items, key=lambda i: (not i.overdue, i.due or far))


def arrange(headings, found, today, *, cap=CAP) -> list[Group]:
    """The groups that have something, in the headings' order: `found` maps a heading's
    key to its items."""
    groups = []
    for heading in headings:
        items = order(found.get(heading.key, []))
        if items:
            lines = [Line(i, today) for i in items[:cap]]
            late = sum(1 for i in items if i.overdue)
            groups.append(Group(heading=heading, lines=lines, total=len(items), overdue=late))
    return groups
