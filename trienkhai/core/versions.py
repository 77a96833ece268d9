"""Edits made on an old version are refused, never written over someone else's work.

An editable object (`Revisioned`) counts its saves in `revision`. A form carries the
revision it was opened at, the API the ETag it read (If-Match); the service that writes
re-reads the object under a lock and calls `check()`: when another save came in between,
it raises `Stale`, naming each part that now differs from what this user sent and what
it holds now, and nothing is written. The page shows that beside the user's own text,
which stays in the form, with the form moved to the new revision: saving again after
merging is a deliberate choice. The API answers 412 with the same parts.
"""

import datetime
from decimal import Decimal

from django import forms
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class Revisioned(models.Model):
    """A model whose every save counts one revision, from the number stored (not the
    one this copy was read with: a copy read earlier never saves back an old number)."""

    revision = models.PositiveIntegerField(gettext_lazy("phiên bản"), default=0, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        stored = None
        if not self._state.adding:
            rows = type(self)._base_manager.filter(pk=self.pk).values_list("revision", flat=True)
            stored = rows.first()
        self.revision = (stored or 0) + 1
        if kwargs.get("update_fields") is not None:
            kwargs["update_fields"] = {*kwargs["update_fields"], "revision"}
        super().save(*args, **kwargs)

    @property
    def etag(self) -> str:
        return etag(self.revision)


def etag(revision) -> str:
    """The HTTP entity tag of a revision, as the API answers it and If-Match sends it."""
    return f'"{revision}"'


def parse(raw):
    """The revision a form or an If-Match header was based on: None when none was sent
    (the write is then not checked); a Vietnamese refusal when it is not one."""
    if raw is None or str(raw).strip() in ("", "*"):
        return None
    text = str(raw).strip().removeprefix("W/").strip('"')
    if not (text.isascii() and text.isdigit()):
        raise ValidationError(
            _("Phiên bản gửi kèm không hợp lệ; hãy tải lại trang rồi làm lại."), code="invalid"
        )
    return int(text)


def same(stored, sent) -> bool:
    """Equal as a reader sees them: text compared with its spacing collapsed."""
    if isinstance(stored, str) or isinstance(sent, str):
        return " ".join(str(stored or "").split()) == " ".join(str(sent or "").split())
    return stored == sent


class Stale(ValidationError):
    """Another save came in after the one this edit was based on. `changes` lists
    (field, label, what is stored now) for each part that differs from what was sent."""

    def __init__(self, current, changes):
        self.current = current
        self.changes = changes
        when = timezone.localtime(getattr(current, "updated_at", None) or timezone.now())
        parts = ", ".join(str(label) for _field, label, _now in changes)
        message = _(
            "Trong lúc bạn sửa, bản này đã được lưu ở nơi khác (lúc %(time)s). Chưa lưu gì "
            "của bạn; nội dung bạn nhập vẫn còn trong biểu mẫu."
        ) % {"time": when.strftime("%H:%M:%S %d/%m/%Y")}
        if parts:
            message += " " + _(
                "Phần khác với bản đang lưu: %(parts)s. Hãy đối chiếu, rồi lưu lại."
            ) % {"parts": parts}
        else:
            message += " " + _("Hãy xem lại rồi lưu lại.")
        super().__init__(message, code="stale")


def check(current, based_on, sent=None, labels=None, changes=None):
    """Refuse (`Stale`) a write based on a revision other than `current`'s, which the
    caller has just read under a lock. `sent` maps field -> value as this user sent it;
    `labels` maps field -> its label (the model's verbose names by default); an object
    made of several tables passes `changes`, a function that lists them itself."""
    if based_on is None or based_on == current.revision:
        return
    if changes is not None:
        raise Stale(current, changes())
    labels = labels or {}
    changes = []
    for field, value in (sent or {}).items():
        try:
            model_field = current._meta.get_field(field)
        except FieldDoesNotExist:
            continue
        if model_field.many_to_many or field == "revision":
            continue
        now = getattr(current, field, None)
        if not same(now, value):
            changes.append((field, labels.get(field) or model_field.verbose_name, now))
    raise Stale(current, changes)


def lock_and_check(obj, based_on, sent, labels=None):
    """Inside the writing transaction: lock `obj`'s row and refuse (`Stale`) when it was
    saved since `based_on`. `sent` is what this write sets (field -> value)."""
    if based_on is None or obj.pk is None:
        return
    current = type(obj)._base_manager.select_for_update().get(pk=obj.pk)
    check(current, based_on, sent, labels)


def shown(value):
    """A stored value as a reader would write it, for the parts a refusal names."""
    from trienkhai.lib.vnformat import format_date, format_number

    if value is None or value == "":
        return _("(để trống)")
    if isinstance(value, datetime.date):
        return format_date(value)
    if isinstance(value, Decimal):
        return format_number(value, trim=True)
    return str(value)


class VersionedForm(forms.Form):
    """A form field that carries the revision the page was opened at (hidden). Mixed
    into a ModelForm; the view passes `form.based_on` to the service."""

    revision = forms.IntegerField(required=False, min_value=0, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        instance = getattr(self, "instance", None)
        if instance is not None and instance.pk is not None:
            self.fields["revision"].initial = instance.revision

    @property
    def based_on(self):
        return getattr(self, "cleaned_data", {}).get("revision")


def show_stale(form, exc):
    """A stale write on its form: the message at the top, what is stored now beside each
    part that differs, the user's input kept, and the form moved to the new revision (so
    saving again, after merging, is a deliberate choice)."""
    data = form.data.copy()
    data[form.add_prefix("revision")] = str(exc.current.revision)
    form.data = data
    form.add_error(None, exc.messages[0])
    for field, _label, now in exc.changes:
        if field in form.fields:
            form.add_error(field, _("Bản đang lưu: %(now)s") % {"now": shown(now)})
