"""Study at every level (học tập, quán triệt): the sessions units hold for a document
or programme, and the learning reports (bài thu hoạch) Party members hand in."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trienkhai.core.versions import Revisioned
from trienkhai.lib.vntext import nfc
from trienkhai.orgs.scope import scope_for


class StudyForm(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    BOTH = "both", _("Trực tiếp kết hợp trực tuyến")
    SELF = "self", _("Tự nghiên cứu")


class SessionKind(models.TextChoices):
    REGULAR = "regular", _("Học tập, quán triệt")
    MAKE_UP = "make_up", _("Học bù cho người vắng")


class SessionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Sessions held by units in the user's scope."""

        return self.filter(scope_for(user).q("unit__"))


class StudySession(Revisioned):
    """A unit's session to study documents (a conference at the unit, a cell meeting).

    Members expected and present are Party members; others present are not counted
    toward coverage. A make-up session is for those absent from an earlier one."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị tổ chức học tập"),
        on_delete=models.PROTECT,
        related_name="study_sessions",
    )
    documents = models.ManyToManyField(
        "documents.Document", verbose_name=_("văn bản học tập"), related_name="study_sessions"
    )
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("chương trình"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="study_sessions",
    )
    conference = models.ForeignKey(
        "conferences.Conference",
        verbose_name=_("theo hội nghị"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="study_sessions",
        help_text=_("Hội nghị của cấp trên mà buổi học tập này tiếp nối, nếu có."),
    )
    held_on = models.DateField(_("ngày học tập"))
    kind = models.CharField(
        _("loại buổi học"), max_length=10, choices=SessionKind.choices, default=SessionKind.REGULAR
    )
    form = models.CharField(
        _("hình thức"), max_length=10, choices=StudyForm.choices, default=StudyForm.IN_PERSON
    )
    members_expected = models.PositiveIntegerField(_("số đảng viên phải tham gia"))
    members_present = models.PositiveIntegerField(_("số đảng viên tham gia"))
    others_present = models.PositiveIntegerField(
        _("quần chúng, thành phần khác tham gia"), default=0
    )
    reports_submitted = models.PositiveIntegerField(
        _("số bài thu hoạch đã nộp"),
        default=0,
        help_text=_("Do đơn vị ghi nhận; bài nộp trực tiếp trên hệ thống được đếm riêng."),
    )
    presiding = models.CharField(_("người chủ trì, báo cáo viên"), max_length=300, blank=True)
    note = models.TextField(_("ghi chú"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SessionQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("buổi học tập, quán triệt")
        verbose_name_plural = _("buổi học tập, quán triệt")
        ordering = ["-held_on", "-pk"]
        indexes = [models.Index(fields=["unit", "held_on"], name="study_unit_day")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(members_present__lte=models.F("members_expected")),
                name="study_present_within_expected",
                violation_error_message=_(
                    "Số đảng viên tham gia không thể lớn hơn số đảng viên phải tham gia."
                ),
            ),
        ]

    def __str__(self):
        return f"{self.unit} — {self.held_on:%d/%m/%Y}"

    def save(self, *args, **kwargs):
        self.presiding = nfc(self.presiding or "").strip()
        self.note = nfc(self.note or "").strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("study:detail", args=[self.uid])

    @property
    def attendance_percent(self):
        if not self.members_expected:
            return None
        return round(100 * self.members_present / self.members_expected, 1)


class ReportQuerySet(models.QuerySet):
    def for_user(self, user):
        """A member's own reports, and the reports of members of units in scope."""

        if not user.is_authenticated:
            return self.none()
        return self.filter(scope_for(user).q("unit__") | models.Q(author=user))


class LearningReport(models.Model):
    """A Party member's learning report (bài thu hoạch) on one document."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản"),
        on_delete=models.PROTECT,
        related_name="learning_reports",
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="learning_reports",
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("người viết"),
        on_delete=models.PROTECT,
        related_name="learning_reports",
    )
    author_name = models.CharField(_("họ và tên"), max_length=120)
    lessons = models.TextField(_("nhận thức, những nội dung cốt lõi"))
    commitments = models.TextField(_("liên hệ bản thân, cam kết thực hiện"), blank=True)
    submitted_at = models.DateTimeField(_("nộp lúc"), auto_now_add=True)

    objects = ReportQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("bài thu hoạch")
        verbose_name_plural = _("bài thu hoạch")
        ordering = ["-submitted_at"]
        constraints = [
            models.UniqueConstraint(fields=["document", "author"], name="one_report_per_document")
        ]

    def __str__(self):
        return f"{self.author_name} — {self.document}"

    def save(self, *args, **kwargs):
        self.author_name = nfc(self.author_name).strip()
        self.lessons = nfc(self.lessons).strip()
        self.commitments = nfc(self.commitments or "").strip()
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("study:report", args=[self.uid])
