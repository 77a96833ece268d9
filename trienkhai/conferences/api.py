"""API: conferences and their live totals (authenticated), and the delegates' check-in
through a point's code (open, rate-limited per address *and* point, so hundreds of
delegates behind one bridge point's router are not blocked while a flood is)."""

from django.conf import settings
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import (
    action,
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.response import Response
from rest_framework.throttling import SimpleRateThrottle

from trienkhai.conferences.models import Conference
from trienkhai.conferences.services import Refused, check_in, point_for_code


class ConferenceSerializer(serializers.ModelSerializer):
    organiser = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Conference
        fields = ["uid", "title", "organiser", "organ", "starts_at", "ends_at", "form", "is_sample"]


class ConferenceViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ConferenceSerializer
    lookup_field = "uid"

    def get_queryset(self):
        return Conference.objects.for_user(self.request.user).select_related("organiser")

    @extend_schema(
        responses=inline_serializer(
            "ConferenceTotals",
            {
                "points": serializers.IntegerField(),
                "connected": serializers.IntegerField(),
                "reported": serializers.IntegerField(),
                "delegates": serializers.IntegerField(),
            },
        )
    )
    @action(detail=True)
    def totals(self, request, uid=None):
        """Points registered, connected, reported, delegates present."""
        return Response(self.get_object().points.totals())


class PointThrottle(SimpleRateThrottle):
    """Per network address and bridge point: delegates behind one router share an
    address, so the limit is per point, and generous (TK_CHECKIN_RATE)."""

    scope = "checkin"

    def get_rate(self):
        return settings.CHECKIN_RATE

    def get_cache_key(self, request, view):
        return f"checkin:{self.get_ident(request)}:{view.kwargs.get('code', '')}"


class CheckInInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    unit_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    is_party_member = serializers.BooleanField(required=False, default=False)
    personal_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )


@extend_schema(
    request=CheckInInput,
    responses=inline_serializer(
        "CheckedIn",
        {
            "created": serializers.BooleanField(),
            "point": serializers.CharField(),
            "name": serializers.CharField(),
        },
    ),
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([PointThrottle])
def checkin(request, code):
    """A delegate checks in at a bridge point (201; 200 when already checked in)."""
    data = CheckInInput(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        point = point_for_code(code)
    except Refused as exc:
        raise NotFound(str(exc)) from None
    try:
        record, created = check_in(point, **data.validated_data)
    except Refused as exc:
        raise ValidationError({"checkin": [str(exc)]}) from None
    return Response(
        {"created": created, "point": point.name, "name": record.name},
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )
