from django.utils.translation import gettext_lazy as _
from rest_framework import authentication, exceptions
from rest_framework.authtoken.models import Token


class TokenAuthentication(authentication.TokenAuthentication):
    """DRF's token authentication, loading the user's unit in the same query (the
    permission layer needs it on every request)."""

    def authenticate_credentials(self, key):
        try:
            token = Token.objects.select_related("user__unit").get(key=key)
        except Token.DoesNotExist:
            raise exceptions.AuthenticationFailed(_("Mã truy cập (token) không hợp lệ.")) from None
        if not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Tài khoản đã bị khóa."))
        return token.user, token
