"""Working a case and following it up: the case page (self-report, findings drafts,
recommendations, conclusion), the recommendation page (task, remedies, verification),
the list of recommendations, and the files served through the permission layer."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.accounts.access import (
    get_case_for_user,
    get_recommendation_for_user,
    get_unit_for_user,
    may_answer_for,
    may_read_dossier,
    may_run_oversight,
    may_see_drafts,
    may_work_case,
)
from trienkhai.core import attachments, clock
from trienkhai.core.history import history_rows
from trienkhai.core.refusals import say_form_errors, say_refusal, show_on_form
from trienkhai.exports.lists import chunks, list_format, list_response
from trienkhai.lib.vnformat import format_date
from trienkhai.orgs.models import OrgUnit
from trienkhai.oversight import services, sheets
from trienkhai.oversight.forms import (
    FindingForm,
    IssueForm,
    RecommendationForm,
    RemedyForm,
    SelfReportForm,
    TaskForm,
    VerifyForm,
)
from trienkhai.oversight.models import (
    FINDING_ORDER,
    Finding,
    FindingKind,
    Recommendation,
    RecState,
    Remedy,
)
from trienkhai.programmes.models import Programme

log = logging.getLogger("trienkhai.oversight")


def _case_context(request, case, may_work, **forms):
    user = request.user
    drafts = may_see_drafts(user, case)
    findings = list(case.findings.all()) if drafts else []
    grouped = [
        (FindingKind(kind).label, [f for f in findings if f.kind == kind]) for kind in FINDING_ORDER
    ]
    recs = list(case.recommendations.select_related("responsible_unit", "task")) if drafts else []
    members = case.team.members.select_related("person", "position")
    open_case = not case.concluded
    subject_writer = may_answer_for(user, case.subject)
    units = OrgUnit.objects.under(case.subject).active_on().order_by("path")
    return {
        "case": case,
        "team": case.team,
        "plan": case.team.plan,
        "members": members,
        "may_work": may_work,
        "drafts_visible": drafts,
        "dossier_visible": may_read_dossier(user, case),
        "grouped": grouped,
        "n_findings": len(findings),
        "recs": recs,
        "files": case.files.all(),
        "today": clock.today(),
        "subject_writer": subject_writer,
        "self_report_form": forms.get("self_report_form")
        or (
            SelfReportForm(initial={"self_report": case.self_report})
            if open_case and subject_writer
            else None
        ),
        "finding_form": forms.get("finding_form")
        or (FindingForm(prefix="finding") if open_case and may_work else None),
        "rec_form": forms.get("rec_form")
        or (
            RecommendationForm(
                units=units, initial={"responsible_unit": case.subject}, prefix="rec"
            )
            if open_case and may_work
            else None
        ),
        # The body issues the conclusion, not a team member on their own.
        "conclude_form": forms.get("conclude_form")
        or (
            IssueForm(initial={"issue_date": clock.today()})
            if open_case and may_run_oversight(user, case.body)
            else None
        ),
        "history": history_rows(case),
    }


@login_required
def case_detail(request, uid):
    case, may_work = get_case_for_user(request.user, uid)
    return render(request, "oversight/case.html", _case_context(request, case, may_work))


def _rerender(request, case, may_work, **forms):
    return render(
        request, "oversight/case.html", _case_context(request, case, may_work, **forms), status=400
    )


@login_required
@require_POST
def self_report(request, uid):
    case, may_work = get_case_for_user(request.user, uid)
    if not may_answer_for(request.user, case.subject):
        raise PermissionDenied(_("Chỉ đơn vị là đối tượng nộp báo cáo tự kiểm tra."))
    form = SelfReportForm(request.POST)
    if form.is_valid():
        try:
            services.submit_self_report(request.user, case, text=form.cleaned_data["self_report"])
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo tự kiểm tra đến đoàn."))
            return redirect(case)
    return _rerender(request, case, may_work, self_report_form=form)


@login_required
@require_POST
def case_file_upload(request, uid):
    case, _may = get_case_for_user(request.user, uid)

    def attach(upload, name, size):
        return services.attach_case_file(request.user, case, upload, name, size)

    try:
        attachments.accept_upload(request, attach)
    except ValidationError as exc:
        say_refusal(request, exc)
    return redirect(case)


@login_required
def case_file(request, uid, file_id):
    case, _may = get_case_for_user(request.user, uid)
    return attachments.serve(get_object_or_404(case.files, pk=file_id))


@login_required
@require_POST
def finding_add(request, uid):
    case, may_work = get_case_for_user(request.user, uid, change=True)
    form = FindingForm(request.POST, prefix="finding")
    if form.is_valid():
        try:
            services.add_finding(request.user, case, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã ghi nhận xét (dự thảo, chỉ đoàn xem)."))
            return redirect(f"{case.get_absolute_url()}#findings")
    return _rerender(request, case, may_work, finding_form=form)


@login_required
@require_POST
def finding_delete(request, pk):
    finding = Finding.objects.filter(pk=pk).select_related("case").first()
    if finding is None:
        raise Http404(_("Không tìm thấy nhận xét này."))
    case, _may = get_case_for_user(request.user, finding.case.uid, change=True)
    try:
        services.remove_finding(request.user, finding)
    except ValidationError as exc:
        say_refusal(request, exc)
    else:
        messages.success(request, _("Đã xóa nhận xét."))
    return redirect(f"{case.get_absolute_url()}#findings")


@login_required
@require_POST
def rec_add(request, uid):
    case, may_work = get_case_for_user(request.user, uid, change=True)
    units = OrgUnit.objects.under(case.subject).active_on().order_by("path")
    form = RecommendationForm(request.POST, units=units, prefix="rec")
    if form.is_valid():
        try:
            services.save_recommendation(request.user, case, Recommendation(), form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã thêm kiến nghị (dự thảo, chỉ đoàn xem)."))
            return redirect(f"{case.get_absolute_url()}#recommendations")
    return _rerender(request, case, may_work, rec_form=form)


@login_required
@require_POST
def conclude(request, uid):
    case, may_work = get_case_for_user(request.user, uid, change=True)
    form = IssueForm(request.POST)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.issue_conclusion(
                request.user,
                case,
                symbol=data["symbol"],
                issue_date=data["issue_date"],
                title=data["title"],
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request,
                _("Đã ban hành thông báo kết luận %(s)s; đơn vị và cấp trên đã được thông báo.")
                % {"s": case.conclusion.symbol},
            )
            return redirect(case)
    return _rerender(request, case, may_work, conclude_form=form)


# --- recommendations ----------------------------------------------------------------------


def _rec_context(request, rec, may_report, **forms):
    user = request.user
    case = rec.case
    may_work = may_work_case(user, case)
    remedies = list(
        rec.remedies.select_related("reported_by", "verified_by").prefetch_related("files")
    )
    pending = next((r for r in remedies if not r.verdict), None)
    open_rec = rec.state != RecState.DONE and case.concluded
    programmes = Programme.objects.filter(unit=rec.responsible_unit).order_by("title")
    return {
        "rec": rec,
        "case": case,
        "remedies": remedies,
        "pending": pending,
        "may_report": may_report,
        "may_work": may_work,
        "today": clock.today(),
        "remedy_form": forms.get("remedy_form")
        or (RemedyForm() if may_report and open_rec and pending is None else None),
        "verify_form": forms.get("verify_form")
        or (
            VerifyForm()
            if may_work and pending is not None and pending.reported_by_id != user.pk
            else None
        ),
        "task_form": forms.get("task_form")
        or (
            TaskForm(programmes=programmes)
            if may_report and open_rec and rec.task_id is None and programmes.exists()
            else None
        ),
        "history": history_rows(rec),
    }


@login_required
def rec_detail(request, uid):
    rec, may_report = get_recommendation_for_user(request.user, uid)
    return render(request, "oversight/recommendation.html", _rec_context(request, rec, may_report))


@login_required
@require_POST
def rec_delete(request, uid):
    rec, _may = get_recommendation_for_user(request.user, uid)
    case = rec.case
    try:
        services.remove_recommendation(request.user, rec)
    except ValidationError as exc:
        say_refusal(request, exc)
        return redirect(rec)
    messages.success(request, _("Đã xóa kiến nghị."))
    return redirect(f"{case.get_absolute_url()}#recommendations")


@login_required
@require_POST
def rec_task(request, uid):
    rec, may_report = get_recommendation_for_user(request.user, uid, change=True)
    programmes = Programme.objects.filter(unit=rec.responsible_unit)
    form = TaskForm(request.POST, programmes=programmes)
    if form.is_valid():
        try:
            task = services.take_into_plan(
                request.user, rec, programme=form.cleaned_data["programme"]
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(
                request,
                _("Kiến nghị đã thành nhiệm vụ của kế hoạch; tiến độ báo cáo như nhiệm vụ khác."),
            )
            return redirect(task)
    say_form_errors(request, form)
    return redirect(rec)


@login_required
@require_POST
def remedy_add(request, uid):
    rec, may_report = get_recommendation_for_user(request.user, uid, change=True)
    form = RemedyForm(request.POST)
    if form.is_valid():
        try:
            services.report_remedy(request.user, rec, text=form.cleaned_data["text"])
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã gửi báo cáo khắc phục; đoàn sẽ xác minh."))
            return redirect(rec)
    return render(
        request,
        "oversight/recommendation.html",
        _rec_context(request, rec, may_report, remedy_form=form),
        status=400,
    )


def _remedy_for(request, pk):
    remedy = Remedy.objects.filter(pk=pk).select_related("recommendation").first()
    if remedy is None:
        raise Http404(_("Không tìm thấy báo cáo khắc phục này."))
    rec, may_report = get_recommendation_for_user(request.user, remedy.recommendation.uid)
    return remedy, rec, may_report


@login_required
@require_POST
def verify(request, pk):
    remedy, rec, may_report = _remedy_for(request, pk)
    if not may_work_case(request.user, rec.case):
        raise PermissionDenied(_("Chỉ đoàn kiểm tra, giám sát và cơ quan lập đoàn được xác minh."))
    form = VerifyForm(request.POST)
    if form.is_valid():
        try:
            services.verify_remedy(request.user, remedy, **form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã ghi kết quả xác minh."))
            return redirect(rec)
    return render(
        request,
        "oversight/recommendation.html",
        _rec_context(request, rec, may_report, verify_form=form),
        status=400,
    )


@login_required
@require_POST
def remedy_file_upload(request, pk):
    remedy, rec, _may = _remedy_for(request, pk)

    def attach(upload, name, size):
        return services.attach_remedy_file(request.user, remedy, upload, name, size)

    try:
        attachments.accept_upload(request, attach)
    except ValidationError as exc:
        say_refusal(request, exc)
    return redirect(rec)


@login_required
def remedy_file(request, pk, file_id):
    remedy, _rec, _may = _remedy_for(request, pk)
    return attachments.serve(get_object_or_404(remedy.files, pk=file_id))


STATES = {
    "open": lambda qs, today: qs.still_open(),
    "overdue": lambda qs, today: qs.overdue(today),
    "done": lambda qs, today: qs.filter(state=RecState.DONE),
    "all": lambda qs, today: qs,
}


@login_required
def rec_list(request):
    """Issued recommendations the user sees, open by default, by deadline; by unit."""
    today = clock.today()
    state = request.GET.get("state") if request.GET.get("state") in STATES else "open"
    recs = Recommendation.objects.for_user(request.user).issued()
    unit = None
    if request.GET.get("unit"):
        unit, _may = get_unit_for_user(request.user, request.GET["unit"])
        recs = recs.filter(responsible_unit__in=OrgUnit.objects.under(unit))
    recs = STATES[state](recs, today).select_related(
        "responsible_unit", "case__subject", "case__conclusion", "case__team__plan__body"
    )
    page = Paginator(recs.order_by("deadline", "pk"), 50).get_page(request.GET.get("page"))
    if fmt := list_format(request):
        return list_response(
            request,
            fmt,
            _("Kiến nghị sau kiểm tra, giám sát, ngày %s") % format_date(today),
            sheets.REC_COLUMNS,
            sheets.rec_rows(chunks(recs.order_by("deadline", "pk")), today),
            f"kien-nghi-{today.isoformat()}",
            count=page.paginator.count,
        )
    return render(
        request,
        "oversight/recommendations.html",
        {"page": page, "state": state, "unit": unit, "today": today},
    )
