"""Supervision visits of Standing Committee members."""

from drf_spectacular.utils import extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.response import Response

from trienkhai.accounts.access import get_visit_for_user
from trienkhai.oversight import services
from trienkhai.oversight.api.parse import parse, unit
from trienkhai.oversight.models import FollowUp, Visit


class FollowUpSerializer(serializers.ModelSerializer):
    class Meta:
        model = FollowUp
        fields = ["id", "text", "deadline", "done_on"]


class VisitSerializer(serializers.ModelSerializer):
    member = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    member_name = serializers.CharField(source="member.full_name", read_only=True)
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    follow_ups = FollowUpSerializer(many=True, read_only=True)

    class Meta:
        model = Visit
        fields = [
            "uid",
            "member",
            "member_name",
            "unit",
            "held_on",
            "kind",
            "notes",
            "follow_ups",
            "is_sample",
        ]


class FollowUpInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")
    deadline = serializers.DateField(required=False, allow_null=True, default=None)


class VisitInput(serializers.Serializer):
    unit = serializers.CharField(required=False, allow_blank=True, help_text="Mã đơn vị")
    held_on = serializers.DateField(required=False, allow_null=True)
    kind = serializers.CharField(required=False, help_text="visit, session")
    notes = serializers.CharField(required=False, allow_blank=True)
    follow_ups = FollowUpInput(many=True, required=False)


class VisitViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Supervision visits of Standing Committee members to units the caller sees."""

    serializer_class = VisitSerializer
    lookup_field = "uid"

    def get_queryset(self):
        return (
            Visit.objects.for_user(self.request.user)
            .select_related("unit", "member")
            .prefetch_related("follow_ups")
        )

    def get_object(self):
        return get_visit_for_user(self.request.user, self.kwargs["uid"])[0]

    @extend_schema(request=VisitInput, responses={201: VisitSerializer, 200: VisitSerializer})
    def create(self, request, *args, **kwargs):
        """The caller's visit or working session with a unit in its charge, with the
        items it leaves to follow up. The same visit sent again is returned, 200."""
        user = request.user
        d = parse(VisitInput, request)
        fields = {k: v for k, v in d.items() if k in services.VISIT_FIELDS}
        if "unit" in fields:
            fields["unit"] = unit(user, fields["unit"], "unit")
        same = None
        if user.person_id and all(fields.get(k) for k in services.VISIT_FIELDS):
            same = self.get_queryset().filter(member_id=user.person_id, **fields).first()
        if same is not None:
            return Response(VisitSerializer(same).data)
        follow_ups = [(f["text"], f["deadline"]) for f in d.get("follow_ups", [])]
        visit = services.record_visit(user, Visit(), fields, follow_ups=follow_ups)
        visit = self.get_queryset().get(pk=visit.pk)
        return Response(VisitSerializer(visit).data, status=status.HTTP_201_CREATED)
