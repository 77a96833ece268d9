"""The life of a report: saved as a draft, submitted, returned with a reason or
accepted (then locked), reopened as a recorded act. One place for the rules, shared
by the pages and the API; a refusal changes nothing."""

from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from trienkhai.core import clock, versions
from trienkhai.lib import periods as regime
from trienkhai.lib.vnformat import parse_number
from trienkhai.reporting.completeness import running_q
from trienkhai.reporting.models import (
    Act,
    Period,
    Status,
    Submission,
    SubmissionEvent,
    TargetValue,
    TaskReport,
)

NARRATIVE = ("results", "shortcomings", "next_steps", "proposals")


class Refused(Exception):
    """A request refused with a message for the user; nothing was changed."""


def may_manage_periods(user) -> bool:
    """Periods are shared by the whole tree: the office of a top unit opens and closes
    them (and an administrator)."""
    from trienkhai.accounts.access import may_change_owned

    return may_change_owned(user, None)


def open_period(code, user=None):
    """Open the period of a code (create it from the regime's rules, or reopen a closed
    one); `user` None is the daily job. Returns the period."""
    if user is not None and not may_manage_periods(user):
        raise Refused(_("Chỉ Văn phòng cấp tỉnh được mở, khóa kỳ báo cáo."))
    try:
        period = Period.objects.ensure(code)
    except ValueError as exc:
        raise Refused(str(exc)) from None
    if period.is_closed:
        period.is_closed = False
        period.save(update_fields=["is_closed"])
    return period


def close_period(period, user):
    """Close a period: no report is saved or sent for it any more; those sent stay."""
    if not may_manage_periods(user):
        raise Refused(_("Chỉ Văn phòng cấp tỉnh được mở, khóa kỳ báo cáo."))
    if not period.is_closed:
        period.is_closed = True
        period.save(update_fields=["is_closed"])
    return period


# The kinds of period a unit reports in (a term's report is written, not collected).
INBOX_KINDS = [
    regime.Kind.MONTH,
    regime.Kind.QUARTER,
    regime.Kind.HALF,
    regime.Kind.NINE_MONTHS,
    regime.Kind.YEAR,
]


def open_due_periods(today=None):
    """The daily job's part: open the latest period of each kind whose data cut-off
    has passed, so units find it in their inbox without anyone opening it by hand."""
    spans = regime.due_periods(INBOX_KINDS, today or clock.today(), "province")
    return [Period.objects.ensure(span.code) for span in spans]


def unit_tasks(unit, period):
    """The tasks a unit reports on: those it leads in programmes running in the period."""
    from trienkhai.programmes.models import Task

    return (
        Task.objects.filter(running_q(period, "programme__"), lead_unit=unit)
        .select_related("programme")
        .order_by("programme_id", "pk")
    )


def unit_targets(unit, period):
    """The targets a unit reports: those of its own programmes running in the period."""
    from trienkhai.programmes.models import Target

    return (
        Target.objects.filter(
            running_q(period, "programme__"), programme__unit=unit, numerator__isnull=True
        )
        .select_related("programme")
        .order_by("programme_id", "code")
    )


def shown_targets(unit, period):
    """The targets a unit's dashboard shows: those of its own programmes running in the
    period, a ratio in place of its numerator and denominator (which the unit reports,
    `unit_targets`, and the row shows as the ratio's parts)."""
    from trienkhai.programmes.models import Target

    running = Target.objects.filter(running_q(period, "programme__"), programme__unit=unit)
    return without_ratio_parts(running).select_related("programme").order_by("programme_id", "code")


def without_ratio_parts(targets):
    """`targets` (a queryset) less the numerators and denominators of the ratios among
    them: a ratio is shown in their place, with them as its parts."""
    ratios = targets.filter(numerator__isnull=False)
    return targets.exclude(pk__in=ratios.values("numerator_id")).exclude(
        pk__in=ratios.values("denominator_id")
    )


def open_report(unit, period):
    """The unit's report for the period; a new, unsaved one the first time (it is stored
    when something is saved, so looking at the form or a refused save stores nothing)."""
    if period.is_closed:
        raise Refused(_("Kỳ báo cáo %(p)s đã khóa, không nhận thêm báo cáo.") % {"p": period})
    if unit.valid_to and unit.valid_to < period.start:
        raise Refused(_("Đơn vị đã giải thể trước kỳ báo cáo này."))
    if unit.valid_from and unit.valid_from > period.end:
        raise Refused(_("Đơn vị chưa thành lập trong kỳ báo cáo này."))
    existing = Submission.objects.filter(unit=unit, period=period).first()
    return existing or Submission(unit=unit, period=period)


class Problems(Refused):
    """Figures that could not be saved, by form field ("task-12-progress", "target-7"):
    `save_draft(..., keep_valid=True)` saves the rest and raises this afterwards."""

    def __init__(self, problems, submission=None):
        super().__init__("; ".join(problems.values()))
        self.problems = problems
        self.submission = submission


def _decimal(raw, label, *, low=None, high=None, places=4, digits=20):
    """The figure typed, or Refused with the reason: not a number, outside [low, high],
    more decimals than `places`, or more than its column (`digits` in all) can hold."""
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return None
    try:  # typed the Vietnamese way: "1.200" is twelve hundred, "12,5" twelve and a half
        value = parse_number(raw)
    except (ValueError, TypeError):
        raise Refused(
            _("%(label)s: “%(v)s” không phải là số.") % {"label": label, "v": raw}
        ) from None
    if not value.is_finite():
        raise Refused(_("%(label)s: “%(v)s” không phải là số.") % {"label": label, "v": raw})
    if low is not None and value < low or high is not None and value > high:
        raise Refused(
            _("%(label)s: giá trị phải từ %(low)s đến %(high)s.")
            % {"label": label, "low": low, "high": high}
        )
    if abs(value) >= Decimal(10) ** (digits - places):
        raise Refused(
            _("%(label)s: số quá lớn (tối đa %(n)s chữ số phần nguyên).")
            % {"label": label, "n": digits - places}
        )
    if value != value.quantize(Decimal(1).scaleb(-places)):  # never rounded in silence
        raise Refused(
            _("%(label)s: chỉ ghi tối đa %(n)s chữ số thập phân.") % {"label": label, "n": places}
        )
    return value


def _task_row(submission, task, row):
    texts = {f: str(row.get(f) or "").strip() for f in ("done", "obstacles", "proposals")}
    progress = _decimal(row.get("progress"), task.title[:60], low=0, high=100, places=2, digits=5)
    if progress is None:
        if any(texts.values()):  # words without a figure would be lost
            raise Refused(
                _("%(task)s: hãy nhập %% hoàn thành cùng với nội dung.") % {"task": task.title[:60]}
            )
        return None  # an emptied row is removed
    return TaskReport(submission=submission, task=task, progress=progress, **texts)


def _value_row(submission, target, raw):
    high = Decimal(100) if target.value_type == "percent" else None
    if target.value_type == "boolean":
        high = Decimal(1)
    value = _decimal(raw, f"{target.code}. {target.name[:60]}", low=Decimal(0), high=high)
    return None if value is None else TargetValue(submission=submission, target=target, value=value)


def _changes(submission, narrative, task_rows, value_rows, cleared, cleared_tasks):
    """(form field, label, stored now) for each part of a report that differs from what
    this save sends: the narrative, and the figures and texts of each task and target."""
    changes = []
    for field in NARRATIVE:
        if narrative and field in narrative:
            now = getattr(submission, field)
            if not versions.same(now, narrative[field]):
                changes.append((field, Submission._meta.get_field(field).verbose_name, now))
    stored = {r.task_id: r for r in submission.tasks.select_related("task")}
    sent = {r.task.pk: r for r in task_rows} | {pk: None for pk in cleared_tasks}
    for pk, row in sent.items():
        before = stored.get(pk)
        for field in ("progress", "done", "obstacles"):
            now = getattr(before, field) if before else None
            if not versions.same(now, getattr(row, field) if row else None):
                task = (before or row).task
                label = f"{task.title} — {TaskReport._meta.get_field(field).verbose_name}"
                changes.append((f"task-{pk}-{field}", label, now))
    stored = {v.target_id: v for v in submission.values.select_related("target")}
    sent = {v.target.pk: v for v in value_rows} | {pk: None for pk in cleared}
    for pk, row in sent.items():
        before = stored.get(pk)
        now = before.value if before else None
        if not versions.same(now, row.value if row else None):
            target = (before or row).target
            changes.append((f"target-{pk}", f"{target.code}. {target.name}", now))
    return changes


def save_draft(
    submission, *, narrative=None, tasks=None, values=None, keep_valid=False, based_on=None
):
    """Save what the unit has written so far. `tasks` maps task pk -> dict(progress,
    done, obstacles, proposals); `values` maps target pk -> value (or None to clear).
    `based_on` is the revision the writer opened (core.versions): when the report was
    saved since, `versions.Stale` names what differs and nothing is written.
    Every figure is checked before anything is written: by default one bad figure
    refuses the whole save (the API: all or nothing); with `keep_valid` (the page's
    autosave) the narrative and every valid figure are saved, the bad ones left as they
    were, and `Problems` is raised afterwards naming each by its form field."""
    if not submission.is_editable:
        raise Refused(_("Báo cáo đã gửi hoặc đã được chấp nhận; không thể sửa."))
    allowed_tasks = {t.pk: t for t in unit_tasks(submission.unit, submission.period)}
    allowed_targets = {t.pk: t for t in unit_targets(submission.unit, submission.period)}
    task_rows, value_rows, cleared, cleared_tasks, problems = [], [], [], [], {}
    for pk, row in (tasks or {}).items():
        task = allowed_tasks.get(int(pk))
        if task is None:
            raise Refused(_("Nhiệm vụ không thuộc báo cáo của đơn vị."))
        try:
            report = _task_row(submission, task, row)
        except Refused as exc:
            problems[f"task-{task.pk}-progress"] = str(exc)
            continue
        if report is None:
            cleared_tasks.append(task.pk)
        else:
            task_rows.append(report)
    for pk, raw in (values or {}).items():
        target = allowed_targets.get(int(pk))
        if target is None:
            raise Refused(_("Chỉ tiêu không thuộc báo cáo của đơn vị."))
        try:
            value = _value_row(submission, target, raw)
        except Refused as exc:
            problems[f"target-{target.pk}"] = str(exc)
            continue
        if value is None:
            cleared.append(target.pk)
        else:
            value_rows.append(value)
    if problems and not keep_valid:
        raise Problems(problems)
    with transaction.atomic():
        # The first save creates the report (another request may have just made it);
        # every save re-reads it under a lock, so an autosave racing a "send" never
        # turns a sent report back into a draft.
        created = False
        if submission.pk is None:
            _made, created = Submission.objects.get_or_create(
                unit=submission.unit, period=submission.period
            )
        submission = Submission.objects.select_for_update().get(
            unit=submission.unit, period=submission.period
        )
        if created:  # made by this save: the blank report the writer opened
            based_on = None
        if not submission.is_editable:
            raise Refused(_("Báo cáo đã gửi hoặc đã được chấp nhận; không thể sửa."))
        versions.check(
            submission,
            based_on,
            changes=lambda: _changes(
                submission, narrative, task_rows, value_rows, cleared, cleared_tasks
            ),
        )
        for row in task_rows + value_rows:
            row.submission = submission
        for field in NARRATIVE:
            if narrative and field in narrative:
                setattr(submission, field, str(narrative[field] or "").strip())
        submission.save(update_fields=[*NARRATIVE, "updated_at"])
        # One upsert per table (INSERT … ON CONFLICT DO UPDATE), not a get-then-write
        # per row: a commune's form has a hundred rows (docs/benchmarks.md). The last
        # row for a task or target wins, as before.
        TaskReport.objects.bulk_create(
            list({row.task.pk: row for row in task_rows}.values()),
            update_conflicts=True,
            unique_fields=["submission", "task"],
            update_fields=["progress", "done", "obstacles", "proposals"],
        )
        TargetValue.objects.bulk_create(
            list({row.target.pk: row for row in value_rows}.values()),
            update_conflicts=True,
            unique_fields=["submission", "target"],
            update_fields=["value"],
        )
        if cleared:
            submission.values.filter(target_id__in=cleared).delete()
        if cleared_tasks:
            submission.tasks.filter(task_id__in=cleared_tasks).delete()
    if problems:
        raise Problems(problems, submission)
    return submission


def snapshot(submission):
    return {
        "narrative": {f: getattr(submission, f) for f in NARRATIVE},
        "tasks": {
            str(r.task_id): {
                "progress": str(r.progress),
                "done": r.done,
                "obstacles": r.obstacles,
                "proposals": r.proposals,
            }
            for r in submission.tasks.all()
        },
        "values": {str(v.target_id): str(v.value) for v in submission.values.all()},
    }


def _record(submission, act, user, now, reason=""):
    SubmissionEvent.objects.create(
        submission=submission,
        act=act,
        version=submission.version,
        by=user,
        at=now,
        reason=reason,
        snapshot=snapshot(submission),
    )


def _check_sendable(submission, now):
    if submission.period.is_closed:
        raise Refused(_("Kỳ báo cáo đã khóa, không nhận thêm báo cáo."))
    if timezone.localdate(now) < submission.period.data_to:
        raise Refused(
            _("Kỳ báo cáo chưa đến ngày chốt số liệu (%(d)s).")
            % {"d": submission.period.data_to.strftime("%d/%m/%Y")}
        )
    if not (submission.results or "").strip():
        raise Refused(_("Hãy viết phần kết quả đạt được trước khi gửi."))


def submit(submission, user, *, now=None):
    """Send the report to the level above. Sending it again while it waits is a no-op
    (a double click or a retried request stores nothing twice)."""
    now = now or clock.now()
    if submission.pk is None:
        _check_sendable(submission, now)  # says what is missing; nothing was saved yet
        raise Refused(_("Hãy lưu báo cáo trước khi gửi."))
    with transaction.atomic():
        submission = Submission.objects.select_for_update().get(pk=submission.pk)
        if submission.status in (Status.SUBMITTED, Status.ACCEPTED):
            return submission
        _check_sendable(submission, now)
        submission.status = Status.SUBMITTED
        submission.version += 1
        submission.submitted_at = now
        submission.first_submitted_at = submission.first_submitted_at or now
        submission.return_reason = ""
        submission.save()
        _record(submission, Act.SUBMIT, user, now)
    return submission


def _review(submission, user, act, now, reason=""):
    with transaction.atomic():
        locked = Submission.objects.select_for_update().get(pk=submission.pk)
        wanted = Status.ACCEPTED if act == Act.REOPEN else Status.SUBMITTED
        if locked.status != wanted:
            raise Refused(
                _("Báo cáo đang ở trạng thái “%(s)s”; không thể thực hiện việc này.")
                % {"s": locked.get_status_display()}
            )
        if act in (Act.RETURN, Act.REOPEN) and len((reason or "").strip()) < 5:
            raise Refused(_("Hãy ghi rõ lý do."))
        if act == Act.ACCEPT and user is not None:
            last = locked.events.filter(act=Act.SUBMIT).order_by("-pk").first()
            if last is not None and last.by_id == user.pk:
                raise Refused(_("Người gửi báo cáo không tự chấp nhận báo cáo của mình."))
        locked.status = {
            Act.RETURN: Status.RETURNED,
            Act.ACCEPT: Status.ACCEPTED,
            Act.REOPEN: Status.RETURNED,
        }[act]
        locked.reviewed_at = now
        locked.return_reason = (reason or "").strip() if act != Act.ACCEPT else ""
        locked.save()
        _record(locked, act, user, now, (reason or "").strip())
    return locked


def return_report(submission, user, reason, *, now=None):
    return _review(submission, user, Act.RETURN, now or clock.now(), reason)


def accept(submission, user, *, now=None):
    """Accept the report (it is locked) and make its progress the tasks' own, so it
    rolls up the tree as the official figure."""
    now = now or clock.now()
    with transaction.atomic():
        accepted = _review(submission, user, Act.ACCEPT, now)
        apply_progress(accepted, timezone.localdate(now))
    return accepted


def apply_progress(submission, day):
    """The accepted report's % becomes each task's progress (tasks handed further down
    keep rolling up from their sub-tasks); 100% marks the task done on `day`."""
    for row in submission.tasks.select_related("task"):
        task = row.task
        if task.subtasks.exists():
            continue
        task.progress = row.progress
        if row.progress >= 100 and task.completed_on is None:
            task.completed_on = day
        elif row.progress < 100:
            task.completed_on = None  # corrected down after a reopening
        task.save(update_fields=["progress", "completed_on"])


def reopen(submission, user, reason, *, now=None):
    """An accepted report is locked; reopening it for correction is a recorded act."""
    return _review(submission, user, Act.REOPEN, now or clock.now(), reason)
