"""Inspection and supervision (kiểm tra, giám sát), Quy định 296-QĐ/TW of 2025: a body's
plan (`Plan`), the decision forming a team (`Team`, its `Member`s), one case per subject
unit (`Case`: self-report, findings, the conclusion notice), the conclusion's
recommendations (`Recommendation`) and what the subject did about them (`Remedy`,
verified by the team); and the supervision visits of Standing Committee members to the
units in their charge (`Visit`, `FollowUp`).

Who sees what is decided here for lists (`for_user`) and in `accounts.access` for one
object; every write goes through `services.py`."""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trienkhai.core import clock
from trienkhai.core.models import Attachment
from trienkhai.orgs.scope import scope_for


class Kind(models.TextChoices):
    INSPECTION = "inspection", _("Kiểm tra")
    REGULAR = "regular", _("Giám sát thường xuyên")
    THEMATIC = "thematic", _("Giám sát chuyên đề")
    SIGNS = "signs", _("Kiểm tra khi có dấu hiệu vi phạm")


def is_supervision(kind) -> bool:
    return kind in (Kind.REGULAR, Kind.THEMATIC)


def member_q(user, prefix=""):
    """Rows of teams the user's person belongs to."""
    if not user.is_authenticated or not user.person_id:
        return Q(pk__in=[])
    return Q(**{f"{prefix}members__person_id": user.person_id})


class PlanQuerySet(models.QuerySet):
    def for_user(self, user):
        """Plans of a body in the user's scope; an issued plan also by those who see one
        of its subjects (the subject unit, the units above it, the leader in charge)."""
        scope = scope_for(user)
        if scope.everything:
            return self
        subjects = Plan.subjects.through.objects.filter(scope.q("orgunit__")).values("plan_id")
        return self.filter(
            scope.q("body__")
            | Q(document__isnull=False, pk__in=subjects)
            | Q(pk__in=Team.objects.filter(member_q(user)).values("plan_id"))
        )


class Plan(models.Model):
    """A body's inspection or supervision plan (kế hoạch kiểm tra, giám sát) for a year or
    a term: what it looks at (documents, programmes), in which units, over which period,
    and when. Issued, it is a document of the registry."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    body = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("chủ thể kiểm tra, giám sát"),
        on_delete=models.PROTECT,
        related_name="oversight_plans",
        help_text=_("Cấp ủy, Ban Thường vụ hoặc Ủy ban Kiểm tra."),
    )
    kind = models.CharField(_("loại"), max_length=12, choices=Kind.choices)
    title = models.CharField(_("tên kế hoạch"), max_length=500)
    content = models.TextField(
        _("nội dung"),
        help_text=_("Ví dụ: việc học tập, cụ thể hóa và tổ chức thực hiện Quyết định 621-QĐ/TU."),
    )
    documents = models.ManyToManyField(
        "documents.Document",
        verbose_name=_("văn bản được kiểm tra, giám sát việc thực hiện"),
        related_name="oversight_plans_on",
        blank=True,
    )
    programmes = models.ManyToManyField(
        "programmes.Programme",
        verbose_name=_("chương trình"),
        related_name="oversight_plans",
        blank=True,
    )
    subjects = models.ManyToManyField(
        "orgs.OrgUnit",
        verbose_name=_("đối tượng kiểm tra, giám sát"),
        related_name="oversight_plans_as_subject",
    )
    year_from = models.PositiveSmallIntegerField(_("năm"))
    year_to = models.PositiveSmallIntegerField(_("đến năm"))
    covers_from = models.DateField(_("thời kỳ kiểm tra, giám sát từ ngày"))
    covers_to = models.DateField(_("đến ngày"))
    starts_on = models.DateField(_("thời gian tiến hành từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("văn bản ban hành kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="oversight_plan",
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = PlanQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[subjects])

    class Meta:
        verbose_name = _("kế hoạch kiểm tra, giám sát")
        verbose_name_plural = _("kế hoạch kiểm tra, giám sát")
        ordering = ["-starts_on", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(year_to__gte=models.F("year_from")), name="oplan_years"
            ),
            models.CheckConstraint(
                condition=Q(covers_to__gte=models.F("covers_from")), name="oplan_covers"
            ),
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="oplan_ends"
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("oversight:plan", args=[self.uid])

    @property
    def issued(self) -> bool:
        return self.document_id is not None


class TeamQuerySet(models.QuerySet):
    def for_user(self, user):
        return self.filter(plan__in=Plan.objects.for_user(user))


class Team(models.Model):
    """The team (đoàn kiểm tra, giám sát) a decision forms for some of a plan's subjects,
    with its dates and the day the subjects' self-reports are due."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    plan = models.ForeignKey(Plan, on_delete=models.PROTECT, related_name="teams")
    name = models.CharField(_("tên đoàn"), max_length=200)
    starts_on = models.DateField(_("làm việc từ ngày"))
    ends_on = models.DateField(_("đến ngày"))
    self_report_due = models.DateField(_("hạn nộp báo cáo tự kiểm tra"))
    document = models.OneToOneField(
        "documents.Document",
        verbose_name=_("quyết định thành lập đoàn"),
        on_delete=models.PROTECT,
        related_name="oversight_team",
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("đoàn kiểm tra, giám sát")
        verbose_name_plural = _("đoàn kiểm tra, giám sát")
        ordering = ["starts_on", "name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(ends_on__gte=models.F("starts_on")), name="team_ends"
            ),
        ]

    def __str__(self):
        return self.name

    def get_absolute_url(self):
        return reverse("oversight:team", args=[self.uid])


class TeamRole(models.TextChoices):
    HEAD = "head", _("Trưởng đoàn")
    DEPUTY = "deputy", _("Phó Trưởng đoàn")
    MEMBER = "member", _("Thành viên")
    SECRETARY = "secretary", _("Thư ký")


TEAM_ROLE_ORDER = [TeamRole.HEAD, TeamRole.DEPUTY, TeamRole.MEMBER, TeamRole.SECRETARY]


class Member(models.Model):
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(
        "orgs.Person", verbose_name=_("cán bộ"), on_delete=models.PROTECT, related_name="+"
    )
    role = models.CharField(_("nhiệm vụ trong đoàn"), max_length=10, choices=TeamRole.choices)
    position = models.ForeignKey(
        "orgs.Position",
        verbose_name=_("chức vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        verbose_name = _("thành viên đoàn")
        verbose_name_plural = _("thành viên đoàn")
        ordering = ["pk"]  # as the decision lists them: head, deputies, members, secretary
        constraints = [
            models.UniqueConstraint(fields=["team", "person"], name="member_once"),
        ]

    def __str__(self):
        return f"{self.get_role_display()}: {self.person}"


class CaseState(models.TextChoices):
    OPEN = "open", _("Đang tiến hành")
    CONCLUDED = "concluded", _("Đã kết luận, đang theo dõi kiến nghị")
    CLOSED = "closed", _("Đã kết thúc")


class CaseQuerySet(models.QuerySet):
    def for_user(self, user):
        """Cases of subjects in the user's scope (the subject unit, the units above, the
        leader in charge), of a body in the user's scope, and of teams the user is on;
        once concluded, also those with a recommendation to a unit in the user's scope (a
        commune below the subject must remedy it)."""
        scope = scope_for(user)
        if scope.everything:
            return self
        answering = Recommendation.objects.filter(scope.q("responsible_unit__"))
        return self.filter(
            scope.q("subject__")
            | scope.q("team__plan__body__")
            | Q(team__in=Team.objects.filter(member_q(user)))
            | Q(conclusion__isnull=False, pk__in=answering.values("case_id"))
        )


class Case(models.Model):
    """One subject unit of a team: its self-report, the team's findings, the conclusion
    notice and its recommendations. Closed when every recommendation is verified done."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    team = models.ForeignKey(Team, on_delete=models.PROTECT, related_name="cases")
    subject = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đối tượng"),
        on_delete=models.PROTECT,
        related_name="oversight_cases",
    )
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=CaseState.choices, default=CaseState.OPEN
    )
    self_report = models.TextField(_("báo cáo tự kiểm tra"), blank=True)
    self_reported_at = models.DateTimeField(
        _("ngày nộp báo cáo tự kiểm tra"), null=True, blank=True
    )
    self_reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người gửi báo cáo tự kiểm tra"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    conclusion = models.OneToOneField(
        "documents.Document",
        verbose_name=_("thông báo kết luận"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="oversight_case",
    )
    concluded_on = models.DateField(_("ngày kết luận"), null=True, blank=True)
    closed_on = models.DateField(_("ngày kết thúc"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = CaseQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("cuộc kiểm tra, giám sát tại đơn vị")
        verbose_name_plural = _("cuộc kiểm tra, giám sát tại đơn vị")
        ordering = ["team__starts_on", "subject__path"]
        constraints = [
            models.UniqueConstraint(fields=["team", "subject"], name="case_once_per_subject"),
        ]
        indexes = [models.Index(fields=["subject", "state"], name="case_subject_state")]

    def __str__(self):
        return f"{self.team.plan} — {self.subject}"

    def get_absolute_url(self):
        return reverse("oversight:case", args=[self.uid])

    @property
    def body(self):
        return self.team.plan.body

    @property
    def concluded(self) -> bool:
        return self.conclusion_id is not None

    @property
    def self_report_late(self) -> bool:
        due = self.team.self_report_due
        if self.self_reported_at is not None:
            return timezone.localtime(self.self_reported_at).date() > due
        return clock.today() > due


def case_upload_to(instance, filename):
    return f"oversight/{instance.case.uid}/{filename}"


class CaseFile(Attachment):
    """The subject's self-report file or evidence for it."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to=case_upload_to)

    class Meta(Attachment.Meta):
        verbose_name = _("tệp báo cáo tự kiểm tra")
        verbose_name_plural = _("tệp báo cáo tự kiểm tra")


class FindingKind(models.TextChoices):
    STRENGTH = "strength", _("Ưu điểm")
    LIMITATION = "limitation", _("Hạn chế")
    SHORTCOMING = "shortcoming", _("Khuyết điểm")
    CAUSE = "cause", _("Nguyên nhân")


FINDING_ORDER = [
    FindingKind.STRENGTH,
    FindingKind.LIMITATION,
    FindingKind.SHORTCOMING,
    FindingKind.CAUSE,
]


class Finding(models.Model):
    """What the team found; a draft seen only by the team and its body until the case's
    conclusion is issued."""

    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="findings")
    kind = models.CharField(_("loại"), max_length=12, choices=FindingKind.choices)
    text = models.TextField(_("nội dung"))
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhận xét, đánh giá")
        verbose_name_plural = _("nhận xét, đánh giá")
        ordering = ["created_at", "pk"]

    def __str__(self):
        return f"{self.get_kind_display()}: {self.text[:60]}"


class RecState(models.TextChoices):
    OPEN = "open", _("Chưa báo cáo khắc phục")
    REPORTED = "reported", _("Đã báo cáo, chờ xác minh")
    PARTLY = "partly", _("Thực hiện một phần")
    NOT_DONE = "not_done", _("Chưa thực hiện")
    DONE = "done", _("Đã thực hiện")


class Verdict(models.TextChoices):
    DONE = "done", _("Đã thực hiện")
    PARTLY = "partly", _("Thực hiện một phần")
    NOT_DONE = "not_done", _("Chưa thực hiện")


class RecommendationQuerySet(models.QuerySet):
    def for_user(self, user):
        """Recommendations of visible cases; before the conclusion they are drafts, seen
        only by the team and its body (`access.may_see_drafts`): callers listing many
        show only issued ones (`issued()`) unless they are the team."""
        return self.filter(case__in=Case.objects.for_user(user))

    def issued(self):
        return self.filter(case__conclusion__isnull=False)

    def still_open(self):
        return self.exclude(state=RecState.DONE)

    def overdue(self, day=None):
        return self.issued().still_open().filter(deadline__lt=day or clock.today())


class Recommendation(models.Model):
    """A recommendation (kiến nghị) of a conclusion: what a unit must remedy, by when.
    It may become a task of the responsible unit's plan, so its progress is reported
    with the unit's other tasks."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    case = models.ForeignKey(Case, on_delete=models.CASCADE, related_name="recommendations")
    text = models.TextField(_("nội dung kiến nghị"))
    responsible_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị chịu trách nhiệm"),
        on_delete=models.PROTECT,
        related_name="oversight_recommendations",
    )
    deadline = models.DateField(_("hạn thực hiện"))
    state = models.CharField(
        _("tình trạng"), max_length=10, choices=RecState.choices, default=RecState.OPEN
    )
    done_on = models.DateField(_("ngày xác minh hoàn thành"), null=True, blank=True)
    task = models.OneToOneField(
        "programmes.Task",
        verbose_name=_("nhiệm vụ trong kế hoạch"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="recommendation",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = RecommendationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("kiến nghị")
        verbose_name_plural = _("kiến nghị")
        ordering = ["deadline", "pk"]
        indexes = [
            models.Index(fields=["responsible_unit", "state", "deadline"], name="rec_unit_open"),
        ]

    def __str__(self):
        return self.text[:80]

    def get_absolute_url(self):
        return reverse("oversight:recommendation", args=[self.uid])

    @property
    def is_overdue(self) -> bool:
        return (
            self.case.conclusion_id is not None
            and self.state != RecState.DONE
            and self.deadline < clock.today()
        )


class Remedy(models.Model):
    """What the responsible unit reports it did about a recommendation, with evidence;
    the team or its body verifies it (never the one who reported it)."""

    recommendation = models.ForeignKey(
        Recommendation, on_delete=models.CASCADE, related_name="remedies"
    )
    text = models.TextField(_("kết quả khắc phục"))
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    reported_at = models.DateTimeField(_("ngày báo cáo"), default=clock.now)
    verdict = models.CharField(
        _("kết quả xác minh"), max_length=10, choices=Verdict.choices, blank=True
    )
    verification_note = models.TextField(_("nhận xét khi xác minh"), blank=True)
    verified_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    verified_on = models.DateField(_("ngày xác minh"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("báo cáo khắc phục")
        verbose_name_plural = _("báo cáo khắc phục")
        ordering = ["reported_at", "pk"]

    def __str__(self):
        return self.text[:80]


def remedy_upload_to(instance, filename):
    return f"oversight/remedies/{instance.remedy.recommendation.uid}/{filename}"


class RemedyFile(Attachment):
    remedy = models.ForeignKey(Remedy, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to=remedy_upload_to)

    class Meta(Attachment.Meta):
        verbose_name = _("minh chứng khắc phục")
        verbose_name_plural = _("minh chứng khắc phục")


class VisitKind(models.TextChoices):
    VISIT = "visit", _("Đi cơ sở")
    SESSION = "session", _("Làm việc với đơn vị")


class VisitQuerySet(models.QuerySet):
    def for_user(self, user):
        """Visits to units in the user's scope (the member in charge, the unit visited and
        the levels above)."""
        return self.filter(scope_for(user).q("unit__"))


class Visit(models.Model):
    """A Standing Committee member's supervision visit or working session with a unit in
    their charge, with notes and follow-up items."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    member = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("Ủy viên Ban Thường vụ phụ trách"),
        on_delete=models.PROTECT,
        related_name="supervision_visits",
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="supervision_visits",
    )
    held_on = models.DateField(_("ngày"))
    kind = models.CharField(_("hình thức"), max_length=10, choices=VisitKind.choices)
    notes = models.TextField(_("nội dung, ghi chép"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = VisitQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buổi giám sát, làm việc")
        verbose_name_plural = _("buổi giám sát, làm việc")
        ordering = ["-held_on", "-pk"]

    def __str__(self):
        return f"{self.member} — {self.unit} — {self.held_on:%d/%m/%Y}"

    def get_absolute_url(self):
        return reverse("oversight:visit", args=[self.uid])


class FollowUp(models.Model):
    """An item a visit leaves for the unit to do, open until marked done."""

    visit = models.ForeignKey(Visit, on_delete=models.CASCADE, related_name="follow_ups")
    text = models.CharField(_("việc cần làm"), max_length=500)
    deadline = models.DateField(_("hạn"), null=True, blank=True)
    done_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("việc cần theo dõi")
        verbose_name_plural = _("việc cần theo dõi")
        ordering = ["done_on", "deadline", "pk"]

    def __str__(self):
        return self.text
