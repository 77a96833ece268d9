from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path
from django.views.i18n import set_language

from trienkhai.accounts.views import LoginView
from trienkhai.conferences.views import checkin, poll_answer
from trienkhai.core import views as core_views

urlpatterns = [
    path("", core_views.home, name="home"),
    path("healthz", core_views.healthz, name="healthz"),
    path("notifications/read/", core_views.notifications_read, name="notifications-read"),
    path("imports/<uuid:uid>/", core_views.import_job, name="import-job"),
    path("login/", LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("i18n/setlang/", set_language, name="set_language"),
    path("", include("trienkhai.orgs.urls")),
    path("", include("trienkhai.documents.urls")),
    path("", include("trienkhai.programmes.urls")),
    path("", include("trienkhai.conferences.urls")),
    path("", include("trienkhai.study.urls")),
    path("", include("trienkhai.reporting.urls")),
    path("", include("trienkhai.oversight.urls")),
    path("", include("trienkhai.dashboards.urls")),
    path("", include("trienkhai.exports.urls")),
    # The delegate's check-in page, opened from a bridge point's QR code (no login).
    path("c/<str:code>/", checkin, name="checkin"),
    path("p/<str:uid>/", poll_answer, name="poll-answer"),
    path("api/v1/", include("trienkhai.api.urls")),
]
# Django's admin, for the administrator: moved or turned off by TK_ADMIN_URL.
if settings.ADMIN_URL:
    urlpatterns.append(path(f"{settings.ADMIN_URL}/", admin.site.urls))

handler403 = "trienkhai.core.views.forbidden"
handler404 = "trienkhai.core.views.not_found"
handler400 = "trienkhai.core.views.bad_request"
handler500 = "trienkhai.core.views.server_error"
