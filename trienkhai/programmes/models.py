"""Programmes, breakthroughs and plans; their objectives, targets and tasks; and the
cascade: which units must concretise an upper programme into their own plan."""

import datetime
import uuid
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from simple_history.utils import bulk_update_with_history

from trienkhai.core import clock
from trienkhai.core.versions import Revisioned
from trienkhai.lib import taskstatus
from trienkhai.lib.rollup import Direction, Rule
from trienkhai.orgs.scope import in_scope_or_above, scope_for


class ProgrammeKind(models.TextChoices):
    KEY = "key", _("Chương trình trọng tâm")
    BREAKTHROUGH = "breakthrough", _("Khâu đột phá")
    PLAN = "plan", _("Kế hoạch thực hiện")


class ProgrammeQuerySet(models.QuerySet):
    def for_user(self, user):

        return in_scope_or_above(self, user, "unit")


class Programme(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    kind = models.CharField(_("loại"), max_length=12, choices=ProgrammeKind.choices)
    title = models.CharField(_("tên"), max_length=500)
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản ban hành"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="programmes",
    )
    start_year = models.PositiveSmallIntegerField(_("từ năm"))
    end_year = models.PositiveSmallIntegerField(_("đến năm"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("thực hiện chương trình"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="plans",
    )
    report_every = models.CharField(
        _("báo cáo định kỳ theo"),
        max_length=12,
        choices=[("month", _("Tháng")), ("quarter", _("Quý"))],
        default="quarter",
        help_text=_(
            "Kỳ báo cáo thường xuyên của chương trình; báo cáo 6 tháng, 9 tháng và năm "
            "bao gồm mọi chương trình. Kế hoạch thực hiện theo chương trình cấp trên."
        ),
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ProgrammeQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chương trình")
        verbose_name_plural = _("chương trình")
        ordering = ["unit__path", "kind", "title"]
        constraints = [
            models.CheckConstraint(
                condition=Q(end_year__gte=models.F("start_year")), name="programme_years"
            ),
            # One implementing plan per unit for an upper programme.
            models.UniqueConstraint(fields=["parent", "unit"], name="programme_one_plan_per_unit"),
        ]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        """Implementing plans report on their upper programme's cycle; a change of the
        cycle reaches every plan below."""
        if self.parent_id:
            self.report_every = self.parent.report_every
            super().save(*args, **kwargs)
            return  # a plan takes its cycle from above; only a top programme sets one
        super().save(*args, **kwargs)
        level = [self.pk]
        while level:
            below = list(Programme.objects.filter(parent_id__in=level))
            changed = [p for p in below if p.report_every != self.report_every]
            for plan in changed:
                plan.report_every = self.report_every
            # Each plan's change of cycle is in its history (a plain update() is not).
            bulk_update_with_history(
                changed,
                Programme,
                ["report_every"],
                default_change_reason="Theo kỳ báo cáo của chương trình cấp trên",
            )
            level = [p.pk for p in below]

    def get_absolute_url(self):
        return reverse("programmes:detail", args=[self.uid])

    @property
    def span(self):
        return f"{self.start_year}-{self.end_year}"

    def clean(self):
        if self.start_year and self.end_year and self.end_year < self.start_year:
            raise ValidationError({"end_year": _("Năm kết thúc phải từ năm bắt đầu trở đi.")})
        if self.parent_id and self.unit_id:
            upper = self.parent.unit
            if not (self.unit.path.startswith(upper.path) and self.unit.pk != upper.pk):
                raise ValidationError(
                    {"parent": _("Chỉ được cụ thể hóa chương trình của đơn vị cấp trên.")}
                )


class Objective(models.Model):
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="objectives")
    order = models.PositiveSmallIntegerField(_("thứ tự"), default=1)
    text = models.TextField(_("mục tiêu"))
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    class Meta:
        verbose_name = _("mục tiêu")
        verbose_name_plural = _("mục tiêu")
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text[:80]


class ValueType(models.TextChoices):
    NUMBER = "number", _("Số")
    PERCENT = "percent", _("Tỷ lệ %")
    BOOLEAN = "boolean", _("Có/không")


class Target(Revisioned):
    """A target (chỉ tiêu) with its indicator definition and how it rolls up the tree."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="targets")
    objective = models.ForeignKey(
        Objective,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="targets",
        verbose_name=_("mục tiêu"),
    )
    code = models.CharField(_("mã"), max_length=20)
    name = models.CharField(_("chỉ tiêu"), max_length=300)
    unit_of_measure = models.CharField(_("đơn vị tính"), max_length=40, blank=True)
    value_type = models.CharField(
        _("kiểu giá trị"), max_length=8, choices=ValueType.choices, default=ValueType.NUMBER
    )
    direction = models.CharField(
        _("chiều tốt"),
        max_length=6,
        default=Direction.HIGHER,
        choices=[
            (Direction.HIGHER, _("càng cao càng tốt")),
            (Direction.LOWER, _("càng thấp càng tốt")),
        ],
    )
    aggregation = models.CharField(
        _("cách tổng hợp"),
        max_length=20,
        default=Rule.SUM,
        choices=[
            (Rule.SUM, _("Cộng")),
            (Rule.AVERAGE, _("Trung bình")),
            (Rule.WEIGHTED_AVERAGE, _("Trung bình có trọng số")),
            (Rule.MIN, _("Nhỏ nhất")),
            (Rule.MAX, _("Lớn nhất")),
            (Rule.LATEST, _("Số mới nhất")),
            (Rule.COUNT_REACHED, _("Số đơn vị đạt")),
            (Rule.RATIO, _("Tỷ lệ tử số/mẫu số")),
        ],
    )
    numerator = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chỉ tiêu tử số"),
    )
    denominator = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("chỉ tiêu mẫu số"),
    )
    cumulative = models.BooleanField(
        _("cộng dồn cả nhiệm kỳ"),
        default=False,
        help_text=_("Có: giá trị cả giai đoạn là tổng các kỳ. Không: giá trị tại một thời điểm."),
    )
    annual_growth = models.BooleanField(_("tăng bình quân %/năm"), default=False)
    baseline_year = models.PositiveSmallIntegerField(_("năm gốc"), null=True, blank=True)
    baseline_value = models.DecimalField(
        _("giá trị năm gốc"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    end_value = models.DecimalField(
        _("kế hoạch cuối nhiệm kỳ"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    upper = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="lower_targets",
        verbose_name=_("chỉ tiêu của cấp trên"),
    )
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chỉ tiêu")
        verbose_name_plural = _("chỉ tiêu")
        ordering = ["programme", "code"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="target_unique_code"),
        ]

    def __str__(self):
        return f"{self.code}. {self.name}"

    def clean(self):
        if self.aggregation == Rule.RATIO and not (self.numerator_id and self.denominator_id):
            raise ValidationError(_("Chỉ tiêu tỷ lệ phải có chỉ tiêu tử số và chỉ tiêu mẫu số."))

    def planned(self, year):
        """The planned value for a year (one query unless plans were prefetched)."""
        for plan in self.plans.all():
            if plan.year == year:
                return plan.value
        return None


class TargetPlan(models.Model):
    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="plans")
    year = models.PositiveSmallIntegerField(_("năm"))
    value = models.DecimalField(_("kế hoạch"), max_digits=20, decimal_places=4)

    class Meta:
        ordering = ["year"]
        constraints = [models.UniqueConstraint(fields=["target", "year"], name="targetplan_unique")]

    def __str__(self):
        return f"{self.target.code} {self.year}: {self.value}"


class TaskQuerySet(models.QuerySet):
    def for_user(self, user):
        """Tasks of programmes in the user's scope; and, in the programmes of the units
        above, their own tasks and what was delegated to the user's units or to units
        above them, not what was delegated to sibling units. Joins rather than
        subqueries, so the planner can walk the deadline index."""

        scope = scope_for(user)
        if scope.everything:
            return self
        if not scope.roots:
            return self.none()
        above = scope.above
        upper = Q(programme__unit__path__in=above) & (
            Q(parent__isnull=True) | scope.q("lead_unit__") | Q(lead_unit__path__in=above)
        )
        return self.filter(scope.q("programme__unit__") | upper)

    def overdue(self, day=None):
        day = day or clock.today()
        return self.filter(completed_on__isnull=True, deadline__lt=day)


class Task(Revisioned):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="tasks")
    parent = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="subtasks",
        verbose_name=_("giao từ nhiệm vụ"),
    )
    title = models.CharField(_("nhiệm vụ, giải pháp"), max_length=500)
    lead_unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị chủ trì"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="led_tasks",
    )
    coordinating_units = models.ManyToManyField(
        "orgs.OrgUnit",
        blank=True,
        related_name="coordinated_tasks",
        verbose_name=_("đơn vị phối hợp"),
    )
    responsible_position = models.ForeignKey(
        "orgs.Position",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("chức vụ chịu trách nhiệm"),
    )
    responsible_person = models.ForeignKey(
        "orgs.Person",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="tasks",
        verbose_name=_("người chịu trách nhiệm"),
    )
    start = models.DateField(_("bắt đầu"), null=True, blank=True)
    deadline = models.DateField(_("hạn hoàn thành"), null=True, blank=True)
    expected_output = models.CharField(_("sản phẩm"), max_length=300, blank=True)
    progress = models.DecimalField(
        _("tiến độ (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    completed_on = models.DateField(_("ngày hoàn thành"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = TaskQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("nhiệm vụ")
        verbose_name_plural = _("nhiệm vụ")
        ordering = ["deadline", "pk"]
        indexes = [
            # The overdue list of a unit's tasks: open tasks by deadline.
            models.Index(fields=["lead_unit", "completed_on", "deadline"], name="task_unit_open"),
            models.Index(fields=["completed_on", "deadline"], name="task_open_deadline"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(start__isnull=True)
                | Q(deadline__isnull=True)
                | Q(deadline__gte=models.F("start")),
                name="task_deadline_after_start",
                violation_error_message=_("Hạn hoàn thành phải sau ngày bắt đầu."),
            ),
            models.CheckConstraint(
                condition=Q(progress__isnull=True) | Q(progress__gte=0, progress__lte=100),
                name="task_progress_range",
                violation_error_message=_("Tiến độ phải từ 0 đến 100%%."),
            ),
        ]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("programmes:task", args=[self.uid])

    def clean(self):
        if self.start and self.deadline and self.deadline < self.start:
            raise ValidationError({"deadline": _("Hạn hoàn thành phải sau ngày bắt đầu.")})
        ancestor, seen = self.parent, set()
        while ancestor is not None:
            if ancestor.pk == self.pk or ancestor.pk in seen:
                raise ValidationError({"parent": _("Giao nhiệm vụ tạo thành vòng lặp.")})
            seen.add(ancestor.pk)
            ancestor = ancestor.parent

    def effective_progress(self):
        """The reported progress, or, for a task delegated down, the progress rolled up
        from its sub-tasks (recursively; sub-tasks not yet reported count as 0). Uses
        prefetched `subtasks` where the caller prefetched them."""
        children = getattr(self, "_children", None)
        if children is None:
            children = list(self.subtasks.all())
        if not children:
            return self.progress
        return taskstatus.rolled_up_progress([(c.effective_progress(), None) for c in children])

    @property
    def has_subtasks(self):
        children = getattr(self, "_children", None)
        return bool(children) if children is not None else self.subtasks.exists()

    def status(self, today=None):
        """Derived from dates, progress (rolled up when delegated) and milestones."""
        return taskstatus.task_status(
            start=self.start,
            deadline=self.deadline,
            progress=self.effective_progress(),
            completed_on=self.completed_on,
            today=today or clock.today(),
            milestones=[
                taskstatus.MilestoneState(m.due, m.expected_progress, m.done_on)
                for m in self.milestones.all()
            ],
        )

    def missing_clears(self):
        """Which of the "5 rõ" the task lacks (person, work, time, result, responsibility)."""
        return taskstatus.missing_five_clears(
            has_responsible_person_or_position=bool(
                self.responsible_person_id or self.responsible_position_id
            ),
            has_title=bool(self.title.strip()),
            has_deadline=self.deadline is not None,
            has_expected_output=bool(self.expected_output.strip()),
            has_lead_unit=self.lead_unit_id is not None,
        )


def attach_descendants(tasks):
    """Load every task delegated below `tasks`, one query per level, onto `_children`,
    so that effective_progress() costs no further query however deep the delegation."""
    level = list(tasks)
    for task in level:
        task._children = []
    while level:
        by_id = {t.pk: t for t in level}
        children = list(
            Task.objects.filter(parent_id__in=by_id).only("pk", "parent_id", "progress")
        )
        for child in children:
            child._children = []
            by_id[child.parent_id]._children.append(child)
        level = children
    return tasks


class Milestone(models.Model):
    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="milestones")
    title = models.CharField(_("mốc"), max_length=300)
    due = models.DateField(_("thời hạn"))
    expected_progress = models.DecimalField(
        _("tiến độ dự kiến (%)"), max_digits=5, decimal_places=2, default=Decimal("0")
    )
    done_on = models.DateField(_("ngày đạt"), null=True, blank=True)

    class Meta:
        ordering = ["due"]

    def __str__(self):
        return f"{self.due}: {self.title}"


class ConcretisationQuerySet(models.QuerySet):
    def for_user(self, user):

        return in_scope_or_above(self, user, "unit")


class Concretisation(models.Model):
    """A unit must issue its own implementing plan for an upper programme by a date."""

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="concretisations"
    )
    unit = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.CASCADE, related_name="concretisations"
    )
    due = models.DateField(_("hạn ban hành"))

    objects = ConcretisationQuerySet.as_manager()

    class Meta:
        verbose_name = _("yêu cầu cụ thể hóa")
        verbose_name_plural = _("yêu cầu cụ thể hóa")
        constraints = [
            models.UniqueConstraint(fields=["programme", "unit"], name="concretisation_unique"),
        ]

    def __str__(self):
        return f"{self.unit} — {self.programme}"


class PlanState(models.TextChoices):
    ISSUED = "issued", _("Đã ban hành")
    LATE = "late", _("Ban hành muộn")
    MISSING = "missing", _("Chưa ban hành")
    OVERDUE = "overdue", _("Quá hạn, chưa ban hành")


def plan_state(due: datetime.date, plan, today=None) -> str:
    """Issued on time, issued late, or not yet (overdue once the due date has passed),
    as seen on `today`: a plan issued after that day was not yet issued then."""
    today = today or clock.today()
    issued = plan.document.issue_date if plan is not None and plan.document_id else None
    if plan is not None and issued is None:
        issued = timezone.localdate(plan.created_at)
    if issued is None or issued > today:
        return PlanState.OVERDUE if today > due else PlanState.MISSING
    return PlanState.ISSUED if issued <= due else PlanState.LATE
