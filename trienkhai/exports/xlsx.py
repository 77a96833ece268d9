"""A report's tables as a spreadsheet: one sheet per table, Vietnamese headers, numbers
stored as numbers with their format (Excel shows 32.637 and 98,5% on a Vietnamese
Windows), the report's heading above each table."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from trienkhai.core.cellsafe import xlsx_row
from trienkhai.exports.document import Report

HEADER_FILL = PatternFill("solid", fgColor="DDE6F0")


def sheet_title(title, used):
    base = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31].strip() or "Bảng"
    name, n = base, 2
    while name in used:  # Excel's limit is 31 characters a sheet name
        name, n = f"{base[:26]} ({n})", n + 1
    used.add(name)
    return name


def _number_format(value, kind, decimals):
    if kind == "percent":
        return (
            "0.0%" if decimals is None else ("0%" if decimals == 0 else "0." + "0" * decimals + "%")
        )
    if kind == "count" or isinstance(value, int):
        return "#,##0"
    if decimals is None:
        exp = -Decimal(value).normalize().as_tuple().exponent
        decimals = max(exp, 0)
    return "#,##0" if decimals == 0 else "#,##0." + "0" * decimals


def render(report: Report) -> bytes:
    h = report.heading
    return workbook(report.tables(), f"{h.issuer} — {h.kind_name} {h.summary}")


def workbook(tables, caption: str) -> bytes:
    """The tables as one workbook, a sheet each, `caption` above each table."""
    book = Workbook()
    book.remove(book.active)
    used = set()
    for table in tables:
        sheet = book.create_sheet(sheet_title(table.title, used))
        sheet.append([caption])
        sheet["A1"].font = Font(bold=True)
        sheet.append([table.title])
        sheet.append([])
        sheet.append([str(header) for header, _kind in table.columns])
        for cell in sheet[4]:
            cell.font = Font(bold=True)
            cell.fill = HEADER_FILL
            cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
        for values in table.rows:
            row = []
            for value in values:
                if isinstance(value, Decimal):
                    value = float(value)
                elif value is not None and not isinstance(value, int | float):
                    value = str(value)
                row.append(value)
            sheet.append(xlsx_row(sheet, row))
            r = sheet.max_row
            for i, (value, (_header, kind)) in enumerate(zip(values, table.columns, strict=True)):
                if value is None or kind == "text":
                    continue
                cell = sheet.cell(row=r, column=i + 1)
                decimals = table.decimals[i] if i < len(table.decimals) else None
                if kind == "percent":
                    cell.value = float(Decimal(value) / 100)
                cell.number_format = _number_format(value, kind, decimals)
        if table.note:
            sheet.append([])
            sheet.append([table.note])
        for i, (_header, kind) in enumerate(table.columns, 1):
            sheet.column_dimensions[get_column_letter(i)].width = 48 if kind == "text" else 14
        sheet.freeze_panes = "A5"
    if not tables:
        sheet = book.create_sheet("Báo cáo")
        sheet.append([caption])
        sheet.append(["Không có bảng số liệu."])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()
