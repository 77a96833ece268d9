from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "trienkhai.core"
    label = "core"
    verbose_name = _("Chung")

    def ready(self):
        from trienkhai.core import lookups  # noqa: F401  registers `__any_of`
