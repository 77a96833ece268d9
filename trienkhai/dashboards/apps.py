from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DashboardsConfig(AppConfig):
    name = "trienkhai.dashboards"
    verbose_name = _("Bảng điều hành")
    label = "dashboards"
