"""Vietnamese formatting filters, independent of the active language's separators."""

from django import template
from django.utils.html import format_html

from trienkhai.core.attachments import max_upload
from trienkhai.core.fields import plain
from trienkhai.lib.vnformat import format_date, format_number, format_official_date, format_size
from trienkhai.orgs.scope import scope_for

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    """A number the Vietnamese way; without `decimals`, the digits the value has, not
    the zeros its column pads it with (a 4-place column's 40.0000 shows as 40)."""
    if value is None or value == "":
        return "—"
    return format_number(value, decimals, trim=True)


@register.filter
def vn_date(value):
    return format_date(value) if value else "—"


@register.filter
def official_date(value, place=None):
    return format_official_date(value, place) if value else ""


@register.filter
def seen_by(unit, user):
    """`{% if unit|seen_by:user %}`: draw a link to a unit's pages only where they open."""
    return unit is not None and scope_for(user).sees(unit.path)


@register.simple_tag(takes_context=True)
def unit_link(context, unit, label=None):
    """A unit's name, linked where its page opens for the user (its scope, or a unit
    above it: the read-only summary), plain text elsewhere."""
    if unit is None:
        return "—"
    text = label or unit.name
    user = context.get("user")
    if user is not None and scope_for(user).sees_or_above(unit.path):
        return format_html('<a href="{}">{}</a>', unit.get_absolute_url(), text)
    return text


@register.filter
def vn_input(value):
    """A stored number as it goes back into a text input, the Vietnamese way ("80,5")."""
    return plain(value)


@register.simple_tag
def max_upload_size():
    return format_size(max_upload())
