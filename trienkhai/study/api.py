"""API: study sessions (read and record), learning reports, and the coverage matrix."""

from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import api_view
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from trienkhai.accounts.access import get_unit_for_user, is_uuid, may_write_for_unit
from trienkhai.documents.models import Document
from trienkhai.orgs.models import OrgUnit
from trienkhai.study import coverage, services
from trienkhai.study.models import LearningReport, StudySession


class SessionSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    documents = serializers.SlugRelatedField(slug_field="uid", many=True, read_only=True)
    programme = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
    conference = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)

    class Meta:
        model = StudySession
        fields = [
            "uid",
            "unit",
            "documents",
            "programme",
            "conference",
            "held_on",
            "kind",
            "form",
            "members_expected",
            "members_present",
            "others_present",
            "reports_submitted",
            "presiding",
            "note",
            "is_sample",
        ]


class SessionInput(serializers.Serializer):
    unit = serializers.CharField(help_text="Mã đơn vị tổ chức học tập")
    documents = serializers.ListField(child=serializers.UUIDField(), min_length=1)
    held_on = serializers.DateField()
    kind = serializers.CharField(required=False, default="regular")
    form = serializers.CharField(required=False, default="in_person")
    members_expected = serializers.IntegerField(required=False, allow_null=True)
    members_present = serializers.IntegerField()
    others_present = serializers.IntegerField(required=False, default=0)
    reports_submitted = serializers.IntegerField(required=False, default=0)
    presiding = serializers.CharField(required=False, allow_blank=True, default="")
    note = serializers.CharField(required=False, allow_blank=True, default="")


class SessionConflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def _differences(session, fields):
    """The names of the fields sent that differ from the session recorded (a count left
    out, as members_expected may be, is not a difference)."""
    names = []
    for key, sent in fields.items():
        if key == "unit" or sent is None:
            continue
        stored = getattr(session, key)
        if isinstance(sent, str):
            sent, stored = " ".join(sent.split()), " ".join(str(stored or "").split())
        if sent != stored:
            names.append(str(StudySession._meta.get_field(key).verbose_name))
    return names


class SessionViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = SessionSerializer
    lookup_field = "uid"

    def get_queryset(self):
        sessions = (
            StudySession.objects.for_user(self.request.user)
            .select_related("unit", "programme", "conference")
            .prefetch_related("documents")
        )
        params = self.request.query_params
        if is_uuid(params.get("document", "")):
            sessions = sessions.filter(documents__uid=params["document"])
        if params.get("unit"):
            unit, _may = get_unit_for_user(self.request.user, params["unit"])
            sessions = sessions.filter(unit__in=OrgUnit.objects.under(unit))
        return sessions

    @extend_schema(
        parameters=[
            OpenApiParameter("document", OpenApiTypes.UUID, description="Lọc theo văn bản"),
            OpenApiParameter("unit", str, description="Đơn vị và các đơn vị trực thuộc"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=SessionInput, responses=SessionSerializer)
    def create(self, request, *args, **kwargs):
        """Record a session of a unit in the caller's subtree. The same session sent
        again (same unit, day, kind and documents) is returned, not stored twice (200)."""
        data = SessionInput(data=request.data)
        data.is_valid(raise_exception=True)
        values = data.validated_data
        unit = OrgUnit.objects.filter(code=values["unit"].strip().upper()).first()
        if unit is None or not may_write_for_unit(request.user, unit):
            raise PermissionDenied(_("Bạn không có quyền ghi nhận học tập cho đơn vị này."))
        documents = Document.objects.for_user(request.user).filter(uid__in=values["documents"])
        if documents.count() != len(set(values["documents"])):
            raise ValidationError({"documents": [_("Có văn bản không tìm thấy trong sổ văn bản.")]})
        existing = services.same_sessions(unit, values["held_on"], values["kind"], documents)
        same = [
            s for s in existing if {d.uid for d in s.documents.all()} == set(values["documents"])
        ]
        fields = {k: v for k, v in values.items() if k in services.SESSION_FIELDS}
        if same:  # sent again: the same request is answered, a different one is refused
            differ = _differences(same[0], fields)
            if differ:
                raise SessionConflict(
                    _(
                        "Buổi học tập này (cùng đơn vị, ngày, loại và văn bản) đã được ghi nhận "
                        "với %(fields)s khác; hãy sửa buổi đã ghi thay vì gửi lại."
                    )
                    % {"fields": ", ".join(differ)}
                )
            return Response(SessionSerializer(same[0]).data, status=status.HTTP_200_OK)
        session = services.record_session(
            request.user, StudySession(), {**fields, "unit": unit}, documents=documents
        )
        return Response(SessionSerializer(session).data, status=status.HTTP_201_CREATED)


class ReportSerializer(serializers.ModelSerializer):
    unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    document = serializers.SlugRelatedField(slug_field="uid", read_only=True)

    class Meta:
        model = LearningReport
        fields = [
            "uid",
            "document",
            "unit",
            "author_name",
            "lessons",
            "commitments",
            "submitted_at",
        ]


class ReportViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ReportSerializer
    lookup_field = "uid"

    def get_queryset(self):
        reports = LearningReport.objects.for_user(self.request.user).select_related(
            "document", "unit"
        )
        if is_uuid(self.request.query_params.get("document", "")):
            reports = reports.filter(document__uid=self.request.query_params["document"])
        return reports

    @extend_schema(
        request=inline_serializer(
            "LearningReportInput",
            {
                "document": serializers.UUIDField(),
                "lessons": serializers.CharField(),
                "commitments": serializers.CharField(required=False),
            },
        ),
        responses=ReportSerializer,
    )
    def create(self, request, *args, **kwargs):
        """The caller's own learning report on a document; one per document."""
        user = request.user
        if user.unit_id is None:
            raise PermissionDenied(_("Tài khoản chưa gắn với đơn vị."))
        if not isinstance(request.data, dict):
            raise ValidationError({"report": [_("Nội dung phải là một đối tượng JSON.")]})
        documents = Document.objects.for_user(user)
        document = None
        if is_uuid(request.data.get("document", "")):
            document = documents.filter(uid=request.data["document"]).first()
        if document is None:
            raise ValidationError({"document": [_("Không tìm thấy văn bản này.")]})
        report, created = services.submit_learning_report(
            user,
            document,
            lessons=str(request.data.get("lessons") or ""),
            commitments=str(request.data.get("commitments") or ""),
        )
        if not created:
            return Response(ReportSerializer(report).data, status=status.HTTP_200_OK)
        return Response(ReportSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(
    parameters=[
        OpenApiParameter("root", str, description="Mã đơn vị gốc (mặc định: đơn vị của bạn)"),
        OpenApiParameter("document", OpenApiTypes.UUID, many=True, required=True),
    ],
    responses=inline_serializer(
        "StudyCoverage",
        {
            "root": serializers.CharField(),
            "documents": serializers.ListField(child=serializers.UUIDField()),
            "rows": serializers.ListField(child=serializers.DictField()),
            "total": serializers.ListField(child=serializers.DictField()),
        },
    ),
)
@api_view(["GET"])
def study_coverage(request):
    """Coverage of documents by the root's units: Party members reached / expected."""
    code = request.query_params.get("root") or (
        request.user.unit.code if request.user.unit_id else ""
    )
    if not code:
        raise ValidationError({"root": [_("Cần mã đơn vị gốc.")]})
    from django.http import Http404

    try:
        root, _may = get_unit_for_user(request.user, code)
    except Http404 as exc:
        raise NotFound(str(exc)) from None
    uids = [u for u in request.query_params.getlist("document") if is_uuid(u)]
    documents = list(Document.objects.for_user(request.user).filter(uid__in=uids)[:20])
    if not documents:
        raise ValidationError({"document": [_("Cần ít nhất một văn bản.")]})

    def cell(c):
        return {
            "expected": c.expected,
            "reached": c.reached,
            "percent": c.percent,
            "units": c.units,
            "studied": c.studied,
            "implausible": c.implausible,
        }

    matrix = coverage.compute(root, documents)
    return Response(
        {
            "root": root.code,
            "documents": [d.uid for d in documents],
            "rows": [
                {"unit": unit.code, "name": unit.name, "cells": [cell(c) for c in cells]}
                for unit, cells in matrix.rows
            ],
            "total": [cell(c) for c in matrix.total],
        }
    )
