"""A report asked for on a page: what was asked, by whom, how far the background job has
gone and the file it wrote. The job's own row (django-tasks-db) can be pruned; this one
is what the user sees."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class State(models.TextChoices):
    QUEUED = "queued", _("Đang chờ")
    RUNNING = "running", _("Đang tạo")
    DONE = "done", _("Đã xong")
    FAILED = "failed", _("Không tạo được")


class Export(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="exports"
    )
    kind = models.CharField(_("loại báo cáo"), max_length=40)
    fmt = models.CharField(_("định dạng"), max_length=8)
    # The codes asked for (unit, period, programme): read again by the job, so a
    # restarted worker builds the same report.
    params = models.JSONField(_("tham số"), default=dict)
    title = models.CharField(_("tên"), max_length=500, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    step = models.CharField(_("đang làm"), max_length=300, blank=True)
    error = models.TextField(_("lý do không tạo được"), blank=True)
    file = models.FileField(_("tệp"), upload_to="exports/%Y/%m/", blank=True)
    filename = models.CharField(_("tên tệp"), max_length=200, blank=True)
    task_id = models.CharField(max_length=64, blank=True)
    attempts = models.PositiveSmallIntegerField(_("số lần chạy"), default=0)
    created_at = models.DateTimeField(_("yêu cầu lúc"), auto_now_add=True)
    started_at = models.DateTimeField(_("bắt đầu lúc"), null=True, blank=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("báo cáo xuất ra")
        verbose_name_plural = _("báo cáo xuất ra")
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["requested_by", "-created_at"])]

    def __str__(self):
        return self.title or self.kind

    def get_absolute_url(self):
        return reverse("exports:detail", args=[self.uid])

    @property
    def is_finished(self):
        return self.state in (State.DONE, State.FAILED)
