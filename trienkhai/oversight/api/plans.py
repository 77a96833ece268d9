"""Plans (draft, issue) and the teams their decisions form."""

from django.db.models import Prefetch
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from trienkhai.accounts.access import get_oversight_plan_for_user, get_team_for_user, is_uuid
from trienkhai.documents.models import Document
from trienkhai.lib.citations import parse_symbol
from trienkhai.orgs.models import Person
from trienkhai.oversight import services
from trienkhai.oversight.api.parse import IssueInput, by_uids, parse, same_document, unit, units
from trienkhai.oversight.models import Case, Member, Plan, Team, TeamRole
from trienkhai.programmes.models import Programme


class OversightPlanSerializer(serializers.ModelSerializer):
    body = serializers.SlugRelatedField(slug_field="code", read_only=True)
    subjects = serializers.SlugRelatedField(slug_field="code", many=True, read_only=True)
    documents = serializers.SlugRelatedField(slug_field="uid", many=True, read_only=True)
    programmes = serializers.SlugRelatedField(slug_field="uid", many=True, read_only=True)
    issued = serializers.BooleanField(read_only=True)
    symbol = serializers.CharField(source="document.symbol", read_only=True, allow_null=True)
    issue_date = serializers.DateField(
        source="document.issue_date", read_only=True, allow_null=True
    )

    class Meta:
        model = Plan
        fields = [
            "uid",
            "body",
            "kind",
            "title",
            "content",
            "subjects",
            "documents",
            "programmes",
            "year_from",
            "year_to",
            "covers_from",
            "covers_to",
            "starts_on",
            "ends_on",
            "issued",
            "symbol",
            "issue_date",
            "is_sample",
        ]


class OversightPlanInput(serializers.Serializer):
    # Optional here: the service says what is missing, in the page's words.
    body = serializers.CharField(required=False, help_text="Mã đơn vị chủ thể kiểm tra, giám sát")
    kind = serializers.CharField(required=False, help_text="inspection, regular, thematic, signs")
    title = serializers.CharField(required=False, allow_blank=True)
    content = serializers.CharField(required=False, allow_blank=True)
    year_from = serializers.IntegerField(required=False, allow_null=True)
    year_to = serializers.IntegerField(required=False, allow_null=True)
    covers_from = serializers.DateField(required=False, allow_null=True)
    covers_to = serializers.DateField(required=False, allow_null=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    subjects = serializers.ListField(
        child=serializers.CharField(), required=False, help_text="Mã các đơn vị là đối tượng"
    )
    documents = serializers.ListField(child=serializers.UUIDField(), required=False)
    programmes = serializers.ListField(child=serializers.UUIDField(), required=False)


class MemberInput(serializers.Serializer):
    person = serializers.UUIDField()
    role = serializers.CharField(
        required=False, default=TeamRole.MEMBER, help_text="head, deputy, member, secretary"
    )


class TeamInput(IssueInput):
    name = serializers.CharField(required=False, allow_blank=True)
    starts_on = serializers.DateField(required=False, allow_null=True)
    ends_on = serializers.DateField(required=False, allow_null=True)
    self_report_due = serializers.DateField(required=False, allow_null=True)
    members = MemberInput(many=True, required=False)
    subjects = serializers.ListField(child=serializers.CharField(), required=False)


class MemberSerializer(serializers.ModelSerializer):
    person = serializers.UUIDField(source="person.uid", read_only=True)
    name = serializers.CharField(source="person.full_name", read_only=True)
    position = serializers.CharField(source="position.title", read_only=True, allow_null=True)

    class Meta:
        model = Member
        fields = ["person", "name", "role", "position"]


class TeamSerializer(serializers.ModelSerializer):
    """A team as its decision reads: its subjects by code (their cases are listed by
    `cases/?team=`, each to whoever sees it)."""

    plan = serializers.SlugRelatedField(slug_field="uid", read_only=True)
    symbol = serializers.CharField(source="document.symbol", read_only=True)
    issue_date = serializers.DateField(
        source="document.issue_date", read_only=True, allow_null=True
    )
    members = MemberSerializer(many=True, read_only=True)
    subjects = serializers.SerializerMethodField()

    class Meta:
        model = Team
        fields = [
            "uid",
            "plan",
            "name",
            "starts_on",
            "ends_on",
            "self_report_due",
            "symbol",
            "issue_date",
            "members",
            "subjects",
            "is_sample",
        ]

    def get_subjects(self, team) -> list[str]:
        return [case.subject.code for case in team.cases.all()]


class PlanViewSet(mixins.CreateModelMixin, viewsets.ReadOnlyModelViewSet):
    """Inspection and supervision plans: of a body in the caller's scope, and issued
    plans about a unit it sees."""

    serializer_class = OversightPlanSerializer
    lookup_field = "uid"

    def get_queryset(self):
        return (
            Plan.objects.for_user(self.request.user)
            .select_related("body", "document")
            .prefetch_related("subjects", "documents", "programmes")
        )

    def get_object(self):
        return get_oversight_plan_for_user(self.request.user, self.kwargs["uid"])[0]

    def _answer(self, plan, code=status.HTTP_200_OK):
        return Response(
            OversightPlanSerializer(self.get_queryset().get(pk=plan.pk)).data, status=code
        )

    @extend_schema(
        request=OversightPlanInput,
        responses={201: OversightPlanSerializer, 200: OversightPlanSerializer},
    )
    def create(self, request, *args, **kwargs):
        """Draft a plan of a body the caller runs oversight for: subjects by unit code,
        documents and programmes by uid. The same plan sent again (same body, kind,
        title and dates, same subjects) returns the first draft, 200."""
        user = request.user
        d = parse(OversightPlanInput, request)
        fields = {k: v for k, v in d.items() if k in services.PLAN_FIELDS}
        if "body" in fields:
            fields["body"] = unit(user, fields["body"], "body")
        subjects = units(user, d.get("subjects", []), "subjects")
        documents = by_uids(
            Document.objects.for_user(user),
            d.get("documents", []),
            "documents",
            _("Có văn bản không tìm thấy trong sổ văn bản."),
        )
        programmes = by_uids(
            Programme.objects.for_user(user),
            d.get("programmes", []),
            "programmes",
            _("Không tìm thấy chương trình này."),
        )
        same = self._same(user, fields, subjects, documents, programmes)
        if same is not None:
            return self._answer(same)
        plan = services.save_plan(
            user, Plan(), fields, subjects=subjects, documents=documents, programmes=programmes
        )
        return self._answer(plan, status.HTTP_201_CREATED)

    def _same(self, user, fields, subjects, documents, programmes):
        """The plan this user already drafted from the same body, or None."""
        if not all(fields.get(k) for k in ("body", "kind", "title", "starts_on")):
            return None
        sets = ({u.pk for u in subjects}, {d.pk for d in documents}, {p.pk for p in programmes})
        for plan in self.get_queryset().filter(created_by=user, **fields):
            mine = (
                {u.pk for u in plan.subjects.all()},
                {d.pk for d in plan.documents.all()},
                {p.pk for p in plan.programmes.all()},
            )
            if mine == sets:
                return plan
        return None

    @extend_schema(request=IssueInput, responses=OversightPlanSerializer)
    @action(detail=True, methods=["post"])
    def issue(self, request, uid=None):
        """Issue the plan: registered as the body's Kế hoạch (…-KH/…), readable then by its
        subjects. Issued already with this symbol and date: returned unchanged."""
        plan, _may = get_oversight_plan_for_user(request.user, uid, change=True)
        d = parse(IssueInput, request)
        if not same_document(plan.document, d):
            services.issue_plan(request.user, plan, symbol=d["symbol"], issue_date=d["issue_date"])
        return self._answer(plan)

    @extend_schema(request=TeamInput, responses={201: TeamSerializer, 200: TeamSerializer})
    @action(detail=True, methods=["post"])
    def teams(self, request, uid=None):
        """The decision forming a team for some of the issued plan's subjects (by unit
        code), members as [{person: uid, role}]; it opens one case per subject. The same
        decision sent again (same symbol and date) returns the team, 200."""
        user = request.user
        plan, _may = get_oversight_plan_for_user(user, uid, change=True)
        d = parse(TeamInput, request)
        subjects = units(user, d.get("subjects", []), "subjects")
        sent = d.get("members", [])
        people = {
            str(p.uid): p
            for p in by_uids(
                Person.objects.for_user(user),
                [m["person"] for m in sent],
                "members",
                _("Không tìm thấy cán bộ này."),
            )
        }
        members = [(people[str(m["person"])], m["role"]) for m in sent]
        parsed = parse_symbol(d["symbol"])
        same = Team.objects.filter(
            plan=plan,
            document__symbol=parsed.symbol if parsed else None,
            document__issue_date=d["issue_date"],
        ).first()
        if same is None:
            same = services.form_team(
                user,
                plan,
                {k: d[k] for k in services.TEAM_FIELDS if k in d},
                members=members,
                subjects=subjects,
                symbol=d["symbol"],
                issue_date=d["issue_date"],
            )
            code = status.HTTP_201_CREATED
        else:
            code = status.HTTP_200_OK
        return Response(TeamSerializer(_teams().get(pk=same.pk)).data, status=code)


def _teams():
    return Team.objects.select_related("plan", "document").prefetch_related(
        Prefetch("members", queryset=Member.objects.select_related("person", "position")),
        Prefetch("cases", queryset=Case.objects.select_related("subject")),
    )


class TeamViewSet(viewsets.ReadOnlyModelViewSet):
    """Teams of the plans the caller sees; `?plan=<uid>`."""

    serializer_class = TeamSerializer
    lookup_field = "uid"

    def get_queryset(self):
        teams = _teams().for_user(self.request.user)
        if is_uuid(self.request.query_params.get("plan", "")):
            teams = teams.filter(plan__uid=self.request.query_params["plan"])
        return teams

    def get_object(self):
        team, _may = get_team_for_user(self.request.user, self.kwargs["uid"])
        return _teams().get(pk=team.pk)

    @extend_schema(parameters=[OpenApiParameter("plan", OpenApiTypes.UUID)])
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
