"""Read endpoints for programmes, targets, tasks and the concretisation matrix, under
the same permission layer as the pages; lower units issue plans and report progress."""

import uuid

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from trienkhai.accounts.access import (
    get_unit_for_user,
    is_uuid,
    may_change_owned,
    may_change_programme,
    may_write_for_unit,
)
from trienkhai.api.etags import IF_MATCH, VersionedViewMixin
from trienkhai.core import clock
from trienkhai.orgs.models import Person
from trienkhai.programmes import services
from trienkhai.programmes.cascade import planning_unit
from trienkhai.programmes.matrix import concretisation_matrix
from trienkhai.programmes.models import Programme, Target, Task, ValueType, attach_descendants


class TargetSerializer(serializers.ModelSerializer):
    plans = serializers.SerializerMethodField()
    upper = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)

    class Meta:
        model = Target
        fields = [
            "code",
            "name",
            "unit_of_measure",
            "value_type",
            "direction",
            "aggregation",
            "cumulative",
            "annual_growth",
            "baseline_year",
            "baseline_value",
            "end_value",
            "upper",
            "is_sample",
            "plans",
        ]

    def get_plans(self, target) -> dict[str, str]:
        return {str(p.year): str(p.value) for p in target.plans.all()}


class ProgrammeSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    document = serializers.SlugRelatedField(slug_field="symbol", read_only=True, allow_null=True)
    parent = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
    targets = TargetSerializer(many=True, read_only=True)

    class Meta:
        model = Programme
        fields = [
            "uid",
            "unit",
            "kind",
            "title",
            "document",
            "start_year",
            "end_year",
            "parent",
            "is_sample",
            "targets",
        ]


class PlanTargetInput(serializers.Serializer):
    code = serializers.CharField(help_text="code of the upper programme's target")
    plans = serializers.DictField(
        child=serializers.DecimalField(max_digits=20, decimal_places=4),
        required=False,
        help_text='{"2022": 70.5, ...}',
    )


class PlanTaskInput(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    lead_unit = serializers.CharField(
        required=False, help_text="unit code; default the plan's unit"
    )
    responsible_person = serializers.PrimaryKeyRelatedField(
        queryset=Person.objects.all(), required=False, allow_null=True
    )
    start = serializers.DateField(required=False)
    deadline = serializers.DateField()
    expected_output = serializers.CharField(required=False, allow_blank=True, default="")


class PlanInput(serializers.Serializer):
    title = serializers.CharField(max_length=500)
    symbol = serializers.CharField(max_length=60)
    issue_date = serializers.DateField()
    start_year = serializers.IntegerField(required=False)
    end_year = serializers.IntegerField(required=False)
    targets = PlanTargetInput(many=True, required=False)
    take_tasks = serializers.ListField(child=serializers.UUIDField(), required=False)
    tasks = PlanTaskInput(many=True, required=False)


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer
    lookup_field = "uid"

    @extend_schema(
        request=inline_serializer(
            "ProgrammeInput",
            {
                "kind": serializers.ChoiceField(choices=["key", "breakthrough", "plan"]),
                "title": serializers.CharField(),
                "document": serializers.UUIDField(),
                "start_year": serializers.IntegerField(),
                "end_year": serializers.IntegerField(),
            },
        ),
        responses=ProgrammeSerializer,
    )
    def create(self, request):
        """A programme of the caller's unit, from one of its registered documents."""
        from trienkhai.documents.models import Document
        from trienkhai.programmes.forms import ProgrammeForm

        unit = request.user.unit
        if unit is None or not may_change_owned(request.user, unit):
            raise PermissionDenied(_("Chỉ Văn phòng được tạo chương trình."))
        if not isinstance(request.data, dict):
            raise ValidationError({"programme": _("Nội dung phải là một đối tượng JSON.")})
        data = dict(request.data)
        document = None
        if data.get("document") and is_uuid(data["document"]):
            document = Document.objects.filter(uid=data["document"], issuing_unit=unit).first()
        data["document"] = document.pk if document else ""
        form = ProgrammeForm(data, unit=unit)
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        programme = form.save(commit=False)
        programme.unit = unit
        programme.save()
        return Response(ProgrammeSerializer(programme).data, status=201)

    @extend_schema(
        request=inline_serializer(
            "TargetInput",
            {
                "code": serializers.CharField(),
                "name": serializers.CharField(),
                "unit_of_measure": serializers.CharField(required=False),
                "aggregation": serializers.CharField(required=False),
                "direction": serializers.CharField(required=False),
                "numerator": serializers.CharField(required=False),
                "denominator": serializers.CharField(required=False),
                "baseline_year": serializers.IntegerField(required=False),
                "baseline_value": serializers.DecimalField(
                    max_digits=20, decimal_places=4, required=False
                ),
                "plans": serializers.DictField(required=False),
            },
        ),
        responses={201: TargetSerializer, 200: TargetSerializer},
    )
    @action(detail=True, methods=["post"])
    def targets(self, request, uid=None):
        """Add a target (or change the one with this code) with its yearly plans; the
        programme's office only. Numerator and denominator are given by target code."""
        programme = self.get_object()
        if not may_change_programme(request.user, programme):  # before what they sent
            raise PermissionDenied(_("Bạn không có quyền sửa chương trình này."))
        if not isinstance(request.data, dict):
            raise ValidationError({"target": _("Nội dung phải là một đối tượng JSON.")})
        data = TargetInput(data=request.data)
        data.is_valid(raise_exception=True)
        fields = dict(data.validated_data)
        plans = fields.pop("plans", {})
        by_code = {t.code: t for t in programme.targets.all()}
        for key in ("numerator", "denominator"):
            if key in fields:
                code = fields[key]
                if code not in by_code:
                    raise ValidationError({key: [_("Không có chỉ tiêu mã %(c)s.") % {"c": code}]})
                fields[key] = by_code[code]
        instance = by_code.get(fields.get("code", "").strip())
        target = services.save_target(
            request.user, programme, fields, plans=plans, instance=instance
        )
        return Response(TargetSerializer(target).data, status=200 if instance else 201)

    @extend_schema(
        request=PlanInput, responses={201: ProgrammeSerializer, 200: ProgrammeSerializer}
    )
    @action(detail=True, methods=["post"])
    def plan(self, request, uid=None):
        """The caller's unit issues its implementing plan for this programme: the same
        checks and the same all-or-nothing write as the page."""
        upper = self.get_object()
        unit = planning_unit(request.user, upper)  # who may, before what they sent
        if not isinstance(request.data, dict):
            raise ValidationError({"plan": _("Nội dung phải là một đối tượng JSON.")})
        data = PlanInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        tasks = []
        for t in d.pop("tasks", []):
            lead = unit
            if t.get("lead_unit"):
                lead, _may = get_unit_for_user(request.user, t["lead_unit"])
            tasks.append({**t, "lead_unit": lead})
        targets = [(t["code"], t.get("plans", {})) for t in d.pop("targets", [])]
        take_tasks = d.pop("take_tasks", [])
        plan = services.issue_plan(
            request.user, upper, **d, targets=targets, tasks=tasks, take_tasks=take_tasks
        )
        return Response(ProgrammeSerializer(plan).data, status=201)

    def get_queryset(self):
        return (
            Programme.objects.for_user(self.request.user)
            .select_related("unit", "document", "parent")
            .prefetch_related("targets__plans", "targets__upper")
            .order_by("unit__path", "kind", "title")
        )


class TaskSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    parent = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
    status = serializers.SerializerMethodField()

    class Meta:
        model = Task
        fields = [
            "uid",
            "programme",
            "parent",
            "title",
            "lead_unit",
            "start",
            "deadline",
            "expected_output",
            "progress",
            "completed_on",
            "status",
            "is_sample",
            "revision",
        ]

    def get_status(self, task) -> str:
        return task.status(self.context.get("today"))


class TaskWriteSerializer(serializers.Serializer):
    """Creating or changing a task: the programme's office only; units by code, under the
    programme's unit; the same rules as the form."""

    programme = serializers.UUIDField(required=False)
    title = serializers.CharField(max_length=500, required=False)
    lead_unit = serializers.CharField(required=False, allow_null=True)
    coordinating_units = serializers.ListField(child=serializers.CharField(), required=False)
    start = serializers.DateField(required=False, allow_null=True)
    deadline = serializers.DateField(required=False, allow_null=True)
    expected_output = serializers.CharField(max_length=300, required=False, allow_blank=True)


class TargetInput(serializers.Serializer):
    code = serializers.CharField(max_length=20)
    name = serializers.CharField(max_length=300)
    unit_of_measure = serializers.CharField(max_length=40, required=False, allow_blank=True)
    value_type = serializers.ChoiceField(choices=ValueType.choices, required=False)
    direction = serializers.ChoiceField(choices=["higher", "lower"], required=False)
    aggregation = serializers.ChoiceField(
        choices=[c for c, _label in Target._meta.get_field("aggregation").choices],
        required=False,
    )
    numerator = serializers.CharField(required=False, help_text="code of a target")
    denominator = serializers.CharField(required=False, help_text="code of a target")
    baseline_year = serializers.IntegerField(required=False, min_value=2000, max_value=2100)
    baseline_value = serializers.DecimalField(max_digits=20, decimal_places=4, required=False)
    end_value = serializers.DecimalField(max_digits=20, decimal_places=4, required=False)
    plans = serializers.DictField(
        child=serializers.DecimalField(max_digits=20, decimal_places=4, allow_null=True),
        required=False,
        help_text='{"2025": 70.5, ...}',
    )

    def validate_plans(self, plans):
        for year in plans:
            if not str(year).isdigit():
                raise serializers.ValidationError(
                    _("Năm “%(y)s” không phải là một năm.") % {"y": year}
                )
        return {int(y): v for y, v in plans.items()}


class ProgressInput(serializers.Serializer):
    progress = serializers.DecimalField(max_digits=5, decimal_places=2, allow_null=True)
    completed_on = serializers.DateField(required=False, allow_null=True)


class TaskViewSet(
    VersionedViewMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """Tasks of visible programmes; `?status=overdue|open|done`, `?unit=<code>` (lead unit
    and its subtree), `?programme=<uid>`."""

    serializer_class = TaskSerializer
    lookup_field = "uid"
    # PATCH only: every write goes through `_write` and its checks.
    http_method_names = ["get", "post", "patch", "head", "options"]

    def get_queryset(self):
        qs = (
            Task.objects.for_user(self.request.user)
            .select_related("programme", "lead_unit", "parent")
            .prefetch_related("milestones")
        )
        p = self.request.query_params
        if p.get("status") == "overdue":
            qs = qs.overdue()
        elif p.get("status") == "open":
            qs = qs.filter(completed_on__isnull=True)
        elif p.get("status") == "done":
            qs = qs.filter(completed_on__isnull=False)
        if p.get("unit"):
            unit, _may = get_unit_for_user(self.request.user, p["unit"])
            qs = qs.filter(lead_unit__path__startswith=unit.path)
        if p.get("programme"):
            try:
                qs = qs.filter(programme__uid=uuid.UUID(p["programme"]))
            except ValueError:
                raise ValidationError({"programme": _("Mã chương trình không hợp lệ.")}) from None
        return qs.order_by("deadline", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": clock.today()}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        return attach_descendants(page) if page is not None else None

    def get_object(self):
        return attach_descendants([super().get_object()])[0]

    def _units(self, programme, codes):
        from trienkhai.orgs.models import OrgUnit

        found = {
            u.code: u
            for u in OrgUnit.objects.for_user(self.request.user)
            .under(programme.unit)
            .filter(code__in=[c.upper() for c in codes])
        }
        missing = [c for c in codes if c.upper() not in found]
        if missing:
            raise ValidationError(
                {
                    "units": _("Không có đơn vị %(u)s trong phạm vi của chương trình.")
                    % {"u": ", ".join(missing)}
                }
            )
        return [found[c.upper()] for c in codes]

    def _write(self, task, data, based_on=None):
        """Parse codes into units and call the one service; its refusal is the answer."""
        fields = {k: v for k, v in data.items() if k in services.TASK_FIELDS}
        if "lead_unit" in data:
            fields["lead_unit"] = (
                self._units(task.programme, [data["lead_unit"]])[0] if data["lead_unit"] else None
            )
        coordinating = None
        if "coordinating_units" in data:
            coordinating = self._units(task.programme, data["coordinating_units"])
        services.save_task(
            self.request.user, task, fields, coordinating=coordinating, based_on=based_on
        )
        context = self.get_serializer_context()
        return Response(TaskSerializer(attach_descendants([task])[0], context=context).data)

    @extend_schema(request=TaskWriteSerializer, responses=TaskSerializer)
    def create(self, request):
        """Add a task to a programme (its office only)."""
        if not isinstance(request.data, dict):
            raise ValidationError({"task": _("Nội dung phải là một đối tượng JSON.")})
        data = TaskWriteSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        if "programme" not in data.validated_data:
            raise ValidationError({"programme": _("Cần mã chương trình.")})
        programme = (
            Programme.objects.for_user(request.user)
            .filter(uid=data.validated_data["programme"])
            .first()
        )
        if programme is None:
            raise NotFound(_("Không tìm thấy chương trình này."))
        response = self._write(Task(programme=programme), data.validated_data)
        response.status_code = 201
        return response

    @extend_schema(request=TaskWriteSerializer, responses=TaskSerializer, parameters=[IF_MATCH])
    def partial_update(self, request, uid=None):
        """Change a task's fields (its programme's office only); history is kept."""
        if not isinstance(request.data, dict):
            raise ValidationError({"task": _("Nội dung phải là một đối tượng JSON.")})
        data = TaskWriteSerializer(data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        return self._write(self.get_object(), data.validated_data, self.based_on())

    @extend_schema(
        request=inline_serializer(
            "ProgressReport",
            {
                "progress": serializers.DecimalField(max_digits=5, decimal_places=2),
                "completed_on": serializers.DateField(required=False, allow_null=True),
            },
        ),
        responses=TaskSerializer,
    )
    @action(detail=True, methods=["post"])
    def progress(self, request, uid=None):
        """Report a task's progress (0–100) and, when done, its completion date. Sending
        the same report twice leaves the same state."""
        task = self.get_object()
        if not may_write_for_unit(request.user, task.lead_unit):  # before what they sent
            raise PermissionDenied(_("Bạn không có quyền cập nhật tiến độ nhiệm vụ này."))
        if not isinstance(request.data, dict):
            raise ValidationError({"progress": _("Nội dung phải là một đối tượng JSON.")})
        data = ProgressInput(data=request.data)
        data.is_valid(raise_exception=True)
        services.record_progress(
            request.user,
            task,
            data.validated_data.get("progress"),
            data.validated_data.get("completed_on"),
        )
        return Response(self.get_serializer(task).data)


@extend_schema(
    parameters=[OpenApiParameter("unit", str, description="code of the unit to look under")],
    responses=inline_serializer(
        "ConcretisationMatrix",
        {
            "unit": serializers.CharField(),
            "programmes": serializers.ListField(),
            "rows": serializers.ListField(),
            "overall": serializers.DictField(),
        },
    ),
)
@api_view(["GET"])
def matrix(request):
    """Units under `unit` × the programmes they must concretise: issued, late or missing."""
    code = request.query_params.get("unit") or (
        request.user.unit.code if request.user.unit_id else None
    )
    if code is None:
        raise Http404
    unit, _may = get_unit_for_user(request.user, code)
    m = concretisation_matrix(request.user, unit)

    def rate(r):
        return {"required": r.required, "issued": r.issued, "late": r.late, "percent": r.percent}

    return Response(
        {
            "unit": unit.code,
            "programmes": [
                {
                    "uid": str(p.uid),
                    "title": p.title,
                    "document": p.document.symbol if p.document_id else None,
                }
                for p in m.programmes
            ],
            "rows": [
                {
                    "unit": u.code,
                    "name": u.name,
                    "rate": rate(r),
                    "cells": [
                        None
                        if c is None
                        else {
                            "state": c.state,
                            "due": c.due.isoformat(),
                            "plan": str(c.plan.uid) if c.plan else None,
                            "document": c.plan.document.symbol
                            if c.plan and c.plan.document_id
                            else None,
                        }
                        for c in cells
                    ],
                }
                for u, cells, r in m.rows
            ],
            "by_programme": [rate(r) for r in m.by_programme],
            "overall": rate(m.overall),
        }
    )
