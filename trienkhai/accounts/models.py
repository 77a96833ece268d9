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
