"""REST endpoints for units and people; every queryset comes from `for_user`."""

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.generics import get_object_or_404
from rest_framework.response import Response

from trienkhai.accounts.access import get_unit_for_user, scope_for
from trienkhai.orgs.models import Kind, Level, OrgUnit, Person, Tenure
from trienkhai.orgs.scope import subtree_q


def choice_labels(choices):
    """{value: label} in the active language, built once per response rather than per row
    (Model.get_FOO_display() costs about 0.2 ms a call)."""
    return {value: str(label) for value, label in choices.choices}


class UnitSerializer(serializers.ModelSerializer):
    """A unit. Rows are written by hand in `to_representation`: a page of 50 units with
    DRF's per-field machinery cost ~10 ms, this costs ~1 ms; the declared fields still
    describe the schema."""

    parent = serializers.CharField(
        read_only=True, allow_null=True, help_text="code of the parent unit"
    )
    successor = serializers.CharField(
        read_only=True, allow_null=True, help_text="code of the successor unit"
    )
    kind_display = serializers.CharField(read_only=True)
    level_display = serializers.CharField(read_only=True)

    class Meta:
        model = OrgUnit
        fields = [
            "uid",
            "code",
            "name",
            "short_name",
            "kind",
            "kind_display",
            "level",
            "level_display",
            "admin_code",
            "parent",
            "depth",
            "numchild",
            "party_members",
            "valid_from",
            "valid_to",
            "successor",
            "is_sample",
        ]

    def to_representation(self, unit):
        ctx = self.context
        if "_kinds" not in ctx:
            ctx["_kinds"], ctx["_levels"] = choice_labels(Kind), choice_labels(Level)
        return {
            "uid": str(unit.uid),
            "code": unit.code,
            "name": unit.name,
            "short_name": unit.short_name,
            "kind": unit.kind,
            "kind_display": ctx["_kinds"].get(unit.kind, unit.kind),
            "level": unit.level,
            "level_display": ctx["_levels"].get(unit.level, unit.level),
            "admin_code": unit.admin_code,
            "parent": ctx.get("parent_codes", {}).get(unit.parent_path),
            "depth": unit.depth,
            "numchild": unit.numchild,
            "party_members": unit.party_members,
            "valid_from": unit.valid_from.isoformat() if unit.valid_from else None,
            "valid_to": unit.valid_to.isoformat() if unit.valid_to else None,
            "successor": unit.successor.code if unit.successor_id else None,
            "is_sample": unit.is_sample,
        }


class UnitViewSet(viewsets.ReadOnlyModelViewSet):
    """Units visible to the caller: its unit's subtree plus its assigned units."""

    serializer_class = UnitSerializer
    lookup_field = "code"

    def get_queryset(self):
        qs = OrgUnit.objects.for_user(self.request.user).select_related("successor")
        params = self.request.query_params
        if params.get("q"):
            qs = qs.search(params["q"])
        if params.get("level"):
            qs = qs.filter(level=params["level"])
        if params.get("kind"):
            qs = qs.filter(kind=params["kind"])
        if params.get("parent"):
            parent, _may_change = get_unit_for_user(self.request.user, params["parent"])
            qs = qs.filter(subtree_q(parent.path), depth=parent.depth + 1)
        return qs.order_by("path")

    def get_object(self):
        unit, _may_change = get_unit_for_user(self.request.user, self.kwargs["code"])
        return unit

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "parent_codes": getattr(self, "_parents", {})}

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if page is not None:
            self._parents = OrgUnit.objects.parent_values(page, "code")
        return page

    def retrieve(self, request, *args, **kwargs):
        unit = self.get_object()
        self._parents = OrgUnit.objects.parent_values([unit], "code")
        return Response(self.get_serializer(unit).data)

    @extend_schema(
        parameters=[OpenApiParameter("q", str), OpenApiParameter("level", str)],
        responses=UnitSerializer(many=True),
    )
    @action(detail=True)
    def subtree(self, request, code=None):
        """Every unit under this one (itself included), in tree order, paginated."""
        unit = self.get_object()
        qs = OrgUnit.objects.under(unit).select_related("successor")
        if request.query_params.get("q"):
            qs = qs.search(request.query_params["q"])
        if request.query_params.get("level"):
            qs = qs.filter(level=request.query_params["level"])
        page = self.paginate_queryset(qs.order_by("path"))
        return self.get_paginated_response(self.get_serializer(page, many=True).data)


class TenureSerializer(serializers.ModelSerializer):
    title = serializers.CharField(source="position.title")
    unit = serializers.CharField(source="position.unit.code")
    unit_name = serializers.CharField(source="position.unit.name")

    class Meta:
        model = Tenure
        fields = ["title", "unit", "unit_name", "start", "end"]


class PersonSerializer(serializers.ModelSerializer):
    positions = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = ["uid", "full_name", "is_party_member", "is_sample", "positions"]

    @extend_schema_field(TenureSerializer(many=True))
    def get_positions(self, person):
        # Prefetched in the view: no query per person. Positions in units outside the
        # caller's scope are left out.
        scope = scope_for(self.context["request"].user)
        held = [t for t in person.tenures.all() if scope.sees(t.position.unit.path)]
        return TenureSerializer(held, many=True).data


class PersonViewSet(viewsets.ReadOnlyModelViewSet):
    """People holding positions in units visible to the caller."""

    serializer_class = PersonSerializer
    lookup_field = "uid"

    def get_queryset(self):
        qs = Person.objects.for_user(self.request.user).prefetch_related("tenures__position__unit")
        if self.request.query_params.get("q"):
            qs = qs.search(self.request.query_params["q"])
        return qs.order_by("sort_key")

    def get_object(self):
        return get_object_or_404(self.get_queryset(), uid=self.kwargs["uid"])
