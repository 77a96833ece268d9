"""Shared abstract models (attachments). Notifications live in `trienkhai.notifications`."""

from django.conf import settings
from django.db import models
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
