"""Parsing shared by the oversight endpoints: the JSON body, units by code, objects by
uid, and the number-symbol and date of a document an act issues (and whether a retry
names the one already registered)."""

from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.exceptions import ValidationError

from trienkhai.lib.citations import parse_symbol
from trienkhai.orgs.models import OrgUnit


def parse(serializer_class, request):
    if not isinstance(request.data, dict):
        raise ValidationError({"non_field_errors": [_("Nội dung phải là một đối tượng JSON.")]})
    data = serializer_class(data=request.data)
    data.is_valid(raise_exception=True)
    return data.validated_data


def units(user, codes, field):
    """Visible units by code, in the order sent; an unknown or invisible code is a 400
    on `field` (an invisible unit looks like one that does not exist)."""
    codes = [str(c).strip().upper() for c in codes]
    found = {u.code: u for u in OrgUnit.objects.for_user(user).filter(code__in=codes)}
    missing = [c for c in codes if c not in found]
    if missing:
        message = _("Không tìm thấy đơn vị có mã “%(code)s”.") % {"code": ", ".join(missing)}
        raise ValidationError({field: [message]})
    return [found[c] for c in codes]


def unit(user, code, field):
    return units(user, [code], field)[0] if code else None


def by_uids(queryset, uids, field, message):
    wanted = {str(u) for u in uids}
    found = list(queryset.filter(uid__in=wanted))
    if len(found) != len(wanted):
        raise ValidationError({field: [message]})
    return found


def same_document(document, data) -> bool:
    """Is `document` the one this body would register (a retried issue)?"""
    parsed = parse_symbol(data.get("symbol") or "")
    return (
        document is not None
        and parsed is not None
        and parsed.symbol == document.symbol
        and data.get("issue_date") == document.issue_date
    )


class IssueInput(serializers.Serializer):
    symbol = serializers.CharField(required=False, allow_blank=True, default="")
    issue_date = serializers.DateField(required=False, allow_null=True, default=None)
