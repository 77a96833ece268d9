"""Read endpoints for programmes, targets, tasks and the concretisation matrix, under
the same permission layer as the pages. (Writing through the API comes with editing.)"""

from django.http import Http404
from django.utils import timezone
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import api_view
from rest_framework.response import Response

from trienkhai.accounts.access import get_unit_for_user
from trienkhai.programmes.matrix import concretisation_matrix
from trienkhai.programmes.models import Programme, Target, Task


class TargetSerializer(serializers.ModelSerializer):
    plans = serializers.SerializerMethodField()
    upper = serializers.SlugRelatedField(slug_field="code", read_only=True)

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
    document = serializers.SlugRelatedField(slug_field="symbol", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="uid", read_only=True)
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


class ProgrammeViewSet(viewsets.ReadOnlyModelViewSet):
    serializer_class = ProgrammeSerializer
    lookup_field = "uid"

    def get_queryset(self):
        return (
            Programme.objects.for_user(self.request.user)
            .select_related("unit", "document", "parent")
            .prefetch_related("targets__plans", "targets__upper")
            .order_by("unit__path", "kind", "title")
        )


class TaskSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    lead_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    parent = serializers.SlugRelatedField(slug_field="uid", read_only=True)
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
        ]

    def get_status(self, task) -> str:
        return task.status(self.context.get("today"))


class TaskViewSet(viewsets.ReadOnlyModelViewSet):
    """Tasks of visible programmes; `?status=overdue|open|done`, `?unit=<code>` (lead unit
    and its subtree), `?programme=<uid>`."""

    serializer_class = TaskSerializer
    lookup_field = "uid"

    def get_queryset(self):
        qs = (
            Task.objects.for_user(self.request.user)
            .select_related("programme", "lead_unit", "parent")
            .prefetch_related("milestones", "subtasks__subtasks")
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
            qs = qs.filter(programme__uid=p["programme"])
        return qs.order_by("deadline", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


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
