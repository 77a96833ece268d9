import csv
import io
import logging
import secrets

import segno
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Count, F
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.accounts.access import (
    get_conference_for_user,
    get_point_for_user,
    get_poll_for_user,
    is_uuid,
    may_change_owned,
    may_write_for_unit,
    units_acted_for,
)
from trienkhai.conferences import imports, services
from trienkhai.conferences.forms import (
    AnswerForm,
    AttendanceForm,
    CheckInForm,
    ConferenceForm,
    PointForm,
    PollForm,
)
from trienkhai.conferences.models import (
    BridgePoint,
    Conference,
    PointFile,
    Poll,
    PollChoice,
)
from trienkhai.conferences.services import (
    NeedsUnit,
    Refused,
    answer_poll,
    check_in,
    point_for_code,
    poll_results,
    report_attendance,
)
from trienkhai.conferences.tasks import run_points_import
from trienkhai.conferences.totals import totals_context
from trienkhai.core import clock, importjobs
from trienkhai.core.attachments import accept_upload, serve
from trienkhai.core.cellsafe import csv_row
from trienkhai.core.ratelimit import allow, client_ip
from trienkhai.core.refusals import show_on_form

log = logging.getLogger("trienkhai.conferences")


def _point_hosts(user):
    """The units the user may register points for; 403 when there are none."""
    units = units_acted_for(user)
    if units is None:
        raise PermissionDenied(_("Bạn không có quyền đăng ký điểm cầu."))
    return units


@login_required
def conference_list(request):
    conferences = Conference.objects.for_user(request.user).select_related("organiser")
    return render(
        request,
        "conferences/list.html",
        {
            "conferences": conferences,
            "can_create": request.user.unit_id
            and may_change_owned(request.user, request.user.unit),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def conference_create(request):
    unit = request.user.unit
    if unit is None or not may_change_owned(request.user, unit):
        raise PermissionDenied(_("Chỉ Văn phòng được tạo hội nghị."))
    form = ConferenceForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            conference = services.create_conference(request.user, unit, form.cleaned_data)
        except ValidationError as exc:
            show_on_form(form, exc)
        else:
            messages.success(request, _("Đã tạo hội nghị."))
            return redirect(conference)
    return render(
        request,
        "conferences/form.html",
        {"form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def conference_detail(request, uid):
    conference, _may = get_conference_for_user(request.user, uid)
    visible = BridgePoint.objects.for_user(request.user).filter(conference=conference)
    page = Paginator(
        visible.select_related("host").order_by(
            "-is_main", F("district__sort_key").asc(nulls_first=True), "level", "sort_key"
        ),
        100,
    ).get_page(request.GET.get("page"))
    ctx = totals_context(conference) | {
        "page": page,
        "documents": conference.documents.all(),
        "may_add_point": units_acted_for(request.user) is not None,
        "is_organiser": may_change_owned(request.user, conference.organiser),
        "polls": conference.polls.all(),
    }
    return render(request, "conferences/detail.html", ctx)


@login_required
def conference_totals(request, uid):
    """The live totals panel, polled by HTMX every few seconds during the conference."""
    conference, _may = get_conference_for_user(request.user, uid)
    return render(request, "conferences/_totals.html", totals_context(conference))


@login_required
@require_http_methods(["GET", "POST"])
def point_add(request, uid):
    conference, _may = get_conference_for_user(request.user, uid)
    units = _point_hosts(request.user)
    form = PointForm(request.POST or None, units=units.order_by("path"))
    if request.method == "POST" and form.is_valid():
        fields = {k: v for k, v in form.cleaned_data.items() if k != "host"}
        try:
            ((point, created),) = services.register_points(
                conference, request.user, [{"host": form.cleaned_data["host"], **fields}]
            )
        except services.Refused as exc:
            form.add_error("name", str(exc))
        else:
            log.info("user %s registered point %s", request.user, point.pk)
            if created:
                messages.success(request, _("Đã đăng ký điểm cầu %(name)s.") % {"name": point.name})
            else:
                messages.info(
                    request, _("Điểm cầu %(name)s đã được đăng ký trước đó.") % {"name": point.name}
                )
            return redirect(conference)
    return render(
        request,
        "conferences/point_form.html",
        {"form": form, "conference": conference},
        status=400 if request.method == "POST" else 200,
    )


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def points_template(request, uid):
    """The Excel template, listing the units the user may register points for."""
    get_conference_for_user(request.user, uid)
    _point_hosts(request.user)
    response = HttpResponse(imports.template(request.user), content_type=XLSX_TYPE)
    response["Content-Disposition"] = 'attachment; filename="mau-dang-ky-diem-cau.xlsx"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def points_import(request, uid):
    """Bridge points from an Excel file: every row checked, then all written or none."""
    conference, _may = get_conference_for_user(request.user, uid)
    _point_hosts(request.user)
    ctx = {"conference": conference, "parsed": None}
    if request.method == "GET":
        return render(request, "conferences/points_import.html", ctx)
    upload = request.FILES.get("file")
    if upload is None or not upload.name.lower().endswith(".xlsx"):
        ctx["parsed"] = imports.Parsed()
        ctx["parsed"].add(0, "", _("Hãy chọn tệp Excel (.xlsx) theo mẫu."), sheet="")
    else:
        read = imports.read_points(upload)
        rows = len(read[0])
        if importjobs.in_background(rows):  # a large file: the worker imports it
            job = importjobs.start(
                request.user,
                "points",
                upload,
                rows=rows,
                task=run_points_import,
                next_url=conference.get_absolute_url(),
                params={"conference": str(conference.uid)},
            )
            return redirect(job)
        ctx["parsed"] = imports.register(upload, conference, request.user, read=read)
    if ctx["parsed"].errors:
        log.warning("points import refused: %d errors", len(ctx["parsed"].errors))
        return render(request, "conferences/points_import.html", ctx, status=400)
    count = len(ctx["parsed"].points)
    log.info("user %s imported %d points into %s", request.user, count, conference.pk)
    messages.success(request, imports.registered_message(count))
    return redirect(conference)


@login_required
@require_http_methods(["GET", "POST"])
def point_detail(request, uid):
    point, may_change = get_point_for_user(request.user, uid)
    may_report = may_write_for_unit(request.user, point.host)
    form = AttendanceForm(
        request.POST or None,
        initial={
            f: getattr(point, f)
            for f in ("committee_members", "party_members", "officials", "others")
        },
    )
    status = 200
    if request.method == "POST":
        if not may_report:
            raise PermissionDenied(_("Bạn không có quyền báo cáo số đại biểu của điểm cầu này."))
        if form.is_valid():
            try:
                report_attendance(point, form.cleaned_data)
            except Refused as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Đã báo cáo số đại biểu."))
                return redirect(point)
        status = 400
    link = request.build_absolute_uri(reverse("checkin", args=[point.code])) if may_change else ""
    ctx = {
        "point": point,
        "form": form if may_report else None,
        "link": link,
        "qr": segno.make(link, error="m").svg_inline(scale=4, title=point.name) if link else "",
        "checked_in": point.check_ins.count(),
        "files": point.files.all(),
        "may_report": may_report,
        "ended": bool(point.conference.ends_at and clock.now() > point.conference.ends_at),
    }
    return render(request, "conferences/point.html", ctx, status=status)


@login_required
def point_poster(request, uid):
    """A page to print and put up at the point: the conference, the point, a large QR
    code and how to check in (A4, black on white, nothing else on the sheet)."""
    point, may_change = get_point_for_user(request.user, uid)
    if not may_change:
        raise PermissionDenied(
            _("Chỉ đơn vị chủ trì điểm cầu và đơn vị tổ chức hội nghị được in mã QR điểm danh.")
        )
    link = request.build_absolute_uri(reverse("checkin", args=[point.code]))
    qr = segno.make(link, error="m").svg_inline(scale=10, omitsize=True, title=point.name)
    return render(request, "conferences/poster.html", {"point": point, "link": link, "qr": qr})


# The phone's device id: a random value in a long-lived signed cookie, set when the
# check-in page is first opened, so that people of the same name on different phones
# are told apart and a phone sending again is the same delegate (services.check_in).
DEVICE_COOKIE = "tk_device"
DEVICE_SALT = "trienkhai.conferences.device"
DEVICE_SECONDS = 2 * 365 * 24 * 3600


def _device_id(request):
    """The phone's device id, or "" when it sent none (or one we did not sign)."""
    return request.get_signed_cookie(DEVICE_COOKIE, default="", salt=DEVICE_SALT)


def _with_device(request, response):
    if not _device_id(request):
        response.set_signed_cookie(
            DEVICE_COOKIE,
            secrets.token_urlsafe(16),
            salt=DEVICE_SALT,
            max_age=DEVICE_SECONDS,
            httponly=True,
            samesite="Lax",
            secure=settings.SESSION_COOKIE_SECURE,
        )
    return response


@require_http_methods(["GET", "POST"])
def checkin(request, code):
    """The phone page a delegate opens from the point's QR code; no account needed."""
    try:
        point = point_for_code(code)
    except Refused as exc:
        return render(request, "conferences/checkin.html", {"error": str(exc)}, status=404)
    refusal = services.checkin_refusal(point)
    if refusal:  # said before anyone types a name, not after they send it
        return render(
            request,
            "conferences/checkin.html",
            {"point": point, "closed": refusal},
            status=400 if request.method == "POST" else 200,
        )
    form = CheckInForm(request.POST or None)
    if request.method == "POST" and not allow(
        f"checkin:{client_ip(request)}:{point.code}", settings.CHECKIN_RATE
    ):
        form.add_error(None, _("Quá nhiều lượt điểm danh từ máy này; hãy thử lại sau ít phút."))
        return render(
            request, "conferences/checkin.html", {"point": point, "form": form}, status=429
        )
    if request.method == "POST" and form.is_valid():
        user = request.user if request.user.is_authenticated else None
        try:
            record, created = check_in(
                point,
                user=user,
                device=_device_id(request),
                **form.cleaned_data,
            )
        except NeedsUnit as exc:
            form.add_error("unit_text", str(exc))
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            return _with_device(
                request,
                render(
                    request,
                    "conferences/checkin_done.html",
                    {
                        "point": point,
                        "created": created,
                        "shown": services.receipt(
                            record,
                            created,
                            point,
                            name=form.cleaned_data["name"],
                            unit_text=form.cleaned_data["unit_text"],
                            user=user,
                        ),
                    },
                ),
            )
    return _with_device(
        request,
        render(
            request,
            "conferences/checkin.html",
            {"point": point, "form": form},
            status=400 if request.method == "POST" else 200,
        ),
    )


@login_required
def export(request, uid):
    """Attendance per point as CSV (UTF-8 with BOM, for Excel)."""
    conference, _may = get_conference_for_user(request.user, uid)
    rows = (
        BridgePoint.objects.for_user(request.user)
        .filter(conference=conference)
        .select_related("host", "district")
        .annotate(checked=Count("check_ins"))
        .order_by(F("district__sort_key").asc(nulls_first=True), "level", "sort_key")
    )
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(
        [
            _("Điểm cầu"),
            _("Cấp"),
            _("Đơn vị"),
            _("Huyện"),
            _("Cấp ủy viên"),
            _("Đảng viên"),
            _("Cán bộ, công chức"),
            _("Thành phần khác"),
            _("Số đại biểu"),
            _("Dữ liệu mẫu"),
        ]
    )
    for p in rows:
        present = p.checked if p.uses_check_in else p.present
        writer.writerow(
            csv_row(
                [
                    p.name,
                    p.get_level_display(),
                    p.host.name,
                    p.district.name if p.district else "",
                    p.committee_members,
                    p.party_members,
                    p.officials,
                    p.others,
                    present,
                    _("có") if p.is_sample else "",
                ]
            )
        )
    response = HttpResponse("\ufeff" + buf.getvalue(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="diem-cau.csv"'
    return response


@login_required
@require_POST
def point_toggle(request, uid):
    point, _may = get_point_for_user(request.user, uid, change=True)
    try:
        services.set_point_open(point, request.user, not point.is_open)
    except services.Refused as exc:
        messages.error(request, str(exc))
    return redirect(point)


@login_required
@require_http_methods(["GET", "POST"])
def poll_create(request, uid):
    conference, _may = get_conference_for_user(request.user, uid)
    if not may_change_owned(request.user, conference.organiser):
        raise PermissionDenied(_("Chỉ đơn vị tổ chức được tạo cuộc thăm dò."))
    form = PollForm(
        request.POST or None,
        initial={"opens_at": conference.starts_at, "closes_at": conference.ends_at},
    )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        with transaction.atomic():
            poll = Poll.objects.create(
                owner=conference.organiser,
                conference=conference,
                question=d["question"],
                kind=d["kind"],
                opens_at=d["opens_at"],
                closes_at=d["closes_at"],
                anonymous=d["anonymous"],
            )
            if d["kind"] in ("single", "multiple"):
                PollChoice.objects.bulk_create(
                    PollChoice(poll=poll, order=i, text=t[:300])
                    for i, t in enumerate(d["choice_lines"], start=1)
                )
        messages.success(request, _("Đã tạo cuộc thăm dò."))
        return redirect(poll)
    return render(
        request,
        "conferences/poll_form.html",
        {"form": form, "conference": conference},
        status=400 if request.method == "POST" else 200,
    )


@login_required
def poll_detail(request, uid):
    poll, _may = get_poll_for_user(request.user, uid)
    link = request.build_absolute_uri(reverse("poll-answer", args=[poll.uid]))
    ctx = {
        "poll": poll,
        "results": poll_results(poll),
        "link": link,
        "qr": segno.make(link, error="m").svg_inline(scale=4),
    }
    template = "conferences/_poll_results.html" if request.htmx else "conferences/poll.html"
    return render(request, template, ctx)


@require_http_methods(["GET", "POST"])
def poll_answer(request, uid):
    """The delegates' answer page (no login; one answer per delegate or user)."""
    poll = Poll.objects.filter(uid=uid).first() if is_uuid(uid) else None
    if poll is None:
        raise Http404(_("Không tìm thấy cuộc thăm dò này."))
    form = AnswerForm(request.POST or None, poll=poll)
    if request.method == "POST" and not allow(
        f"poll:{client_ip(request)}:{poll.uid}", settings.CHECKIN_RATE
    ):
        form.add_error(None, _("Quá nhiều lượt trả lời từ máy này; hãy thử lại sau ít phút."))
        return render(
            request, "conferences/poll_answer.html", {"poll": poll, "form": form}, status=429
        )
    if request.method == "POST" and form.is_valid():
        d = form.cleaned_data
        try:
            answer_poll(
                poll,
                name=d["name"],
                unit_text=d["unit_text"],
                personal_code=d["personal_code"],
                choice_ids=form.choice_ids(),
                rating=d["rating"],
                text=d["text"],
                user=request.user,
            )
        except Refused as exc:
            form.add_error(None, str(exc))
        else:
            return render(request, "conferences/poll_thanks.html", {"poll": poll})
    return render(
        request,
        "conferences/poll_answer.html",
        {"poll": poll, "form": form},
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def point_file_upload(request, uid):
    """The host unit attaches its list of delegates to the point."""
    point, _may = get_point_for_user(request.user, uid)
    if not may_write_for_unit(request.user, point.host):
        raise PermissionDenied(_("Bạn không có quyền báo cáo số đại biểu của điểm cầu này."))
    accept_upload(
        request,
        lambda upload, name, size: PointFile.objects.create(
            point=point, file=upload, name=name, size=size, uploaded_by=request.user
        ),
    )
    return redirect(point)


@login_required
def point_file(request, uid, file_id):
    point, _may = get_point_for_user(request.user, uid)
    return serve(get_object_or_404(PointFile, pk=file_id, point=point))
