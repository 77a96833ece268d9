"""Shared models: attachments (abstract) and the background import job. Notifications
live in `trienkhai.notifications`."""

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _


class Attachment(models.Model):
    """A file attached to something (a document, a report, a bridge point): its name as
    uploaded, its size and who attached it. Subclasses add the owner and the `file`
    field with their folder; files are served only through the permission layer
    (core/attachments.py)."""

    name = models.CharField(_("tên tệp"), max_length=255)
    size = models.PositiveBigIntegerField(_("dung lượng"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, related_name="+"
    )
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        abstract = True
        ordering = ["uploaded_at"]

    def __str__(self):
        return self.name


class ImportJob(models.Model):
    """A large file to import, read by the background worker instead of the request
    (core/importjobs.py): its kind, who sent it, how far the job has gone, and at the end
    what it stored or, all or nothing, every row's problem."""

    class State(models.TextChoices):
        QUEUED = "queued", _("Đang chờ")
        RUNNING = "running", _("Đang nhập")
        DONE = "done", _("Đã nhập xong")
        FAILED = "failed", _("Không nhập được")

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_jobs"
    )
    kind = models.CharField(_("loại dữ liệu"), max_length=40)
    name = models.CharField(_("tên tệp"), max_length=255)
    file = models.FileField(_("tệp"), upload_to="imports/%Y/%m/")
    rows = models.PositiveIntegerField(_("số dòng"), default=0)
    # What the importer needs besides the file (the conference of bridge points).
    params = models.JSONField(_("tham số"), default=dict, blank=True)
    state = models.CharField(
        _("trạng thái"), max_length=10, choices=State.choices, default=State.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("tiến độ (%)"), default=0)
    step = models.CharField(_("đang làm"), max_length=300, blank=True)
    summary = models.TextField(_("kết quả"), blank=True)
    problems = models.JSONField(_("lỗi theo dòng"), default=list, blank=True)
    next_url = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(_("gửi lúc"), auto_now_add=True)
    finished_at = models.DateTimeField(_("xong lúc"), null=True, blank=True)

    class Meta:
        verbose_name = _("lần nhập tệp")
        verbose_name_plural = _("lần nhập tệp")
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.kind}: {self.name}"

    def get_absolute_url(self):
        return reverse("import-job", args=[self.uid])

    @property
    def is_finished(self):
        return self.state in (self.State.DONE, self.State.FAILED)
