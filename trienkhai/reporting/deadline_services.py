"""The writes of the deadlines page, one service each with its checks: a unit's own
deadline rule for the units under it, an extension for one unit and period, and an
exemption. Only the office of the unit (`may_change_owned`) sets them, and only for
units below its own."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.utils.translation import gettext as _

from trienkhai.accounts.access import may_change_owned
from trienkhai.core.bounds import check_dates
from trienkhai.lib import periods as regime
from trienkhai.orgs.models import OrgUnit
from trienkhai.reporting.models import DeadlineRule, Exemption, Extension, Period


def office_unit(user):
    """The unit whose deadlines `user` sets, or PermissionDenied."""
    unit = user.unit
    if unit is None or not may_change_owned(user, unit):
        raise PermissionDenied(_("Chỉ Văn phòng của đơn vị được quy định thời hạn báo cáo."))
    return unit


def _unit_below(unit, code):
    target = OrgUnit.objects.filter(code=str(code).strip().upper()).first()
    if target is None or not target.path.startswith(unit.path) or target.pk == unit.pk:
        raise ValidationError({"unit": _("Chỉ áp dụng cho đơn vị trực thuộc đơn vị của bạn.")})
    return target


def set_deadline_rule(user, *, kind, offsets, grace_days):
    """Days after the cut-off by level (each level after the one below it) and grace."""
    unit = office_unit(user)
    try:
        regime.check_offsets(offsets)
    except ValueError as exc:
        raise ValidationError(str(exc)) from None
    rule, _created = DeadlineRule.objects.update_or_create(
        unit=unit,
        kind=kind,
        defaults={"offsets": offsets, "grace_days": grace_days, "updated_by": user},
    )
    return rule


def grant_extension(user, *, unit, period, until, reason):
    """Until `until` (in the system's window) for the unit coded `unit` and `period`."""
    target = _unit_below(office_unit(user), unit)
    errors = {}
    check_dates(errors, until=until)
    if errors:
        raise ValidationError(errors)
    extension, _created = Extension.objects.update_or_create(
        unit=target,
        period=Period.objects.ensure(period),
        defaults={"until": until, "reason": reason, "created_by": user},
    )
    return extension


def exempt(user, *, unit, period, reason):
    """The unit coded `unit` owes no report for `period` (None: any, until lifted)."""
    target = _unit_below(office_unit(user), unit)
    exemption, _created = Exemption.objects.get_or_create(
        unit=target,
        period=Period.objects.ensure(period) if period else None,
        defaults={"reason": reason, "created_by": user},
    )
    return exemption
