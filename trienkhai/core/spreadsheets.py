"""Reading office spreadsheets (XLSX): cells as clean text, errors in Vietnamese."""

import io
import zipfile

from django.utils.translation import gettext as _

from trienkhai.core.officefiles import FileRefused, check_xlsx, damaged
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
    if upload.size > MAX_BYTES:
        raise ValueError(_("Tệp quá lớn (tối đa 5 MB)."))
    return read_workbook(upload.read())


_DAMAGED = (
    zipfile.BadZipFile,
    KeyError,
    IndexError,
    TypeError,
    AttributeError,
    ValueError,
    SyntaxError,  # xml.etree and lxml parse errors
    OSError,
    EOFError,
)


def read_workbook(data: bytes):
    """The workbook of these bytes once `officefiles.check_xlsx` has found them within
    the limits; each sheet's size is then what its cells occupy, not what it declares."""
    from openpyxl import load_workbook

    check_xlsx(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        for sheet in workbook.worksheets:
            if hasattr(sheet, "reset_dimensions"):
                sheet.reset_dimensions()
    except _DAMAGED:
        raise damaged("xlsx") from None
    return workbook


def sheet_rows(sheet):
    """The rows of a sheet as values; a part openpyxl cannot read is a ValueError with the
    user's message, as any damaged file."""
    try:
        yield from sheet.iter_rows(values_only=True)
    except _DAMAGED as exc:
        if isinstance(exc, FileRefused):
            raise
        raise damaged("xlsx") from None


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
    rows = list(sheet_rows(sheet))
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
