"""The organisation tree: units, people, positions and who is in charge of what."""

import uuid

from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords
from treebeard.mp_tree import MP_Node, MP_NodeManager, MP_NodeQuerySet

from trienkhai.core import clock
from trienkhai.core.search import search_queryset, stored_key
from trienkhai.lib.vntext import nfc, search_key, sort_key_text
from trienkhai.orgs.scope import is_below, scope_for, subtree_q


class Kind(models.TextChoices):
    PARTY_COMMITTEE = "party_committee", _("Cấp ủy đảng")
    LEADING_BODY = "leading_body", _("Cơ quan lãnh đạo của cấp ủy")
    PARTY_ORG = "party_org", _("Tổ chức đảng")
    PARTY_CELL = "party_cell", _("Chi bộ")
    PEOPLES_COMMITTEE = "peoples_committee", _("Ủy ban nhân dân")
    AGENCY = "agency", _("Cơ quan, ban, sở, ngành")
    FATHERLAND_FRONT = "fatherland_front", _("Mặt trận Tổ quốc")
    MASS_ORG = "mass_org", _("Tổ chức chính trị - xã hội")
    OTHER = "other", _("Khác")


class Level(models.TextChoices):
    CENTRAL = "central", _("Trung ương")
    PROVINCE = "province", _("Cấp tỉnh")
    DISTRICT = "district", _("Cấp huyện")
    COMMUNE = "commune", _("Cấp xã")
    GRASSROOTS = "grassroots", _("Cơ sở")


# Children are listed by kind (leading bodies and advisory bodies first), then by name.
KIND_ORDER = [
    Kind.LEADING_BODY,
    Kind.AGENCY,
    Kind.PARTY_COMMITTEE,
    Kind.PARTY_ORG,
    Kind.PARTY_CELL,
    Kind.PEOPLES_COMMITTEE,
    Kind.FATHERLAND_FRONT,
    Kind.MASS_ORG,
    Kind.OTHER,
]


class OrgUnitQuerySet(MP_NodeQuerySet):
    def in_display_order(self):
        rank = models.Case(
            *[models.When(kind=k, then=models.Value(i)) for i, k in enumerate(KIND_ORDER)],
            default=models.Value(len(KIND_ORDER)),
        )
        return self.alias(kind_rank=rank).order_by("kind_rank", "sort_key")

    def for_user(self, user):
        """Units the user may see: its unit's subtree plus its assigned units' subtrees."""
        return self.filter(scope_for(user).q())

    def active_on(self, day=None):
        day = day or clock.today()
        return self.filter(
            Q(valid_from__isnull=True) | Q(valid_from__lte=day),
            Q(valid_to__isnull=True) | Q(valid_to__gte=day),
        )

    def under(self, unit, include_self=True):
        """The subtree of `unit` in one indexed prefix query on `path`."""
        qs = self.filter(subtree_q(unit.path))
        return qs if include_self else qs.exclude(pk=unit.pk)

    def by_parent(self, units):
        """[(parent or None for a unit at the top, [the units under it])] for many units,
        in their order, in one query."""
        groups = {}
        for unit in units:
            groups.setdefault(unit.parent_path, []).append(unit)
        parents = {u.path: u for u in self.filter(path__in=[p for p in groups if p])}
        return [(parents.get(path), group) for path, group in groups.items()]

    def parent_values(self, units, field):
        """{parent path: the parent's `field`} for many units, in one query."""
        paths = {u.parent_path for u in units if u.depth > 1}
        return dict(self.filter(path__in=paths).values_list("path", field))

    def search(self, query):
        """Diacritic- and tone-placement-insensitive search on name, short name and code."""
        return search_queryset(self, query)


class OrgUnitManager(MP_NodeManager.from_queryset(OrgUnitQuerySet)):
    def get_queryset(self):
        return OrgUnitQuerySet(self.model, using=self._db).order_by("path")


class OrgUnit(MP_Node):
    """A node of the tree: a Party committee, a cell, a people's committee, an agency...

    The materialised `path` (django-treebeard) makes "the subtree of X" a prefix
    query and "is X under Y" a string comparison.
    """

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    code = models.CharField(_("mã đơn vị"), max_length=40, unique=True)
    name = models.CharField(_("tên đơn vị"), max_length=255)
    short_name = models.CharField(_("tên viết tắt"), max_length=100, blank=True)
    kind = models.CharField(_("loại"), max_length=20, choices=Kind.choices, default=Kind.OTHER)
    level = models.CharField(_("cấp"), max_length=12, choices=Level.choices)
    admin_code = models.CharField(
        _("mã đơn vị hành chính"),
        max_length=10,
        blank=True,
        help_text=_("Mã của Tổng cục Thống kê cho địa bàn của đơn vị, nếu có."),
    )
    party_members = models.PositiveIntegerField(_("số đảng viên"), null=True, blank=True)
    valid_from = models.DateField(_("hiệu lực từ"), null=True, blank=True)
    valid_to = models.DateField(_("hiệu lực đến"), null=True, blank=True)
    successor = models.ForeignKey(
        "self",
        verbose_name=_("đơn vị kế thừa"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="predecessors",
    )
    established_by = models.ForeignKey(
        "documents.Document",
        verbose_name=_("văn bản thành lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="established_units",
    )
    is_sample = models.BooleanField(
        _("dữ liệu mẫu"),
        default=False,
        help_text=_("Số liệu không có trong nguồn chính thức, chỉ để minh họa."),
    )
    note = models.TextField(_("ghi chú"), blank=True)
    search_key = models.CharField(max_length=500, editable=False, db_index=False)
    sort_key = models.CharField(max_length=800, editable=False)

    objects = OrgUnitManager()
    # Tree bookkeeping (numchild) and derived keys change with every child added; the
    # history keeps what a person changed.
    history = HistoricalRecords(
        excluded_fields=["numchild", "search_key", "sort_key", "path", "depth"]
    )

    class Meta:
        verbose_name = _("đơn vị")
        verbose_name_plural = _("đơn vị")
        ordering = ["path"]
        # Subtree listing and "is X under Y" (path LIKE 'prefix%') use the unique index
        # on `path`, which Django doubles on PostgreSQL with a varchar_pattern_ops index
        # (`..._like`), so prefix queries are indexed whatever the database collation.
        indexes = [
            # Children of a node (depth = d+1 AND path BETWEEN ...) without scanning the
            # whole subtree of a province or of the centre.
            models.Index(fields=["depth", "path"], name="orgunit_depth_path"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=Q(valid_to__isnull=True)
                | Q(valid_from__isnull=True)
                | Q(valid_to__gte=models.F("valid_from")),
                name="orgunit_valid_range",
                violation_error_message=_("Ngày hết hiệu lực phải sau ngày bắt đầu hiệu lực."),
            ),
        ]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.prepare()
        super().save(*args, **kwargs)

    def prepare(self):
        """Normalise text and compute the search and sort keys (also used before bulk_create)."""
        self.name = nfc(self.name).strip()
        self.short_name = nfc(self.short_name or "").strip()
        self.code = (self.code or "").strip().upper()
        self.search_key = stored_key(f"{self.name} {self.short_name} {self.code}", 500)
        self.sort_key = sort_key_text(self.name)[:800]

    def get_absolute_url(self):
        return reverse("orgs:unit", args=[self.code])

    def is_active(self, day=None):
        day = day or clock.today()
        return (self.valid_from is None or self.valid_from <= day) and (
            self.valid_to is None or self.valid_to >= day
        )

    @property
    def parent_path(self):
        return self.path[: -self.steplen]

    def is_under(self, other):
        """True when self is `other` or one of its descendants."""
        return is_below(self.path, other.path)

    @property
    def is_inspection_commission(self) -> bool:
        """An Inspection Commission (Ủy ban Kiểm tra) of the committee above it: an advisory
        body whose name says so (the tree has no kind of its own for it)."""
        return self.kind == Kind.AGENCY and search_key(self.name).startswith("uy ban kiem tra")

    @property
    def display_name(self):
        return self.short_name or self.name


class PersonQuerySet(models.QuerySet):
    def for_user(self, user):
        """People holding (or having held) a position in a unit the user may see."""
        scope = scope_for(user)
        if scope.everything:
            return self
        held = Tenure.objects.filter(person=models.OuterRef("pk")).filter(
            scope.q("position__unit__")
        )
        return self.filter(models.Exists(held))

    def search(self, query):
        return search_queryset(self, query)


class Person(models.Model):
    """A cadre (cán bộ). Responsibility is given to positions; people hold them over time."""

    uid = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    full_name = models.CharField(_("họ và tên"), max_length=120)
    is_party_member = models.BooleanField(_("đảng viên"), default=True)
    email = models.EmailField(_("thư điện tử"), blank=True)
    phone = models.CharField(_("điện thoại"), max_length=30, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)
    search_key = models.CharField(max_length=200, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)

    objects = PersonQuerySet.as_manager()
    history = HistoricalRecords(excluded_fields=["search_key", "sort_key"])

    class Meta:
        verbose_name = _("cán bộ")
        verbose_name_plural = _("cán bộ")
        ordering = ["sort_key"]

    def __str__(self):
        return self.full_name

    def save(self, *args, **kwargs):
        self.full_name = nfc(self.full_name).strip()
        self.search_key = stored_key(self.full_name, 200)
        # Vietnamese lists sort people by given name (the last word) first.
        words = self.full_name.split()
        self.sort_key = sort_key_text(" ".join(words[-1:] + words[:-1]))[:400]
        super().save(*args, **kwargs)

    def get_absolute_url(self):
        return reverse("orgs:person", args=[self.uid])

    def current_tenures(self, day=None):
        return self.tenures.active_on(day).select_related("position__unit")


class Position(models.Model):
    """A post in a unit, e.g. "Bí thư" of Huyện ủy Hoằng Hóa. Tasks are given to positions."""

    unit = models.ForeignKey(
        OrgUnit, on_delete=models.CASCADE, related_name="positions", verbose_name=_("đơn vị")
    )
    title = models.CharField(_("chức vụ"), max_length=200)
    rank = models.PositiveSmallIntegerField(
        _("thứ tự"),
        default=100,
        help_text=_("Số nhỏ đứng trước (Bí thư trước Phó Bí thư)."),
    )
    is_standing_member = models.BooleanField(_("Ủy viên Ban Thường vụ"), default=False)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("chức vụ")
        verbose_name_plural = _("chức vụ")
        ordering = ["rank", "title"]
        constraints = [
            models.UniqueConstraint(fields=["unit", "title"], name="position_unique_title"),
        ]

    def __str__(self):
        return f"{self.title} {self.unit.name}"

    def holder(self, day=None):
        """The person holding the position on `day` (one query)."""
        tenure = self.tenures.active_on(day).select_related("person").first()
        return tenure.person if tenure else None


class DatedQuerySet(models.QuerySet):
    def active_on(self, day=None):
        day = day or clock.today()
        return self.filter(
            Q(start__isnull=True) | Q(start__lte=day),
            Q(end__isnull=True) | Q(end__gte=day),
        )


class Tenure(models.Model):
    """A person holding a position between two dates (nhiệm kỳ công tác)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="tenures")
    position = models.ForeignKey(Position, on_delete=models.CASCADE, related_name="tenures")
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("giữ chức vụ")
        verbose_name_plural = _("giữ chức vụ")
        ordering = ["position__rank", "-start"]

    def __str__(self):
        return f"{self.person} — {self.position}"


class Assignment(models.Model):
    """A Standing Committee member put in charge of a unit (phân công phụ trách).

    Users linked to the person see the unit's subtree as long as the assignment lasts.
    """

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="assignments")
    start = models.DateField(_("từ ngày"), null=True, blank=True)
    end = models.DateField(_("đến ngày"), null=True, blank=True)
    note = models.CharField(_("ghi chú"), max_length=255, blank=True)
    is_sample = models.BooleanField(_("dữ liệu mẫu"), default=False)

    objects = DatedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        verbose_name = _("phân công phụ trách")
        verbose_name_plural = _("phân công phụ trách")
        constraints = [
            models.UniqueConstraint(fields=["person", "unit", "start"], name="assignment_unique"),
        ]

    def __str__(self):
        return f"{self.person} phụ trách {self.unit}"
