"""Conferences with their bridge points, head counts and delegate check-ins."""

import hashlib
import secrets
import uuid

from django.conf import settings
from django.core.cache import cache
from django.db import models
from django.db.models import Q, Sum
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trienkhai.core import clock
from trienkhai.core.models import Attachment
from trienkhai.lib.vntext import search_key, sort_key_text
from trienkhai.orgs.scope import in_scope_or_above, scope_for


class Form(models.TextChoices):
    IN_PERSON = "in_person", _("Trực tiếp")
    ONLINE = "online", _("Trực tuyến")
    BOTH = "both", _("Trực tiếp kết hợp trực tuyến")


class PointLevel(models.TextChoices):
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    VILLAGE = "village", _("Thôn, tổ dân phố")


class ConferenceQuerySet(models.QuerySet):
    def for_user(self, user):
        """Conferences organised in the user's scope or above it (lower units join them)."""

        return in_scope_or_above(self, user, "organiser")


class Conference(models.Model):
    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    title = models.CharField(_("tên hội nghị"), max_length=500)
    organiser = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị tổ chức"),
        on_delete=models.PROTECT,
        related_name="conferences",
    )
    organ = models.CharField(
        _("cơ quan chủ trì"),
        max_length=200,
        blank=True,
        help_text=_("Ví dụ: Ban Thường vụ Tỉnh ủy"),
    )
    starts_at = models.DateTimeField(_("bắt đầu"))
    ends_at = models.DateTimeField(_("kết thúc"), null=True, blank=True)
    form = models.CharField(
        _("hình thức"), max_length=10, choices=Form.choices, default=Form.ONLINE
    )
    documents = models.ManyToManyField(
        "documents.Document", blank=True, verbose_name=_("văn bản học tập, quán triệt")
    )
    presiding = models.TextField(_("chủ trì"), blank=True)
    agenda = models.TextField(_("chương trình hội nghị"), blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = ConferenceQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("hội nghị")
        verbose_name_plural = _("hội nghị")
        ordering = ["-starts_at"]

    def __str__(self):
        return self.title

    def save(self, *args, **kwargs):
        adding = self._state.adding
        super().save(*args, **kwargs)
        if not adding:  # its points carry it in the check-in cache: read it afresh
            codes = self.points.values_list("code", flat=True)
            cache.delete_many([point_cache_key(c) for c in codes])

    def get_absolute_url(self):
        return reverse("conferences:detail", args=[self.uid])

    def has_started(self, now=None):
        return (now or clock.now()) >= self.starts_at


def point_cache_key(code):
    """Where the check-in path keeps a point for a moment (services.point_for_code)."""
    return f"tk:point:{code}"


def new_point_code():
    """A short code for the point's QR link, without look-alike characters."""
    alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"
    return "".join(secrets.choice(alphabet) for _i in range(8))


# The one meaning of "a point has reported", for every count on every page: it has sent
# its head count, or it counts by check-in and its first delegate has checked in.
REPORTED = Q(reported_at__isnull=False) | Q(uses_check_in=True, connected_at__isnull=False)


class PointQuerySet(models.QuerySet):
    def for_user(self, user):
        """Points hosted in the user's scope; the organiser's users see every point."""

        scope = scope_for(user)
        if scope.everything:
            return self
        return self.filter(scope.q("host__") | scope.q("conference__organiser__"))

    def totals(self):
        """Points registered, connected, reported and delegates present (reported head
        counts, plus check-ins where a point counts by check-in): two aggregate queries."""
        counts = self.aggregate(
            points=models.Count("pk"),
            connected=models.Count("pk", filter=Q(connected_at__isnull=False)),
            reported=models.Count("pk", filter=REPORTED),
            reported_delegates=Sum("present", filter=Q(uses_check_in=False), default=0),
        )
        checked = CheckIn.objects.filter(point__in=self.filter(uses_check_in=True)).count()
        counts["delegates"] = counts.pop("reported_delegates") + checked
        return counts


class BridgePoint(models.Model):
    """A bridge point (điểm cầu) of a conference, hosted by a unit."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="points")
    host = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị chủ trì điểm cầu"),
        on_delete=models.PROTECT,
        related_name="bridge_points",
    )
    district = models.ForeignKey(
        "orgs.OrgUnit",
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
        editable=False,
        help_text="The district-level unit above the host, for totals.",
    )
    name = models.CharField(_("tên điểm cầu"), max_length=300)
    # `lib.vntext.sort_key_text(name)`, so lists order points the Vietnamese way.
    sort_key = models.CharField(max_length=910, editable=False, default="")
    level = models.CharField(_("cấp"), max_length=10, choices=PointLevel.choices)
    address = models.CharField(_("địa chỉ"), max_length=300, blank=True)
    person_in_charge = models.CharField(_("người phụ trách"), max_length=200, blank=True)
    capacity = models.PositiveIntegerField(_("sức chứa"), null=True, blank=True)
    is_main = models.BooleanField(_("điểm cầu chính"), default=False)
    code = models.CharField(max_length=12, unique=True, default=new_point_code, editable=False)
    uses_check_in = models.BooleanField(
        _("đếm theo điểm danh"),
        default=False,
        help_text=_("Số đại biểu của điểm cầu là số người điểm danh bằng mã QR."),
    )
    is_open = models.BooleanField(_("đang mở điểm danh"), default=True)
    connected_at = models.DateTimeField(_("kết nối lúc"), null=True, blank=True)
    committee_members = models.PositiveIntegerField(_("cấp ủy viên"), default=0)
    party_members = models.PositiveIntegerField(_("đảng viên"), default=0)
    officials = models.PositiveIntegerField(_("cán bộ, công chức"), default=0)
    others = models.PositiveIntegerField(_("thành phần khác"), default=0)
    # The reported head count; points that count by check-in are counted from CheckIn
    # rows at read time, so a burst of check-ins never queues on this row's lock.
    present = models.PositiveIntegerField(_("số đại biểu"), default=0, editable=False)
    reported_at = models.DateTimeField(_("báo cáo lúc"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = PointQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["present", "sort_key"])

    class Meta:
        verbose_name = _("điểm cầu")
        verbose_name_plural = _("điểm cầu")
        ordering = ["-is_main", "level", "sort_key"]
        indexes = [
            # Live totals by district and level of one conference.
            models.Index(fields=["conference", "district", "level"], name="point_totals"),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.sort_key = sort_key_text(self.name or "")
        if self.host_id and (self.district_id is None or self._state.adding):
            self.district = district_of(self.host)
        if not self.uses_check_in:
            self.present = (
                self.committee_members + self.party_members + self.officials + self.others
            )
        super().save(*args, **kwargs)
        cache.delete(point_cache_key(self.code))  # closed or changed: read afresh

    def get_absolute_url(self):
        return reverse("conferences:point", args=[self.uid])


def points_by_name(conference):
    """{folded name: point} of a conference: names that differ only in diacritics, case
    or spacing name the same point, and a conference has one point of a name."""
    return {search_key(p.name): p for p in conference.points.only("pk", "uid", "name", "host")}


def district_of(unit):
    """The district-level unit at or above `unit`, for totals by district (one query)."""
    from trienkhai.orgs.models import Level, OrgUnit

    if unit.level == Level.DISTRICT:
        return unit
    return OrgUnit.objects.get_ancestors(unit).filter(level=Level.DISTRICT).last()


def delegate_key(name, unit_text, personal_code=""):
    """The same delegate however often the page is sent: a personal code, or the name
    and unit folded (no diacritics, case or spacing differences)."""
    raw = personal_code.strip().upper() or f"{search_key(name)}|{search_key(unit_text)}"
    return hashlib.sha256(raw.encode()).hexdigest()[:40]


def name_key(name):
    """A delegate's name folded as in `delegate_key`, to find others of the same name."""
    folded = search_key(name or "")
    return hashlib.sha256(f"name|{folded}".encode()).hexdigest()[:40] if folded else ""


def device_key(device_id):
    """What is stored of a phone's device id (the check-in page's cookie, or the API's
    `device_id`): a digest, so the rows never hold the value a phone sends."""
    device_id = (device_id or "").strip()
    return hashlib.sha256(f"device|{device_id}".encode()).hexdigest()[:40] if device_id else ""


class CheckIn(models.Model):
    conference = models.ForeignKey(Conference, on_delete=models.CASCADE, related_name="check_ins")
    point = models.ForeignKey(BridgePoint, on_delete=models.CASCADE, related_name="check_ins")
    # Who the delegate is: the account of a member signed in ("user:<id>"), a personal
    # code, or the name and unit folded (`delegate_key`).
    key = models.CharField(max_length=40)
    name = models.CharField(_("họ và tên"), max_length=120)
    name_key = models.CharField(max_length=40, blank=True, default="", editable=False)
    unit_text = models.CharField(_("đơn vị công tác"), max_length=200, blank=True)
    # The phone the delegate checked in from (`device_key`); empty when it sent none.
    device = models.CharField(max_length=40, blank=True, default="", editable=False)
    is_party_member = models.BooleanField(_("đảng viên"), default=False)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("điểm danh")
        verbose_name_plural = _("điểm danh")
        constraints = [
            # A delegate is counted once per conference, whichever point and however often.
            models.UniqueConstraint(fields=["conference", "key"], name="checkin_once"),
            # One name from one phone is one delegate, whatever unit it types next time.
            models.UniqueConstraint(
                fields=["conference", "name_key", "device"],
                condition=~Q(device="") & ~Q(name_key=""),
                name="checkin_once_per_device",
            ),
        ]
        indexes = [
            # Others of the same name, when a check-in meets one (services.check_in).
            models.Index(fields=["conference", "name_key"], name="checkin_same_name"),
        ]

    def __str__(self):
        return f"{self.name} @ {self.point_id}"


class PollKind(models.TextChoices):
    SINGLE = "single", _("Chọn một")
    MULTIPLE = "multiple", _("Chọn nhiều")
    RATING = "rating", _("Thang điểm 1–5")
    TEXT = "text", _("Ý kiến tự do")


class PollQuerySet(models.QuerySet):
    def for_user(self, user):
        """Polls of visible conferences, and standalone polls of units in scope or above."""

        return in_scope_or_above(self, user, "owner")


class Poll(models.Model):
    """An opinion poll (thăm dò ý kiến), attached to a conference or standing alone."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    owner = models.ForeignKey(
        "orgs.OrgUnit", on_delete=models.PROTECT, related_name="polls", verbose_name=_("đơn vị")
    )
    conference = models.ForeignKey(
        Conference,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="polls",
        verbose_name=_("hội nghị"),
    )
    question = models.CharField(_("câu hỏi"), max_length=500)
    kind = models.CharField(
        _("loại câu hỏi"), max_length=10, choices=PollKind.choices, default=PollKind.SINGLE
    )
    opens_at = models.DateTimeField(_("mở lúc"))
    closes_at = models.DateTimeField(_("đóng lúc"))
    anonymous = models.BooleanField(_("ẩn danh"), default=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = PollQuerySet.as_manager()

    class Meta:
        verbose_name = _("thăm dò ý kiến")
        verbose_name_plural = _("thăm dò ý kiến")
        ordering = ["-opens_at"]

    def __str__(self):
        return self.question

    def get_absolute_url(self):
        return reverse("conferences:poll", args=[self.uid])

    def is_open(self, now=None):
        now = now or clock.now()
        return self.opens_at <= now <= self.closes_at


class PollChoice(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="choices")
    order = models.PositiveSmallIntegerField(default=1)
    text = models.CharField(_("phương án"), max_length=300)

    class Meta:
        ordering = ["order", "pk"]

    def __str__(self):
        return self.text


class PollAnswer(models.Model):
    poll = models.ForeignKey(Poll, on_delete=models.CASCADE, related_name="answers")
    # The respondent: a delegate's key (as for check-in) or a user; one answer each.
    key = models.CharField(max_length=40)
    name = models.CharField(max_length=120, blank=True)  # empty for anonymous polls
    choices = models.ManyToManyField(PollChoice, blank=True, related_name="answers")
    rating = models.PositiveSmallIntegerField(null=True, blank=True)
    text = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["poll", "key"], name="pollanswer_once")]

    def __str__(self):
        return f"{self.poll_id}: {self.key[:8]}"


def point_file_upload_to(instance, filename):
    return f"conferences/points/{instance.point.uid}/{filename}"


class PointFile(Attachment):
    """A bridge point's list of delegates (or minutes), attached by the host unit."""

    point = models.ForeignKey(BridgePoint, on_delete=models.CASCADE, related_name="files")
    file = models.FileField(_("tệp"), upload_to=point_file_upload_to)

    class Meta(Attachment.Meta):
        verbose_name = _("danh sách đại biểu")
        verbose_name_plural = _("danh sách đại biểu")
