from django.contrib.auth.decorators import login_required
from django.db import connection
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_POST

from trienkhai.accounts.access import scope_for
from trienkhai.orgs.models import OrgUnit


@login_required
def home(request):
    scope = scope_for(request.user)
    roots = (
        OrgUnit.objects.filter(path__in=scope.roots)
        if not scope.everything
        else (OrgUnit.objects.get_root_nodes())
    )
    ctx = {
        "roots": roots,
        "visible_units": OrgUnit.objects.for_user(request.user).count(),
        "notifications": request.user.notifications.filter(read_at__isnull=True)[:10],
    }
    return render(request, "core/home.html", ctx)


def healthz(request):
    """For load balancers: the process answers and the database is reachable."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return HttpResponse("ok", content_type="text/plain")


def forbidden(request, exception=None):
    return render(request, "403.html", {"message": str(exception or "")}, status=403)


def not_found(request, exception=None):
    message = ""
    if exception and exception.args and isinstance(exception.args[0], str):
        message = exception.args[0]
    return render(request, "404.html", {"message": message}, status=404)


@login_required
@require_POST
def notifications_read(request):
    request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
    return redirect("home")
