"""In-app notifications: reminders of what is due, late or returned, each at most once
per user and key (`notify.notify_once`); e-mail too when the user has an address."""

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
        db_table = "core_notification"  # where it was first created, in `core`
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
