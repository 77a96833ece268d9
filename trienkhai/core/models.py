"""In-app notifications (reminders and the like)."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Notification(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications"
    )
    text = models.CharField(_("nội dung"), max_length=500)
    url = models.CharField(max_length=300, blank=True)
    # One reminder per user, subject and day however often the daily command runs.
    key = models.CharField(max_length=120)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("thông báo")
        verbose_name_plural = _("thông báo")
        ordering = ["-created_at"]
        constraints = [models.UniqueConstraint(fields=["user", "key"], name="notification_once")]
        indexes = [
            # The unread list on the home page.
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_unread"),
        ]

    def __str__(self):
        return self.text


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
