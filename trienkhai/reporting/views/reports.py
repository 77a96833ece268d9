"""A unit's reports: the inbox of what is due, the report form (phone-sized first),
the report with its history, the level above's review, Excel round trip, evidence."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.accounts.access import (
    get_submission_for_user,
    get_unit_for_user,
    may_review_for_unit,
    may_write_for_unit,
)
from trienkhai.core import clock, versions
from trienkhai.core.attachments import accept_upload, serve
from trienkhai.reporting import completeness, flags, services
from trienkhai.reporting.models import (
    Evidence,
    Status,
    Submission,
)
from trienkhai.reporting.views import period_or_404

log = logging.getLogger("trienkhai.reporting")


def inbox_periods(unit, today):
    """Open periods the unit owes a report for and has not yet sent, newest first
    (completeness.owed_reports, which the home page reads too)."""
    return [
        {
            "period": owed.period,
            "deadline": owed.due.deadline,
            "status": owed.status,
            "overdue": owed.overdue(today),
        }
        for owed in completeness.owed_reports(unit, today)
    ]


@login_required
def inbox(request):
    unit = request.user.unit
    today = clock.today()
    may_write = unit is not None and may_write_for_unit(request.user, unit)
    rows = inbox_periods(unit, today) if may_write else []
    to_review = (
        Submission.objects.for_user(request.user)
        .filter(status=Status.SUBMITTED)
        .exclude(unit=unit)
        .count()
        if unit is not None
        else 0
    )
    recent = (
        Submission.objects.filter(unit=unit).select_related("period").order_by("-period__end")[:8]
        if unit is not None
        else []
    )
    return render(
        request,
        "reporting/inbox.html",
        {"rows": rows, "unit": unit, "to_review": to_review, "recent": recent, "today": today},
    )


def _task_rows(submission, data=None, problems=None, stale=None):
    saved = {r.task_id: r for r in submission.tasks.all()} if submission.pk else {}
    rows = []
    for task in services.unit_tasks(submission.unit, submission.period):
        row = saved.get(task.pk)
        rows.append(
            {
                "task": task,
                "progress": (data or {}).get(
                    f"task-{task.pk}-progress", row.progress if row else ""
                ),
                "done": (data or {}).get(f"task-{task.pk}-done", row.done if row else ""),
                "obstacles": (data or {}).get(
                    f"task-{task.pk}-obstacles", row.obstacles if row else ""
                ),
                "error": (problems or {}).get(f"task-{task.pk}-progress", ""),
                "stale": {
                    field: (stale or {})[f"task-{task.pk}-{field}"]
                    for field in ("progress", "done", "obstacles")
                    if f"task-{task.pk}-{field}" in (stale or {})
                },
            }
        )
    return rows


def _target_rows(submission, data=None, problems=None, stale=None):
    saved = {v.target_id: v.value for v in submission.values.all()} if submission.pk else {}
    year = submission.period.end.year
    rows = []
    targets = services.unit_targets(submission.unit, submission.period).prefetch_related("plans")
    for target in targets:
        plan = next((p.value for p in target.plans.all() if p.year == year), None)
        rows.append(
            {
                "target": target,
                "plan": plan,
                "value": (data or {}).get(f"target-{target.pk}", saved.get(target.pk, "")),
                "error": (problems or {}).get(f"target-{target.pk}", ""),
                "stale": (stale or {}).get(f"target-{target.pk}"),
            }
        )
    return rows


def _posted(request):
    """(narrative, tasks, values, unknown) of a posted report form: `unknown` lists the
    task and target fields whose key names no task or target, which are never dropped
    in silence (a figure typed into them would be lost)."""
    tasks, values, unknown = {}, {}, []
    for key in request.POST:
        parts = key.split("-")
        if parts[0] not in ("task", "target"):
            continue
        number = parts[1] if len(parts) > 1 else ""
        if not (number.isascii() and number.isdigit()):
            unknown.append(key)
        elif parts[0] == "task" and len(parts) == 3:
            tasks.setdefault(int(parts[1]), {})[parts[2]] = request.POST[key]
        elif parts[0] == "target" and len(parts) == 2:
            values[int(parts[1])] = request.POST[key]
        else:
            unknown.append(key)
    narrative = {f: request.POST[f] for f in services.NARRATIVE if f in request.POST}
    return narrative, tasks, values, unknown


def _report_to_write(request, code, period_code):
    """(unit, period, report) for a unit's writer, 404/403 otherwise; a redirect to the
    inbox with the reason when the report cannot be opened (closed period, unit gone)."""
    unit, _may = get_unit_for_user(request.user, code)
    if not may_write_for_unit(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền lập báo cáo của đơn vị này."))
    period = period_or_404(period_code)
    try:
        return unit, period, services.open_report(unit, period)
    except services.Refused as exc:
        messages.error(request, str(exc))
        return redirect("reporting:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def report_form(request, code, period):
    """A unit's report for a period: saved as a draft (also on its own while typing),
    then sent to the level above."""
    opened = _report_to_write(request, code, period)
    if not isinstance(opened, tuple):
        return opened  # refused: back to the inbox with the reason
    unit, period, submission = opened
    if not submission.is_editable:
        return redirect(submission)
    error, problems, stale = None, {}, None
    if request.method == "POST":
        narrative, tasks, values, unknown = _posted(request)
        try:
            if unknown:
                raise services.Refused(
                    _(
                        "Biểu mẫu gửi lên có ô không nhận ra (%(keys)s); chưa lưu gì. Hãy "
                        "chép lại nội dung, tải lại trang rồi nhập lại."
                    )
                    % {"keys": ", ".join(unknown[:3])}
                )
            # What is valid is saved, what is not is shown beside its field: nothing
            # typed is lost, and a bad figure is never rounded or dropped in silence.
            submission = services.save_draft(
                submission,
                narrative=narrative,
                tasks=tasks,
                values=values,
                keep_valid=True,
                based_on=versions.parse(request.POST.get("revision")),
            )
            if request.POST.get("action") == "submit":
                services.submit(submission, request.user)
                messages.success(request, _("Đã gửi báo cáo lên cấp trên."))
                log.info("user %s submitted report %s", request.user, submission.pk)
                return redirect(submission)
        except services.Problems as exc:
            submission = exc.submission or submission
            problems = exc.problems
            error = _("Đã lưu phần hợp lệ. Các ô đánh dấu đỏ chưa được lưu; hãy sửa rồi lưu lại.")
        except versions.Stale as exc:
            # Saved meanwhile elsewhere: the user's text stays, what is stored now is
            # shown beside each part that differs, and the form moves to the new
            # revision, so that saving again after merging is a deliberate choice.
            submission = exc.current
            stale = {f: versions.shown(now) for f, _label, now in exc.changes}
            error = exc.messages[0]
            if request.htmx:
                error = _(
                    "Báo cáo vừa được lưu ở cửa sổ hoặc máy khác; tự lưu đã dừng để không "
                    "ghi đè. Bấm «Lưu nháp» để xem phần khác nhau bên cạnh nội dung của bạn."
                )
        except (services.Refused, ValidationError) as exc:
            error = str(exc) if isinstance(exc, services.Refused) else exc.messages[0]
        if request.htmx:
            return render(
                request,
                "reporting/_autosave.html",
                {
                    "saved_at": timezone.localtime().strftime("%H:%M:%S"),
                    "error": error,
                    "problems": problems,
                    "fields": [f"task-{pk}-progress" for pk in tasks]
                    + [f"target-{pk}" for pk in values],
                    # The new revision, unless this save was refused as stale.
                    "revision": None if stale is not None else submission.revision,
                },
            )
        if error is None:
            messages.success(request, _("Đã lưu nháp."))
            return redirect("reporting:form", code=unit.code, period=period.code)
    data = request.POST if error else None
    return render(
        request,
        "reporting/form.html",
        {
            "submission": submission,
            "unit": unit,
            "period": period,
            "deadline": period.deadline(unit),
            "tasks": _task_rows(submission, data, problems, stale),
            "targets": _target_rows(submission, data, problems, stale),
            "narrative": {
                f: (data or {}).get(f, getattr(submission, f)) for f in services.NARRATIVE
            },
            "files": submission.files.select_related("task") if submission.pk else [],
            "error": error,
            "stale": {f: v for f, v in (stale or {}).items() if f in services.NARRATIVE},
        },
        status=(409 if stale is not None else 400) if error else 200,
    )


@login_required
def submission_detail(request, uid):
    submission, _may = get_submission_for_user(request.user, uid)
    may_review = may_review_for_unit(request.user, submission.unit)
    signals = []
    if may_review:
        single = Submission.objects.filter(pk=submission.pk)
        visible = Submission.objects.for_user(request.user)
        signals = flags.for_period(submission.period, single, visible).get(submission.pk, [])
    return render(
        request,
        "reporting/submission.html",
        {
            "flags": signals,
            "s": submission,
            "deadline": submission.period.deadline(submission.unit),
            "tasks": submission.tasks.select_related("task"),
            "values": submission.values.select_related("target"),
            "events": submission.events.select_related("by"),
            "files": submission.files.select_related("task"),
            "may_review": may_review,
            "may_edit": submission.is_editable
            and may_write_for_unit(request.user, submission.unit),
        },
    )


@login_required
@require_POST
def review(request, uid):
    submission, _may = get_submission_for_user(request.user, uid)
    if not may_review_for_unit(request.user, submission.unit):
        raise PermissionDenied(_("Chỉ cấp trên của đơn vị được duyệt báo cáo."))
    act = request.POST.get("act")
    reason = request.POST.get("reason", "")
    try:
        if act == "accept":
            services.accept(submission, request.user)
            messages.success(request, _("Đã chấp nhận báo cáo."))
        elif act == "return":
            services.return_report(submission, request.user, reason)
            messages.success(request, _("Đã trả lại báo cáo để đơn vị sửa."))
        elif act == "reopen":
            services.reopen(submission, request.user, reason)
            messages.success(request, _("Đã mở lại báo cáo để đơn vị sửa."))
        else:
            messages.error(request, _("Việc không hợp lệ."))
    except services.Refused as exc:
        messages.error(request, str(exc))
    log.info("user %s %s report %s", request.user, act, submission.pk)
    return redirect(submission)


@login_required
def review_queue(request):
    """Reports sent up and waiting for this level's decision, oldest first."""
    queue = (
        Submission.objects.for_user(request.user)
        .filter(status=Status.SUBMITTED)
        .select_related("unit", "period")
        .order_by("submitted_at")
    )
    own = request.user.unit
    if own is not None:
        queue = queue.exclude(unit=own)
    page = Paginator(queue, 50).get_page(request.GET.get("page"))
    return render(request, "reporting/review.html", {"page": page})


@login_required
@require_http_methods(["GET", "POST"])
def report_excel(request, code, period):
    """Download the report as a pre-filled workbook; upload it back filled in."""
    from trienkhai.reporting import excel

    opened = _report_to_write(request, code, period)
    if not isinstance(opened, tuple):
        return opened  # refused: back to the inbox with the reason
    unit, period, submission = opened
    if request.method == "GET":
        response = HttpResponse(
            excel.workbook_for(submission),
            content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        )
        response["Content-Disposition"] = (
            f'attachment; filename="bao-cao-{unit.code}-{period.code}.xlsx"'
        )
        return response
    errors = []
    upload = request.FILES.get("file")
    if upload is None:
        errors = [("", "", "", _("Hãy chọn tệp Excel của báo cáo."))]
    else:
        try:
            excel.import_workbook(submission, upload)
        except excel.ImportErrors as exc:
            errors = exc.errors
        except ValueError as exc:
            errors = [("", "", "", str(exc))]
    if not errors:
        messages.success(request, _("Đã nhập báo cáo từ tệp Excel; hãy kiểm tra rồi gửi."))
        return redirect("reporting:form", code=unit.code, period=period.code)
    return render(
        request,
        "reporting/excel_errors.html",
        {"errors": errors, "unit": unit, "period": period},
        status=400,
    )


@login_required
@require_POST
def evidence_upload(request, code, period):
    """Attach an evidence file to the unit's report (stored with the draft)."""
    unit, _may = get_unit_for_user(request.user, code)
    if not may_write_for_unit(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền lập báo cáo của đơn vị này."))
    period = period_or_404(period)
    back = redirect("reporting:form", code=unit.code, period=period.code)
    try:
        submission = services.open_report(unit, period)
        if not submission.is_editable:
            raise services.Refused(_("Báo cáo đã gửi hoặc đã được chấp nhận; không thể sửa."))
    except services.Refused as exc:
        messages.error(request, str(exc))
        return back
    task = None
    if request.POST.get("task"):
        wanted = request.POST["task"]
        tasks = services.unit_tasks(unit, period)
        task = tasks.filter(pk=wanted).first() if wanted.isascii() and wanted.isdigit() else None
        if task is None:
            messages.error(request, _("Nhiệm vụ không thuộc báo cáo của đơn vị."))
            return back

    def attach(upload, name, size):
        report = services.save_draft(submission)  # the first file stores the draft
        return Evidence.objects.create(
            submission=report,
            task=task,
            file=upload,
            name=name,
            size=size,
            uploaded_by=request.user,
        )

    try:
        accept_upload(request, attach)
    except services.Refused as exc:  # sent meanwhile from another window
        messages.error(request, str(exc))
    return back


@login_required
def evidence_download(request, uid, file_id):
    submission, _may = get_submission_for_user(request.user, uid)
    return serve(get_object_or_404(Evidence, pk=file_id, submission=submission))
