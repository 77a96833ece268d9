"""Steering committees (Ban Chỉ đạo): a unit of the tree set up by a committee's decision
to oversee some of its programmes and breakthroughs (715-QĐ/TU: the six key programmes
and the three breakthroughs of the 19th Congress). Its members are the people holding a
current post (`orgs.Position` / `Tenure`) in its unit; they read the subtree of the
committee above it (`orgs/scope.py`), and its page (`dashboards/steering.py`) shows every
programme it oversees on one screen."""

from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _
from simple_history.models import HistoricalRecords

from trienkhai.orgs.models import Tenure
from trienkhai.orgs.scope import scope_for


class SteeringQuerySet(models.QuerySet):
    def for_user(self, user):
        """The steering committees whose unit the user sees."""
        return self.filter(scope_for(user).q("unit__"))

    def of_member(self, user, day=None):
        """The steering committees the user belongs to: its own unit, or a unit where its
        person holds a post on the day (one query)."""
        q = models.Q(unit_id=user.unit_id) if user.unit_id else models.Q(pk__in=[])
        if user.person_id:
            posts = Tenure.objects.active_on(day).filter(person_id=user.person_id)
            q |= models.Q(unit__in=posts.values("position__unit_id"))
        return self.filter(q)


class Steering(models.Model):
    unit = models.OneToOneField(
        "orgs.OrgUnit",
        verbose_name=_("đơn vị"),
        on_delete=models.CASCADE,
        related_name="steering",
        help_text=_("Đơn vị Ban Chỉ đạo trong cây tổ chức; thành viên là người giữ chức vụ ở đó."),
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("quyết định thành lập"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="steerings",
    )
    programmes = models.ManyToManyField(
        "programmes.Programme",
        verbose_name=_("chương trình, khâu đột phá chỉ đạo"),
        blank=True,
        related_name="steerings",
    )

    objects = SteeringQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[programmes])

    class Meta:
        verbose_name = _("ban chỉ đạo")
        verbose_name_plural = _("ban chỉ đạo")
        ordering = ["unit__path"]

    def __str__(self):
        return self.unit.name

    def get_absolute_url(self):
        return reverse("dashboards:steering", args=[self.unit.code])

    @property
    def code(self):
        return self.unit.code
