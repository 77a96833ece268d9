"""REST endpoints for the document registry and citation extraction."""

from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action, api_view
from rest_framework.exceptions import PermissionDenied, ValidationError
from rest_framework.response import Response

from trienkhai.accounts.access import EDITOR_ROLES, get_document_for_user, may_change_owned
from trienkhai.core import clock
from trienkhai.documents.forms import MAX_TEXT
from trienkhai.documents.models import Document, DocumentLink, LinkKind
from trienkhai.documents.registry import find_duplicate
from trienkhai.lib.citations import extract, parse_symbol
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
        ]
        read_only_fields = ["uid", "system", "kind", "number", "year", "issuer_code", "is_sample"]
        # Duplicates are judged by `find_duplicate` (same term or year), with a
        # Vietnamese message, not by DRF's generic unique-together validator.
        validators = []

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None:
            # Unknown and invisible unit codes give the same answer.
            self.fields["issuing_unit"].queryset = OrgUnit.objects.for_user(request.user)

    def validate_symbol(self, value):
        parsed = parse_symbol(value)
        if parsed is None:
            raise ValidationError(
                _("Số, ký hiệu không đúng dạng (ví dụ: 621-QĐ/TU, 1234/QĐ-UBND).")
            )
        self._parsed = parsed
        return parsed.symbol

    def validate_issuing_unit(self, unit):
        user = self.context["request"].user
        if not may_change_owned(user, unit):
            raise ValidationError(_("Không có quyền đăng ký văn bản cho đơn vị này."))
        return unit

    def validate(self, data):
        instance = self.instance
        symbol = data.get("symbol", instance.symbol if instance else None)
        unit = data.get("issuing_unit", instance.issuing_unit if instance else None)
        day = data.get("issue_date", instance.issue_date if instance else None)
        user = self.context["request"].user
        if not may_change_owned(user, unit):
            raise ValidationError(
                {"issuing_unit": _("Không có quyền đăng ký văn bản cho đơn vị này.")}
            )
        if day and day > clock.today():
            raise ValidationError({"issue_date": _("Ngày ban hành không thể ở tương lai.")})
        if symbol and find_duplicate(
            symbol, unit, day, data.get("term", ""), exclude_pk=instance.pk if instance else None
        ):
            raise ValidationError(
                {"symbol": _("Văn bản %(s)s đã có trong sổ đăng ký.") % {"s": symbol}}
            )
        parsed = getattr(self, "_parsed", None)
        if parsed is not None:
            data.update(
                system=parsed.system,
                kind=parsed.kind,
                number=parsed.number,
                year=parsed.year,
                issuer_code=parsed.issuer,
            )
        return data


class DocumentViewSet(
    mixins.CreateModelMixin, mixins.UpdateModelMixin, viewsets.ReadOnlyModelViewSet
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
            with transaction.atomic():
                serializer.save(created_by=self.request.user)
        except IntegrityError:
            raise ValidationError({"symbol": _("Văn bản này đã có trong sổ đăng ký.")}) from None

    @extend_schema(request=LinkSerializer, responses=LinkSerializer(many=True))
    @action(detail=True, methods=["get", "post"])
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
