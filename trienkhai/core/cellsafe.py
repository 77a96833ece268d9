"""Text written to a spreadsheet stays text: the one place where Excel and CSV writers
neutralise values that a spreadsheet would run as a formula (a unit named
"=HYPERLINK(…)", a task title starting with "+", "-" or "@").

In an .xlsx file only a cell of formula type runs, and openpyxl gives that type to any
text starting with "="; such text is stored as a string cell instead, unchanged. A CSV
file has no types, so text starting with a formula character gets a leading apostrophe,
which Excel and LibreOffice show as text (the OWASP advice); numbers such as "-12,5"
are left alone. The unit importer removes that apostrophe again, so an exported list
imports back as it was."""

import re

from openpyxl.cell.cell import Cell

FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_NUMBER = re.compile(r"[+-]?\d[\d.,]*%?\Z")


def csv_value(value):
    """The value for a CSV cell: text that a spreadsheet would run is quoted."""
    if isinstance(value, str) and value.startswith(FORMULA_START) and not _NUMBER.match(value):
        return "'" + value
    return value


def csv_row(values):
    return [csv_value(v) for v in values]


def csv_unquote(text):
    """Text read back from a CSV cell written by `csv_value`."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text


def xlsx_value(sheet, value):
    """The value (or cell) for `sheet.append`: text starting with "=" as a string cell."""
    if isinstance(value, str) and value.startswith("="):
        cell = Cell(sheet, row=1, column=1, value=value)  # placed by append
        cell.data_type = "s"
        return cell
    return value


def xlsx_row(sheet, values):
    return [xlsx_value(sheet, v) for v in values]
