"""Reading office spreadsheets (XLSX): cells as clean text, errors in Vietnamese."""

import io
import zipfile

from django.utils.translation import gettext as _

from trienkhai.lib.vntext import nfc, search_key

MAX_BYTES = 5 * 1024 * 1024


def cell_text(value):
    """A cell as the office user typed it: dates as dd/mm/yyyy, 12.0 as 12, NFC text."""
    if value is None:
        return ""
    if hasattr(value, "strftime"):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return nfc(str(value)).strip()


def open_workbook(upload):
    """An openpyxl workbook, or ValueError with a message for the user."""
    from openpyxl import load_workbook

    if upload.size > MAX_BYTES:
        raise ValueError(_("Tệp quá lớn (tối đa 5 MB)."))
    data = upload.read()
    try:
        return load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, ValueError, OSError):
        raise ValueError(
            _("Không đọc được tệp Excel: tệp hỏng hoặc không phải định dạng .xlsx.")
        ) from None


def find_sheet(workbook, title):
    """The sheet whose title matches without diacritics, or None."""
    wanted = search_key(title)
    for sheet in workbook.worksheets:
        if search_key(sheet.title) == wanted:
            return sheet
    return None


def sheet_records(sheet, columns):
    """[(row number, {key: text})] for the non-empty rows under a header row whose cells
    match the column titles (without diacritics); also the list of missing titles."""
    rows = list(sheet.iter_rows(values_only=True))
    if not rows:
        return [], [str(t) for _k, t in columns]
    header = [search_key(cell_text(c)) for c in rows[0]]
    index = {}
    for key, title in columns:
        if search_key(str(title)) in header:
            index[key] = header.index(search_key(str(title)))
    missing = [str(t) for k, t in columns if k not in index]
    records = []
    for number, row in enumerate(rows[1:], start=2):
        values = {k: cell_text(row[i]) if i < len(row) else "" for k, i in index.items()}
        if any(values.values()):
            records.append((number, values))
    return records, missing
