"""Periodic reporting: periods, a unit's report for a period (task progress, target
values, narrative), its review by the level above, and every version kept."""

import datetime
import uuid
from dataclasses import dataclass

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from trienkhai.core.models import Attachment
from trienkhai.core.versions import Revisioned
from trienkhai.lib import periods
from trienkhai.orgs.scope import STEPLEN, scope_for


class PeriodKind(models.TextChoices):
    MONTH = periods.Kind.MONTH.value, _("Tháng")
    QUARTER = periods.Kind.QUARTER.value, _("Quý")
    HALF = periods.Kind.HALF.value, _("6 tháng")
    NINE_MONTHS = periods.Kind.NINE_MONTHS.value, _("9 tháng")
    YEAR = periods.Kind.YEAR.value, _("Năm")
    TERM = periods.Kind.TERM.value, _("Nhiệm kỳ")


def not_opened_message(code):
    return gettext("Kỳ báo cáo “%(code)s” chưa được mở. Văn phòng cấp tỉnh mở kỳ báo cáo.") % {
        "code": code
    }


class PeriodManager(models.Manager):
    def opened(self, code):
        """The stored period for a code; `Period.DoesNotExist` when it was never opened,
        ValueError when the code is not a period. Pages and API reads use this: reading
        never creates a period (reporting.services.open_period does, and the daily job
        opens the periods coming due)."""
        return self.get(code=periods.parse(code).code)

    def ensure(self, code):
        """The period for a code ("2021Q4"), created from the reporting regime's rules.
        Only for writes: services.open_period, the daily job, the demo and benchmarks."""
        span = periods.parse(code)
        period, _created = self.get_or_create(
            code=span.code,
            defaults={
                "kind": span.kind.value,
                "start": span.start,
                "end": span.end,
                "data_from": span.data_from,
                "data_to": span.data_to,
            },
        )
        return period


def span_label(span) -> str:
    """A period's name in the language of the page ("Quý IV năm 2021", "Q4 2021"), for
    stored periods and for those not opened yet alike."""
    from django.utils.translation import get_language

    return span.label("en" if (get_language() or "vi").startswith("en") else "vi")


class Period(models.Model):
    """A reporting period (kỳ báo cáo); cut-off and deadlines per Nghị định 09/2019."""

    code = models.CharField(_("mã kỳ"), max_length=12, unique=True)
    kind = models.CharField(_("loại kỳ"), max_length=12, choices=PeriodKind.choices)
    start = models.DateField(_("từ ngày"))
    end = models.DateField(_("đến ngày"))
    data_from = models.DateField(_("số liệu từ ngày"))
    data_to = models.DateField(_("chốt số liệu ngày"))
    is_closed = models.BooleanField(
        _("đã khóa kỳ"), default=False, help_text=_("Không nhận thêm báo cáo cho kỳ này.")
    )

    objects = PeriodManager()

    class Meta:
        verbose_name = _("kỳ báo cáo")
        verbose_name_plural = _("kỳ báo cáo")
        ordering = ["-start", "kind"]

    def __str__(self):
        return self.label

    @property
    def span(self):
        return periods.parse(self.code)

    @property
    def label(self):
        return span_label(self.span)

    def deadline(self, unit):
        """The day the unit must have submitted: the regime's default for its level, or
        the nearest upper unit's own rule, or the unit's extension (see deadlines.py).
        For many units at once, use `Deadlines(period)`."""
        return self.due(unit).deadline

    def due(self, unit):
        return Deadlines(self).for_unit(unit)


class Status(models.TextChoices):
    DRAFT = "draft", _("Đang soạn")
    SUBMITTED = "submitted", _("Đã gửi, chờ duyệt")
    RETURNED = "returned", _("Bị trả lại")
    ACCEPTED = "accepted", _("Đã chấp nhận")


class SubmissionQuerySet(models.QuerySet):
    def for_user(self, user):
        """Reports of the units in the user's scope."""

        return self.filter(scope_for(user).q("unit__"))


class Submission(Revisioned):
    """A unit's report for one period: its tasks' progress, its targets' values and
    the narrative. Draft → submitted → accepted, or returned and submitted again."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.PROTECT, related_name="reports"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("kỳ báo cáo"), on_delete=models.PROTECT, related_name="submissions"
    )
    status = models.CharField(
        _("tình trạng"), max_length=10, choices=Status.choices, default=Status.DRAFT
    )
    version = models.PositiveIntegerField(_("lần gửi"), default=0)
    results = models.TextField(_("kết quả đạt được"), blank=True)
    shortcomings = models.TextField(_("hạn chế, khó khăn và nguyên nhân"), blank=True)
    next_steps = models.TextField(_("nhiệm vụ, giải pháp kỳ tới"), blank=True)
    proposals = models.TextField(_("đề xuất, kiến nghị"), blank=True)
    first_submitted_at = models.DateTimeField(_("gửi lần đầu lúc"), null=True, blank=True)
    submitted_at = models.DateTimeField(_("gửi lúc"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("xét duyệt lúc"), null=True, blank=True)
    return_reason = models.TextField(_("lý do trả lại"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = SubmissionQuerySet.as_manager()

    class Meta:
        verbose_name = _("báo cáo định kỳ")
        verbose_name_plural = _("báo cáo định kỳ")
        ordering = ["-period__start", "unit__path"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_report_per_period")
        ]
        indexes = [models.Index(fields=["period", "status"], name="submission_period_status")]

    def __str__(self):
        return f"{self.unit} — {self.period}"

    def get_absolute_url(self):
        return reverse("reporting:submission", args=[self.uid])

    @property
    def is_editable(self):
        return self.status in (Status.DRAFT, Status.RETURNED)

    def is_late(self, deadlines=None):
        """First sent after the deadline and grace; pass a `Deadlines` of the
        period when asking for many reports."""
        if self.first_submitted_at is None:
            return False
        from django.utils import timezone

        due = deadlines.for_unit(self.unit) if deadlines else self.period.due(self.unit)
        return timezone.localdate(self.first_submitted_at) > due.late_after


class TaskReport(models.Model):
    """Progress on one task in one report."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="tasks")
    task = models.ForeignKey(
        "programmes.Task", on_delete=models.CASCADE, related_name="period_reports"
    )
    progress = models.DecimalField(_("% hoàn thành"), max_digits=5, decimal_places=2)
    done = models.TextField(_("kết quả thực hiện"), blank=True)
    obstacles = models.TextField(_("khó khăn, vướng mắc"), blank=True)
    proposals = models.TextField(_("đề xuất"), blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "task"], name="one_progress_per_task"),
            models.CheckConstraint(
                condition=models.Q(progress__gte=0, progress__lte=100),
                name="taskreport_progress_range",
            ),
        ]

    def __str__(self):
        return f"{self.task_id}: {self.progress}%"


class TargetValue(models.Model):
    """The value of one target in one report (as of the period's cut-off)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="values")
    target = models.ForeignKey(
        "programmes.Target", on_delete=models.CASCADE, related_name="period_values"
    )
    value = models.DecimalField(_("giá trị"), max_digits=20, decimal_places=4)
    note = models.CharField(_("ghi chú"), max_length=300, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["submission", "target"], name="one_value_per_target")
        ]
        indexes = [models.Index(fields=["target", "submission"], name="targetvalue_target")]

    def __str__(self):
        return f"{self.target_id}={self.value}"


class Act(models.TextChoices):
    SUBMIT = "submit", _("Gửi báo cáo")
    RETURN = "return", _("Trả lại")
    ACCEPT = "accept", _("Chấp nhận")
    REOPEN = "reopen", _("Mở lại")


class SubmissionEvent(models.Model):
    """Every act on a report, with the report as it stood (a version)."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="events")
    act = models.CharField(_("việc"), max_length=10, choices=Act.choices)
    version = models.PositiveIntegerField(_("lần gửi"))
    by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    at = models.DateTimeField(_("lúc"))
    reason = models.TextField(_("lý do"), blank=True)
    snapshot = models.JSONField(_("nội dung báo cáo"), default=dict)

    class Meta:
        ordering = ["pk"]  # the order the acts were recorded in

    def __str__(self):
        return f"{self.submission_id} {self.act} v{self.version}"


class Exemption(models.Model):
    """A unit excused from reporting, for one period or (no period) until removed."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(
        Period, verbose_name=_("kỳ báo cáo"), null=True, blank=True, on_delete=models.CASCADE
    )
    reason = models.CharField(_("lý do"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("miễn báo cáo")
        verbose_name_plural = _("miễn báo cáo")

    def __str__(self):
        return f"{self.unit} — {self.reason}"


class DeadlineRule(models.Model):
    """An upper unit's own deadlines for the units under it, per period kind: days
    after the cut-off for each level (the lowest level first), and a grace period
    before a report counts as late. The nearest rule above a unit applies."""

    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị quy định"),
        on_delete=models.CASCADE,
        related_name="+",
    )
    kind = models.CharField(_("loại kỳ"), max_length=12, choices=PeriodKind.choices)
    offsets = models.JSONField(_("số ngày sau ngày chốt số liệu, theo cấp"), default=dict)
    grace_days = models.PositiveSmallIntegerField(_("số ngày gia hạn"), default=0)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("quy định thời hạn báo cáo")
        verbose_name_plural = _("quy định thời hạn báo cáo")
        constraints = [models.UniqueConstraint(fields=["unit", "kind"], name="one_rule_per_kind")]

    def __str__(self):
        return f"{self.unit} — {self.kind}"


class Extension(models.Model):
    """One unit allowed to report later for one period (a per-unit exception)."""

    unit = models.ForeignKey(
        "orgs.OrgUnit", verbose_name=_("đơn vị"), on_delete=models.CASCADE, related_name="+"
    )
    period = models.ForeignKey(Period, verbose_name=_("kỳ báo cáo"), on_delete=models.CASCADE)
    until = models.DateField(_("gia hạn đến ngày"))
    reason = models.CharField(_("lý do"), max_length=300)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        verbose_name = _("gia hạn báo cáo")
        verbose_name_plural = _("gia hạn báo cáo")
        constraints = [
            models.UniqueConstraint(fields=["unit", "period"], name="one_extension_per_period")
        ]

    def __str__(self):
        return f"{self.unit} — {self.period} — {self.until}"


def evidence_upload_to(instance, filename):
    return f"reports/{instance.submission.uid}/{filename}"


class Evidence(Attachment):
    """A file attached to a report as evidence (minutes, photos, a decision), for one
    task or the report as a whole."""

    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="files")
    task = models.ForeignKey(
        "programmes.Task",
        verbose_name=_("nhiệm vụ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    file = models.FileField(_("tệp"), upload_to=evidence_upload_to)

    class Meta(Attachment.Meta):
        verbose_name = _("minh chứng")
        verbose_name_plural = _("minh chứng")


# Deadlines of one period for many units: the regime's defaults (lib/periods.py),
# overridden by the nearest upper unit's rule for the period's kind, and by a unit's
# own extension. Two queries for any number of units.


@dataclass(frozen=True)
class Due:
    deadline: datetime.date  # the day the report is due
    late_after: datetime.date  # after this day it counts as late (deadline + grace)


class Deadlines:
    def __init__(self, period, *, rules=None, extensions=None):
        self.period = period
        if rules is None:
            rules = {
                path: (offsets, grace)
                for path, offsets, grace in DeadlineRule.objects.filter(
                    kind=period.kind
                ).values_list("unit__path", "offsets", "grace_days")
            }
        if extensions is None:
            extensions = dict(
                Extension.objects.filter(period=period).values_list("unit_id", "until")
            )
        self.rules = rules
        self.extensions = extensions

    @classmethod
    def of_periods(cls, periods, units=None):
        """{period pk: Deadlines} for several periods in two queries (not two each);
        `units` narrows the extensions read to those units."""
        periods = list(periods)
        rules: dict = {p.kind: {} for p in periods}
        for kind, path, offsets, grace in DeadlineRule.objects.filter(
            kind__in=list(rules)
        ).values_list("kind", "unit__path", "offsets", "grace_days"):
            rules[kind][path] = (offsets, grace)
        extensions: dict = {p.pk: {} for p in periods}
        wanted = Extension.objects.filter(period__in=periods)
        if units is not None:
            wanted = wanted.filter(unit__in=units)
        for period_id, unit_id, until in wanted.values_list("period_id", "unit_id", "until"):
            extensions[period_id][unit_id] = until
        return {p.pk: cls(p, rules=rules[p.kind], extensions=extensions[p.pk]) for p in periods}

    def rule_for(self, unit):
        """The nearest rule of a unit above this one (a unit never sets its own):
        (offsets, grace days)."""
        step = STEPLEN
        for end in range(len(unit.path) - step, 0, -step):
            found = self.rules.get(unit.path[:end])
            if found is not None:
                return found
        return {}, 0

    def for_unit(self, unit) -> Due:
        until = self.extensions.get(unit.pk)
        if until is not None:
            return Due(until, until)
        offsets, grace = self.rule_for(unit)
        deadline = self.period.span.deadline(unit.level, offsets or None)
        return Due(deadline, deadline + datetime.timedelta(days=grace))
