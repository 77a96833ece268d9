"""Vietnamese formatting filters, independent of the active language's separators."""

from django import template

from trienkhai.lib.vnformat import format_date, format_number, format_official_date

register = template.Library()


@register.filter
def vn_number(value, decimals=None):
    if value is None or value == "":
        return "—"
    return format_number(value, decimals)


@register.filter
def vn_date(value):
    return format_date(value) if value else "—"


@register.filter
def official_date(value, place=None):
    return format_official_date(value, place) if value else ""
