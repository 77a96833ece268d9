"""Users belong to a unit and hold roles; what they may see is decided by their scope
(`orgs/scope.py`) and, object by object, in `access.py`."""

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords


class Role(models.TextChoices):
    ADMIN = "admin", _("Quản trị hệ thống")
    OFFICE = "office", _("Văn phòng")
    REPORTER = "reporter", _("Báo cáo viên")
    LEADER = "leader", _("Lãnh đạo")
    INSPECTOR = "inspector", _("Kiểm tra")


# Roles that change what belongs to their unit's subtree, and roles that write a unit's
# own plans, progress and reports; leaders and inspectors read.
EDITOR_ROLES = (Role.ADMIN, Role.OFFICE)
WRITER_ROLES = (Role.ADMIN, Role.OFFICE, Role.REPORTER)


class User(AbstractUser):
    unit = models.ForeignKey(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="users",
    )
    person = models.ForeignKey(
        "orgs.Person",
        verbose_name=_("cán bộ"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="users",
        help_text=_(
            "Các đơn vị được phân công phụ trách của cán bộ này được thêm vào phạm vi xem."
        ),
    )

    history = HistoricalRecords(excluded_fields=["password", "last_login"])

    class Meta:
        verbose_name = _("người dùng")
        verbose_name_plural = _("người dùng")

    @cached_property
    def role_set(self) -> frozenset:
        return frozenset(self.roles.values_list("role", flat=True))

    def has_role(self, *roles) -> bool:
        return self.is_superuser or bool(self.role_set.intersection(roles))

    def edits(self) -> bool:
        return self.has_role(*EDITOR_ROLES)

    def writes(self) -> bool:
        return self.has_role(*WRITER_ROLES)

    def assigned_paths(self) -> tuple[str, ...]:
        """Paths of the units the user's person is in charge of today (one query)."""
        if not self.person_id:
            return ()
        from trienkhai.orgs.models import Assignment

        return tuple(
            Assignment.objects.active_on()
            .filter(person_id=self.person_id)
            .values_list("unit__path", flat=True)
        )

    def read_paths(self) -> tuple[tuple[str, ...], tuple[str, ...]]:
        """(paths of the units the user's person is in charge of today, paths of the
        steering committees the user belongs to: its own unit, or a unit where its person
        holds a post today), read in one query. Without a person, the user's unit is read
        with whether it is a steering committee and kept as `user.unit`, so a request
        that loads the unit anyway pays nothing more."""
        from django.db.models import Exists, F, OuterRef, Q

        from trienkhai.orgs.models import Assignment, OrgUnit, Tenure

        if not self.person_id:
            if not self.unit_id:
                return (), ()
            cached = type(self).unit.is_cached(self)
            unit = OrgUnit.objects.annotate(steering_pk=F("steering__pk")).get(pk=self.unit_id)
            if not cached:
                self.unit = unit
            return (), ((unit.path,) if unit.steering_pk else ())
        assigned = Assignment.objects.active_on().filter(person_id=self.person_id)
        posts = Tenure.objects.active_on().filter(person_id=self.person_id)
        steers = Q(pk__in=posts.values("position__unit_id"))
        if self.unit_id:
            steers |= Q(pk=self.unit_id)
        rows = (
            OrgUnit.objects.filter(
                Q(pk__in=assigned.values("unit_id")) | Q(steers, steering__isnull=False)
            )
            .annotate(
                is_assigned=Exists(assigned.filter(unit_id=OuterRef("pk"))),
                holds=Exists(posts.filter(position__unit_id=OuterRef("pk"))),
            )
            .order_by()
            .values_list("pk", "path", "is_assigned", "holds", "steering__pk")
        )
        charge, steering = [], []
        for pk, path, is_assigned, holds, steering_pk in rows:
            if is_assigned:
                charge.append(path)
            if steering_pk and (holds or pk == self.unit_id):
                steering.append(path)
        return tuple(charge), tuple(steering)

    @property
    def role_labels(self):
        return [Role(r).label for r in sorted(self.role_set)]


class RoleGrant(models.Model):
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="roles")
    role = models.CharField(_("vai trò"), max_length=12, choices=Role.choices)

    history = HistoricalRecords()

    class Meta:
        verbose_name = _("vai trò")
        verbose_name_plural = _("vai trò")
        constraints = [models.UniqueConstraint(fields=["user", "role"], name="rolegrant_unique")]

    def __str__(self):
        return f"{self.user} — {self.get_role_display()}"
