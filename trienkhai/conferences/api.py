"""API: conferences and their live totals (authenticated), and the delegates' check-in
through a point's code (open, rate-limited per address *and* point, so hundreds of
delegates behind one bridge point's router are not blocked while a flood is), and their
poll answers (open, rate-limited per address and poll)."""

from django.conf import settings
from django.db.models import Count, F
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from drf_spectacular.utils import OpenApiParameter, extend_schema, inline_serializer
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import (
    action,
    api_view,
    authentication_classes,
    permission_classes,
    throttle_classes,
)
from rest_framework.exceptions import APIException, NotFound, PermissionDenied, ValidationError
from rest_framework.response import Response

from trienkhai.accounts.access import (
    get_unit_for_user,
    is_uuid,
    may_change_point,
    may_write_for_unit,
    units_acted_for,
)
from trienkhai.conferences import services
from trienkhai.conferences.forms import ConferenceForm
from trienkhai.conferences.models import (
    BridgePoint,
    Conference,
    PointLevel,
    Poll,
    PollChoice,
)
from trienkhai.conferences.services import (
    AlreadyAnswered,
    NeedsUnit,
    Refused,
    answer_poll,
    check_in,
    normal_code,
    point_for_code,
    poll_results,
    receipt,
    register_points,
    report_attendance,
)
from trienkhai.core.ratelimit import Throttle, client_ip
from trienkhai.orgs.models import OrgUnit


class ConferenceSerializer(serializers.ModelSerializer):
    organiser = serializers.SlugRelatedField(slug_field="code", read_only=True)

    class Meta:
        model = Conference
        fields = ["uid", "title", "organiser", "organ", "starts_at", "ends_at", "form", "is_sample"]


class ConferenceInput(serializers.Serializer):
    """Documents the input; the page's form checks it (ISO 8601 times are accepted)."""

    title = serializers.CharField(max_length=500)
    organiser = serializers.CharField(
        required=False, help_text="unit code; default the caller's unit"
    )
    organ = serializers.CharField(max_length=200, required=False)
    starts_at = serializers.DateTimeField()
    ends_at = serializers.DateTimeField(required=False)
    form = serializers.ChoiceField(choices=["in_person", "online", "both"], required=False)
    presiding = serializers.CharField(required=False)
    agenda = serializers.CharField(required=False)


class ConferenceViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    serializer_class = ConferenceSerializer
    lookup_field = "uid"

    def get_queryset(self):
        return Conference.objects.for_user(self.request.user).select_related("organiser")

    @extend_schema(request=ConferenceInput, responses={201: ConferenceSerializer})
    def create(self, request):
        """A conference organised by the caller's unit, or by a unit of its subtree given
        as `organiser`: the offices that may create it on the page, the page's checks."""
        # The documented types first (a list where a time is due is a 400, not a crash
        # inside the form), then the page's own form and its rules.
        ConferenceInput(data=request.data).is_valid(raise_exception=True)
        data = dict(request.data)
        if data.get("organiser"):
            unit, _may = get_unit_for_user(request.user, data["organiser"], change=True)
        else:
            unit = request.user.unit
        data.setdefault("form", "online")
        form = ConferenceForm(data)  # reads the values as the page does
        if not form.is_valid():
            raise ValidationError({k: [str(e) for e in v] for k, v in form.errors.items()})
        conference = services.create_conference(request.user, unit, form.cleaned_data)
        return Response(ConferenceSerializer(conference).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        responses=inline_serializer(
            "ConferenceTotals",
            {
                "points": serializers.IntegerField(),
                "connected": serializers.IntegerField(),
                "reported": serializers.IntegerField(),
                "delegates": serializers.IntegerField(),
            },
        )
    )
    @action(detail=True)
    def totals(self, request, uid=None):
        """Points registered, connected, reported, delegates present."""
        return Response(self.get_object().points.totals())


class PointSerializer(serializers.ModelSerializer):
    conference = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    host = serializers.SlugRelatedField(slug_field="code", read_only=True)
    host_name = serializers.CharField(source="host.name", read_only=True)
    district = serializers.SlugRelatedField(slug_field="code", read_only=True, allow_null=True)
    delegates = serializers.SerializerMethodField()
    code = serializers.SerializerMethodField()

    class Meta:
        model = BridgePoint
        fields = [
            "uid",
            "conference",
            "host",
            "host_name",
            "district",
            "name",
            "level",
            "address",
            "person_in_charge",
            "capacity",
            "is_main",
            "uses_check_in",
            "is_open",
            "connected_at",
            "reported_at",
            "committee_members",
            "party_members",
            "officials",
            "others",
            "delegates",
            "code",
            "is_sample",
        ]

    def get_delegates(self, point) -> int:
        """Delegates present: the check-ins where the point counts by check-in, else the
        reported head count."""
        if not point.uses_check_in:
            return point.present
        checked = getattr(point, "checked", None)
        return checked if checked is not None else point.check_ins.count()

    def get_code(self, point) -> str | None:
        """The check-in code of the point's QR link; null for users who may not change
        the point (a leaked code lets anyone check in there)."""
        return point.code if may_change_point(self.context["request"].user, point) else None


class PointInput(serializers.Serializer):
    conference = serializers.UUIDField()
    host = serializers.CharField(max_length=40, help_text="code of the hosting unit")
    name = serializers.CharField(max_length=300)
    level = serializers.ChoiceField(choices=PointLevel.choices)
    address = serializers.CharField(max_length=300, required=False, allow_blank=True, default="")
    person_in_charge = serializers.CharField(
        max_length=200, required=False, allow_blank=True, default=""
    )
    capacity = serializers.IntegerField(
        required=False,
        allow_null=True,
        default=None,
        min_value=0,
        max_value=1_000_000,
        error_messages={"min_value": gettext_lazy("Sức chứa phải là số nguyên không âm.")},
    )
    uses_check_in = serializers.BooleanField(required=False, default=False)


class AttendanceInput(serializers.Serializer):
    """The whole head count of a point, which replaces the previous report. Negative
    numbers are refused by the same rule as the page (400, with its message)."""

    committee_members = serializers.IntegerField(max_value=1_000_000)
    party_members = serializers.IntegerField(max_value=1_000_000)
    officials = serializers.IntegerField(max_value=1_000_000)
    others = serializers.IntegerField(max_value=1_000_000)


@extend_schema(
    parameters=[
        OpenApiParameter("conference", str, description="uid of a conference: its points only")
    ]
)
class PointViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Bridge points hosted in the caller's scope, and every point of the conferences its
    units organise (as on the conference page); `?conference=<uid>`."""

    serializer_class = PointSerializer
    lookup_field = "uid"

    def get_queryset(self):
        qs = (
            BridgePoint.objects.for_user(self.request.user)
            .select_related("conference__organiser", "host", "district")
            .annotate(checked=Count("check_ins"))
        )
        uid = self.request.query_params.get("conference")
        if uid is not None and self.action == "list":
            if not is_uuid(uid):
                raise ValidationError({"conference": [_("Mã hội nghị không hợp lệ.")]})
            conference = Conference.objects.for_user(self.request.user).filter(uid=uid).first()
            if conference is None:
                raise NotFound(_("Không tìm thấy hội nghị này."))
            qs = qs.filter(conference=conference)
        return qs.order_by(
            "conference__starts_at",
            "-is_main",
            F("district__sort_key").asc(nulls_first=True),
            "level",
            "sort_key",
            "pk",
        )

    @extend_schema(
        request=PointInput,
        responses={201: PointSerializer, 200: PointSerializer},
        description="The same rule as the page: a unit registers points for itself and the "
        "units under it. Sending the same point again (same conference, host and name, "
        "however the name's diacritics or spacing are typed) returns the point registered "
        "the first time, with 200; a name another unit's point has is refused (400).",
    )
    def create(self, request):
        hosts = units_acted_for(request.user)
        if hosts is None:
            raise PermissionDenied(_("Bạn không có quyền đăng ký điểm cầu."))
        data = PointInput(data=request.data)
        data.is_valid(raise_exception=True)
        d = dict(data.validated_data)
        conference = Conference.objects.for_user(request.user).filter(uid=d.pop("conference"))
        if not conference.exists():
            raise ValidationError({"conference": [_("Không tìm thấy hội nghị này.")]})
        code = d.pop("host").strip().upper()
        host = OrgUnit.objects.filter(code=code).first()
        if host is None:  # unknown, outside the scope or not writable: one answer
            message = _("Bạn không có quyền đăng ký điểm cầu cho đơn vị “%(c)s”.")
            raise ValidationError({"host": [message % {"c": code}]})
        try:
            ((point, created),) = register_points(
                conference.get(), request.user, [{"host": host, **d}]
            )
        except Refused as exc:
            raise Refusal(str(exc)) from None
        point = self.get_queryset().get(pk=point.pk)
        return Response(
            self.get_serializer(point).data,
            status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
        )

    @extend_schema(
        request=AttendanceInput,
        responses=PointSerializer,
        description="400 (nothing changed) before the conference starts, for a negative "
        "number, or for a total above the point's capacity; 403 for users who may only "
        "read the point.",
    )
    @action(detail=True, methods=["post"])
    def attendance(self, request, uid=None):
        """Report the point's head count by category (the units of the host's subtree)."""
        point = self.get_object()
        if not may_write_for_unit(request.user, point.host):
            raise PermissionDenied(_("Bạn không có quyền báo cáo số đại biểu của điểm cầu này."))
        data = AttendanceInput(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            report_attendance(point, data.validated_data)
        except Refused as exc:
            raise Refusal(str(exc)) from None
        return Response(self.get_serializer(point).data)


class PollChoiceSerializer(serializers.ModelSerializer):
    class Meta:
        model = PollChoice
        fields = ["id", "order", "text"]


class PollSerializer(serializers.ModelSerializer):
    owner = serializers.SlugRelatedField(slug_field="code", read_only=True)
    conference = serializers.SlugRelatedField(slug_field="uid", read_only=True, allow_null=True)
    choices = PollChoiceSerializer(many=True, read_only=True)
    is_open = serializers.SerializerMethodField()

    class Meta:
        model = Poll
        fields = [
            "uid",
            "question",
            "kind",
            "owner",
            "conference",
            "opens_at",
            "closes_at",
            "anonymous",
            "is_open",
            "choices",
            "is_sample",
        ]

    def get_is_open(self, poll) -> bool:
        return poll.is_open()


@extend_schema(
    parameters=[
        OpenApiParameter("conference", str, description="uid of a conference: its polls only")
    ]
)
class PollViewSet(viewsets.ReadOnlyModelViewSet):
    """Polls of the conferences the caller sees, and standalone polls of units in its
    scope or above; delegates answer through the open `polls/{uid}/answer/`."""

    serializer_class = PollSerializer
    lookup_field = "uid"

    def get_queryset(self):
        qs = (
            Poll.objects.for_user(self.request.user)
            .select_related("owner", "conference")
            .prefetch_related("choices")
        )
        uid = self.request.query_params.get("conference")
        if uid is not None and self.action == "list":
            if not is_uuid(uid):
                raise ValidationError({"conference": [_("Mã hội nghị không hợp lệ.")]})
            qs = qs.filter(conference__uid=uid)
        return qs.order_by("-opens_at", "pk")

    @extend_schema(
        responses=inline_serializer(
            "PollResults",
            {
                "total": serializers.IntegerField(),
                "rows": inline_serializer(
                    "PollResultRow",
                    {
                        "label": serializers.CharField(),
                        "n": serializers.IntegerField(),
                        "percent": serializers.FloatField(),
                    },
                    many=True,
                ),
                "average": serializers.FloatField(allow_null=True),
                "texts": serializers.ListField(child=serializers.CharField()),
            },
        )
    )
    @action(detail=True)
    def results(self, request, uid=None):
        """Respondents, counts and percentages per choice (or per rating), the average
        rating, and up to 200 written opinions."""
        return Response(poll_results(self.get_object()))


class PointThrottle(Throttle):
    """Per network address and bridge point: delegates behind one router share an
    address, so the limit is per point, and generous (TK_CHECKIN_RATE). The same
    counter as the check-in page's."""

    name = "checkin"

    def get_rate(self):
        return settings.CHECKIN_RATE

    def key(self, request, view):
        return f"{client_ip(request)}:{normal_code(view.kwargs.get('code', ''))}"


class CheckInInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    unit_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    is_party_member = serializers.BooleanField(required=False, default=False)
    personal_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    device_id = serializers.CharField(
        max_length=100,
        required=False,
        allow_blank=True,
        default="",
        help_text="A random id the app keeps on the phone: the same name from the same "
        "phone is the same delegate; from another phone, another one (with a unit).",
    )


@extend_schema(
    request=CheckInInput,
    responses=inline_serializer(
        "CheckedIn",
        {
            "created": serializers.BooleanField(),
            "point": serializers.CharField(),
            "name": serializers.CharField(),
        },
    ),
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([PointThrottle])
def checkin(request, code):
    """A delegate checks in at a bridge point (201; 200 when already checked in)."""
    data = CheckInInput(data=request.data)
    data.is_valid(raise_exception=True)
    try:
        point = point_for_code(code)
    except Refused as exc:
        raise NotFound(str(exc)) from None
    fields = dict(data.validated_data)
    device = fields.pop("device_id")
    try:
        record, created = check_in(point, device=device, **fields)
    except NeedsUnit as exc:  # another delegate of the same name: a unit tells them apart
        raise ValidationError({"unit_text": [str(exc)]}) from None
    except Refused as exc:
        raise ValidationError({"checkin": [str(exc)]}) from None
    shown = receipt(
        record, created, point, name=fields.get("name"), unit_text=fields.get("unit_text")
    )
    return Response(
        {"created": created, "point": shown["point"], "name": shown["name"]},
        status=status.HTTP_201_CREATED if created else status.HTTP_200_OK,
    )


class PollThrottle(PointThrottle):
    """Per network address and poll: the delegates of one bridge point share an address
    and answer the same poll, so the limit is as generous as check-in's."""

    name = "poll"

    def key(self, request, view):
        return f"{client_ip(request)}:{view.kwargs.get('uid', '')}"


class Conflict(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"
    default_detail = gettext_lazy("Bạn đã trả lời cuộc thăm dò này.")


class Refusal(APIException):
    """A refusal whose message is the whole answer (not one field's)."""

    status_code = status.HTTP_400_BAD_REQUEST
    default_code = "refused"
    default_detail = gettext_lazy("Dữ liệu không hợp lệ.")


class AnswerInput(serializers.Serializer):
    name = serializers.CharField(max_length=120, required=False, allow_blank=True, default="")
    unit_text = serializers.CharField(max_length=200, required=False, allow_blank=True, default="")
    personal_code = serializers.CharField(
        max_length=40, required=False, allow_blank=True, default=""
    )
    choices = serializers.ListField(
        child=serializers.IntegerField(), required=False, default=list, max_length=50
    )
    rating = serializers.IntegerField(required=False, allow_null=True, default=None)
    text = serializers.CharField(max_length=5000, required=False, allow_blank=True, default="")


@extend_schema(
    request=AnswerInput,
    responses={
        201: inline_serializer(
            "PollAnswered",
            {"poll": serializers.UUIDField(), "answered": serializers.BooleanField()},
        )
    },
    description="400 outside the poll's hours or without a valid choice; 409 when this "
    "delegate (same personal code, or same name and unit) has answered already.",
)
@api_view(["POST"])
@authentication_classes([])
@permission_classes([])
@throttle_classes([PollThrottle])
def poll_answer(request, uid):
    """A delegate answers a poll (201; 409 for a second answer, which is not counted)."""
    poll = Poll.objects.filter(uid=uid).first()
    if poll is None:
        raise NotFound(gettext_lazy("Không tìm thấy cuộc thăm dò này."))
    data = AnswerInput(data=request.data)
    data.is_valid(raise_exception=True)
    d = data.validated_data
    try:
        answer_poll(
            poll,
            name=d["name"],
            unit_text=d["unit_text"],
            personal_code=d["personal_code"],
            choice_ids=d["choices"],
            rating=d["rating"],
            text=d["text"],
        )
    except AlreadyAnswered as exc:
        raise Conflict(str(exc)) from None
    except Refused as exc:
        raise Refusal(str(exc)) from None
    return Response({"poll": poll.uid, "answered": True}, status=status.HTTP_201_CREATED)
