"""Signals of formalism (báo cáo hình thức) for the level above: a narrative that
repeats the unit's previous report or another unit's report of the same period almost
word for word, and a task reported at the same % for three periods running.

Signals are computed when asked for (they depend on reports sent later), for the
reports of one period in a scope: three queries for the texts and two for the
progress, whatever the number of units.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.utils.translation import gettext as _

from trienkhai.lib.similarity import THRESHOLD as SIMILAR
from trienkhai.lib.similarity import near_duplicates, similarity
from trienkhai.lib.vnformat import format_number
from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting.models import Period, Status, Submission, TaskReport

SENT = (Status.SUBMITTED, Status.ACCEPTED, Status.RETURNED)
COPY_OTHER, COPY_PREVIOUS, SAME_PROGRESS = "copy_other", "copy_previous", "same_progress"


@dataclass
class Flag:
    kind: str
    message: str
    score: float | None = None


def _text(submission):
    return "\n".join([submission.results, submission.shortcomings, submission.next_steps])


def _previous(period, steps=1):
    code = period.span
    for _i in range(steps):
        code = code.previous()
    return Period.objects.filter(code=code.code).first()


def for_period(period, submissions, among=None):
    """{submission pk: [Flag]} for `submissions` (reports of `period`, already
    filtered to the user's scope), compared with `among` (the reports of the period the
    user may see; by default `submissions` themselves), so no signal names a unit
    outside the user's scope."""
    mine = {s.pk: s for s in submissions.filter(status__in=SENT).select_related("unit")}
    flags: dict[int, list[Flag]] = defaultdict(list)
    if not mine:
        return flags
    # 1. Another unit's report of the same period, almost word for word.
    among = submissions if among is None else among
    others = among.filter(period=period, status__in=SENT).only(
        "pk", "unit_id", "results", "shortcomings", "next_steps"
    )
    names = {}
    texts = []
    for s in others:
        texts.append((s.pk, _text(s)))
        names[s.pk] = s.unit_id
    pairs = [(a, b, score) for a, b, score in near_duplicates(texts) if a in mine or b in mine]
    unit_names = dict(
        OrgUnit.objects.filter(pk__in={names[k] for a, b, _s in pairs for k in (a, b)}).values_list(
            "pk", "name"
        )
    )
    for a, b, score in pairs:
        for this, other in ((a, b), (b, a)):
            if this in mine:
                flags[this].append(
                    Flag(
                        COPY_OTHER,
                        _("Nội dung gần như trùng với báo cáo của %(unit)s (%(p)d%%).")
                        % {"unit": unit_names.get(names[other], "?"), "p": round(score * 100)},
                        score,
                    )
                )
    # 2. The unit's own previous report, repeated.
    previous = _previous(period)
    if previous is not None:
        before = {
            s.unit_id: s
            for s in Submission.objects.filter(
                period=previous, unit_id__in=[s.unit_id for s in mine.values()]
            ).only("unit_id", "results", "shortcomings", "next_steps")
        }
        for pk, s in mine.items():
            old = before.get(s.unit_id)
            if old is None:
                continue
            score = similarity(_text(s), _text(old))
            if score >= SIMILAR:
                flags[pk].append(
                    Flag(
                        COPY_PREVIOUS,
                        _("Nội dung lặp lại báo cáo %(p)s của đơn vị (%(s)d%%).")
                        % {"p": previous.label, "s": round(score * 100)},
                        score,
                    )
                )
    # 3. A task at the same % for three periods running.
    earlier = [p for p in (previous, _previous(period, 2)) if p is not None]
    if len(earlier) == 2:
        rows = TaskReport.objects.filter(
            submission__unit_id__in=[s.unit_id for s in mine.values()],
            submission__period__in=[period, *earlier],
        ).values_list(
            "submission__unit_id", "task_id", "task__title", "submission__period_id", "progress"
        )
        series = defaultdict(dict)
        titles = {}
        for unit_id, task_id, title, period_id, progress in rows:
            series[(unit_id, task_id)][period_id] = progress
            titles[task_id] = title
        by_unit = {s.unit_id: pk for pk, s in mine.items()}
        wanted = [period.pk] + [p.pk for p in earlier]
        for (unit_id, task_id), values in series.items():
            got = [values.get(p) for p in wanted]
            if None not in got and len(set(got)) == 1 and got[0] < 100:
                flags[by_unit[unit_id]].append(
                    Flag(
                        SAME_PROGRESS,
                        _("Nhiệm vụ “%(t)s” báo cáo cùng mức %(p)s%% ba kỳ liền.")
                        % {"t": titles[task_id][:80], "p": _as_typed(got[0])},
                    )
                )
    return flags


def _as_typed(value):
    """A stored percentage as a person writes it: 30, 30,5 (not 30.00)."""
    return format_number(value, trim=True)
