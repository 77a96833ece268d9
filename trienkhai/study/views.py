"""Study sessions, learning reports and the coverage matrix."""

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import F, Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from trienkhai.accounts.access import (
    get_learning_report_for_user,
    get_overview_unit_for_user,
    get_session_for_user,
    get_unit_for_user,
    is_uuid,
    may_write_for_unit,
    scope_for,
    units_acted_for,
)
from trienkhai.core import clock
from trienkhai.core.history import history_rows
from trienkhai.core.refusals import show_on_form
from trienkhai.documents.models import Document
from trienkhai.exports.lists import chunks, list_format, list_response
from trienkhai.exports.sheets import wants_xlsx, xlsx_response
from trienkhai.lib.vnformat import parse_date
from trienkhai.orgs.models import OrgUnit
from trienkhai.programmes.models import Programme
from trienkhai.study import coverage, services, sheets
from trienkhai.study.forms import ReportForm, SessionForm
from trienkhai.study.models import LearningReport, StudySession

log = logging.getLogger("trienkhai.study")

MAX_LISTED = 300


def _writable_units(user):
    """Units the user records sessions for (access.units_acted_for), in tree order."""
    units = units_acted_for(user)
    return None if units is None else units.order_by("path")


def studied_documents(user):
    """Documents to study, as the user sees them: those with sessions or conferences."""
    return (
        Document.objects.for_user(user)
        .filter(Q(study_sessions__isnull=False) | Q(conference__isnull=False))
        .distinct()
        .order_by("-issue_date", "symbol")
    )


@login_required
def session_list(request):
    sessions = StudySession.objects.for_user(request.user).select_related("unit")
    document = None
    doc_uid = request.GET.get("doc", "")
    if is_uuid(doc_uid):
        document = Document.objects.for_user(request.user).filter(uid=doc_uid).first()
        if document is not None:
            sessions = sessions.filter(documents=document)
    unit = None
    if request.GET.get("unit"):
        unit, _may = get_unit_for_user(request.user, request.GET["unit"])
        sessions = sessions.filter(unit__in=OrgUnit.objects.under(unit))
    sessions = sessions.prefetch_related("documents")
    page = Paginator(sessions, 50).get_page(request.GET.get("page"))
    if fmt := list_format(request):
        return list_response(
            request,
            fmt,
            _("Các buổi học tập, quán triệt"),
            sheets.SESSION_COLUMNS,
            sheets.session_rows(chunks(sessions)),
            "buoi-hoc-tap",
            count=page.paginator.count,
        )
    return render(
        request,
        "study/list.html",
        {
            "page": page,
            "document": document,
            "unit": unit,
            "documents": studied_documents(request.user)[:200],
            "may_record": _writable_units(request.user) is not None,
        },
    )


def _session_form(request, session):
    units = _writable_units(request.user)
    if units is None:
        raise PermissionDenied(_("Bạn không có quyền ghi nhận buổi học tập."))
    initial = {}
    if session.pk is None and is_uuid(request.GET.get("doc", "")):
        initial["documents"] = Document.objects.filter(uid=request.GET["doc"])
    return SessionForm(
        request.POST or None,
        instance=session,
        initial=initial,
        units=units,
        documents=Document.objects.for_user(request.user).order_by("-issue_date", "symbol"),
        programmes=Programme.objects.for_user(request.user),
    )


def _save_session(request, form, session, message):
    """The session saved by the service and a redirect to it, or None with its refusal
    on the form."""
    fields = {k: v for k, v in form.cleaned_data.items() if k in services.SESSION_FIELDS}
    try:
        session = services.record_session(
            request.user,
            session,
            fields,
            documents=form.cleaned_data["documents"],
            based_on=form.based_on,
        )
    except ValidationError as exc:
        show_on_form(form, exc)
        return None
    log.info("user %s recorded study session %s", request.user, session.pk)
    messages.success(request, message)
    return redirect(session)


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    session = StudySession()
    form = _session_form(request, session)
    if request.method == "POST" and form.is_valid():
        saved = _save_session(request, form, session, _("Đã ghi nhận buổi học tập."))
        if saved is not None:
            return saved
    return render(
        request,
        "study/form.html",
        {"form": form, "title": _("Ghi nhận buổi học tập, quán triệt")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_edit(request, uid):
    session, _may = get_session_for_user(request.user, uid, change=True)
    form = _session_form(request, session)
    if request.method == "POST" and form.is_valid():
        saved = _save_session(request, form, session, _("Đã lưu thay đổi."))
        if saved is not None:
            return saved
    return render(
        request,
        "study/form.html",
        {"form": form, "session": session, "title": _("Sửa buổi học tập")},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def session_detail(request, uid):
    session, _may = get_session_for_user(request.user, uid)
    return render(
        request,
        "study/detail.html",
        {
            "session": session,
            "documents": session.documents.all(),
            "may_change": may_write_for_unit(request.user, session.unit),
            "history": history_rows(session),
        },
    )


@login_required
def coverage_matrix(request):
    """Documents × units under a root: the share of Party members who studied each, for
    the documents asked for, all of them (the table scrolls), by default those the
    root's units were asked to study (`coverage.asked`)."""
    root = get_overview_unit_for_user(request.user, request.GET.get("root", ""))
    if root is None:
        raise Http404(_("Chưa có đơn vị nào."))
    scope = scope_for(request.user)
    errors = []
    on = clock.today()
    if request.GET.get("on"):
        try:
            on = parse_date(request.GET["on"])
        except ValueError:
            errors.append(_("Ngày “%(v)s” không hợp lệ.") % {"v": request.GET["on"]})
    visible = Document.objects.for_user(request.user)
    chosen = [u for u in request.GET.getlist("doc") if is_uuid(u)]
    if chosen:
        documents = list(
            visible.filter(uid__in=chosen).order_by(F("issue_date").desc(nulls_last=True), "symbol")
        )
    else:
        documents = list(coverage.asked(visible, root))
    available = list(studied_documents(request.user)[:MAX_LISTED])
    available += [d for d in documents if d not in available]
    matrix = coverage.compute(root, documents, on=on)
    # A leader's committee (access.home_unit) may reach beyond its scope: the totals
    # count every unit, the rows and the lists show the units the user sees.
    shown = [row for row in matrix.rows if scope.sees(row[0].path)]
    hidden, matrix.rows = len(matrix.rows) - len(shown), shown
    if wants_xlsx(request) and not errors:
        return xlsx_response(
            _("Tình hình học tập, quán triệt: %s") % root.name,
            sheets.coverage_tables(matrix, on),
            f"hoc-tap-{root.code}-{on.isoformat()}",
        )
    # Units not yet studied: for one document at a time (the first column by default).
    missing_doc = next(
        (d for d in documents if str(d.uid) == request.GET.get("missing")),
        documents[0] if documents else None,
    )
    missing_ids = matrix.not_studied.get(missing_doc.pk, []) if missing_doc else []
    flagged = {}  # unit pk -> [(document, UnitStudy)]
    for pk, doc_id, study in matrix.implausible:
        flagged.setdefault(pk, []).append((doc_id, study))
    units = OrgUnit.objects.in_bulk(missing_ids + list(flagged))
    missing_ids = [pk for pk in missing_ids if scope.sees(units[pk].path)]
    flagged = {pk: rows for pk, rows in flagged.items() if scope.sees(units[pk].path)}
    parents = OrgUnit.objects.parent_values([units[pk] for pk in missing_ids[:MAX_LISTED]], "name")
    by_doc = {d.pk: d for d in documents}
    implausible = [
        (units[pk], [(by_doc[d], s) for d, s in rows])
        for pk, rows in list(flagged.items())[:MAX_LISTED]
    ]
    not_studied = [
        (units[pk], parents.get(units[pk].parent_path, "")) for pk in missing_ids[:MAX_LISTED]
    ]
    return render(
        request,
        "study/coverage.html",
        {
            "m": matrix,
            "root": root,
            "hidden": hidden,
            "ancestors": OrgUnit.objects.get_ancestors(root).filter(
                scope.q() if root.depth > 1 else Q()
            ),
            "available": available,
            "chosen": {str(d.uid) for d in documents},
            "doc_query": "".join(f"&doc={d.uid}" for d in documents),
            "missing_doc": missing_doc,
            "not_studied": not_studied,
            "not_studied_total": len(missing_ids),
            "implausible": implausible,
            "implausible_total": len(flagged),
            "on": on,
            "errors": errors,
        },
    )


@login_required
def report_list(request):
    reports = LearningReport.objects.for_user(request.user).select_related("document", "unit")
    document = None
    if is_uuid(request.GET.get("doc", "")):
        document = Document.objects.for_user(request.user).filter(uid=request.GET["doc"]).first()
        if document is not None:
            reports = reports.filter(document=document)
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "study/reports.html",
        {
            "page": page,
            "document": document,
            "mine": LearningReport.objects.filter(author=request.user).count(),
            "may_submit": request.user.unit_id is not None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def report_create(request):
    if request.user.unit_id is None:
        raise PermissionDenied(_("Tài khoản chưa gắn với đơn vị nên chưa thể nộp bài thu hoạch."))
    initial = {}
    if is_uuid(request.GET.get("doc", "")):
        initial["document"] = Document.objects.filter(uid=request.GET["doc"]).first()
    form = ReportForm(
        request.POST or None,
        initial=initial,
        documents=Document.objects.for_user(request.user).order_by("-issue_date", "symbol"),
        author=request.user,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            report, created = services.submit_learning_report(
                request.user,
                data["document"],
                lessons=data["lessons"],
                commitments=data.get("commitments", ""),
            )
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            if created:
                messages.success(request, _("Đã nộp bài thu hoạch."))
                return redirect(report)
            form.add_error("document", _("Bạn đã nộp bài thu hoạch về văn bản này."))
    return render(
        request,
        "study/report_form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def report_detail(request, uid):
    report, _may = get_learning_report_for_user(request.user, uid)
    return render(request, "study/report.html", {"report": report})
