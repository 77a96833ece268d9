"""The risk list: the Party committees and organisations directly below a body's
committee, ranked by the signals the system holds (`oversight/risk.py`), as the page
shows them: to whoever sees the committee, only the units it sees."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers
from rest_framework.decorators import api_view
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from trienkhai.accounts.access import committee_of, get_unit_for_user, may_run_oversight, scope_for
from trienkhai.core import clock
from trienkhai.oversight import risk


class RiskQuery(serializers.Serializer):
    body = serializers.CharField(required=False, allow_blank=True)
    on = serializers.DateField(required=False, allow_null=True, default=None)


class RiskSignalSerializer(serializers.Serializer):
    key = serializers.CharField(help_text=", ".join(risk.SIGNALS))
    count = serializers.IntegerField()
    weight = serializers.FloatField()
    points = serializers.FloatField()
    reason = serializers.CharField()
    url = serializers.CharField(help_text="the page showing what is counted")


class RiskRowSerializer(serializers.Serializer):
    unit = serializers.CharField(source="unit.code")
    name = serializers.CharField(source="unit.name")
    rank = serializers.IntegerField()
    score = serializers.FloatField()
    signals = RiskSignalSerializer(many=True)


class RiskListSerializer(serializers.Serializer):
    body = serializers.CharField(source="body.code")
    committee = serializers.CharField(source="committee.code")
    on = serializers.DateField()
    may_plan = serializers.BooleanField(help_text="may the caller plan the body's oversight")
    rows = RiskRowSerializer(many=True)


@extend_schema(
    parameters=[
        OpenApiParameter("body", str, description="Mã chủ thể (mặc định: đơn vị của bạn)"),
        OpenApiParameter("on", OpenApiTypes.DATE, description="Ngày tính (mặc định: hôm nay)"),
    ],
    responses=RiskListSerializer,
)
@api_view(["GET"])
def risk_list(request):
    """Where the body should inspect next, on a day: 404 when the body or its committee
    is outside the caller's scope."""
    user = request.user
    query = RiskQuery(data=request.query_params)
    query.is_valid(raise_exception=True)
    code = query.validated_data.get("body") or (user.unit.code if user.unit_id else "")
    if not code:
        raise ValidationError({"body": [_("Cần mã đơn vị.")]})
    body, _may = get_unit_for_user(user, code)
    committee, _may = get_unit_for_user(user, committee_of(body).code)
    on = query.validated_data["on"] or clock.today()
    if risk.day_refused(on):
        raise ValidationError({"on": [risk.day_refused(on)]})
    scope = scope_for(user)
    rows = [r for r in risk.risk_list(committee, on=on) if scope.sees(r.unit.path)]
    answer = {
        "body": body,
        "committee": committee,
        "on": on,
        "may_plan": may_run_oversight(user, body),
        "rows": rows,
    }
    return Response(RiskListSerializer(answer).data)
