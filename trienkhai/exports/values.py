"""How a table cell is written in a report, the same in Word and PDF: Vietnamese number
formats (32.637; 98,5 %), dashes for what is not known."""

from decimal import Decimal

from trienkhai.lib.vnformat import format_number, format_percent


def cell_text(value, kind, decimals=None) -> str:
    if value is None or value == "":
        return "—" if kind != "text" else ""
    if kind == "text":
        return str(value)
    if kind == "percent":
        return format_percent(Decimal(value), 1 if decimals is None else decimals)
    if isinstance(value, int) or kind == "count":
        return format_number(value, 0)
    value = Decimal(value)
    if decimals is None:
        value = value.normalize()
        decimals = max(-value.as_tuple().exponent, 0)
    return format_number(value, decimals)
