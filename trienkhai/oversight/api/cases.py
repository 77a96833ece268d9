"""Cases (self-report, findings, recommendations, conclusion) and the follow-up of
issued recommendations (remedies and their verification)."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from trienkhai.accounts.access import (
    get_case_for_user,
    get_recommendation_for_user,
    get_unit_for_user,
    is_uuid,
    may_see_drafts,
    subtree_q,
)
from trienkhai.orgs.models import OrgUnit
from trienkhai.oversight import services
from trienkhai.oversight.api.parse import IssueInput, parse, same_document, unit
from trienkhai.oversight.models import Case, Finding, Recommendation, RecState, Remedy


class CaseSerializer(serializers.ModelSerializer):
    team = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    plan = serializers.UUIDField(source="team.plan.uid", read_only=True)
    body = serializers.CharField(source="team.plan.body.code", read_only=True)
    subject = serializers.SlugRelatedField(slug_field="code", read_only=True)
    self_report_due = serializers.DateField(source="team.self_report_due", read_only=True)
    self_report_late = serializers.BooleanField(read_only=True)
    conclusion = serializers.CharField(
        source="conclusion.symbol", read_only=True, allow_null=True, help_text="số, ký hiệu"
    )

    class Meta:
        model = Case
        fields = [
            "uid",
            "team",
            "plan",
            "body",
            "subject",
            "state",
            "self_report",
            "self_reported_at",
            "self_report_due",
            "self_report_late",
            "conclusion",
            "concluded_on",
            "closed_on",
            "is_sample",
        ]


class FindingSerializer(serializers.ModelSerializer):
    class Meta:
        model = Finding
        fields = ["id", "kind", "text", "created_at"]


class RemedySerializer(serializers.ModelSerializer):
    recommendation = serializers.SlugRelatedField(slug_field="uid", read_only=True)

    class Meta:
        model = Remedy
        fields = [
            "id",
            "recommendation",
            "text",
            "reported_at",
            "verdict",
            "verification_note",
            "verified_on",
        ]


class RecommendationSerializer(serializers.ModelSerializer):
    case = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    responsible_unit = serializers.SlugRelatedField(slug_field="code", read_only=True)
    overdue = serializers.BooleanField(source="is_overdue", read_only=True)
    task = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
    remedies = RemedySerializer(many=True, read_only=True)

    class Meta:
        model = Recommendation
        fields = [
            "uid",
            "case",
            "text",
            "responsible_unit",
            "deadline",
            "state",
            "overdue",
            "done_on",
            "task",
            "remedies",
            "is_sample",
        ]


def _recommendations():
    return Recommendation.objects.select_related(
        "case", "responsible_unit", "task"
    ).prefetch_related(
        Prefetch("remedies", queryset=Remedy.objects.select_related("recommendation"))
    )


class FindingInput(serializers.Serializer):
    kind = serializers.CharField(
        required=False, default="", help_text="strength, limitation, shortcoming, cause"
    )
    text = serializers.CharField(required=False, allow_blank=True, default="")


class RecommendationInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True)
    responsible_unit = serializers.CharField(
        required=False, allow_blank=True, help_text="mã đơn vị: đối tượng hoặc đơn vị trực thuộc"
    )
    deadline = serializers.DateField(required=False, allow_null=True)


class ConclusionInput(IssueInput):
    title = serializers.CharField(required=False, allow_blank=True, default="")


class SelfReportInput(serializers.Serializer):
    self_report = serializers.CharField(required=False, allow_blank=True, default="")


class CaseViewSet(viewsets.ReadOnlyModelViewSet):
    """Cases (one subject unit of a team) the caller sees: the subject, the units above
    it, the leader in charge, the body and the team. `?state=open|concluded|closed`,
    `?team=<uid>`. Findings and recommendations are drafts, seen by the team and its
    body only, until the conclusion is issued."""

    serializer_class = CaseSerializer
    lookup_field = "uid"

    def get_queryset(self):
        cases = Case.objects.for_user(self.request.user).select_related(
            "team__plan__body", "subject", "conclusion"
        )
        params = self.request.query_params
        if params.get("state"):
            cases = cases.filter(state=params["state"])
        if is_uuid(params.get("team", "")):
            cases = cases.filter(team__uid=params["team"])
        return cases

    def get_object(self):
        return get_case_for_user(self.request.user, self.kwargs["uid"])[0]

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, description="open, concluded, closed"),
            OpenApiParameter("team", OpenApiTypes.UUID),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    def _case(self, case):
        return Response(CaseSerializer(self.get_queryset().get(pk=case.pk)).data)

    def _readable_drafts(self):
        case = self.get_object()
        if not (case.concluded or may_see_drafts(self.request.user, case)):
            raise PermissionDenied(
                _(
                    "Nhận xét, đánh giá và kiến nghị là dự thảo cho đến khi ban hành kết luận; "
                    "chỉ đoàn và cơ quan lập đoàn được xem."
                )
            )
        return case

    @extend_schema(request=SelfReportInput, responses=CaseSerializer)
    @action(detail=True, methods=["post"], url_path="self-report", url_name="self-report")
    def self_report(self, request, uid=None):
        """The subject unit's self-report; sent again before the conclusion, it replaces
        the earlier text (the same text from the same user changes nothing)."""
        case = self.get_object()
        text = parse(SelfReportInput, request)["self_report"]
        if not (case.self_reported_by_id == request.user.pk and case.self_report == text):
            services.submit_self_report(request.user, case, text=text)
        return self._case(case)

    @extend_schema(methods=["GET"], responses=FindingSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=FindingInput,
        responses={201: FindingSerializer, 200: FindingSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def findings(self, request, uid=None):
        """The team's findings. POST (the team and its body, before the conclusion) adds
        one; the same one sent again by its writer is returned, 200."""
        if request.method == "GET":
            case = self._readable_drafts()
            return Response(FindingSerializer(case.findings.all(), many=True).data)
        case, _may = get_case_for_user(request.user, uid, change=True)
        d = parse(FindingInput, request)
        same = case.findings.filter(written_by=request.user, kind=d["kind"], text=d["text"])
        if same.exists():
            return Response(FindingSerializer(same.first()).data)
        finding = services.add_finding(request.user, case, kind=d["kind"], text=d["text"])
        return Response(FindingSerializer(finding).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], responses=RecommendationSerializer(many=True))
    @extend_schema(
        methods=["POST"],
        request=RecommendationInput,
        responses={201: RecommendationSerializer, 200: RecommendationSerializer},
    )
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def recommendations(self, request, uid=None):
        """The conclusion's recommendations. POST (the team and its body, before the
        conclusion) drafts one: responsible unit by code; the same one sent again is
        returned, 200."""
        if request.method == "GET":
            case = self._readable_drafts()
            recs = _recommendations().filter(case=case)
            return Response(RecommendationSerializer(recs, many=True).data)
        case, _may = get_case_for_user(request.user, uid, change=True)
        d = parse(RecommendationInput, request)
        fields = {k: v for k, v in d.items() if k in services.REC_FIELDS}
        code = (fields.get("responsible_unit") or "").strip().upper()
        if code:
            # The team reads the units under its subject (as the page offers them), even
            # a member whose own scope is elsewhere; any other unit, as the caller sees it.
            below = OrgUnit.objects.under(case.subject).filter(code=code).first()
            fields["responsible_unit"] = below or unit(request.user, code, "responsible_unit")
        elif "responsible_unit" in fields:
            fields["responsible_unit"] = None
        same = None
        if all(fields.get(k) for k in services.REC_FIELDS):
            same = case.recommendations.filter(**fields).first()
        code = status.HTTP_200_OK
        if same is None:
            same = services.save_recommendation(request.user, case, Recommendation(), fields)
            code = status.HTTP_201_CREATED
        rec = _recommendations().get(pk=same.pk)
        return Response(RecommendationSerializer(rec).data, status=code)

    @extend_schema(request=ConclusionInput, responses=CaseSerializer)
    @action(detail=True, methods=["post"])
    def conclude(self, request, uid=None):
        """Issue the conclusion notice (…-TB/… or …-KL/…): the findings and
        recommendations stop being drafts. Issued already with this symbol and date:
        returned unchanged."""
        case, _may = get_case_for_user(request.user, uid, change=True)
        d = parse(ConclusionInput, request)
        if not same_document(case.conclusion, d):
            services.issue_conclusion(
                request.user,
                case,
                symbol=d["symbol"],
                issue_date=d["issue_date"],
                title=d["title"],
            )
        return self._case(case)


# --- follow-up of recommendations ---------------------------------------------------------


class RemedyInput(serializers.Serializer):
    text = serializers.CharField(required=False, allow_blank=True, default="")


class RecommendationViewSet(viewsets.ReadOnlyModelViewSet):
    """Issued recommendations of the cases the caller sees (a draft is read through its
    case). `?state=open|overdue|done`, `?unit=<code>`: the responsible unit and the
    units under it."""

    serializer_class = RecommendationSerializer
    lookup_field = "uid"

    def get_queryset(self):
        user = self.request.user
        recs = _recommendations().for_user(user).issued()
        params = self.request.query_params
        state = params.get("state")
        if state == "open":
            recs = recs.still_open()
        elif state == "overdue":
            recs = recs.overdue()
        elif state == "done":
            recs = recs.filter(state=RecState.DONE)
        elif state:
            raise ValidationError({"state": [_("Tình trạng phải là open, overdue hoặc done.")]})
        if params.get("unit"):
            root, _may = get_unit_for_user(user, params["unit"])
            recs = recs.filter(subtree_q(root.path, "responsible_unit__"))
        return recs

    def get_object(self):
        rec, _may = get_recommendation_for_user(self.request.user, self.kwargs["uid"])
        return _recommendations().get(pk=rec.pk)

    @extend_schema(
        parameters=[
            OpenApiParameter("state", str, description="open, overdue, done"),
            OpenApiParameter("unit", str, description="Đơn vị chịu trách nhiệm và trực thuộc"),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=RemedyInput, responses={201: RemedySerializer, 200: RemedySerializer})
    @action(detail=True, methods=["post"])
    def remedies(self, request, uid=None):
        """The responsible unit reports what it did; the team verifies it. The same
        report sent again by the same user is returned, 200."""
        rec, _may = get_recommendation_for_user(request.user, uid, change=True)
        text = parse(RemedyInput, request)["text"]
        same = rec.remedies.filter(reported_by=request.user, text=text).first()
        if same is not None:
            return Response(RemedySerializer(same).data)
        remedy = services.report_remedy(request.user, rec, text=text)
        return Response(RemedySerializer(remedy).data, status=status.HTTP_201_CREATED)


class VerifyInput(serializers.Serializer):
    verdict = serializers.CharField(
        required=False, allow_blank=True, default="", help_text="done, partly, not_done"
    )
    note = serializers.CharField(required=False, allow_blank=True, default="")


class RemedyViewSet(viewsets.GenericViewSet):
    """Remedies of issued recommendations the caller sees; only their verification."""

    serializer_class = RemedySerializer
    lookup_value_regex = r"[0-9]+"

    def get_queryset(self):
        issued = Recommendation.objects.for_user(self.request.user).issued()
        return Remedy.objects.filter(recommendation__in=issued).select_related(
            "recommendation__case__team__plan__body"
        )

    def get_object(self):
        remedy = self.get_queryset().filter(pk=self.kwargs["pk"]).first()
        if remedy is None:
            raise NotFound(_("Không tìm thấy báo cáo khắc phục này."))
        return remedy

    @extend_schema(request=VerifyInput, responses=RemedySerializer)
    @action(detail=True, methods=["post"])
    def verify(self, request, pk=None):
        """The team or its body verifies a reported remedy (never the one who reported
        it): done closes the recommendation; partly or not done needs a note."""
        remedy = self.get_object()
        d = parse(VerifyInput, request)
        retried = remedy.verified_by_id == request.user.pk and (
            remedy.verdict,
            remedy.verification_note,
        ) == (d["verdict"], d["note"])
        if not retried:
            services.verify_remedy(request.user, remedy, verdict=d["verdict"], note=d["note"])
        return Response(RemedySerializer(remedy).data)
