"""Pages of reports to send up: ask for one, watch it being made, download it."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from trienkhai.accounts.access import get_export_for_user
from trienkhai.core import clock
from trienkhai.core.refusals import say_refusal, show_on_form
from trienkhai.exports import kinds, services
from trienkhai.exports.forms import ExportForm
from trienkhai.exports.models import Export, State
from trienkhai.reporting.models import Period


def _initial(request):
    user = request.user
    initial = {
        k: request.GET[k]
        for k in ("kind", "unit", "period", "programme", "fmt")
        if request.GET.get(k)
    }
    if "unit" not in initial and user.unit_id:
        from trienkhai.exports.document import issuing_committee

        initial["unit"] = issuing_committee(user.unit).code
    if "period" not in initial:
        today = clock.today()
        latest = Period.objects.filter(kind="quarter", start__lte=today).order_by("-start").first()
        if latest is not None:
            initial["period"] = latest.code
    return initial


@login_required
@require_http_methods(["GET", "POST"])
def new(request):
    form = ExportForm(request.POST or None, user=request.user, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            export = services.request_export(
                request.user,
                data["kind"],
                data["fmt"],
                unit=data["unit"],
                period=data["period"],
                programme=data["programme"],
                plan=data["plan"],
                case=data["case"],
            )
        except ValidationError as e:
            show_on_form(form, e)
        else:
            return redirect(export)
    recent = Export.objects.filter(requested_by=request.user)[:20]
    return render(request, "exports/new.html", {"form": form, "recent": recent})


@login_required
def detail(request, uid):
    export = get_export_for_user(request.user, uid)
    template = "exports/_status.html" if request.htmx else "exports/detail.html"
    return render(
        request,
        template,
        {"export": export, "kind": kinds.KINDS.get(export.kind), "State": State},
    )


@login_required
def download(request, uid):
    export = get_export_for_user(request.user, uid)
    if export.state != State.DONE or not export.file:
        raise Http404(_("Báo cáo chưa tạo xong."))
    return FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type=kinds.CONTENT_TYPES[export.fmt],
    )


@login_required
@require_POST
def retry(request, uid):
    export = get_export_for_user(request.user, uid)
    try:
        services.retry_export(request.user, export)
    except (ValidationError, PermissionDenied) as e:
        say_refusal(request, e if isinstance(e, ValidationError) else ValidationError(str(e)))
    else:
        messages.success(request, _("Đã gửi lại yêu cầu tạo báo cáo."))
    return redirect(export)
