from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ExportsConfig(AppConfig):
    name = "trienkhai.exports"
    verbose_name = _("Báo cáo xuất ra")
    label = "exports"
