"""API: periods, reports (draft, submit, accept, return, reopen), completeness and
target roll-ups, under the same permission layer as the pages. Saving a draft is a
PUT of the whole report (sending it twice stores it once); submitting a report that
is already waiting returns it unchanged."""

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from trienkhai.accounts.access import (
    get_unit_for_user,
    may_review_for_unit,
    may_write_for_unit,
    scope_for,
)
from trienkhai.api.etags import IF_MATCH, VersionedViewMixin
from trienkhai.reporting import completeness, rollup, services
from trienkhai.reporting.models import Deadlines, Period, Submission, not_opened_message


class PeriodSerializer(serializers.ModelSerializer):
    label = serializers.CharField(read_only=True)

    class Meta:
        model = Period
        fields = ["code", "kind", "label", "start", "end", "data_from", "data_to", "is_closed"]


def opened_period(code):
    """The stored period of a code, or 404 with the page's message."""
    try:
        return Period.objects.opened(code)
    except ValueError as exc:
        raise NotFound(str(exc)) from None
    except Period.DoesNotExist:
        raise NotFound(not_opened_message(code)) from None


class PeriodViewSet(viewsets.ReadOnlyModelViewSet):
    """Reporting periods opened by the office or the daily job (reading opens none)."""

    serializer_class = PeriodSerializer
    lookup_field = "code"
    queryset = Period.objects.all()

    def get_object(self):
        return opened_period(self.kwargs["code"])


class TaskLineSerializer(serializers.Serializer):
    task = serializers.UUIDField(source="task.uid")
    progress = serializers.DecimalField(max_digits=5, decimal_places=2)
    done = serializers.CharField(allow_blank=True)
    obstacles = serializers.CharField(allow_blank=True)
    proposals = serializers.CharField(allow_blank=True)


class ValueLineSerializer(serializers.Serializer):
    target = serializers.IntegerField(source="target_id")
    code = serializers.CharField(source="target.code")
    value = serializers.DecimalField(max_digits=20, decimal_places=4)


class SubmissionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    period = serializers.SlugRelatedField(slug_field="code", read_only=True)
    tasks = TaskLineSerializer(many=True, read_only=True)
    values = ValueLineSerializer(many=True, read_only=True)
    late = serializers.SerializerMethodField()

    class Meta:
        model = Submission
        fields = [
            "uid",
            "unit",
            "period",
            "status",
            "version",
            "revision",
            "late",
            "results",
            "shortcomings",
            "next_steps",
            "proposals",
            "first_submitted_at",
            "submitted_at",
            "reviewed_at",
            "return_reason",
            "tasks",
            "values",
        ]

    def get_late(self, submission) -> bool:
        """One deadline resolver per period for a whole list, not two queries a report."""
        resolvers = self.context.setdefault("deadlines", {})
        if submission.period_id not in resolvers:
            resolvers[submission.period_id] = Deadlines(submission.period)
        return submission.is_late(resolvers[submission.period_id])


class DraftInput(serializers.Serializer):
    results = serializers.CharField(required=False, allow_blank=True)
    shortcomings = serializers.CharField(required=False, allow_blank=True)
    next_steps = serializers.CharField(required=False, allow_blank=True)
    proposals = serializers.CharField(required=False, allow_blank=True)
    tasks = serializers.ListField(child=serializers.DictField(), required=False)
    values = serializers.ListField(child=serializers.DictField(), required=False)


def _refused(exc):
    return ValidationError({"report": [str(exc)]})


class SubmissionViewSet(VersionedViewMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SubmissionSerializer
    lookup_field = "uid"

    def get_queryset(self):
        reports = (
            Submission.objects.for_user(self.request.user)
            .select_related("unit", "period")
            .prefetch_related("tasks__task", "values__target")
        )
        params = self.request.query_params
        if params.get("period"):
            reports = reports.filter(period__code=params["period"].strip().upper())
        if params.get("status"):
            reports = reports.filter(status=params["status"])
        if params.get("unit"):
            reports = reports.filter(unit__code=params["unit"].strip().upper())
        return reports

    @extend_schema(
        parameters=[
            OpenApiParameter("period", str, description="Mã kỳ, như 2021Q4"),
            OpenApiParameter("status", str, description="draft, submitted, returned, accepted"),
            OpenApiParameter("unit", str, description="Mã đơn vị"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(
        request=DraftInput,
        responses=SubmissionSerializer,
        parameters=[
            OpenApiParameter("unit_code", str, OpenApiParameter.PATH, description="Mã đơn vị"),
            OpenApiParameter("period_code", str, OpenApiParameter.PATH, description="Mã kỳ"),
            IF_MATCH,
        ],
    )
    @action(
        detail=False,
        methods=["put"],
        url_path=r"units/(?P<unit_code>[^/.]+)/(?P<period_code>[^/.]+)",
    )
    def draft(self, request, unit_code=None, period_code=None):
        """Save a unit's report for a period as a draft (the whole of it: sending the same
        body twice changes nothing). Tasks by uid, targets by id."""
        try:
            unit, _may = get_unit_for_user(request.user, unit_code)
        except Http404 as exc:
            raise NotFound(str(exc)) from None
        if not may_write_for_unit(request.user, unit):
            raise PermissionDenied(_("Bạn không có quyền lập báo cáo của đơn vị này."))
        period = opened_period(period_code)
        data = DraftInput(data=request.data)
        data.is_valid(raise_exception=True)
        body = data.validated_data
        try:
            submission = services.open_report(unit, period)
            tasks = {}
            by_uid = {str(t.uid): t.pk for t in services.unit_tasks(unit, period)}
            for line in body.get("tasks", []):
                pk = by_uid.get(str(line.get("task", "")))
                if pk is None:
                    raise services.Refused(_("Nhiệm vụ không thuộc báo cáo của đơn vị."))
                tasks[pk] = line
            values = {}
            for line in body.get("values", []):
                try:
                    values[int(line.get("target"))] = line.get("value")
                except (TypeError, ValueError):
                    raise services.Refused(_("Mã chỉ tiêu không hợp lệ.")) from None
            narrative = {k: v for k, v in body.items() if k in services.NARRATIVE}
            submission = services.save_draft(
                submission,
                narrative=narrative,
                tasks=tasks,
                values=values,
                based_on=self.based_on(),
            )
        except services.Refused as exc:
            raise _refused(exc) from None
        return Response(SubmissionSerializer(self._fresh(submission)).data)

    def _fresh(self, submission):
        return self.get_queryset().get(pk=submission.pk)

    def _act(self, request, act, reason=None):
        submission = self.get_object()
        try:
            if act == "submit":
                if not may_write_for_unit(request.user, submission.unit):
                    raise PermissionDenied(_("Bạn không có quyền gửi báo cáo của đơn vị này."))
                services.submit(submission, request.user)
            else:
                if not may_review_for_unit(request.user, submission.unit):
                    raise PermissionDenied(_("Chỉ cấp trên của đơn vị được duyệt báo cáo."))
                if act == "accept":
                    services.accept(submission, request.user)
                elif act == "return":
                    services.return_report(submission, request.user, reason or "")
                else:
                    services.reopen(submission, request.user, reason or "")
        except services.Refused as exc:
            raise _refused(exc) from None
        return Response(SubmissionSerializer(self._fresh(submission)).data)

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, uid=None):
        """Send the report up; already waiting or accepted: returned unchanged."""
        return self._act(request, "submit")

    @extend_schema(request=None, responses=SubmissionSerializer)
    @action(detail=True, methods=["post"])
    def accept(self, request, uid=None):
        """The level above accepts the report, which is then locked."""
        return self._act(request, "accept")

    @extend_schema(
        request=inline_serializer("ReturnInput", {"reason": serializers.CharField()}),
        responses=SubmissionSerializer,
    )
    @action(detail=True, methods=["post"], url_path="return", url_name="return")
    def return_(self, request, uid=None):
        """The level above returns the report with a reason."""
        return self._act(request, "return", request.data.get("reason"))

    @extend_schema(
        request=inline_serializer("ReopenInput", {"reason": serializers.CharField()}),
        responses=SubmissionSerializer,
    )
    @action(detail=True, methods=["post"])
    def reopen(self, request, uid=None):
        """Reopen an accepted report for correction (a recorded act, with a reason)."""
        return self._act(request, "reopen", request.data.get("reason"))


def _root_and_period(request):
    code = request.query_params.get("unit") or (
        request.user.unit.code if request.user.unit_id else ""
    )
    if not code:
        raise ValidationError({"unit": [_("Cần mã đơn vị.")]})
    try:
        root, _may = get_unit_for_user(request.user, code)
    except Http404 as exc:
        raise NotFound(str(exc)) from None
    try:
        period = Period.objects.opened(request.query_params.get("period", ""))
    except ValueError as exc:
        raise ValidationError({"period": [str(exc)]}) from None
    except Period.DoesNotExist:
        raise ValidationError(
            {"period": [not_opened_message(request.query_params["period"])]}
        ) from None
    return root, period


PARAMS = [
    OpenApiParameter("unit", str, description="Mã đơn vị (mặc định: đơn vị của bạn)"),
    OpenApiParameter("period", str, required=True, description="Mã kỳ, như 2021Q4"),
]


@extend_schema(parameters=PARAMS, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def completeness_rates(request):
    """Expected, sent on time, late, returned, due and missing reports under a unit."""
    root, period = _root_and_period(request)
    matrix = completeness.compute(root, [period], by_programme=False)
    total = matrix.totals[0]
    return Response(
        {
            "unit": root.code,
            "period": period.code,
            "total": _rates(total),
            "by_unit": [
                {"unit": head.code, **_rates(rates[0])} for head, rates in matrix.by_branch
            ],
        }
    )


def _rates(rates):
    return {
        "expected": rates.expected,
        "on_time": rates.on_time,
        "late": rates.late,
        "returned": rates.returned,
        "due": rates.due,
        "missing": rates.missing,
        "completeness": rates.completeness,
        "timeliness": rates.timeliness,
    }


@extend_schema(parameters=PARAMS, responses=OpenApiTypes.OBJECT)
@api_view(["GET"])
def rollups(request):
    """A unit's targets for a period: reported, computed from below, plan, attainment."""
    root, period = _root_and_period(request)

    def row(r):
        return {
            "target": r.target.pk,
            "code": r.target.code,
            "name": r.target.name,
            "unit": r.target.unit_code,
            "plan": r.plan,
            "reported": r.reported,
            "computed": r.computed.value if r.computed else None,
            "computed_note": r.computed.note if r.computed else "",
            "disagrees": r.disagrees,
            "attainment": str(r.attainment),
            "light": r.light,
        }

    scope = scope_for(request.user)

    def c_path(child):
        return child.target.unit_path

    rows = rollup.compute(services.unit_targets(root, period), period, shown=2)
    return Response(
        {
            "unit": root.code,
            "period": period.code,
            "targets": [
                row(r) | {"children": [row(c) for c in r.children if scope.sees(c_path(c))]}
                for r in rows
            ],
        }
    )
