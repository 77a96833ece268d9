from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import redirect, render
from django.template import loader
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from trienkhai.accounts.access import get_import_job_for_user, scope_for
from trienkhai.core import clock
from trienkhai.core.home import NOTIFICATIONS, gather
from trienkhai.dashboards.landing import landing
from trienkhai.orgs.models import OrgUnit
from trienkhai.orgs.scope import committee_path


@login_required
def home(request):
    scope = scope_for(request.user)
    roots = (
        OrgUnit.objects.filter(path__in=scope.roots)
        if not scope.everything
        else (OrgUnit.objects.get_root_nodes())
    )
    today = clock.today()
    groups = gather(request.user, today)
    steering = {committee_path(path) for path in scope.steering_paths}
    ctx = {
        # (unit, why it is in the user's scope: None for its own unit)
        "roots": [(unit, _why(unit, request.user, steering)) for unit in roots],
        "visible_units": OrgUnit.objects.for_user(request.user).count(),
        "groups": groups,
        "has_todo": any(g.key != NOTIFICATIONS for g in groups),
        # The leader's scorecard of the units in charge; the office's and the Standing
        # Committee's card of their committee (trienkhai.dashboards.landing).
        "landing": landing(request.user, today),
    }
    return render(request, "core/home.html", ctx)


@login_required
def import_job(request, uid):
    """How far a background import has gone (HTMX follows it), then what it stored or
    every row's problem."""
    job = get_import_job_for_user(request.user, uid)
    template = "core/_import_job.html" if request.htmx else "core/import_job.html"
    return render(request, template, {"job": job, "State": job.State})


def _why(unit, user, steering):
    if unit.pk == user.unit_id:
        return None
    if unit.path in steering:
        return _("phạm vi Ban Chỉ đạo")
    if user.unit_id and unit.path == committee_path(user.unit.path):
        return _("cấp ủy của cơ quan mình")  # an inspector reads its committee
    return _("được phân công phụ trách")


def healthz(request):
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def _wants_json(request) -> bool:
    return request.path.startswith("/api/")


def _json_error(code, message, status, **extra):
    """The API's structured error shape (api/errors.py), for errors Django handles."""
    body = {"error": {"code": code, "message": str(message), "status": status, **extra}}
    return JsonResponse(body, status=status)


def forbidden(request, exception=None):
    message = str(exception or "")
    if _wants_json(request):
        detail = message or _("Bạn không có quyền thực hiện thao tác này.")
        return _json_error("permission_denied", detail, 403)
    return render(request, "403.html", {"message": message}, status=403)


def csrf_failure(request, reason=""):
    """A form sent from a stale page (or another site) lands here, not on Django's page."""
    return render(
        request,
        "403.html",
        {
            "message": _(
                "Phiên làm việc của trang này đã hết hạn hoặc trang được mở từ nơi khác. "
                "Hãy tải lại trang rồi gửi lại; nội dung bạn đã nhập vẫn còn trên trang cũ "
                "nếu bạn bấm “Quay lại”."
            )
        },
        status=403,
    )


def bad_request(request, exception=None, message=""):
    if _wants_json(request):
        return _json_error("bad_request", message or _("Yêu cầu không hợp lệ."), 400)
    return render(request, "400.html", {"message": message}, status=400)


def server_error(request):
    """Our own 500 page, in Vietnamese, with the id under which the error was logged
    (core.middleware.ErrorIdMiddleware), so the user can quote it to the office. It
    renders from a template that needs no database and no context processor."""
    error_id = getattr(request, "tk_error_id", "")
    if _wants_json(request):
        message = _("Lỗi máy chủ. Mã lỗi: %(id)s.") % {"id": error_id}
        return _json_error("server_error", message, 500, error_id=error_id)
    try:
        html = loader.get_template("500.html").render({"error_id": error_id})
    except Exception:  # the error page itself must never fail
        html = f"Lỗi máy chủ. Mã lỗi: {error_id}"
    return HttpResponseServerError(html)


def not_found(request, exception=None):
    message = ""
    if exception and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    if _wants_json(request):
        detail = message or _("Không tìm thấy.")
        return _json_error("not_found", detail, 404)
    return render(request, "404.html", {"message": message}, status=404)


@login_required
@require_POST
def notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=clock.now())
    return redirect("home")
