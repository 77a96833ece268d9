from django import template

from trienkhai.exports.document import Chart, Section, Table
from trienkhai.exports.values import cell_text

register = template.Library()


@register.filter
def part_kind(part):
    if isinstance(part, Section):
        return "section"
    if isinstance(part, Table):
        return "table"
    if isinstance(part, Chart):
        return "chart"
    return "text"


@register.filter
def table_cells(table: Table):
    """Each row as (text, column kind) pairs, written as in the Word file."""
    out = []
    for values in table.rows:
        out.append(
            [
                (cell_text(v, kind, table.decimals[i] if i < len(table.decimals) else None), kind)
                for i, (v, (_h, kind)) in enumerate(zip(values, table.columns, strict=True))
            ]
        )
    return out
