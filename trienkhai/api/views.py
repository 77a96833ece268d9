from django.conf import settings
from django.contrib.auth.views import redirect_to_login
from drf_spectacular.utils import extend_schema, inline_serializer
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView
from rest_framework import serializers
from rest_framework.authtoken.models import Token
from rest_framework.authtoken.serializers import AuthTokenSerializer
from rest_framework.decorators import (
    api_view,
    authentication_classes,
    parser_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import Throttled
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.permissions import AllowAny, IsAuthenticated
from rest_framework.response import Response

from trienkhai.accounts.lockout import address_locked
from trienkhai.api.parsers import ObjectJSONParser
from trienkhai.core.ratelimit import Throttle, seconds_left


class TokenThrottle(Throttle):
    """Password guessing through the API: 10 a minute per address."""

    name = "token"
    rate = "10/minute"


@extend_schema(
    request=AuthTokenSerializer,
    responses=inline_serializer("TokenResponse", {"token": serializers.CharField()}),
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([TokenThrottle])
@parser_classes([ObjectJSONParser, FormParser, MultiPartParser])
def obtain_token(request):
    """Exchange a username and password for an API token (rate-limited)."""
    if address_locked(request):
        raise Throttled(wait=seconds_left(settings.LOGIN_ADDRESS_RATE))
    serializer = AuthTokenSerializer(data=request.data, context={"request": request})
    serializer.is_valid(raise_exception=True)
    token, _created = Token.objects.get_or_create(user=serializer.validated_data["user"])
    return Response({"token": token.key})


class SchemaView(SpectacularAPIView):
    """The OpenAPI document: for signed-in users (session or token) unless
    TK_API_DOCS_PUBLIC opens it; it maps every endpoint, so it is not for anyone."""

    def get_permissions(self):
        return [AllowAny() if settings.API_DOCS_PUBLIC else IsAuthenticated()]


class DocsView(SpectacularSwaggerSplitView):
    """The interactive docs, under the same rule; a browser without a session is sent
    to the login page rather than shown an API error. The split view serves its start-up
    script as a file of its own (`?script`), as the Content-Security-Policy asks."""

    def get_permissions(self):
        return [AllowAny()]

    @extend_schema(exclude=True)
    def get(self, request, *args, **kwargs):
        if not (settings.API_DOCS_PUBLIC or request.user.is_authenticated):
            return redirect_to_login(request.get_full_path())
        response = super().get(request, *args, **kwargs)
        # Swagger UI's page carries a style element of its own: allowed on this page only.
        response["Content-Security-Policy"] = settings.CONTENT_SECURITY_POLICY.replace(
            "style-src 'self'", "style-src 'self' 'unsafe-inline'"
        )
        return response
