"""REST endpoints for the document registry and citation extraction."""

from django.db import IntegrityError
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, extend_schema_view, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from trienkhai.accounts.access import EDITOR_ROLES, get_document_for_user
from trienkhai.api.etags import IF_MATCH, VersionedViewMixin
from trienkhai.documents.forms import MAX_TEXT
from trienkhai.documents.models import Document, DocumentLink, LinkKind
from trienkhai.documents.registry import RegistrationError, check_document, save_document
from trienkhai.lib.citations import extract
from trienkhai.orgs.models import OrgUnit


class LinkSerializer(serializers.Serializer):
    kind = serializers.ChoiceField(choices=LinkKind.choices)
    direction = serializers.CharField(read_only=True)
    document = serializers.UUIDField(help_text="uid of the other document")
    symbol = serializers.CharField(read_only=True)


class DocumentSerializer(serializers.ModelSerializer):
    issuing_unit = serializers.SlugRelatedField(
        slug_field="code", queryset=OrgUnit.objects.none(), allow_null=True, required=False
    )
    kind_name = serializers.CharField(read_only=True)
    number_line = serializers.CharField(read_only=True)
    date_line = serializers.CharField(read_only=True)

    class Meta:
        model = Document
        fields = [
            "uid",
            "system",
            "kind",
            "kind_name",
            "number",
            "year",
            "issuer_code",
            "symbol",
            "number_line",
            "issue_date",
            "date_line",
            "issuing_unit",
            "organ",
            "body_text",
            "place",
            "term",
            "title",
            "summary",
            "status",
            "is_sample",
            "revision",
        ]
        read_only_fields = [
            *("uid", "system", "kind", "number", "year", "issuer_code", "is_sample", "revision")
        ]
        # Duplicates are judged by `find_duplicate` (same term or year), with a
        # Vietnamese message, not by DRF's generic unique-together validator.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Unknown and invisible unit codes give the same answer.
            self.fields["issuing_unit"].queryset = OrgUnit.objects.for_user(request.user)

    def validate(self, data):
        """The registry's one rule (registry.check_document), its messages by field."""
        instance = self.instance
        values = {
            name: data.get(name, getattr(instance, name) if instance else None)
            for name in ("symbol", "issue_date", "issuing_unit", "title")
        }
        values["term"] = data.get("term", instance.term if instance else "")
        _parsed, errors = check_document(
            **values, user=self.context["request"].user, instance=instance
        )
        if errors:
            raise ValidationError(errors)
        return data

    def create(self, validated_data):
        return self._save(validated_data, None)

    def update(self, instance, validated_data):
        return self._save(validated_data, instance, self.context["view"].based_on())

    def _save(self, data, instance, based_on=None):
        try:
            return save_document(
                data, user=self.context["request"].user, instance=instance, based_on=based_on
            )
        except RegistrationError as exc:
            raise ValidationError(dict(exc.errors)) from None


@extend_schema_view(
    update=extend_schema(parameters=[IF_MATCH]),
    partial_update=extend_schema(parameters=[IF_MATCH]),
)
class DocumentViewSet(
    VersionedViewMixin,
    mixins.CreateModelMixin,
    mixins.UpdateModelMixin,
    viewsets.ReadOnlyModelViewSet,
):
    """The registry, as the caller may see it; create and update need an editing role
    for the issuing unit."""

    serializer_class = DocumentSerializer
    lookup_field = "uid"

    def get_queryset(self):
        qs, _filters, errors = (
            Document.objects.for_user(self.request.user)
            .select_related("issuing_unit")
            .filtered(self.request.query_params)
        )
        if errors:
            raise ValidationError({"date": errors})
        return qs

    def get_object(self):
        change = self.request.method not in ("GET", "HEAD", "OPTIONS")
        document, _may = get_document_for_user(self.request.user, self.kwargs["uid"], change=change)
        return document

    def create(self, request, *args, **kwargs):
        if not request.user.has_role(*EDITOR_ROLES):
            raise PermissionDenied(_("Chức năng này dành cho Văn phòng."))
        return super().create(request, *args, **kwargs)

    def perform_create(self, serializer):
        try:
            serializer.save()
        except IntegrityError:  # the same document sent twice at the same instant
            raise ValidationError({"symbol": _("Văn bản này đã có trong sổ đăng ký.")}) from None

    @extend_schema(request=LinkSerializer, responses=LinkSerializer(many=True))
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def links(self, request, uid=None):
        """What this document implements, continues, amends, replaces or mentions, and
        what does so to it. POST adds a link from this document."""
        document, may_change = get_document_for_user(request.user, uid)
        if request.method == "POST":
            if not may_change:
                raise PermissionDenied(_("Không có quyền sửa văn bản này."))
            data = LinkSerializer(data=request.data)
            data.is_valid(raise_exception=True)
            target, _m = get_document_for_user(request.user, data.validated_data["document"])
            if target.pk == document.pk:
                raise ValidationError({"document": _("Văn bản không thể liên kết với chính nó.")})
            DocumentLink.objects.get_or_create(
                source=document, target=target, kind=data.validated_data["kind"]
            )
        visible = Document.objects.for_user(request.user)
        rows = [
            {
                "kind": link.kind,
                "direction": "out",
                "document": link.target.uid,
                "symbol": link.target.symbol,
            }
            for link in document.links_out.filter(target__in=visible).select_related("target")
        ]
        rows += [
            {
                "kind": link.kind,
                "direction": "in",
                "document": link.source.uid,
                "symbol": link.source.symbol,
            }
            for link in document.links_in.filter(source__in=visible).select_related("source")
        ]
        code = status.HTTP_201_CREATED if request.method == "POST" else status.HTTP_200_OK
        return Response(rows, status=code)


class CitationRequest(serializers.Serializer):
    text = serializers.CharField(max_length=MAX_TEXT, trim_whitespace=False)


@extend_schema(
    request=CitationRequest,
    responses=inline_serializer(
        "Citations", {"citations": serializers.ListField(child=serializers.DictField())}
    ),
)
@api_view(["POST"])
def citations(request):
    """Extract every citation of a numbered document from the text."""
    data = CitationRequest(data=request.data)
    data.is_valid(raise_exception=True)
    return Response({"citations": [c.to_dict() for c in extract(data.validated_data["text"])]})
