from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "trienkhai.accounts"
    label = "accounts"
    verbose_name = _("Tài khoản")

    def ready(self):
        from trienkhai.accounts import lockout  # noqa: F401 (connects its signal)
