"""The parameters of a report, read from codes (the command, the page, a stored job) and
checked against what the user may see: a unit in the user's scope, an opened period, a
programme the user may read. Refusals are `ValidationError`s by field, in Vietnamese."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from trienkhai.exports.kinds import kind_of


def parse(kind_key, *, unit=None, period=None, programme=None, user=None) -> dict:
    """Codes → objects: `unit` a unit code, `period` a period code ("2021Q4"),
    `programme` a document symbol or a programme uid. `user` None reads the whole tree
    (the command, run by the server's operator)."""
    from trienkhai.accounts.access import get_unit_for_user
    from trienkhai.orgs.models import OrgUnit
    from trienkhai.programmes.models import Programme
    from trienkhai.reporting.models import Period

    kind = kind_of(kind_key)
    errors = {}
    found = {}
    if not unit:
        errors["unit"] = _("Chọn đơn vị báo cáo.")
    elif user is None:
        found["unit"] = OrgUnit.objects.filter(code=str(unit).upper()).first()
        if found["unit"] is None:
            errors["unit"] = _("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": unit}
    else:
        try:
            found["unit"], _may = get_unit_for_user(user, unit)
        except Http404:
            errors["unit"] = _("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": unit}
    if not period:
        errors["period"] = _("Chọn kỳ báo cáo.")
    else:
        found["period"] = Period.objects.filter(code=str(period).upper()).first()
        if found["period"] is None:
            errors["period"] = _("Kỳ báo cáo “%(code)s” chưa được mở.") % {"code": period}
    if kind.needs_programme:
        if not programme:
            errors["programme"] = _("Chọn chương trình.")
        else:
            qs = Programme.objects.all() if user is None else Programme.objects.for_user(user)
            match = qs.filter(document__symbol=str(programme)).select_related("document", "unit")
            if not match.exists() and _looks_like_uid(programme):
                match = qs.filter(uid=programme).select_related("document", "unit")
            chosen = list(match[:2])
            if not chosen:
                errors["programme"] = _("Không tìm thấy chương trình “%(p)s”.") % {"p": programme}
            else:
                found["programmes"] = chosen[:1]
    if errors:
        raise ValidationError(errors)
    return found


def _looks_like_uid(text):
    import uuid

    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True
