"""The parameters of a report, read from codes (the command, the page, a stored job) and
checked against what the user may see: a unit in the user's scope, an opened period, a
programme the user may read. Refusals are `ValidationError`s by field, in Vietnamese."""

from django.core.exceptions import ValidationError
from django.http import Http404
from django.utils.translation import gettext as _

from trienkhai.exports.kinds import kind_of


def parse(
    kind_key, *, unit=None, period=None, programme=None, plan=None, case=None, user=None
) -> dict:
    """Codes → objects: `unit` a unit code, `period` a period code ("2021Q4"),
    `programme` a document symbol or a programme uid; `plan` and `case` the uid of an
    inspection plan or of a case, for the kinds made from them. `user` None reads the
    whole tree (the command, run by the server's operator)."""
    from trienkhai.accounts.access import get_unit_for_user
    from trienkhai.orgs.models import OrgUnit
    from trienkhai.programmes.models import Programme
    from trienkhai.reporting.models import Period

    kind = kind_of(kind_key)
    if kind.of_object:
        return _parse_object(kind, plan=plan, case=case, user=user)
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


def _parse_object(kind, *, plan, case, user) -> dict:
    """The plan or the case a kind of oversight document is made from, as the user may
    see it; a conclusion notice not yet issued only for those who may read its drafts
    (the team and its body)."""
    from trienkhai.accounts.access import (
        get_case_for_user,
        get_oversight_plan_for_user,
        may_see_drafts,
    )
    from trienkhai.oversight.models import Case, Plan

    if "plan" in kind.needs:
        message = _("Không tìm thấy kế hoạch kiểm tra, giám sát này.")
        if not plan or not _looks_like_uid(plan):
            raise ValidationError({"plan": message})
        try:
            if user is None:
                found = Plan.objects.select_related("body", "document").get(uid=plan)
            else:
                found, _may = get_oversight_plan_for_user(user, plan)
        except (Http404, Plan.DoesNotExist):
            raise ValidationError({"plan": message}) from None
        return {"plan": found}
    message = _("Không tìm thấy cuộc kiểm tra, giám sát này.")
    if not case or not _looks_like_uid(case):
        raise ValidationError({"case": message})
    try:
        if user is None:
            found = Case.objects.select_related(
                "subject", "team__plan__body", "team__plan__document", "conclusion"
            ).get(uid=case)
        else:
            found, _may = get_case_for_user(user, case)
    except (Http404, Case.DoesNotExist):
        raise ValidationError({"case": message}) from None
    if user is not None and not found.concluded and not may_see_drafts(user, found):
        raise ValidationError(
            {
                "case": _(
                    "Thông báo kết luận chưa ban hành; chỉ đoàn và cơ quan lập đoàn xem được "
                    "dự thảo."
                )
            }
        )
    return {"case": found}


def _looks_like_uid(text):
    import uuid

    try:
        uuid.UUID(str(text))
    except ValueError:
        return False
    return True
