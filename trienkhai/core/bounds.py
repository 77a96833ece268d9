"""The window of years and dates the system's work falls in, in one place.

Programmes, plans, tasks, study sessions and conferences of a Party committee are of
this century: a year or a date outside 2000–2100 is a typing slip ("1" for "2021",
"9999"), and accepted it would build a column per year, overflow a date or sort a
task before every other. Documents are not bounded here: a unit may register an older
one."""

import datetime

from django.utils.translation import gettext as _

YEAR_MIN, YEAR_MAX = 2000, 2100
DATE_MIN, DATE_MAX = datetime.date(YEAR_MIN, 1, 1), datetime.date(YEAR_MAX, 12, 31)


def year_problem(year) -> str | None:
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        return _("Năm phải trong khoảng %(a)d–%(b)d.") % {"a": YEAR_MIN, "b": YEAR_MAX}
    return None


def date_problem(value) -> str | None:
    """None when `value` (a date or a datetime, or None) is within the window."""
    if value is None:
        return None
    day = value.date() if isinstance(value, datetime.datetime) else value
    if not DATE_MIN <= day <= DATE_MAX:
        return _("Ngày phải trong khoảng %(a)s–%(b)s.") % {
            "a": DATE_MIN.strftime("%d/%m/%Y"),
            "b": DATE_MAX.strftime("%d/%m/%Y"),
        }
    return None


def check_dates(errors, **dates):
    """Adds to `errors` a message for each named date outside the window."""
    for key, value in dates.items():
        problem = date_problem(value)
        if problem and key not in errors:
            errors[key] = problem
